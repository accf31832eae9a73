#!/usr/bin/env bash
# The GitHub Action (action.yml), offline: its structure (a composite action
# whose run steps name a shell), then its own step scripts, taken from the
# file and run as the runner would (inputs at their defaults, GITHUB_ENV and
# GITHUB_OUTPUT files), on a pull request made in scratch git repositories: a
# shallow clone of a branch that adds a gpt-5.2 call is blocked (exit-code 1,
# an ::error annotation, a SARIF log naming the model, the verdict step
# fails); a branch that adds a gpt-5.5 call passes.
#   action.sh MODELSHIFT SOURCE_DIR
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1" >&2; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.email ci@example.invalid
git config --global user.name ci
git config --global init.defaultBranch main
git config --global protocol.file.allow always

export T_BASE_REF=main  # github.base_ref of the pull requests below
# Structure, and each step's script written out as <n>.sh with its env.
python3 - "$src/action.yml" "$tmp/steps" <<'PY' || bad "action.yml structure"
import os, re, sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
out = sys.argv[2]
os.makedirs(out)
errors = []
for key in ("name", "description", "inputs", "runs"):
    if key not in action: errors.append("no %s" % key)
runs = action["runs"]
if runs.get("using") != "composite": errors.append("not a composite action")
defaults = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
github = {"base_ref": os.environ["T_BASE_REF"], "event.before": ""}
def expand(text):
    def one(m):
        expr = m.group(1).strip()
        if expr.startswith("inputs."): return defaults[expr[len("inputs."):]]
        if expr.startswith("github."): return github.get(expr[len("github."):], "")
        if expr.startswith("steps."): return "@@STEP_OUTPUT@@"  # filled in when the step runs
        errors.append("unknown expression " + expr)
        return ""
    return re.sub(r"\$\{\{(.*?)\}\}", one, text)
names = []
for i, step in enumerate(runs["steps"]):
    if "run" in step and "shell" not in step: errors.append("step %r has no shell" % step.get("name"))
    if "uses" in step and not re.match(r"^[\w.-]+/[\w./-]+@v\d+$", step["uses"]):
        errors.append("step %r: %s is not pinned to a major version" % (step.get("name"), step["uses"]))
    if "run" not in step: continue
    env = "".join("export %s=%s\n" % (k, "'" + expand(str(v)).replace("'", "'\\''") + "'")
                  for k, v in (step.get("env") or {}).items())
    open(os.path.join(out, "%d.sh" % i), "w").write("set -eo pipefail\n" + env + expand(step["run"]))
    names.append("%d %s" % (i, step["name"]))
open(os.path.join(out, "names"), "w").write("\n".join(names) + "\n")
for e in errors: print("action.yml: " + e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
[ "$fails" -eq 0 ] && ok "action.yml is a composite action with shells and pinned actions"
step() { grep " $1\$" "$tmp/steps/names" | cut -d' ' -f1; }
check_step=$(step "modelshift check")
verdict_step=$(step "Verdict")
given_step=$(step "Use the given binary")
[ -n "$check_step" ] && [ -n "$verdict_step" ] && [ -n "$given_step" ] || { bad "steps missing: $(cat "$tmp/steps/names")"; exit 1; }

# origin: main with a clean call; two pull request branches.
origin=$tmp/origin
mkdir -p "$origin" && cd "$origin" && git init -q
printf 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-5.5", messages=[])\n' >app.py
git add app.py && git commit -qm main
for model in gpt-5.2 gpt-5.5; do
  git checkout -qb "pr-$model" main
  printf 'def more():\n    return OpenAI().chat.completions.create(model="%s", messages=[])\n' "$model" >>app.py
  git commit -qam "pr $model"
done
git checkout -q main

run_pr() {  # run_pr MODEL: the action's steps on a shallow clone of pr-MODEL
  local model=$1 ws=$tmp/ws-$1
  git clone -q --depth 1 --branch "pr-$model" "file://$origin" "$ws"
  export GITHUB_ENV=$tmp/env-$model GITHUB_OUTPUT=$tmp/out-$model
  : >"$GITHUB_ENV"; : >"$GITHUB_OUTPUT"
  (cd "$ws" && INPUT_BINARY=$bin bash -c "sed 's|^export BINARY=.*|export BINARY=\$INPUT_BINARY|' $tmp/steps/$given_step.sh | bash")
  (cd "$ws" && set -a && . "$GITHUB_ENV" && set +a && bash "$tmp/steps/$check_step.sh") >"$tmp/log-$model" 2>&1
}

run_pr gpt-5.2 || bad "the check step itself failed: $(tail -5 "$tmp/log-gpt-5.2")"
grep -q "^exit-code=1$" "$tmp/out-gpt-5.2" && ok "a shallow PR adding gpt-5.2: exit-code 1" ||
  bad "PR adding gpt-5.2: outputs $(cat "$tmp/out-gpt-5.2"); log: $(tail -5 "$tmp/log-gpt-5.2")"
grep -q "^::error .*gpt-5.2" "$tmp/log-gpt-5.2" && ok "an ::error annotation names gpt-5.2" ||
  bad "no ::error annotation: $(tail -5 "$tmp/log-gpt-5.2")"
if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); r=d['runs'][0]['results']; assert any('gpt-5.2' in x['message']['text'] for x in r)" \
     "$tmp/ws-gpt-5.2/modelshift.sarif" 2>/dev/null; then ok "the SARIF log holds the gpt-5.2 result"; else
  bad "the SARIF log lacks gpt-5.2"
fi
verdict() { sed "s/@@STEP_OUTPUT@@/$1/" "$tmp/steps/$verdict_step.sh" | bash >/dev/null 2>&1; }
verdict 1 && bad "the verdict step passes a blocked PR" ||
  ok "the verdict step fails a blocked PR"

run_pr gpt-5.5 || bad "the check step itself failed: $(tail -5 "$tmp/log-gpt-5.5")"
grep -q "^exit-code=0$" "$tmp/out-gpt-5.5" && ok "a PR adding gpt-5.5: exit-code 0" ||
  bad "PR adding gpt-5.5: outputs $(cat "$tmp/out-gpt-5.5"); log: $(tail -5 "$tmp/log-gpt-5.5")"
verdict 0 && ok "the verdict step passes a clean PR" ||
  bad "the verdict step fails a clean PR"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)" >&2; exit 1; }
echo "action: all checks passed"
