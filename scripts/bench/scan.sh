#!/usr/bin/env bash
# Times a full scan of real SDK and app code against ripgrep and ast-grep,
# the peers a team would otherwise use, in one hyperfine run on this machine.
# Not a test: it prints a table for the README's Performance section.
#
#   scripts/bench/scan.sh [MODELSHIFT] [WORK_DIR]
#
# The tree is tests/realcode's pinned npm packages (openai, @anthropic-ai/sdk,
# ai, @langchain/openai, llamaindex and their dependencies), installed with
# `npm ci` into WORK_DIR/tree; ast-grep comes pinned from scripts/bench/tools.
# Needs hyperfine and ripgrep (Debian packages) and GNU time for memory.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(realpath "${1:-$root/build/modelshift}")
work=$(mkdir -p "${2:-$root/build/bench}" && realpath "${2:-$root/build/bench}")
for tool in hyperfine rg /usr/bin/time npm; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine ripgrep time nodejs npm)" >&2; exit 2; }
done

install() {  # install DIR LOCKDIR: npm ci of a pinned package set, once
  if [ ! -f "$1/.installed" ] || ! cmp -s "$2/package-lock.json" "$1/package-lock.json"; then
    rm -rf "$1" && mkdir -p "$1"
    cp "$2/package.json" "$2/package-lock.json" "$1/"
    (cd "$1" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
    touch "$1/.installed"
  fi
}
install "$work/tree" "$root/tests/realcode"
install "$work/tools" "$root/scripts/bench/tools"
# The CLI package's install script only picks the platform binary; run it
# ourselves (it executes nothing from the scanned tree).
sg_bin=$(find "$work/tools/node_modules/@ast-grep" -type f -name ast-grep -perm -u+x 2>/dev/null | head -1)
[ -n "$sg_bin" ] || { echo "bench: no ast-grep binary under $work/tools" >&2; exit 2; }
tree="$work/tree/node_modules"

files=$(find "$tree" -type f | wc -l)
size=$(du -sh "$tree" | cut -f1)
echo "tree: $files files, $size ($(nproc) cores)"
# Every tool reads everything (no ignore files), prints its matches to a file.
ms="$bin scan --no-ignore --format json -o $work/ms.json $tree"
ms1="$bin scan --no-ignore -j 1 --format json -o $work/ms1.json $tree"
rg_pat='gpt-[0-9]|o[134]-|claude-|gemini-|text-embedding-|mistral-|command-'
rgc="rg --no-ignore -n --json -e '$rg_pat' $tree > $work/rg.json"
sgc="$sg_bin scan --no-ignore hidden --no-ignore dot --no-ignore vcs -r $root/scripts/bench/ast-grep-models.yml --json=stream $tree > $work/sg.json"
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-markdown "$work/scan.md" \
  -n modelshift "$ms" -n "modelshift -j1" "$ms1" -n ripgrep "$rgc" -n ast-grep "$sgc"
echo
echo "peak memory (max RSS):"
for pair in "modelshift|$ms" "ripgrep|$rgc" "ast-grep|$sgc"; do
  name=${pair%%|*}; cmd=${pair#*|}
  kb=$(/usr/bin/time -f %M sh -c "$cmd" 2>&1 >/dev/null | tail -1)
  echo "  $name: $((kb / 1024)) MiB"
done
echo
echo "what each found:"
echo "  modelshift: $(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d['findings']), 'findings')" "$work/ms.json")"
echo "  ripgrep:    $(grep -c '"type":"match"' "$work/rg.json") matching lines"
echo "  ast-grep:   $(wc -l < "$work/sg.json") matches"
