# Sourced by precommit.sh (uses its $tmp, $hooks, $rev, ok, bad): the gate
# holds wherever pre-commit runs it (issue 13 §1). A fresh repository with a
# bare `origin`, both hook ids, and the commit and pre-push hooks installed:
#   - a commit adding a gpt-5.2 call is blocked by the commit hook, by
#     `pre-commit run --from-ref/--to-ref`, by `--all-files`, and on push;
#   - one suppression comment covers a multi-line call; a stale one is
#     reported (an error with --strict); the comment's own model is no finding;
#   - `baseline` refuses staged violations without --accept-new;
#   - a shallow clone is told how to fetch the history `--since` needs.
# shellcheck shell=bash

origin=$tmp/origin.git
git init -q --bare "$origin"
ci=$tmp/ci
mkdir -p "$ci" && cd "$ci" && git init -q
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: modelshift
      - id: modelshift-audit
YAML
printf 'from openai import OpenAI\nc = OpenAI()\nr = c.chat.completions.create(\n    messages=[],\n    model="gpt-5.5",\n)\n' > app.py
git add . && git commit -qm base
git remote add origin "$origin"
pre-commit install -t pre-commit -t pre-push >/dev/null
git push -q origin main >"$tmp/out" 2>&1 || bad "push of a clean main: $(cat "$tmp/out")"
run() { "$@" >"$tmp/out" 2>&1; }
call() {  # call FILE MODEL: a multi-line call naming MODEL on its fifth line
  printf 'from openai import OpenAI\nc = OpenAI()\nr = c.chat.completions.create(\n    messages=[],\n    model="%s",\n)\n' "$2" > "$1"
}

# 1. The commit hook blocks a new gpt-5.2 call, and says how to fix it.
call new.py gpt-5.2
git add new.py
if run git commit -qm "adds a gpt-5.2 call"; then bad "commit hook let a gpt-5.2 call through"; else
  grep -q '^new.py:3:5: error: gpt-5.2 is deprecated' "$tmp/out" && grep -q 'fix: replace gpt-5.2 with gpt-5.5' "$tmp/out" &&
    ok "commit hook blocks a gpt-5.2 call, naming the fix" || bad "commit hook message: $(cat "$tmp/out")"
fi

# 2. pre-commit run --from-ref/--to-ref (what CI runs on a pull request).
git commit -qm "adds a gpt-5.2 call" --no-verify
printf '# touched\n' >> new.py && git commit -qam "touches the file elsewhere" --no-verify
if run pre-commit run --from-ref HEAD~2 --to-ref HEAD; then bad "--from-ref/--to-ref passed a gpt-5.2 call"; else
  grep -q 'new.py:3:5: error' "$tmp/out" && ok "pre-commit run --from-ref/--to-ref blocks" ||
    bad "--from-ref/--to-ref message: $(cat "$tmp/out")"
fi
# Lines, not files: the range HEAD~1..HEAD changes new.py but adds no gpt-5.2.
run pre-commit run --from-ref HEAD~1 --to-ref HEAD && ok "a range that adds no violation passes" ||
  bad "range without the call blocked: $(cat "$tmp/out")"
# The older variable names, and the commit `to` names, whatever is checked out.
git checkout -q HEAD~2
if PRE_COMMIT_ORIGIN=main~2 PRE_COMMIT_SOURCE=main run modelshift check new.py app.py; then
  bad "PRE_COMMIT_ORIGIN/SOURCE ignored"; else
  grep -q '^new.py:3:5: error' "$tmp/out" && ok "PRE_COMMIT_ORIGIN/PRE_COMMIT_SOURCE honoured (to-ref's blobs)" ||
    bad "legacy refs: $(cat "$tmp/out")"
fi
git checkout -q main

# 3. pre-commit run --all-files: every line of every file, nothing staged.
if run pre-commit run --all-files; then bad "--all-files passed a tree with a gpt-5.2 call"; else
  grep -q 'new.py:3:5: error' "$tmp/out" && ok "pre-commit run --all-files blocks" || bad "--all-files: $(cat "$tmp/out")"
fi
# Still every line when something unrelated is staged.
printf 'X = 1\n' > other.py && git add other.py
run pre-commit run --all-files && bad "--all-files with a staged file passed" ||
  { grep -q 'new.py:3:5: error' "$tmp/out" && ok "--all-files judges every line with a file staged" ||
    bad "--all-files with a staged file: $(cat "$tmp/out")"; }
git reset -q && rm other.py
if run pre-commit run --hook-stage manual modelshift-audit --all-files; then bad "audit hook passed"; else
  grep -q 'new.py:3:5: error' "$tmp/out" && ok "modelshift-audit hook blocks" || bad "audit hook: $(cat "$tmp/out")"
fi

# 4. The pre-push hook: the push is refused and origin keeps its main.
before=$(git -C "$origin" rev-parse main)
if run git push origin main; then bad "pre-push let a gpt-5.2 call through"; else
  grep -q 'new.py:3:5: error' "$tmp/out" && [ "$(git -C "$origin" rev-parse main)" = "$before" ] &&
    ok "pre-push blocks the push" || bad "pre-push: $(cat "$tmp/out")"
fi

