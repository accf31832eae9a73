#!/usr/bin/env bash
# Reports that scale (issue 13 §2, §4), end to end on a generated tree with
# many findings, docs, binaries, a CODEOWNERS file and a credential:
#   the text summary comes first and fits 40 lines; findings by urgency with
#   their line (secrets masked); docs and skipped files counted, listed on
#   request; every filter flag in every format; --format jsonl; SARIF with
#   judged findings only (--sarif-all: all) and suppressions; GitHub
#   annotations without skipped files, ::error only for --fail-on; scan
#   --fail-on exit codes; deny policies in scan; check honours the filters;
#   results on stdout, diagnostics on stderr.
#   reports.sh MODELSHIFT
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1" >&2; fail=1; }
ms() { "$bin" "$@" --as-of 2026-11-25 --color never; }
py() { python3 - "$@"; }

# The tree: 24 services calling retired, deprecated and active models, 40
# docs pages, 15 binaries, one suppressed call, a .env with a key.
t=$tmp/big
mkdir -p "$t/docs" "$t/assets" "$t/.github"
for i in $(seq -w 1 24); do
  mkdir -p "$t/services/svc$i"
  cat >"$t/services/svc$i/app.py" <<EOF
from openai import OpenAI
client = OpenAI()
MODEL = "gpt-4o"

def answer(q):
    return client.chat.completions.create(model="gpt-5.2", messages=[{"role": "user", "content": q}])

VISION = "gpt-4-vision-preview"
EOF
done
# 14 more retired or deprecated models, one a file: more than the summary's
# 10 rows of models to migrate.
mkdir -p "$t/legacy"
n=0
for m in claude-3-opus-20240229 claude-3-5-sonnet-20240620 gemini-2.0-flash text-davinci-003 gpt-3.5-turbo-0613 \
  mistral-large-2411 claude-sonnet-4-20250514 claude-opus-4-1-20250805 gpt-5.2-pro gpt-5.2-nano o3-2025-04-16 \
  gpt-4o-mini-2024-07-18 claude-sonnet-4-5-20250929 gemini-2.5-flash-lite; do
  n=$((n + 1))
  printf 'MODEL = "%s"\n' "$m" >"$t/legacy/m$n.py"
done
mkdir -p "$t/tools"
printf 'HAIKU = "claude-3-haiku-20240307"\nOTHER = "claude-3-haiku-20240307"  # modelshift: ignore[claude-3-haiku-20240307] migrating in Q1\n' >"$t/tools/legacy.py"
printf 'OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz012345 # gpt-4o\nOPENAI_MODEL=gpt-4.1\n' >"$t/tools/.env"
printf 'NAME = "gpt-4o"  \x1b[2J\x1b]0;pwned\x07\n' >"$t/tools/escape.py"
for i in $(seq -w 1 40); do
  printf '# Page %s\n\nWe used gpt-4o and gpt-5.2 here; see the guide.\n' "$i" >"$t/docs/page$i.md"
done
for i in $(seq -w 1 15); do printf 'PNG\0\0\0gpt-4o' >"$t/assets/img$i.png"; done
printf 'services/ @acme/backend\ntools/ @acme/platform\n' >"$t/.github/CODEOWNERS"

# 1. Text: the summary first, within 40 lines, then findings by urgency.
ms scan "$t" >"$tmp/text" 2>"$tmp/text.err" || bad "scan text exited $?"
# (No `producer | grep -q` below: with pipefail, grep -q quitting early can
# kill the producer with SIGPIPE and fail a check that holds.)
first_finding=$(awk '/^  [^ ].*:[0-9]+:[0-9]+  /{print NR; exit}' "$tmp/text")
summary_line=$(awk '/^Summary/{print NR; exit}' "$tmp/text")
[ "$summary_line" = 1 ] && ok "summary opens the report" || bad "summary at line ${summary_line:-none}"
[ -n "$first_finding" ] && [ "$first_finding" -le 40 ] && ok "first finding at line $first_finding (<= 40)" ||
  bad "first finding at line ${first_finding:-none}: $(head -45 "$tmp/text")"
