#!/usr/bin/env bash
# Runs scripts/catalog/check_catalog.py with a python3 that has PyYAML
# (Debian's python3-yaml beside /usr/bin/python3, or whatever python3 is on PATH).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
for py in /usr/bin/python3 python3; do
  if "$py" -c 'import yaml' 2>/dev/null; then exec "$py" "$root/scripts/catalog/check_catalog.py"; fi
done
echo "no python3 with PyYAML: run scripts/setup.sh (installs python3-yaml)" >&2
exit 1
