#!/usr/bin/env bash
# SARIF and GitHub annotations end to end: the example, the hostile fixture
# and a tree of hostile file names are written as SARIF and checked
#   (1) by Microsoft's SARIF multitool with GitHub's ingestion rules
#       (`validate --rule-kind Sarif;Ghas`): any error or warning fails;
#   (2) against the SARIF 2.1.0 JSON schema the multitool package ships;
# plus: same bytes at any -j, --sarif-output beside another format, no
# absolute paths, one safe workflow command per finding.
#   sarif.sh MODELSHIFT EXAMPLE_TREE HOSTILE_TREE TOOLS_DIR
set -euo pipefail
bin=$1 example=$2 hostile=$3 tools=$4
here=$(cd "$(dirname "$0")" && pwd)
mt_pkg=$tools/node_modules/@microsoft/sarif-multitool-linux
multitool=$mt_pkg/Sarif.Multitool
schema=$mt_pkg/sarif-2.1.0.json
[ -x "$multitool" ] && [ -f "$schema" ] || { echo "multitool not installed in $tools (tests/e2e/sarif_tools.sh)" >&2; exit 1; }
py=""
for cand in /usr/bin/python3 python3; do
  if "$cand" -c 'import jsonschema' 2>/dev/null; then py=$cand; break; fi
done
[ -n "$py" ] || { echo "no python3 with jsonschema: run scripts/setup.sh" >&2; exit 1; }
# .NET needs ICU unless told to do without; the validator needs no culture data.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Hostile names: commas, colons, '%', '#', spaces, a newline, non-ASCII, and
# a line whose id sits after multi-byte characters (UTF-16 columns).
odd=$tmp/odd
mkdir -p "$odd/dir, with: colon" "$odd/caf$(printf '\xc3\xa9')"
printf 'model = "gpt-4"\n' >"$odd/dir, with: colon/a%b #1.py"
printf '# \xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80 gpt-5.2\nMODEL = "gpt-4o"\n' >"$odd/caf$(printf '\xc3\xa9')/notes.py"
printf 'model: gpt-5.2\n' >"$odd/new
line::error::x.yaml"
printf 'model: claude-3-haiku-20240307\n' >"$odd/latin1-$(printf '\xe9').yaml"

run() {  # run NAME TREE [args...]: SARIF of the whole inventory at -j 1 and -j 2 must be the same bytes
  local name=$1 tree=$2
  shift 2
  "$bin" scan --format sarif --sarif-all --as-of 2026-11-25 -j 1 "$@" "$tree" >"$tmp/$name.sarif" 2>"$tmp/$name.err"
  "$bin" scan --format sarif --sarif-all --as-of 2026-11-25 -j 2 "$@" "$tree" >"$tmp/$name.j2" 2>/dev/null
  cmp "$tmp/$name.sarif" "$tmp/$name.j2" || { echo "$name: SARIF differs between -j 1 and -j 2" >&2; exit 1; }
  if grep -qF "$(cd "$tree" && pwd)" "$tmp/$name.sarif"; then echo "$name: absolute path in SARIF" >&2; exit 1; fi
}
run example "$example"
run hostile "$hostile"
run odd "$odd"

# --sarif-output beside JSON: the same SARIF, and the JSON unchanged.
"$bin" scan --format json --sarif-all --as-of 2026-11-25 --sarif-output "$tmp/side.sarif" -o "$tmp/side.json" "$example"
"$bin" scan --format json --as-of 2026-11-25 "$example" >"$tmp/plain.json"
cmp "$tmp/side.sarif" "$tmp/example.sarif"
cmp "$tmp/side.json" "$tmp/plain.json"

# Contents: levels, fingerprints, notifications, hostile URIs and columns.
"$py" "$here/sarif_check.py" "$schema" "$tmp/example.sarif" "$tmp/hostile.sarif" "$tmp/odd.sarif"