awk -v n="${first_finding:-0}" 'NR <= n' "$tmp/text" >"$tmp/summary"
grep -q '^    gpt-4-vision-preview  *retired (shut down 2024-12-06)  -> gpt-4o  24 in 24 files$' "$tmp/summary" &&
  ok "models to migrate, with replacement" || bad "models to migrate: $(head -20 "$tmp/text")"
grep -q '^    +7 more models, 94 findings (--status deprecated,retired lists them)$' "$tmp/text" && ok "models to migrate: 10 rows, then a count" ||
  bad "no +7 more: $(head -20 "$tmp/text")"
grep -q '^  needs action: 34 retired, 93 deprecated, 0 denied (127 findings in 79 files)$' "$tmp/text" && ok "needs-action counts" ||
  bad "needs action: $(grep 'needs action' "$tmp/text")"
grep -q '^  by directory: services/ 96 (72 need action), docs/ 80 (40 need action), legacy/ 14 (14 need action), tools/ 5 (1 need action)$' "$tmp/text" && ok "by directory" || bad "by directory: $(grep 'by directory' "$tmp/text")"
grep -q '^  by owner: @acme/backend 96 (72 need action), (no owner) 94 (54 need action), @acme/platform 5 (1 need action)$' "$tmp/text" && ok "by owner (CODEOWNERS)" ||
  bad "by owner: $(grep 'by owner' "$tmp/text")"
grep -q '^  top files: ' "$tmp/text" && ok "top files" || bad "no top files"
grep -q '^  docs: 80 findings in 40 files (40 need action) counted, not listed' "$tmp/text" && ok "docs counted" ||
  bad "docs line: $(grep '^  docs' "$tmp/text")"
grep -q '^docs/' "$tmp/text" && bad "docs listed by default" || ok "docs not listed"
grep -q '^  skipped: 15 files (binary 15); --verbose lists them$' "$tmp/text" && ok "skipped: one counted line" ||
  bad "skipped line: $(grep skipped "$tmp/text")"
grep -q 'assets/img' "$tmp/text" && bad "skipped files listed without --verbose" || ok "skipped files not listed"
# Groups in urgency order, each group sorted by path.
grep -n '^\(Retired models\|Deprecated models\|Denied by policy\|Inventory\|Suppressed\) (' "$tmp/text" | cut -d: -f2 |
  sed 's/ (.*//' | tr '\n' ',' >"$tmp/groups"
[ "$(cat "$tmp/groups")" = "Retired models,Deprecated models,Inventory,Suppressed," ] && ok "groups by urgency" ||
  bad "groups: $(cat "$tmp/groups")"
grep -A3 '^services/svc01/app.py$' "$tmp/text" >"$tmp/svc01"
grep -q '^       8 | VISION = "gpt-4-vision-preview"$' "$tmp/svc01" &&
  grep -q '^         |           \^\^\^\^\^\^\^\^\^\^\^\^\^\^\^\^\^\^\^\^$' "$tmp/svc01" &&
  ok "offending line with gutter and carets" || bad "line display: $(cat "$tmp/svc01")"
grep -q 'tools/legacy.py:2:.*suppressed: migrating in Q1' "$tmp/text" && ok "suppressed finding marked" ||
  bad "suppressed mark: $(grep legacy "$tmp/text")"
grep -q 'sk-proj' "$tmp/text" && bad "a secret was printed" || ok "secret never printed"
grep -q '^       1 | \[line hidden: it looks like it holds a secret\]$' "$tmp/text" && ok "secret line masked" ||
  bad "no masked line: $(grep -A2 '^tools/.env' "$tmp/text")"
