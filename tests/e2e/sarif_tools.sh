#!/usr/bin/env bash
# Installs the pinned test tools of tests/tools/ (Microsoft's SARIF
# multitool, which ships the SARIF 2.1.0 JSON schema) into DEST with `npm ci`,
# once per package-lock.json, like cmake/Grammars.cmake does for grammars.
# Package scripts are not run: the multitool's only one marks its binary
# executable, which this script does itself.
#   sarif_tools.sh DEST
set -euo pipefail
dest=$1
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../tools
hash=$(sha256sum "$src/package-lock.json" | cut -c1-16)
stamp=$dest/.npm-ci-$hash
if [ -e "$stamp" ]; then exit 0; fi
mkdir -p "$dest"
cp "$src/package.json" "$src/package-lock.json" "$dest/"
(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund >npm-ci.log 2>&1) || {
  cat "$dest/npm-ci.log" >&2
  echo "sarif_tools.sh: npm ci failed in $dest" >&2
  exit 1
}
bin=$dest/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
[ -f "$bin" ] || { echo "sarif_tools.sh: $bin missing (not linux-x64?)" >&2; exit 1; }
chmod u+x "$bin"
rm -f "$dest"/.npm-ci-*
touch "$stamp"
echo "installed SARIF multitool into $dest"
