# Sourced by the e2e scripts that validate against JSON Schemas: sets $py to
# a python3 that has jsonschema and yaml, or exits. Debian's
# python3-jsonschema lives beside /usr/bin/python3; another python3 first on
# PATH (pyenv) may lack it.
py=""
for cand in /usr/bin/python3 python3; do
  if "$cand" -c 'import jsonschema, yaml' 2>/dev/null; then py=$cand; break; fi
done
if [ -z "$py" ]; then
  echo "no python3 with jsonschema and yaml: run scripts/setup.sh (installs python3-jsonschema)" >&2
  exit 1
fi