grep -q $'\x1b' "$tmp/text" && bad "escape sequence from a scanned file reached the terminal" || ok "escapes defused"
mkdir -p "$tmp/mono/packages/a" "$tmp/mono/packages/b/src"
printf 'M = "gpt-5.2"\n' >"$tmp/mono/packages/a/x.py"
printf 'M = "gpt-4o"\n' >"$tmp/mono/packages/b/src/y.py"
ms scan "$tmp/mono" >"$tmp/mono.txt"
grep -q '^  by directory: packages/a/ 1 (1 need action), packages/b/ 1$' "$tmp/mono.txt" &&
  ok "by directory splits below a shared top directory" || bad "mono: $(grep 'by directory' "$tmp/mono.txt")"
ms scan --verbose "$t" >"$tmp/verbose"
grep -q '^  assets/img01.png: binary$' "$tmp/verbose" && grep -q '^docs/page01.md$' "$tmp/verbose" &&
  ok "--verbose lists skipped files and docs" || bad "--verbose: $(tail -5 "$tmp/verbose")"
ms scan --context docs "$t" >"$tmp/docs"
grep -q '^docs/page01.md$' "$tmp/docs" && ! grep -q '^services/' "$tmp/docs" && ok "--context docs lists docs only" ||
  bad "--context docs: $(head -30 "$tmp/docs")"

# 2. JSON Lines: the JSON report's findings, one a line, nothing else.
ms scan --format json "$t" >"$tmp/all.json"
ms scan --format jsonl "$t" >"$tmp/all.jsonl" 2>"$tmp/jsonl.err"
py "$tmp/all.json" "$tmp/all.jsonl" <<'PY' && ok "jsonl = JSON findings" || bad "jsonl differs from JSON findings"
import json, sys
want = json.load(open(sys.argv[1]))["findings"]
lines = open(sys.argv[2]).read().split("\n")
assert lines[-1] == "", "no final newline"
got = [json.loads(l) for l in lines[:-1]]
assert got == want, (len(got), len(want))
PY
schema=$(cd "$(dirname "$0")/../../docs/schema" && pwd)/inventory.schema.json
py "$schema" "$tmp/all.jsonl" <<'PY' && ok "each jsonl line is a finding of the inventory schema" || bad "jsonl lines fail the schema"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
finding = {"$schema": schema["$schema"], "$defs": schema["$defs"], **schema["properties"]["findings"]["items"]}
validator = jsonschema.validators.validator_for(schema)(finding)
for line in open(sys.argv[2]):
    validator.validate(json.loads(line))
PY

# 3. Filters, in JSON Lines, against the full JSON report.
check_filter() {  # check_filter PYTHON-PREDICATE FLAGS...
  local pred=$1
  shift
  ms scan --format jsonl "$@" "$t" >"$tmp/f.jsonl" || { bad "scan $* exited $?"; return; }
  py "$tmp/all.json" "$tmp/f.jsonl" "$pred" <<'PY' && ok "filter $*" || bad "filter $*"
import fnmatch, json, sys
keep = eval("lambda f: " + sys.argv[3])
want = [f for f in json.load(open(sys.argv[1]))["findings"] if keep(f)]
got = [json.loads(l) for l in open(sys.argv[2])]
assert want and got == want, (len(got), len(want))
PY
}
check_filter 'f.get("status") in ("retired", "deprecated")' --status deprecated,retired
check_filter 'f.get("canonical") == "gpt-4o"' --model gpt-4o
check_filter 'fnmatch.fnmatch(f.get("canonical") or "", "claude-*")' --model 'claude-*'
check_filter 'f.get("provider") == "anthropic"' --provider anthropic
check_filter 'f["kind"] == "call_site"' --kind call_site
check_filter 'f["context"] != "docs"' --context code,config
check_filter 'f["context"] == "config"' --context config
check_filter 'f["context"] == "docs" and f.get("status") == "deprecated"' --context docs --status deprecated
ms scan --format jsonl --min-risk low "$t" >"$tmp/risk.jsonl" && [ -s "$tmp/risk.jsonl" ] && ok "--min-risk runs the assess stage" ||
  bad "--min-risk low"
