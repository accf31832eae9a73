#!/usr/bin/env bash
# Catalog facts (rules/models/facts.yaml and the `facts:` keys): each broken
# copy must be refused by the loader (`scan --rules`, exit 2, a located error)
# and by scripts/catalog/check_catalog.py (exit 1, the same complaint).
#   catalog_facts.sh MODELSHIFT
set -euo pipefail
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
py=
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c 'import yaml' 2>/dev/null; then py=$candidate; break; fi
done
[ -n "$py" ] || { echo "no python3 with PyYAML: run scripts/setup.sh" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
empty="$work/empty"
mkdir -p "$empty"
fail=0

# case: file, sed expression, what the loader says, what the checker says
check_case() {
  local file=$1 expr=$2 loader_says=$3 checker_says=$4
  rm -rf "$work/rules" && cp -r "$root/rules" "$work/rules"
  sed -i -e "$expr" "$work/rules/models/$file"
  if cmp -s "$root/rules/models/$file" "$work/rules/models/$file"; then
    echo "FAIL: '$expr' changed nothing in $file"; fail=1; return
  fi
  local rc=0
  "$bin" scan --rules "$work/rules" "$empty" >/dev/null 2>"$work/err" || rc=$?
  if [ "$rc" != 2 ] || ! grep -qE "^modelshift: error: .*models/$file:[0-9]+:[0-9]+: .*$loader_says" "$work/err"; then
    echo "FAIL: loader on '$expr' (exit $rc):"; cat "$work/err"; fail=1
  fi
  rc=0
  "$py" "$root/scripts/catalog/check_catalog.py" --catalog "$work/rules/models" --reference '' >"$work/out" 2>&1 || rc=$?
  if [ "$rc" != 1 ] || ! grep -q "$checker_says" "$work/out"; then
    echo "FAIL: check_catalog.py on '$expr' (exit $rc):"; grep -v '^catalog:' "$work/out"; fail=1
  fi
}

check_case facts.yaml 's/action: recheck$/action: recheckk/' "unknown action 'recheckk'" "got 'recheckk'"
check_case facts.yaml '0,/        source: https:\/\/docs.anthropic.com\/en\/api\/messages/{//d}' \
  "missing required key 'source'" "needs a source"
check_case facts.yaml 's/apis: \[messages\]/apis: [mesages]/' "unknown api 'mesages'" "unknown api 'mesages'"
check_case facts.yaml "s/value: '1'/value: '{1'/" "value must be JSON text" "value must be JSON text"
check_case facts.yaml 's/encoding: cl100k_base, exact: true/encoding: cl100k, exact: true/' \
  "unknown encoding 'cl100k'" "encoding must be one of"
check_case facts.yaml 's/ratio: 0.96, exact: false/ratio: 0.96, exact: true/' \
  "an exact tokenizer has ratio 1" "an exact tokenizer has ratio 1"
check_case anthropic.yaml '0,/facts: \[anthropic-messages\]/s//facts: [anthropic-mesages]/' \
  "unknown fact set 'anthropic-mesages'" "unknown fact set 'anthropic-mesages'"

# And the real catalog is clean for both.
"$bin" scan --rules "$root/rules" "$empty" >/dev/null
"$py" "$root/scripts/catalog/check_catalog.py" --reference '' >/dev/null
[ "$fail" = 0 ] && echo "catalog facts: every broken copy refused by loader and checker"
exit "$fail"
