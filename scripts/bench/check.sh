#!/usr/bin/env bash
# Times `modelshift check` on 10 staged files in a large repository (a
# generated git repo of FILES source files, default 20000), with hyperfine.
# Target (issue 4 §6): under 50 ms wall. Not a test: numbers go in README.
#   scripts/bench/check.sh [MODELSHIFT] [FILES]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$(dirname "${1:-$here/build/modelshift}")" && pwd)/$(basename "${1:-$here/build/modelshift}")
files=${2:-20000}
command -v hyperfine >/dev/null || { echo "hyperfine missing (apt-get install hyperfine)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo=$tmp/repo
mkdir -p "$repo" && cd "$repo"
git init -q && git config user.email bench@example.invalid && git config user.name bench
# FILES Python/TypeScript files of ~40 lines in 200 directories, some naming models.
python3 - "$files" <<'PY'
import os, sys
n = int(sys.argv[1])
for i in range(n):
    d = f"pkg{i % 200:03d}"
    os.makedirs(d, exist_ok=True)
    ext = "py" if i % 2 else "ts"
    model = ["gpt-5.5", "gpt-4o", "claude-sonnet-4-5", "text-embedding-3-small"][i % 4]
    body = "".join(f"# line {k} of module {i}: helper code\nvalue_{k} = {k} * {i}\n" for k in range(20))
    if ext == "py":
        text = f"import openai\n\nMODEL = \"{model}\"\n{body}"
    else:
        text = f"import OpenAI from 'openai';\n\nconst MODEL = '{model}';\n" + body.replace("# ", "// ").replace("value_", "const value_")
    open(f"{d}/mod{i}.{ext}", "w").write(text)
PY
# Pack now, not in git's automatic gc: that runs detached in the background
# after the commit, competing with the timed runs (it added ~15 ms to each);
# a real repository is mostly packed.
git config gc.auto 0
git add -A && git commit -qm base
git gc -q
# 10 staged changes: a new line in each, one adding a deprecated model (so
# the run reports and exits 1, as a blocked commit would).
for i in 0 1 2 3 4 5 6 7 8 9; do
  f=$(git ls-files | sed -n "$((i * 997 + 1))p")
  if [ "$i" -eq 0 ]; then echo 'OLD = "gpt-5.2"' >> "$f"; else echo 'extra = 1' >> "$f"; fi
  git add "$f"
done
staged=$(git diff --cached --name-only | tr '\n' ' ')
# A repository written a moment ago has a "racily clean" index (entries as
# new as the index itself), which git re-checks on every command; a real
# repository's index is not like that. Let the clock move on, then refresh.
sleep 2
git update-index -q --refresh >/dev/null || true
echo "repo: $files files ($(du -sh . | cut -f1)), 10 staged" >&2
hyperfine -N --warmup 3 --min-runs 30 -i \
  -n "check --staged" "$bin check --staged" \
  -n "check FILE x10 (pre-commit)" "$bin check $staged"
