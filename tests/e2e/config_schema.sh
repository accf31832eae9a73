#!/usr/bin/env bash
# Every example .modelshift.yaml in tests/config/ is checked against
# docs/schema/config.schema.json AND by the loader itself (through `check`),
# so the schema and the loader cannot drift: *.invalid.yaml files must be
# rejected by both.
#   config_schema.sh MODELSHIFT
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/schema_python.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'x = 1\n' > "$tmp/clean.py"
fails=0 n=0
for cfg in "$root"/tests/config/*.yaml; do
  n=$((n + 1))
  name=$(basename "$cfg")
  if "$py" - "$root/docs/schema/config.schema.json" "$cfg" <<'PY'
import json, sys, yaml, jsonschema
# The loader (yaml-cpp) reads 2026-12-14 as a string, as YAML 1.2 does;
# PyYAML's YAML 1.1 would make it a date that no JSON Schema type matches.
class Loader(yaml.SafeLoader):
    yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                               for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(yaml.load(open(sys.argv[2]), Loader=Loader), schema, cls=jsonschema.Draft202012Validator)
PY
  then schema_ok=1; else schema_ok=0; fi 2>"$tmp/err"
  if (cd "$tmp" && "$bin" check --config "$cfg" clean.py) 2>>"$tmp/err"; then loader_ok=1; else loader_ok=0; fi
  want=1
  case $name in *.invalid.yaml) want=0 ;; esac
  if [ "$schema_ok" != "$want" ] || [ "$loader_ok" != "$want" ]; then
    echo "FAIL: $name: schema $schema_ok, loader $loader_ok, expected $want" >&2
    cat "$tmp/err" >&2
    fails=$((fails + 1))
  fi
done
echo "config_schema: $n configs, $fails failed"
[ "$fails" -eq 0 ] && [ "$n" -ge 4 ]
