#!/usr/bin/env bash
# Every report format that promises the inventory schema is checked against
# it: the JSON and the YAML of the example scan, and every reviewed golden.
#   schema.sh MODELSHIFT EXAMPLE_TREE
set -euo pipefail
bin=$1 tree=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/schema_python.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" scan --format json -o "$tmp/example.json" "$tree"
"$bin" scan --format yaml -o "$tmp/example.yaml" "$tree"
"$py" "$here/validate_report.py" "$root/docs/schema/inventory.schema.json" \
  "$tmp/example.json" "$tmp/example.yaml" "$root"/tests/golden/*.json
# JSON and YAML carry the same tree.
"$py" - "$tmp/example.json" "$tmp/example.yaml" <<'PY'
import json, sys, yaml
a = json.load(open(sys.argv[1]))
b = yaml.safe_load(open(sys.argv[2]))
sys.exit(0 if a == b else "JSON and YAML reports differ")
PY
