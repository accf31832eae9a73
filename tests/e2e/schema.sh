#!/usr/bin/env bash
# Every report format that promises the inventory schema is checked against
# it: the JSON and the YAML of the example scan, and every reviewed golden.
#   schema.sh MODELSHIFT EXAMPLE_TREE
set -euo pipefail
bin=$1 tree=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# Debian's python3-jsonschema lives beside /usr/bin/python3; another python3
# first on PATH (pyenv) may lack it.
py=""
for cand in /usr/bin/python3 python3; do
  if "$cand" -c 'import jsonschema, yaml' 2>/dev/null; then py=$cand; break; fi
done
if [ -z "$py" ]; then
  echo "no python3 with jsonschema and yaml: run scripts/setup.sh (installs python3-jsonschema)" >&2
  exit 1
fi
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