# GitHub annotations: one command per finding, every line a command or a
# modelshift log line (a newline in a file name must not start a command).
"$bin" scan --format github --sarif-all --as-of 2026-11-25 "$odd" >"$tmp/odd.gh" 2>/dev/null
findings=$("$py" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"][0]["results"]))' "$tmp/odd.sarif")
annotations=$(grep -c '^::\(error\|warning\|notice\) file=' "$tmp/odd.gh" || true)
[ "$annotations" = "$findings" ] || { echo "github: $annotations annotations for $findings findings" >&2; cat "$tmp/odd.gh" >&2; exit 1; }
if grep -v '^::\(error\|warning\|notice\) \|^modelshift: ' "$tmp/odd.gh"; then
  echo "github: lines above are not workflow commands" >&2; exit 1
fi
grep -qF 'file=new%0Aline%3A%3Aerror%3A%3Ax.yaml,' "$tmp/odd.gh" || { echo "github: newline name not escaped" >&2; cat "$tmp/odd.gh" >&2; exit 1; }

# The default SARIF holds only judged findings (no `inventory` rule), and
# exactly the example's deprecated and retired ones.
"$bin" scan --format sarif --as-of 2026-11-25 "$example" >"$tmp/judged.sarif"
"$py" - "$tmp/judged.sarif" "$tmp/example.sarif" <<'PY' || { echo "judged SARIF: wrong results" >&2; exit 1; }
import json, sys
judged, every = (json.load(open(p))["runs"][0] for p in sys.argv[1:3])
inventory = {r["id"] for r in judged["tool"]["driver"]["rules"] if "inventory" in r["properties"]["tags"]}
assert judged["results"] and not any(r["ruleId"] in inventory for r in judged["results"])
want = [r for r in every["results"] if r["ruleId"] not in inventory and r["properties"].get("context") != "sdk_definition"]
assert judged["results"] == want, (len(judged["results"]), len(want))
assert judged["tool"] == every["tool"]
PY

# The multitool with GitHub's ingestion rules. First a broken log it must
# reject, so this check cannot pass by validating nothing.
"$py" - "$tmp/example.sarif" "$tmp/broken.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
del log["runs"][0]["results"][0]["message"]
del log["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"]
json.dump(log, open(sys.argv[2], "w"), indent=2)
PY
validate() {  # validate OUT FILES...: the multitool's own SARIF log of problems
  local out=$1
  shift
  "$multitool" validate --rule-kind "Sarif;Ghas" --level "Error;Warning" -o "$out" "$@" >"$out.log" 2>&1 || true
  [ -s "$out" ] || { cat "$out.log" >&2; echo "multitool wrote no log" >&2; exit 1; }
}
count_problems() {
  "$py" -c '
import json, sys
log = json.load(open(sys.argv[1]))
problems = [r for run in log["runs"] for r in run.get("results", []) if r.get("level", "warning") in ("error", "warning")]
for r in problems:
    m = r.get("message", {})
    print(r.get("level", "warning"), r.get("ruleId"), m.get("text") or m.get("arguments"), file=sys.stderr)
print(len(problems))' "$1"
}
validate "$tmp/broken.validation.sarif" "$tmp/broken.sarif"
[ "$(count_problems "$tmp/broken.validation.sarif" 2>/dev/null)" -gt 0 ] || { echo "multitool accepted a broken log" >&2; exit 1; }
validate "$tmp/ours.validation.sarif" "$tmp/example.sarif" "$tmp/hostile.sarif" "$tmp/odd.sarif" "$tmp/judged.sarif"
grep -q "4 files scanned" "$tmp/ours.validation.sarif.log" || { cat "$tmp/ours.validation.sarif.log" >&2; exit 1; }
n=$(count_problems "$tmp/ours.validation.sarif")
[ "$n" = 0 ] || { echo "multitool: $n errors/warnings (above)" >&2; exit 1; }
echo "SARIF valid (schema and multitool Sarif;Ghas rules); GitHub annotations escaped"
