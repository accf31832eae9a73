#!/usr/bin/env bash
# Malformed object literals (issue 15, point 1): a stray or missing closing
# bracket once made the literal reader append forever. A two-line file of
# each malformed literal, in every code language, must scan to the end
# (exit 0) within a memory cap; the ctest TIMEOUT catches a loop.
#   literal_reader.sh MODELSHIFT
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A loop that appends forever must fail here, not exhaust the machine.
ulimit -v 4000000

# The second line of each file; the first names a tool schema keyword.
literals=(
  'x = {"parameters": {"a": [}}'
  'x = {"parameters": {"a": [)}}'
  'x = {"parameters": {"a": [1, }, 2]}}'
  "x = {\"parameters\": ['k' => }]}"
  "x = {\"parameters\": ['k' => 'v', ), 'j' => ]}"
  'x = {"parameters": {"a": {]}}'
  'x = {"parameters": {"a": (}]}'
  'x = {"parameters": {...]}'
  'x = {"parameters": {:]}'
  'x = {"parameters": [[[[[[[[[[[[}'
  'x = {"parameters": {"a": "b" "c" "d'
  'x = {"parameters": {"a": [,,,,}, "b": [ ] }'
  'x = {"parameters": {"type": "object", "properties": {"q": {"type": [}}}}'
)
exts=(py js ts tsx go java cs kt rb rs php c cpp swift scala dart groovy lua r pl ex vue bicep ps1)
fails=0
for k in "${!literals[@]}"; do
  dir=$tmp/case$k
  mkdir -p "$dir"
  for e in "${exts[@]}"; do
    printf 'tools = [{"name": "search", "parameters": x}]\n%s\n' "${literals[$k]}" > "$dir/f.$e"
  done
  rc=0
  "$bin" scan --format json -o "$dir.json" "$dir" 2>"$dir.err" || rc=$?
  if [ "$rc" = 0 ]; then echo "ok: ${literals[$k]}"; else
    echo "FAIL: exit $rc on ${literals[$k]}: $(head -c 2000 "$dir.err")" >&2
    fails=$((fails + 1))
  fi
done
echo "literal_reader: $fails failed"
[ "$fails" -eq 0 ]