# 5. One suppression comment covers a multi-line call, from any of its lines
# or the line above; the model it names in its own text is no finding.
git reset -q --hard "$before"
call sup1.py gpt-5.2
sed -i '3s|$|  # modelshift: ignore[gpt-5.2] replays old evals|' sup1.py
call sup2.py gpt-5.2
sed -i '3i # modelshift: ignore[gpt-5.2] replays old evals' sup2.py
git add sup1.py sup2.py
run git commit -qm "suppressed calls" && ok "one comment suppresses a multi-line call" ||
  bad "suppressed multi-line call blocked: $(cat "$tmp/out")"
modelshift scan --format json sup2.py > "$tmp/scan.json"
python3 - "$tmp/scan.json" <<'PY' && ok "scan: the comment's own model is no finding, the call is marked" || bad "scan of sup2.py: $(cat "$tmp/scan.json")"
import json, sys
found = json.load(open(sys.argv[1]))["findings"]
lines = sorted((f["line"], f["kind"], bool(f.get("suppressed"))) for f in found)
assert all(line != 3 for line, _, _ in lines), lines      # the comment line
assert any(kind == "call_site" and sup for _, kind, sup in lines), lines
PY

# 6. A stale suppression: the call moves to gpt-5.5, the comment stays.
sed -i 's|model="gpt-5.2"|model="gpt-5.5"|' sup2.py && git add sup2.py
run modelshift check --staged && grep -q '^sup2.py:3:3: warning: stale suppression' "$tmp/out" &&
  ok "stale suppression reported, not blocking" || bad "stale suppression: $(cat "$tmp/out")"
run modelshift check --strict --staged && bad "--strict passed a stale suppression" ||
  { grep -q '^sup2.py:3:3: error: stale suppression' "$tmp/out" && ok "--strict: a stale suppression is an error" ||
    bad "--strict: $(cat "$tmp/out")"; }
git commit -qm "sup2 moves on" --no-verify

# 7. baseline refuses violations the staged changes add.
call late.py gpt-5.2 && git add late.py
rm -f .modelshift-baseline
if run modelshift baseline; then bad "baseline accepted a staged violation"; else
  grep -q 'baseline refused' "$tmp/out" && grep -q 'late.py:3:5: ' "$tmp/out" && [ ! -e .modelshift-baseline ] &&
    ok "baseline refuses staged violations" || bad "baseline refusal: $(cat "$tmp/out")"
fi
run modelshift baseline --accept-new && grep -q 'late.py' .modelshift-baseline &&
  ok "baseline --accept-new accepts them" || bad "baseline --accept-new: $(cat "$tmp/out")"
git reset -q && rm -f late.py .modelshift-baseline

# 8. A shallow clone: no merge base, and a message that says what to fetch.
git checkout -q -b feature
for i in 1 2 3; do printf 'F%s = %s\n' "$i" "$i" >> app.py && git commit -qam "f$i" --no-verify; done
git push -q --no-verify origin feature 2>/dev/null
git checkout -q main && printf 'M = 1\n' >> sup1.py && git commit -qam "main moves" --no-verify
git push -q --no-verify origin main 2>/dev/null
git clone -q --depth 1 --branch feature "file://$origin" "$tmp/shallow"
git -C "$tmp/shallow" fetch -q --depth 1 origin main:refs/remotes/origin/main
rc=0; (cd "$tmp/shallow" && modelshift check --since origin/main) >"$tmp/out" 2>&1 || rc=$?
[ "$rc" -eq 2 ] && grep -q 'shallow clone' "$tmp/out" && grep -q 'git fetch --deepen' "$tmp/out" &&
  grep -q 'fetch-depth: 0' "$tmp/out" && ok "shallow clone: told what to fetch" || bad "shallow clone (rc $rc): $(cat "$tmp/out")"
git -C "$tmp/shallow" fetch -q --unshallow origin
(cd "$tmp/shallow" && modelshift check --since origin/main) >"$tmp/out" 2>&1 && ok "after fetching: --since works" ||
  bad "after --unshallow: $(cat "$tmp/out")"

# 9. A commit is judged by the policy it carries: the staged .modelshift.yaml
# (its deny rule, not an unstaged edit that drops it), which blocks the
# denied use but not itself; its own errors are located in the staged copy.
cd "$ci" && git checkout -q main
printf 'policies:\n  deny:\n    - {model: "gpt-4o*", message: "ask the platform team"}\n' > .modelshift.yaml
printf 'M = "gpt-4o"\n' > deny.py
git add .modelshift.yaml deny.py
printf 'policies:\n  deny: []\n' > .modelshift.yaml
if run modelshift check --staged; then bad "staged deny rule ignored"; else
  grep -q '^deny.py:1:6: error: gpt-4o is denied' "$tmp/out" && ! grep -q '^.modelshift.yaml' "$tmp/out" &&
    grep -q "fix: gpt-4o: ask the platform team (policy 'gpt-4o\*')" "$tmp/out" &&
    ok "check --staged judges by the staged policy, which does not block itself" || bad "staged policy: $(cat "$tmp/out")"
fi
printf 'policies:\n  bogus: 1\n' > .modelshift.yaml && git add .modelshift.yaml
rc=0; run modelshift check --staged || rc=$?
[ "$rc" -eq 2 ] && grep -q 'error: .modelshift.yaml (staged):2:3: unknown key' "$tmp/out" &&
  ok "a bad staged policy is located" || bad "bad staged policy (rc $rc): $(cat "$tmp/out")"
git reset -q && rm -f .modelshift.yaml deny.py
