#!/usr/bin/env bash
# The gate against repositories whose attributes, git config, file names or
# revisions change what git prints (issue 15, point 2). Each case builds a
# scratch repository and requires `check --staged`, `check FILE...` and
# `check --since main` to block a gpt-5.2 reference the change adds (exit 1),
# and a bad revision to be refused (exit 2, with a message naming it).
#   gate_hostile.sh MODELSHIFT
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir -p "$HOME"
git config --global user.email gate@example.invalid
git config --global user.name gate
git config --global init.defaultBranch main

fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1" >&2; fails=$((fails + 1)); }

# blocks WHAT N CMD...: CMD exits 1 and reports N gpt-5.2 errors (default 1).
blocks() {
  local what=$1 want=$2 rc=0 n
  shift 2
  "$@" >"$tmp/out" 2>&1 || rc=$?
  n=$(grep -c 'error: gpt-5.2 is deprecated' "$tmp/out" || true)
  if [ "$rc" = 1 ] && [ "$n" = "$want" ]; then ok "$what"; else
    bad "$what: exit $rc, $n of $want errors: $(cat "$tmp/out")"; fi
}
# passes WHAT CMD...: CMD exits 0.
passes() {
  local what=$1 rc=0
  shift
  "$@" >"$tmp/out" 2>&1 || rc=$?
  if [ "$rc" = 0 ]; then ok "$what"; else bad "$what: exit $rc: $(cat "$tmp/out")"; fi
}

# A repository with a committed, clean app.py (ten lines) on main.
n_repo=0
new_repo() {
  n_repo=$((n_repo + 1))
  repo=$tmp/repo$n_repo
  mkdir -p "$repo/sub" && cd "$repo" && git init -q
  printf 'import openai\n' > app.py
  for i in 2 3 4 5 6 7 8 9 10; do printf 'X%s = %s\n' "$i" "$i" >> app.py; done
  printf 'S = 1\n' > sub/keep.py
  git add . && git commit -qm base
}

# all_modes WHAT N FILE...: the staged change adds N gpt-5.2 references in
# FILE...; judged from the index, from the files, then committed on a branch
# and judged with --since. Runs in the current directory (FILE relative to it).
all_modes() {
  local what=$1 want=$2
  shift 2
  blocks "$what: check --staged" "$want" "$bin" check --staged
  blocks "$what: check FILE" "$want" "$bin" check -- "$@"
  git checkout -q -b "feature$n_repo"
  git commit -qm change --no-verify
  blocks "$what: check --since main" "$want" "$bin" check --since main
  git checkout -q main
}

# 1. Attributes that make git print "Binary files differ" or convert the
# text: a change to a tracked file, and a new file.
for attr in '-diff' 'binary' 'diff=hide' '-text' 'diff=hide -merge'; do
  new_repo
  printf '*.py %s\n*.json %s\n' "$attr" "$attr" > .gitattributes
  git config diff.hide.textconv "touch $tmp/ran; true"   # hides every line; check never runs it
  git config diff.hide.binary true
  git add .gitattributes && git commit -qm attributes
  printf 'M = "gpt-5.2"\n' >> app.py
  printf 'import openai\nN = "gpt-5.2"\n' > new.py
  git add app.py new.py
  all_modes "attribute '$attr'" 2 app.py new.py
done
[ ! -e "$tmp/ran" ] && ok "no textconv driver ran" || bad "check ran a textconv driver"
# A JSON config marked binary.
new_repo
printf '*.json binary\n' > .gitattributes
printf '{"model": "gpt-5.5"}\n' > config.json
git add . && git commit -qm json
printf '{"model": "gpt-5.2"}\n' > config.json
git add config.json
all_modes "binary JSON config" 1 config.json

# 2. User git config that changes the diff's prefixes, paths, colours or
# driver. Run from a subdirectory: diff.relative would hide the root's files.
printf '#!/bin/sh\ntouch "%s/ran"\n' "$tmp" > "$tmp/ext.sh" && chmod +x "$tmp/ext.sh"
for cfg in 'diff.mnemonicPrefix true' 'diff.noprefix true' 'diff.relative true' 'color.ui always' \
  'color.diff always' "diff.external $tmp/ext.sh" 'diff.srcPrefix x/' 'diff.dstPrefix y/' 'diff.renames copies' \
  'core.quotePath true' 'diff.suppressBlankEmpty true' 'diff.context 7' 'diff.orderFile /dev/null'; do
  new_repo
  # shellcheck disable=SC2086
  git config --global $cfg
  printf 'M = "gpt-5.2"\n' >> app.py
  git add app.py
  cd sub
  all_modes "config '$cfg' (from a subdirectory)" 1 ../app.py
  cd ..
  # shellcheck disable=SC2086
  git config --global --unset ${cfg%% *}
