#!/usr/bin/env bash
# plan, runbook, runbook --kit and init end to end, all --as-of 2026-11-25:
#   (1) golden: plan and runbook of the example equal the reviewed files in
#       tests/golden/ (regenerate, then review the diff, with
#       MODELSHIFT_UPDATE_GOLDEN=1 ctest --test-dir build -R e2e.plan);
#   (2) plan invariants (plan_check.py plan), same bytes at -j 1/2/8 and
#       across runs, no absolute path, no timestamp;
#   (3) the kit (plan_check.py kit) and runbook dates from --start;
#   (4) bad input in scratch trees: config errors located (exit 2), a broken
#       CODEOWNERS line warned, unowned usages, unknown targets, init;
#   (5) scan --format json: every finding in exactly one usage.
# Broken copies of the outputs must fail plan_check.py, so its checks can fail.
#   plan.sh MODELSHIFT EXAMPLE_TREE GOLDEN_DIR RULES_DIR
set -euo pipefail
bin=$1 example=$2 golden=$3 rules=$4
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
here=$(cd "$(dirname "$0")" && pwd)
source "$here/schema_python.sh"
check() { "$py" "$here/plan_check.py" "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
day=(--as-of 2026-11-25)
die() { echo "plan.sh: $*" >&2; exit 1; }

# ---- (1) golden plan and runbook
"$bin" plan "${day[@]}" "$example" >"$tmp/plan.yaml" 2>"$tmp/plan.err"
"$bin" runbook "${day[@]}" "$example" >"$tmp/runbook.yaml" 2>/dev/null
if [ "${MODELSHIFT_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$tmp/plan.yaml" "$golden/acme-assistant.plan.yaml"
  cp "$tmp/runbook.yaml" "$golden/acme-assistant.runbook.yaml"
  echo "updated $golden/acme-assistant.{plan,runbook}.yaml"
fi
for kind in plan runbook; do
  diff -u "$golden/acme-assistant.$kind.yaml" "$tmp/$kind.yaml" ||
    die "golden $kind mismatch: review the diff above; regenerate with MODELSHIFT_UPDATE_GOLDEN=1"
done

# ---- (2) invariants, determinism, no absolute path or timestamp
"$bin" scan --format json "${day[@]}" "$example" >"$tmp/inventory.json" 2>/dev/null
check plan "$tmp/plan.yaml" "$tmp/inventory.json" "$rules"
for j in 1 2 8; do
  "$bin" plan "${day[@]}" -j "$j" "$example" 2>/dev/null | cmp - "$tmp/plan.yaml" || die "plan differs at -j $j"
done
(cd "$example/.." && "$bin" plan "${day[@]}" "$(basename "$example")") 2>/dev/null | cmp - "$tmp/plan.yaml" ||
  die "plan differs with a relative tree path"
abs=$(cd "$example" && pwd)
for f in "$tmp/plan.yaml" "$tmp/runbook.yaml"; do
  ! grep -nF "$abs" "$f" || die "absolute path in $f"
  ! grep -nE '(^|[^A-Za-z0-9_.-])/(work|tmp|home|root|usr)/' "$f" || die "absolute path in $f"
  ! grep -nE '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}' "$f" || die "timestamp in $f"
done
# The checks must be able to fail: a planned location dropped, an id
# duplicated, a score that is not the sum of its reasons, a lost rename.
"$py" - "$tmp/plan.yaml" "$tmp/broken" <<'PY'
import copy, os, sys, yaml
plan = yaml.safe_load(open(sys.argv[1]))
os.makedirs(sys.argv[2])
def triage(p):
    return next(u for u in p["usages"] if u["locations"][0]["at"].startswith("services/support/triage.py"))
def write(name, p):
    yaml.safe_dump(p, open(os.path.join(sys.argv[2], name + ".yaml"), "w"))
p = copy.deepcopy(plan); p["usages"].pop(0); p["totals"]["usages"] -= 1; write("dropped", p)
p = copy.deepcopy(plan); p["usages"][1]["id"] = p["usages"][0]["id"]; write("duplicate", p)
p = copy.deepcopy(plan); triage(p)["risk"]["score"] += 1; write("score", p)
p = copy.deepcopy(plan); t = triage(p)
t["required_changes"] = [c for c in t["required_changes"] if c["action"] != "rename_parameter"]; write("rename", p)
p = copy.deepcopy(plan); triage(p)["target"] = {"model": "unknown", "source": "unknown"}; write("target", p)
p = copy.deepcopy(plan); triage(p)["phase"] = "early"; write("phase", p)
PY
for broken in "$tmp"/broken/*.yaml; do
  if check plan "$broken" "$tmp/inventory.json" "$rules" 2>"$tmp/err"; then die "plan_check accepted $(basename "$broken")"; fi
  grep -q '^plan_check: ' "$tmp/err" || { cat "$tmp/err" >&2; die "plan_check crashed on $(basename "$broken")"; }
done

# ---- (5) every finding of the inventory in exactly one usage
check inventory "$tmp/inventory.json"
"$py" -c 'import json,sys; j=json.load(open(sys.argv[1])); j["usages"][1]["findings"]+=j["usages"][0]["findings"]; json.dump(j,open(sys.argv[2],"w"))' \
  "$tmp/inventory.json" "$tmp/broken/inventory.json"
if check inventory "$tmp/broken/inventory.json" 2>/dev/null; then die "plan_check accepted a finding in two usages"; fi

# ---- (3) the kit, and runbook dates from --start
kit=$tmp/kit
"$bin" runbook "${day[@]}" --start 2027-01-04 --kit "$kit" "$example" >"$tmp/runbook-start.yaml" 2>/dev/null
check kit "$kit" "$tmp/plan.yaml" "$tmp/inventory.json"
check runbook "$tmp/runbook-start.yaml" "$rules" 2027-01-04
cmp "$kit/runbook.yaml" "$tmp/runbook-start.yaml" || die "kit runbook.yaml differs from the printed runbook"
cmp "$kit/plan.yaml" "$tmp/plan.yaml" || die "kit plan.yaml differs from plan"
if check runbook "$tmp/runbook-start.yaml" "$rules" 2027-01-05 2>/dev/null; then die "runbook dates accepted for another start"; fi
cp -r "$kit" "$tmp/kit-lf"
"$py" -c 'import sys; p=sys.argv[1]; open(p,"wb").write(open(p,"rb").read().replace(b"\r\n", b"\n"))' "$tmp/kit-lf/prompt_tests.csv"
if check kit "$tmp/kit-lf" "$tmp/plan.yaml" "$tmp/inventory.json" 2>/dev/null; then die "plan_check accepted LF line ends"; fi

# ---- (4) bad input in scratch trees
s=$tmp/scratch
mkdir -p "$s/app" "$s/.github"
cat >"$s/app/chat.py" <<'PY'
from openai import OpenAI

client = OpenAI()
LEGACY = "gemini-1.5-pro-002"


def ask(q):
    return client.chat.completions.create(model="gpt-5.2", messages=[{"role": "user", "content": q}], max_tokens=50)
PY
expect_error() {  # expect_error NAME PATTERN [args...]: exit 2 and a located error
  local name=$1 pattern=$2 rc=0
  shift 2
  "$bin" plan "${day[@]}" "$@" "$s" >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" = 2 ] || { cat "$tmp/err" >&2; die "$name: exit $rc, expected 2"; }
  grep -qE "^modelshift: error: .*$pattern" "$tmp/err" || { cat "$tmp/err" >&2; die "$name: no message matching $pattern"; }
}
printf 'migrations: [\n  {from: gpt-5.2, to: gpt-5.5\n' >"$s/.modelshift.yaml"
expect_error "YAML syntax error" '\.modelshift\.yaml:[0-9]+:[0-9]+: '
printf 'runbook: {name: x}\nmigration:\n  - {from: gpt-5.2, to: gpt-5.5}\n' >"$s/.modelshift.yaml"
expect_error "unknown key" "\.modelshift\.yaml:2:1: unknown key 'migration' \(did you mean 'migrations'\?\)"
printf 'runbook:\n  start: 2027-13-45\n' >"$s/.modelshift.yaml"
expect_error "bad runbook.start" '\.modelshift\.yaml:2:10: runbook\.start must be a YYYY-MM-DD date'
printf 'runbook:\n  start: next monday\n' >"$s/.modelshift.yaml"
expect_error "runbook.start not a date" '\.modelshift\.yaml:2:10: runbook\.start'
rm "$s/.modelshift.yaml"

printf '* @acme/platform\n/app/ not-an-owner\n' >"$s/.github/CODEOWNERS"
"$bin" plan "${day[@]}" -o "$tmp/s-plan.yaml" "$s" 2>"$tmp/err" || die "plan failed on a broken CODEOWNERS"
grep -qE '^modelshift: warning: \.github/CODEOWNERS:2:[0-9]+: ' "$tmp/err" || { cat "$tmp/err" >&2; die "no warning naming CODEOWNERS:2"; }
"$py" - "$tmp/s-plan.yaml" <<'PY'
import sys, yaml
p = yaml.safe_load(open(sys.argv[1]))
owners = {u["owner"] for u in p["usages"]}
assert owners == {"@acme/platform"}, f"owners with a skipped CODEOWNERS line: {owners}"
t = {u["current"]["model"]: u["target"] for u in p["usages"]}
assert t["gpt-5.2"]["model"] == "gpt-5.5", t
g = t["gemini-1.5-pro-002"]
assert g["model"] == "unknown" and "gemini-1.5-pro-002" in g["reason"], g
PY
rm -r "$s/.github"
"$bin" plan "${day[@]}" -o "$tmp/s-plan.yaml" "$s" 2>/dev/null
"$py" -c 'import sys,yaml; p=yaml.safe_load(open(sys.argv[1])); o={u["owner"] for u in p["usages"]}; assert o=={"unowned"}, o' "$tmp/s-plan.yaml"

rc=0
"$bin" plan "${day[@]}" --to acme-llm-7 -o "$tmp/s-to.yaml" "$s" 2>"$tmp/err" || rc=$?
[ "$rc" = 0 ] || die "--to an unknown model: exit $rc"
grep -qE "^modelshift: warning: .*'acme-llm-7' is not in the catalog" "$tmp/err" || die "--to acme-llm-7: no warning"
"$py" -c 'import sys,yaml; p=yaml.safe_load(open(sys.argv[1])); assert {u["target"]["model"] for u in p["usages"]}=={"acme-llm-7"}' "$tmp/s-to.yaml"

# init: refuses to overwrite, --force replaces, what it writes plans back.
"$bin" init "${day[@]}" "$s" 2>/dev/null
grep -qF '{from: "gpt-5.2", to: "gpt-5.5"}' "$s/.modelshift.yaml" || die "init does not name gpt-5.2"
grep -qF 'gemini-1.5-pro-002' "$s/.modelshift.yaml" || die "init does not name gemini-1.5-pro-002"
echo 'runbook: {name: mine}' >"$s/.modelshift.yaml"
rc=0
"$bin" init "${day[@]}" "$s" 2>"$tmp/err" || rc=$?
[ "$rc" = 2 ] && grep -q 'exists; use --force' "$tmp/err" || die "init overwrote an existing .modelshift.yaml (exit $rc)"
grep -qx 'runbook: {name: mine}' "$s/.modelshift.yaml" || die "init changed the existing file"
"$bin" init "${day[@]}" --force "$s" 2>/dev/null
grep -qF 'gpt-5.2' "$s/.modelshift.yaml" || die "init --force did not replace the file"
"$bin" init "${day[@]}" -o "$tmp/init.yaml" "$example" 2>/dev/null
grep -qF '{from: "gpt-5.2", to: "gpt-5.5"}' "$tmp/init.yaml" || die "init of the example does not name gpt-5.2"
for tree in "$s" "$example"; do
  cfg=$s/.modelshift.yaml
  [ "$tree" = "$example" ] && cfg=$tmp/init.yaml
  "$bin" plan "${day[@]}" --config "$cfg" -o "$tmp/rt.yaml" "$tree" 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; die "plan --config rejects what init wrote for $tree"; }
done
echo "plan, runbook, kit and init: golden equal, invariants hold, bad input located"
