#!/usr/bin/env bash
# The gate end to end, with the real pre-commit framework and real git in a
# temporary repository (offline: the hook repository is a local git repo
# holding this project's .pre-commit-hooks.yaml, language: system).
#   precommit.sh MODELSHIFT
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
command -v pre-commit >/dev/null || { echo "pre-commit missing: run scripts/setup.sh" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home PRE_COMMIT_HOME=$tmp/pre-commit-cache GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME" "$tmp/bin"
ln -s "$bin" "$tmp/bin/modelshift"
export PATH=$tmp/bin:$PATH
git config --global user.email gate@example.invalid
git config --global user.name gate
git config --global init.defaultBranch main
git config --global protocol.file.allow always

fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1" >&2; fails=$((fails + 1)); }

# The hook repository: this project's hook definitions, committed.
hooks=$tmp/hooks
mkdir -p "$hooks" && cp "$root/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" init -q && git -C "$hooks" add . && git -C "$hooks" commit -qm hooks
rev=$(git -C "$hooks" rev-parse HEAD)

repo=$tmp/repo
mkdir -p "$repo" && cd "$repo" && git init -q
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: modelshift
YAML
# An old reference, committed before the gate existed, then baselined.
printf 'import openai\nA = 1\nB = 2\nMODEL = "gpt-4-0613"\n' > legacy.py
git add . && git commit -qm "before the gate"
modelshift baseline -q
grep -q 'legacy.py' .modelshift-baseline || bad "baseline lists legacy.py"
git add .modelshift-baseline && git commit -qm baseline
# scan --baseline leaves the baselined finding out; without it, it is there.
modelshift scan --format json . | grep -q '"gpt-4-0613"' || bad "scan finds the legacy reference"
if modelshift scan --baseline .modelshift-baseline --format json . | grep -q '"gpt-4-0613"'; then
  bad "scan --baseline still lists the baselined reference"; else ok "scan --baseline drops baselined findings"; fi
pre-commit install >/dev/null

commit() { git commit -qm "$1" >"$tmp/out" 2>&1; }

# 1. A clean commit passes.
printf 'import openai\nMODEL = "gpt-5.5"\n' > clean.py
git add clean.py
if commit clean; then ok "clean commit passes"; else bad "clean commit blocked: $(cat "$tmp/out")"; fi

# 2. A commit adding gpt-5.2 is blocked with a clear message.
printf 'import openai\n\nclient = openai.OpenAI()\nMODEL = "gpt-5.2"\n' > new.py
git add new.py
if commit "adds gpt-5.2"; then bad "gpt-5.2 commit passed"; else
  grep -q 'new.py:4:10: error: gpt-5.2 is deprecated' "$tmp/out" && ok "gpt-5.2 blocked" ||
    bad "unclear message: $(cat "$tmp/out")"
  grep -q 'modelshift: ignore' "$tmp/out" && grep -q 'fix: replace gpt-5.2 with gpt-5.5' "$tmp/out" ||
    bad "message names the fix and how to suppress: $(cat "$tmp/out")"
  # The baseline, run now, would accept the very violation: never suggested.
  grep -q 'modelshift baseline' "$tmp/out" && bad "a block suggests the baseline: $(cat "$tmp/out")"
fi
git reset -q HEAD new.py && rm new.py

# 2b. A call naming gpt-5.2 is one violation (the call site), not two.
printf 'from openai import OpenAI\nc = OpenAI()\nc.chat.completions.create(model="gpt-5.2", messages=[])\n' > call.py
git add call.py
if commit "calls gpt-5.2"; then bad "gpt-5.2 call passed"; else
  n=$(grep -c 'error: gpt-5.2 is deprecated' "$tmp/out")
  [ "$n" = 1 ] && ok "a call is one violation" || bad "a call gave $n violations: $(cat "$tmp/out")"
fi
git reset -q HEAD call.py && rm call.py

# 3. A baselined old reference does not block, even when its line moves
# (git shows the moved line as added).
printf 'MODEL = "gpt-4-0613"\nimport openai\nA = 1\nB = 2\n' > legacy.py
git add legacy.py
modelshift check --staged --baseline /dev/null >/dev/null 2>&1 && bad "moved line is new to git diff (control)"
if commit "move legacy line"; then ok "baselined reference does not block"; else bad "baselined blocked: $(cat "$tmp/out")"; fi

# 4. A suppressed reference does not block; the finding is not lost
# (`scan` still reports it).
printf 'import openai\nMODEL = "gpt-5.2"  # modelshift: ignore[gpt-5.2] pinned for the eval replay\n' > eval.py
git add eval.py
if commit suppressed; then ok "suppressed reference does not block"; else bad "suppressed blocked: $(cat "$tmp/out")"; fi
modelshift scan eval.py --format json | grep -q '"gpt-5.2"' || bad "suppressed finding still in scan"
# An unused suppression is reported (and does not block).
printf 'x = 1  # modelshift: ignore\n' > unused.py
git add unused.py
# (pre-commit shows a passing hook's output only with --verbose: ask check itself)
if modelshift check --staged >"$tmp/out" 2>&1 && grep -q '^unused.py:1:10: warning: unused suppression' "$tmp/out"; then
  ok "unused suppression reported, not blocking"; else bad "unused suppression: $(cat "$tmp/out")"; fi
commit unused || bad "unused suppression blocked: $(cat "$tmp/out")"

# 5. A partly staged file is judged by its staged part.
printf 'import openai\nMODEL = "gpt-5.5"\n' > part.py
git add part.py
printf 'import openai\nMODEL = "gpt-5.5"\nLATER = "gpt-5.2"\n' > part.py   # not staged
if commit "partly staged, clean part"; then ok "unstaged gpt-5.2 does not block"; else
  bad "unstaged part judged: $(cat "$tmp/out")"; fi
grep -q 'gpt-5.2' part.py || bad "pre-commit kept the unstaged change"
printf 'import openai\nMODEL = "gpt-5.5"\nNOW = "gpt-5.2"\n' > part.py
git add part.py
printf 'import openai\nMODEL = "gpt-5.5"\nNOW = "gpt-5.5"\n' > part.py     # fixed, but not staged
if commit "partly staged, bad part"; then bad "staged gpt-5.2 passed"; else
  grep -q 'part.py:3' "$tmp/out" && ok "staged gpt-5.2 blocks" || bad "message: $(cat "$tmp/out")"; fi
# The same without pre-commit: check --staged reads the index.
if modelshift check --staged >"$tmp/out" 2>&1; then bad "check --staged passed"; else
  grep -q 'part.py:3:8: error' "$tmp/out" && ok "check --staged reads the index" || bad "$(cat "$tmp/out")"; fi
git reset -q HEAD part.py && git checkout -q -- part.py

# 6. A deny policy from .modelshift.yaml.
printf 'policies:\n  deny:\n    - {model: "gpt-5.5*", message: "ask the platform team"}\n' > .modelshift.yaml
printf 'M = "gpt-5.5"\n' > deny.py
git add .modelshift.yaml deny.py
if commit deny; then bad "denied model passed"; else
  grep -q "deny.py:1:6: error: gpt-5.5 is denied by policy 'gpt-5.5\*': ask the platform team" "$tmp/out" &&
    ok "deny policy blocks" || bad "deny: $(cat "$tmp/out")"
  # The settings file names the denied model in its rule, which is no use of it.
  grep -q '^.modelshift.yaml' "$tmp/out" && bad "the deny rule blocks itself: $(cat "$tmp/out")"; fi
git reset -q HEAD .modelshift.yaml deny.py && rm .modelshift.yaml deny.py

# 7. check --since for CI: the branch adds gpt-5.2.
git checkout -q -b feature
printf 'M = "gpt-5.2"\n' > ci.py && git add ci.py && git commit -qm ci --no-verify
if modelshift check --since main >"$tmp/out" 2>&1; then bad "--since passed"; else
  grep -q '^ci.py:1:6: error' "$tmp/out" && ok "--since judges the branch" || bad "$(cat "$tmp/out")"; fi
modelshift check --since HEAD >"$tmp/out" 2>&1 && [ ! -s "$tmp/out" ] && ok "quiet when clean" || bad "not quiet: $(cat "$tmp/out")"

# 8. install-hook: a plain git hook; a foreign hook is kept without --force.
pre-commit uninstall >/dev/null
printf '#!/bin/sh\nexit 0\n' > .git/hooks/pre-commit
if modelshift install-hook 2>/dev/null; then bad "foreign hook overwritten"; else ok "foreign hook kept"; fi
modelshift install-hook --force -q
printf 'M = "gpt-5.2"\n' > hook.py && git add hook.py
if commit "plain hook"; then bad "plain hook let gpt-5.2 through"; else
  grep -q 'hook.py:1:6: error' "$tmp/out" && ok "install-hook blocks" || bad "$(cat "$tmp/out")"; fi
modelshift install-hook -q || bad "reinstalling our own hook"

# 9. A file check cannot read as text is named, not silently passed over.
printf 'GIF89a\0\0gpt-5.2' > logo.gif
modelshift check logo.gif >"$tmp/out" 2>&1
grep -q 'warning: logo.gif: skipped: binary' "$tmp/out" && ok "binary file named" || bad "binary file: $(cat "$tmp/out")"
# 10. A path that cannot be read is an error naming it (exit 2), and the
# other paths are still judged.
printf 'M = "gpt-5.2"\n' > other.py
rc=0; modelshift check gone.py other.py >"$tmp/out" 2>&1 || rc=$?
[ "$rc" -eq 2 ] && grep -q 'gone.py: cannot read' "$tmp/out" && grep -q 'other.py:1:6: error' "$tmp/out" &&
  ok "unreadable path named, others judged" || bad "unreadable path (rc $rc): $(cat "$tmp/out")"

# Issue 13 §1: the gate holds everywhere pre-commit runs it.
. "$here/precommit_ci.sh"

echo "precommit: $fails failed"
[ "$fails" -eq 0 ]