example=$(cd "$(dirname "$0")/../../examples/acme-assistant" && pwd)
ms scan --format json "$example" >"$tmp/example.json"
ms scan --format json --min-risk high "$example" >"$tmp/high.json"
py "$tmp/high.json" "$tmp/example.json" <<'PY' && ok "--min-risk high keeps only high usages" || bad "--min-risk high"
import json, sys
r, full = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
usages = r["usages"]
assert usages and len(r["findings"]) < len(full["findings"])
assert all(u["risk"]["level"] == "high" for u in usages)
assert len(usages) == sum(u["risk"]["level"] == "high" for u in full["usages"])
fps = {fp for u in usages for fp in u["findings"] + u.get("shared", [])}
assert {f["fingerprint"] for f in r["findings"]} <= fps
PY
if ms scan --status retird "$t" 2>"$tmp/err" >/dev/null; then bad "bad --status accepted"; else
  grep -q "did you mean 'retired'" "$tmp/err" && ok "bad --status: usage error with hint" || bad "$(cat "$tmp/err")"; fi

# 4. SARIF: judged findings only by default; everything with --sarif-all.
ms scan --format sarif "$t" >"$tmp/judged.sarif"
ms scan --format sarif --sarif-all "$t" >"$tmp/all.sarif"
py "$tmp/judged.sarif" "$tmp/all.sarif" "$tmp/all.json" <<'PY' && ok "SARIF: judged only; --sarif-all: all; suppressions" || bad "SARIF contents"
import json, sys
judged = json.load(open(sys.argv[1]))["runs"][0]["results"]
every = json.load(open(sys.argv[2]))["runs"][0]["results"]
findings = json.load(open(sys.argv[3]))["findings"]
assert {r["ruleId"] for r in judged} == {"retired-model", "deprecated-model"}, {r["ruleId"] for r in judged}
want = [f for f in findings if f.get("status") in ("retired", "deprecated") and f["kind"] != "model_catalogue"]
assert len(judged) == len(want), (len(judged), len(want))
assert len(every) == len(findings)
sup = [r for r in judged if "suppressions" in r]
assert sup and all(r["suppressions"] == [{"kind": "inSource", "justification": "migrating in Q1"}] for r in sup), sup
assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sup} == {"tools/legacy.py"}
PY

# 5. GitHub annotations: no skipped files, no notices, ::error only for --fail-on.
ms scan --format github "$t" >"$tmp/gh" && ok "github without --fail-on exits 0" || bad "github exited $?"
grep -q 'not scanned\|img01' "$tmp/gh" && bad "github lists skipped files" || ok "github: no skipped lines"
grep -q '^::notice\|^::error' "$tmp/gh" && bad "github: notices or errors without --fail-on" || ok "github: warnings only"
[ "$(grep -c '^::warning file=' "$tmp/gh")" = 127 ] && ok "github: 127 judged, unsuppressed annotations" ||
  bad "github: $(grep -c '^::warning file=' "$tmp/gh") warnings"
set +e
ms scan --format github --fail-on retired "$t" >"$tmp/gh.fail" 2>"$tmp/gh.err"
rc=$?
set -e
[ "$rc" = 1 ] && ok "github --fail-on retired exits 1" || bad "github --fail-on exited $rc"
[ "$(grep -c '^::error file=' "$tmp/gh.fail")" = 34 ] && ok "::error for each failing finding" ||
  bad "::error count $(grep -c '^::error file=' "$tmp/gh.fail")"
grep -q '^modelshift: error: 34 findings match --fail-on$' "$tmp/gh.err" && ok "fail-on count on stderr" || bad "$(cat "$tmp/gh.err")"

