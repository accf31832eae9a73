#!/usr/bin/env bash
# Golden end-to-end test: scan a fixture tree and compare the JSON report with
# the reviewed expectation beside it.
#   golden.sh MODELSHIFT TREE EXPECTED.json [extra scan args...]
# Regenerate (then review the diff!) with MODELSHIFT_UPDATE_GOLDEN=1, e.g.
#   MODELSHIFT_UPDATE_GOLDEN=1 ctest --test-dir build -R golden
set -euo pipefail
bin=$1 tree=$2 expected=$3
shift 3
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
"$bin" scan --format json --as-of 2026-11-25 "$@" "$tree" >"$actual"
if [ "${MODELSHIFT_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$actual" "$expected"
  echo "updated $expected"
  exit 0
fi
if ! diff -u "$expected" "$actual"; then
  echo "golden mismatch for $tree: review the diff above; regenerate with MODELSHIFT_UPDATE_GOLDEN=1" >&2
  exit 1
fi
