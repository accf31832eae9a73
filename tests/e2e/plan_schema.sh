#!/usr/bin/env bash
# `plan` and `runbook` output against docs/schema/plan.schema.json and
# runbook.schema.json: YAML (parsed back with PyYAML) and --format json of
# both, on the example and three fixtures; the example's .modelshift.yaml
# against config.schema.json; and a broken plan and runbook must be rejected,
# so the check can fail.
#   plan_schema.sh MODELSHIFT EXAMPLE_TREE FIXTURES_DIR
set -euo pipefail
bin=$1 example=$2 fixtures=$3
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/schema_python.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A call whose model is a parameter (the plan's review list) and a retired
# model with a prompt, an output bound and temperature 0 (tokens, tests).
mkdir "$tmp/review"
cat > "$tmp/review/app.py" <<'SRC'
from openai import OpenAI

client = OpenAI()

def ask(model_name, text):
    return client.chat.completions.create(model=model_name, messages=[{"role": "user", "content": text}])

def old(text):
    return client.chat.completions.create(
        model="gpt-4-0613", max_tokens=100, temperature=0,
        messages=[{"role": "system", "content": "You are a terse assistant."}, {"role": "user", "content": text}])
SRC
mkdir "$tmp/out"
n=0
run() {  # NAME TREE [ARGS...]
  local name=$1 tree=$2 cmd
  shift 2
  for cmd in plan runbook; do
    "$bin" "$cmd" --as-of 2026-11-25 "$@" -o "$tmp/out/$name.$cmd.yaml" "$tree" 2>>"$tmp/stderr"
    "$bin" "$cmd" --as-of 2026-11-25 "$@" --format json -o "$tmp/out/$name.$cmd.json" "$tree" 2>>"$tmp/stderr"
    n=$((n + 2))
  done
}
run acme-assistant "$example"
run links "$fixtures/links"
run sdk-repo "$fixtures/sdk-repo"
run hostile "$fixtures/hostile"
# links plans nothing by date: plan all of it, without a target (unknown)
# and with one (--to), for embeddings, vector stores and strict-mode fixes.
run links-all "$fixtures/links" --from '*'
run links-to "$fixtures/links" --from '*' --to gpt-5.5
run review "$tmp/review"
"$py" - "$root/docs/schema" "$tmp/out" "$example/.modelshift.yaml" <<'PY'
import copy, glob, json, os, sys
import jsonschema, yaml

schema_dir, out_dir, example_config = sys.argv[1:4]


class Loader(yaml.SafeLoader):
    """YAML as the tool reads it: dates stay strings (yaml-cpp, YAML 1.2)."""
    yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                               for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def validator(name):
    schema = json.load(open(os.path.join(schema_dir, name)))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(v, doc):
    return ["/".join(map(str, e.absolute_path)) + ": " + e.message for e in v.iter_errors(doc)]


plan_v, runbook_v, config_v = validator("plan.schema.json"), validator("runbook.schema.json"), validator("config.schema.json")
problems = []
docs = {}
for path in sorted(glob.glob(os.path.join(out_dir, "*.*.*"))):
    base = os.path.basename(path)
    kind = base.split(".")[-2]
    if path.endswith(".yaml"):
        # Plain safe_load must also read it back unchanged (dates are quoted).
        doc = yaml.load(open(path), Loader=Loader)
        if yaml.safe_load(open(path)) != doc:
            problems.append(f"{base}: PyYAML's default reading differs (an unquoted date or number)")
    else:
        doc = json.load(open(path))
    docs[base] = doc
    for e in errors(plan_v if kind == "plan" else runbook_v, doc):
        problems.append(f"{base}: {e}")
# The YAML and the JSON carry the same tree.
for base, doc in docs.items():
    if base.endswith(".yaml") and docs.get(base[:-5] + ".json") != doc:
        problems.append(f"{base}: differs from its --format json twin")
# The example plans something, with a cost, a target and a runbook checklist.
plan = docs["acme-assistant.plan.json"]
if not plan["usages"] or not plan["targets"] or not docs["acme-assistant.runbook.json"]["checklist"]:
    problems.append("acme-assistant: the plan or runbook is empty: the schemas were checked against nothing")
if plan["totals"]["usages"] != len(plan["usages"]):
    problems.append("acme-assistant: totals.usages disagrees with the usages")
# What the other runs are there for.
seen = {
    "review list": bool(docs["review.plan.json"]["review"]),
    "re_index": any(c["action"] == "re_index" for u in docs["links-to.plan.json"]["usages"] for c in u["required_changes"]),
    "unknown target": any(u["target"]["source"] == "unknown" for u in docs["links-all.plan.json"]["usages"]),
    "prompt tokens": any("prompt_tokens" in u["cost"] for u in docs["review.plan.json"]["usages"]),
    "per-month cost": any("per_month_usd" in u["cost"] for u in plan["usages"]),
}
problems += [f"no {what} in any plan: the schema's part for it went unchecked" for what, ok in seen.items() if not ok]
for e in errors(config_v, yaml.load(open(example_config), Loader=Loader)):
    problems.append(f"examples .modelshift.yaml: {e}")

# Broken documents must be rejected, or the checks above prove nothing.
def broken(doc, edit):
    doc = copy.deepcopy(doc)
    edit(doc)
    return doc
usage = plan["usages"][0]
bad_plans = {
    "unknown action": lambda d: d["usages"][0]["required_changes"].append({"action": "rewrite", "at": "a.py:1", "detail": "x"}),
    "risk level": lambda d: d["usages"][0]["risk"].update(level="severe"),
    "target source": lambda d: d["usages"][0]["target"].update(source="guess"),
    "extra key": lambda d: d["usages"][0].update(priority=1),
    "no cost": lambda d: d["usages"][0].pop("cost"),
    "absolute path": lambda d: d["usages"][0]["locations"].append({"kind": "call_site", "at": "/etc/x.py:1"}),
    "bad date": lambda d: d.update(as_of="25.11.2026"),
    "negative cost": lambda d: d["totals"]["cost"]["per_month_usd"].update(current=-1),
}
for what, edit in bad_plans.items():
    if not errors(plan_v, broken(plan, edit)):
        problems.append(f"a plan with a broken {what} passed the schema")
runbook = docs["acme-assistant.runbook.json"]
bad_runbooks = {
    "trigger": lambda d: d["rollback_triggers"].update(error_rate_increase_pct="high"),
    "phase date": lambda d: d["phases"][0].update(start="soon"),
    "traffic step": lambda d: d["phases"][2].update(traffic_steps_pct=[5, 250]),
    "checklist item": lambda d: d["checklist"].append({"item": "pray", "owner": "x", "usage": usage["id"]}),
}
for what, edit in bad_runbooks.items():
    if not errors(runbook_v, broken(runbook, edit)):
        problems.append(f"a runbook with a broken {what} passed the schema")
for p in problems:
    print("FAIL:", p, file=sys.stderr)
print(f"plan_schema: {len(docs)} documents, {len(bad_plans) + len(bad_runbooks)} broken ones, {len(problems)} problems")
sys.exit(1 if problems else 0)
PY
[ "$n" -eq 28 ]