done
[ ! -e "$tmp/ran" ] && ok "no external diff ran" || bad "check ran an external diff"

# GIT_DIFF_OPTS=--unified=N overrides -U0: context lines are not new, so an
# old reference next to the change does not block; the new one does.
new_repo
sed -i '5s|.*|OLD = "gpt-5.2"|' app.py && git commit -qam old
sed -i '7s|.*|NEW = "gpt-5.2"|' app.py && git add app.py
GIT_DIFF_OPTS=--unified=5 all_modes "GIT_DIFF_OPTS=--unified=5" 1 app.py

# 3. Added lines that look like diff headers: a line `++ x` shows as
# `+++ x` in the diff. The gpt-5.2 line is in a later hunk.
for fake in '++ b/other.py' '++ /dev/null' '++ x' '-- a/app.py' 'diff --git a/q b/q' '@@ -1 +1 @@'; do
  new_repo
  sed -i "3s|.*|$fake|; 6d; 8s|.*|M = \"gpt-5.2\"|" app.py
  git add app.py
  all_modes "added line '$fake'" 1 app.py
done

# 4. File names git quotes or that break line-based protocols: one file
# each, all staged together.
new_repo
names=($'new\nline.py' $'tab\there.py' 'sp ace.py' '-dash.py' ':colon.py' 'quo"te.py' 'back\slash.py'
  'üni.py' ' lead.py' $'cr\r.py')
for f in "${names[@]}"; do printf 'M = "gpt-5.2"\n' > "./$f"; git add -- "./$f"; done
all_modes "unusual file names" "${#names[@]}" "${names[@]}"

# 5. Absolute paths (lint-staged passes them): judged as the tracked files
# they are, so an old reference on an unchanged line does not block, and
# paths print relative to the repository.
new_repo
sed -i '5s|.*|OLD = "gpt-5.2"|' app.py && git commit -qam old
printf 'Y = 1\n' >> app.py && git add app.py
passes "absolute path: unchanged old line does not block" "$bin" check "$repo/app.py"
cd sub && passes "absolute path from a subdirectory" "$bin" check "$repo/app.py" && cd ..
ln -s "$repo" "$tmp/link$n_repo"
passes "absolute path through a symlink" "$bin" check "$tmp/link$n_repo/app.py"
printf 'NEW = "gpt-5.2"\n' >> app.py && git add app.py
blocks "absolute path: new line blocks" 1 "$bin" check "$repo/app.py"
grep -q "^app.py:12:8: error" "$tmp/out" || bad "absolute path printed relative: $(cat "$tmp/out")"
cd sub && blocks "absolute path from a subdirectory: new line blocks" 1 "$bin" check "$repo/app.py" && cd ..
mkdir -p "$tmp/outside" && printf 'M = "gpt-5.2"\n' > "$tmp/outside/x.py"
blocks "a file outside the repository: every line is new" 1 "$bin" check "$tmp/outside/x.py"

# 6. Revisions that git would read as options, or that name no commit.
new_repo
git checkout -q -b feature
printf 'M = "gpt-5.2"\n' > ci.py && git add ci.py && git commit -qm ci
for rev in --independent --fork-point --octopus --all --is-ancestor -h nosuchbranch 'HEAD:app.py' 'main..HEAD' \
  '--end-of-options'; do
  rc=0
  "$bin" check --since="$rev" >"$tmp/out" 2>&1 || rc=$?
  if [ "$rc" = 2 ] && grep -q -- "error: .*--since '$rev'" "$tmp/out"; then ok "--since '$rev' refused"; else
    bad "--since '$rev': exit $rc: $(cat "$tmp/out")"; fi
done
for rev in main "$(git rev-parse main)" main~0 'main^{commit}' HEAD~1; do
  blocks "--since '$rev' judges the branch" 1 "$bin" check --since "$rev"
done

echo "gate_hostile: $fails failed"
[ "$fails" -eq 0 ]
