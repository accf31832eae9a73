#!/usr/bin/env bash
# Exit codes and error messages of the command line (documented in README).
#   exit_codes.sh MODELSHIFT FIXTURE_TREE
set -uo pipefail
bin=$1 tree=$2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect() {  # expect CODE STDERR_PATTERN -- args...
  local want=$1 pattern=$2
  shift 3
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: modelshift $* exited $got, want $want"; cat "$tmp/err"; fail=1; return
  fi
  if [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$tmp/err"; then
    echo "FAIL: modelshift $*: stderr lacks /$pattern/:"; cat "$tmp/err"; fail=1; return
  fi
  echo "ok: modelshift $* -> $got"
}

expect 0 "" -- --version
expect 0 "" -- --help
expect 0 "" -- scan --help
expect 2 "usage" --
expect 2 "unknown command 'scna' \(did you mean 'scan'\?\)" -- scna
expect 2 "unknown option '--fromat' \(did you mean '--format'\?\)" -- scan --fromat json "$tree"
expect 2 "--format must be text, json, jsonl, yaml, sarif, github or cyclonedx" -- scan --format xml "$tree"
expect 2 "cannot write" -- scan --sarif-output "$tmp/no/such/dir/x.sarif" "$tree"
# A mistake in the SARIF rule metadata stops the run and points at the line.
cp -r "$(dirname "$0")/../../rules" "$tmp/rules"
sed -i 's/^    level: note$/    level: info/' "$tmp/rules/report/sarif_rules.yaml"
expect 2 "sarif_rules\.yaml:[0-9]+:[0-9]+: level must be error, warning or note" -- scan --rules "$tmp/rules" "$tree"
expect 2 "-j needs a number" -- scan -j zero "$tree"
expect 2 "-j needs a number" -- scan -j0 "$tree"
expect 0 "" -- scan -j1 "-o$tmp/attached.txt" "$tree"
expect 2 "--as-of must be a real YYYY-MM-DD date" -- scan --as-of tomorrow "$tree"
expect 2 "--as-of must be a real YYYY-MM-DD date" -- scan --as-of 2026-13-45 "$tree"
expect 2 "--start must be a real YYYY-MM-DD date" -- runbook --start 2026-02-29 "$tree"
expect 2 "bad size" -- scan --max-filesize lots "$tree"
expect 2 "error: .*does-not-exist" -- scan "$tree/does-not-exist"
expect 0 "" -- scan -q --as-of 2026-11-25 "$tree"
# -o to a special file writes into it (a rename would replace a device such
# as /dev/null with a regular file); a FIFO stands in for the device here.
mkfifo "$tmp/fifo"
cat "$tmp/fifo" >"$tmp/from-fifo" &
reader=$!
expect 0 "" -- scan --format json --as-of 2026-11-25 -o "$tmp/fifo" "$tree"
if [ ! -p "$tmp/fifo" ]; then
  echo "FAIL: -o FIFO replaced the FIFO with a regular file"; fail=1
  kill "$reader" 2>/dev/null
elif ! wait "$reader" || ! grep -q '"findings"' "$tmp/from-fifo"; then
  echo "FAIL: -o FIFO wrote nothing into the FIFO"; fail=1
fi

# A bad config file stops the run with exit 2 and points at the line.
mkdir -p "$tmp/cfg"
printf 'scan:\n  exclud: ["x"]\n' >"$tmp/cfg/.modelshift.yaml"
expect 2 "\.modelshift\.yaml:2:3: unknown key 'exclud' \(did you mean 'exclude'\?\)" -- scan "$tmp/cfg"
printf 'scan: [unclosed\n' >"$tmp/cfg/.modelshift.yaml"
expect 2 "\.modelshift\.yaml:" -- scan "$tmp/cfg"
# A good one is honoured.
printf 'm = "gpt-4o"\n' >"$tmp/cfg/a.py"
mkdir -p "$tmp/cfg/vendor" && printf 'm = "gpt-4o"\n' >"$tmp/cfg/vendor/b.py"
printf 'scan:\n  exclude: ["vendor/"]\n' >"$tmp/cfg/.modelshift.yaml"
"$bin" scan --format json --as-of 2026-11-25 "$tmp/cfg" >"$tmp/out" 2>"$tmp/err"
if grep -q 'vendor/b.py' "$tmp/out" || ! grep -q '"a.py"' "$tmp/out"; then echo "FAIL: config exclude ignored"; fail=1; else echo "ok: config exclude honoured"; fi

# --expand-catalogues turns each catalogue back into its entries: the example's
# price table (services/billing/pricing.py) holds 9 ids.
"$bin" scan --format json --as-of 2026-11-25 "$tree" >"$tmp/collapsed.json"
"$bin" scan --format json --as-of 2026-11-25 --expand-catalogues "$tree" >"$tmp/expanded.json"
c_cat=$(grep -c '"kind": "model_catalogue"' "$tmp/collapsed.json")
e_cat=$(grep -c '"kind": "model_catalogue"' "$tmp/expanded.json")
c_ref=$(grep -c '"kind": "model_reference"' "$tmp/collapsed.json")
e_ref=$(grep -c '"kind": "model_reference"' "$tmp/expanded.json")
if [ "$c_cat" -ge 1 ] && [ "$e_cat" = 0 ] && [ $((e_ref - c_ref)) = 9 ]; then
  echo "ok: --expand-catalogues lists the 9 table entries"
else
  echo "FAIL: catalogues $c_cat/$e_cat, references $c_ref/$e_ref"; fail=1
fi

# Unwritable output: exit 2 with a message naming the file.
expect 2 "cannot write" -- scan -o /nonexistent-dir/report.json "$tree"

exit $fail
