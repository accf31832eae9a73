#!/usr/bin/env bash
# The main job: set up, build, and scan the bundled example repository.
# Extra arguments go to `modelshift scan` (e.g. --format json).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build >&2
exec build/modelshift scan examples/acme-assistant "$@"
