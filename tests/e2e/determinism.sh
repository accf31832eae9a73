#!/usr/bin/env bash
# The same input gives the same bytes at any -j and on every run, in every format.
#   determinism.sh MODELSHIFT TREE
set -euo pipefail
bin=$1 tree=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for fmt in json yaml text; do
  for j in 1 2 8; do
    "$bin" scan --format "$fmt" --as-of 2026-11-25 --color never -j "$j" "$tree" >"$tmp/$fmt.$j"
  done
  "$bin" scan --format "$fmt" --as-of 2026-11-25 --color never -j 8 "$tree" >"$tmp/$fmt.again"
  for other in 2 8 again; do
    cmp "$tmp/$fmt.1" "$tmp/$fmt.$other" || { echo "$fmt output differs between -j 1 and $other" >&2; exit 1; }
  done
  [ -s "$tmp/$fmt.1" ] || { echo "empty $fmt output" >&2; exit 1; }
done
grep -q '"findings"' "$tmp/json.1"
# No absolute paths and no timestamps leak into reports.
if grep -q "$(cd "$tree" && pwd)" "$tmp/json.1"; then echo "absolute path in report" >&2; exit 1; fi
echo "deterministic across -j 1/2/8 and runs"
