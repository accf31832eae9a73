#!/usr/bin/env bash
# Model references on real SDK and app code from npm (tests/realcode), with a
# floor of 0.99 precision and recall.
#   realcode.sh MODELSHIFT WORK_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
py=""
for cand in /usr/bin/python3 python3; do
  if "$cand" -c 'import yaml' 2>/dev/null; then py=$cand; break; fi
done
[ -n "$py" ] || { echo "no python3 with PyYAML: run scripts/setup.sh" >&2; exit 1; }
"$py" "$root/tests/realcode/measure.py" --bin "$1" --work "$2" --floor 0.99