# 6. scan --fail-on exit codes (report written either way).
expect_rc() {  # expect_rc CODE ARGS...
  local want=$1 rc=0
  shift
  ms scan "$@" "$t" >"$tmp/rc.out" 2>"$tmp/rc.err" || rc=$?
  [ "$rc" = "$want" ] && ok "scan $* -> $rc" || bad "scan $* exited $rc, want $want: $(cat "$tmp/rc.err")"
}
expect_rc 1 --fail-on deprecated --format json
expect_rc 0 --fail-on deprecated --context config   # the .env models are active
expect_rc 0 --fail-on unknown
expect_rc 1 --fail-on low
expect_rc 2 --fail-on sometimes
expect_rc 0 --fail-on retired --model gpt-4o
[ -s "$tmp/rc.out" ] && ok "report still written" || bad "no report with --fail-on"

# 7. Deny policies judge scan too: text group, SARIF rule, --fail-on denied.
printf 'policies:\n  deny:\n    - {model: "gpt-4o*", message: "use gpt-4.1"}\n' >"$t/.modelshift.yaml"
ms scan "$t" >"$tmp/deny.txt"
grep -q '^Denied by policy (' "$tmp/deny.txt" && grep -q 'denied by policy .gpt-4o\*.: use gpt-4.1' "$tmp/deny.txt" &&
  ok "denied group in text" || bad "deny text: $(grep -i denied "$tmp/deny.txt" | head -3)"
ms scan --format sarif "$t" >"$tmp/deny.sarif"
grep -q '"ruleId": "denied-model"' "$tmp/deny.sarif" && ok "denied-model in SARIF" || bad "no denied-model result"
expect_rc 1 --fail-on denied
rm "$t/.modelshift.yaml"

# 8. check honours the same filters.
mkdir -p "$tmp/gate"
printf 'A = "gpt-4-vision-preview"\nB = "gpt-5.2"\n' >"$tmp/gate/x.py"
(cd "$tmp/gate" && "$bin" check --as-of 2026-11-25 x.py >"$tmp/check.all" 2>/dev/null) || true
(cd "$tmp/gate" && "$bin" check --as-of 2026-11-25 --status deprecated x.py >"$tmp/check.dep" 2>/dev/null) || true
[ "$(wc -l <"$tmp/check.all")" = 2 ] && [ "$(wc -l <"$tmp/check.dep")" = 1 ] && grep -q 'x.py:2:' "$tmp/check.dep" &&
  ok "check --status" || bad "check filters: $(cat "$tmp/check.all" "$tmp/check.dep")"

if (cd "$tmp/gate" && "$bin" baseline --status retired . 2>"$tmp/err"); then  # in $tmp: a regression must not write a baseline elsewhere bad "baseline took a report filter"; else
  grep -q 'options of scan and check' "$tmp/err" && ok "baseline refuses report filters" || bad "$(cat "$tmp/err")"; fi
if (cd "$tmp/gate" && "$bin" check --fail-on retired x.py 2>"$tmp/err"); then bad "check took --fail-on"; else
  grep -q 'scan options' "$tmp/err" && ok "check refuses --fail-on" || bad "$(cat "$tmp/err")"; fi

# 9. Results on stdout, diagnostics on stderr: a broken file warns on
#    stderr and every stdout line of jsonl is still a finding.
printf 'model: [gpt-4o\n' >"$t/broken.yaml"
ms scan --format jsonl "$t" >"$tmp/w.jsonl" 2>"$tmp/w.err" || true
py "$tmp/w.jsonl" <<'PY' && ok "jsonl stdout holds findings only" || bad "jsonl stdout polluted"
import json, sys
for line in open(sys.argv[1]):
    assert "kind" in json.loads(line)
PY
ms scan "$t" >"$tmp/w.txt" 2>"$tmp/w.txt.err" || true
grep -q '^modelshift: warning: broken.yaml' "$tmp/w.txt.err" && ! grep -q '^modelshift: ' "$tmp/w.txt" &&
  ok "warnings on stderr, report on stdout" || bad "stderr: $(cat "$tmp/w.txt.err")"
exit $fail
