#!/usr/bin/env bash
# Call-site precision/recall/resolution against the labeled corpus, with the
# floors of tests/corpus/floors.yaml. Also validates the labels themselves.
#   accuracy.sh MODELSHIFT
set -euo pipefail
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
py=""
for cand in /usr/bin/python3 python3; do
  if "$cand" -c 'import yaml' 2>/dev/null; then py=$cand; break; fi
done
[ -n "$py" ] || { echo "no python3 with PyYAML: run scripts/setup.sh" >&2; exit 1; }
"$py" "$root/tests/corpus/check_labels.py"
"$py" "$root/scripts/accuracy.py" --bin "$bin" --corpus "$root/tests/corpus" --floors "$root/tests/corpus/floors.yaml"
