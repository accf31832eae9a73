"""Checks what `modelshift plan`, `runbook` and `runbook --kit` write
(tests/e2e/plan.sh). Each subcommand exits non-zero with the first broken
invariant; plan.sh also feeds it broken copies, so the checks can fail.

  plan_check.py plan PLAN.yaml INVENTORY.json RULES_DIR
      every deprecated or retired finding (not in an SDK's own package) is in
      exactly one planned usage's own locations; ids unique; target, owner and
      risk (level from rules/risk.yaml, score = sum of reasons) on every usage;
      the customer-facing few-shot function-calling triage outranks the
      internal backfill script; parameter changes of every planned call agree
      with the target's facts (rules/models/facts.yaml)
  plan_check.py inventory INVENTORY.json
      every finding except SDK definitions belongs to exactly one usage
  plan_check.py kit KIT_DIR PLAN.yaml INVENTORY.json
  plan_check.py runbook RUNBOOK.yaml RULES_DIR START
"""
import csv
import datetime
import glob
import io
import json
import os
import sys

import yaml

LEVELS = ("high", "medium", "low")
TEXT_CONTEXTS = ("comment", "docs", "docstring")
CRLF = b"\r\n"


def fail(msg):
    sys.exit(f"plan_check: {msg}")


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def at_of(f):
    return f"{f['path']}:{f['line']}:{f['column']}"


def own_locations(u):
    return [(loc["kind"], loc["at"]) for loc in u["locations"] if not loc.get("shared")]


def call_usage(plan, path):
    hits = [u for u in plan["usages"]
            if any(k == "call_site" and at.startswith(path + ":") for k, at in own_locations(u))]
    if len(hits) != 1:
        fail(f"expected one planned call usage in {path}, found {len(hits)}")
    return hits[0]


# ---------------------------------------------------------------- plan

def check_coverage(plan, inv):
    """Each deprecated/retired finding in exactly one usage's own locations."""
    seen = {}
    for u in plan["usages"]:
        for loc in own_locations(u):
            seen.setdefault(loc, []).append(u["id"])
    moving = ("deprecated", "retired")
    wanted = [f for f in inv["findings"] if f.get("context") != "sdk_definition" and
              (f.get("status") in moving or set(f.get("by_status") or {}) & set(moving))]
    if not wanted:
        fail("the inventory has no deprecated finding: coverage would hold vacuously")
    for f in wanted:
        ids = seen.get((f["kind"], at_of(f)), [])
        if len(ids) != 1:
            fail(f"{f['kind']} {at_of(f)} ({f.get('canonical')}, {f.get('status') or f.get('by_status')}) is in {len(ids)} planned usages {ids}")
    sdk = sum(f.get("context") == "sdk_definition" for f in inv["findings"])
    if plan["excluded"]["sdk_definition_findings"] != sdk:
        fail(f"excluded.sdk_definition_findings {plan['excluded']['sdk_definition_findings']} != {sdk}")


def check_usage(u, levels):
    uid = u["id"]
    t = u["target"]
    if not t.get("model"):
        fail(f"{uid}: no target model")
    if t["model"] == "unknown" and not t.get("reason"):
        fail(f"{uid}: target unknown without a reason")
    if not u.get("owner"):
        fail(f"{uid}: no owner")
    if (u["owner"] == "unowned") != (not u["owners"]):
        fail(f"{uid}: owner {u['owner']!r} disagrees with owners {u['owners']}")
    r = u["risk"]
    if r["level"] not in LEVELS:
        fail(f"{uid}: risk level {r['level']!r}")
    if r["score"] != 0 and not r["reasons"]:
        fail(f"{uid}: score {r['score']} without a reason")
    total = sum(x["points"] for x in r["reasons"])
    if abs(total - r["score"]) > 1e-9:
        fail(f"{uid}: score {r['score']} is not the sum of its reasons ({total})")
    want = "high" if r["score"] >= levels["high"] else "medium" if r["score"] >= levels["medium"] else "low"
    if r["level"] != want:
        fail(f"{uid}: score {r['score']} is level {want}, not {r['level']}")
    if not u["locations"] or u["locations"][0].get("shared"):
        fail(f"{uid}: no own location")
    if not u["phase"]:
        fail(f"{uid}: no phase")


def check_ranking(plan):
    triage = call_usage(plan, "services/support/triage.py")
    script = call_usage(plan, "scripts/backfill_titles.py")
    scores = sorted((u["risk"]["score"] for u in plan["usages"]), reverse=True)
    rank = {u["id"]: scores.index(u["risk"]["score"]) + 1 for u in (triage, script)}
    if triage["surface"]["value"] != "customer_facing" or script["surface"]["value"] != "internal":
        fail(f"surfaces: triage {triage['surface']['value']}, backfill {script['surface']['value']}")
    factors = {x["factor"] for x in triage["risk"]["reasons"]}
    for need in ("customer_facing", "few_shot", "function_calling"):
        if need not in factors:
            fail(f"triage risk lacks the {need} reason")
    if triage["risk"]["level"] != "high":
        fail(f"triage is {triage['risk']['level']}, not high")
    if not (triage["risk"]["score"] > script["risk"]["score"] and rank[triage["id"]] <= rank[script["id"]]):
        fail(f"triage (score {triage['risk']['score']}, rank {rank[triage['id']]}) does not outrank "
             f"backfill (score {script['risk']['score']}, rank {rank[script['id']]})")
    # Low-risk internal usages go first, high-risk customer-facing ones get shadow traffic.
    if (script["phase"], triage["phase"]) != ("early", "shadow-canary"):
        fail(f"phases: backfill {script['phase']}, triage {triage['phase']}")
    for u in plan["usages"]:
        at = u["locations"][0]
        if u["current"].get("model") != "table" and u["kind"] == "reference" and u["risk"]["level"] == "high":
            k = next(f for f in PLAN_INVENTORY["findings"] if (f["kind"], at_of(f)) == (at["kind"], at["at"]))
            if k.get("context") in TEXT_CONTEXTS:
                fail(f"{u['id']}: a mention in a {k['context']} is high risk")


def fact_sets(rules_dir):
    facts = load_yaml(os.path.join(rules_dir, "models", "facts.yaml"))
    return {s["id"]: s for s in facts["sets"]}


def target_facts(rules_dir, model):
    """The fact set ids of the family (or model entry) that lists `model`."""
    for path in sorted(glob.glob(os.path.join(rules_dir, "models", "*.yaml"))):
        doc = load_yaml(path)
        if not isinstance(doc, dict):
            continue
        for fam in doc.get("families") or []:
            names = [fam.get("name")] + list((fam.get("examples") or {}).get("match") or [])
            if model in names:
                return fam.get("facts") or []
    return None


def expected_changes(sets, set_ids, api, params):
    rules = {}
    for sid in set_ids:
        for r in sets[sid].get("parameters") or []:
            for a in r.get("apis") or ["*"]:
                rules[(r["parameter"], a)] = r
    norm = lambda s: s.replace("_", "").replace("-", "").lower()
    out = set()
    for (name, a), r in rules.items():
        if a not in ("*", api):
            continue
        found = [p for p in params if norm(p) == norm(name)]
        act = r["action"]
        if act == "rename" and found:
            out.add(("rename_parameter", found[0]))
        elif act == "remove" and found:
            out.add(("remove_parameter", found[0]))
        elif act == "fixed" and found and params[found[0]] != r["value"]:
            out.add(("fix_parameter", found[0]))
        elif act == "require" and not found:
            out.add(("add_parameter", name))
        elif act == "recheck" and found:
            out.add(("recheck_parameter", found[0]))
    return out


def check_parameter_changes(plan, inv, rules_dir):
    sets = fact_sets(rules_dir)
    by_at = {("call_site", at_of(f)): f for f in inv["findings"] if f["kind"] == "call_site"}
    checked = 0
    for u in plan["usages"]:
        call = by_at.get(tuple(own_locations(u)[0]))
        set_ids = target_facts(rules_dir, u["target"]["model"]) if call else None
        if not call or set_ids is None:
            continue
        params = call.get("parameters") or {}
        if isinstance(params, list):
            params = {p["name"]: p["value"] for p in params}
        params = {k: json.dumps(v) for k, v in params.items()}
        want = expected_changes(sets, set_ids, call.get("api"), params)
        got = {(c["action"], c["parameter"]) for c in u["required_changes"] if c["action"].endswith("_parameter")}
        if want != got:
            fail(f"{u['id']} ({u['locations'][0]['at']}): parameter changes {sorted(got)}, facts say {sorted(want)}")
        checked += 1
    triage = call_usage(plan, "services/support/triage.py")
    got = {(c["action"], c.get("parameter"), c.get("to")) for c in triage["required_changes"]}
    for need in (("rename_parameter", "max_tokens", "max_completion_tokens"), ("recheck_parameter", "temperature", None)):
        if need not in got:
            fail(f"triage lacks {need}")
    if checked < 3:
        fail(f"only {checked} planned calls checked against the catalog facts")


def cmd_plan(plan_path, inv_path, rules_dir):
    global PLAN_INVENTORY
    plan, inv = load_yaml(plan_path), json.load(open(inv_path, encoding="utf-8"))
    PLAN_INVENTORY = inv
    levels = load_yaml(os.path.join(rules_dir, "risk.yaml"))["levels"]
    ids = [u["id"] for u in plan["usages"]] + [r["id"] for r in plan["review"]]
    if len(ids) != len(set(ids)):
        fail("usage ids are not unique")
    for u in plan["usages"]:
        check_usage(u, levels)
    if plan["totals"]["usages"] != len(plan["usages"]):
        fail("totals.usages disagrees with the usages")
    check_coverage(plan, inv)
    check_ranking(plan)
    check_parameter_changes(plan, inv, rules_dir)


def cmd_inventory(inv_path):
    inv = json.load(open(inv_path, encoding="utf-8"))
    owner = {}
    for u in inv["usages"]:
        for fp in u["findings"]:
            owner.setdefault(fp, []).append(u["id"])
    for f in inv["findings"]:
        n = len(owner.get(f["fingerprint"], []))
        want = 0 if f.get("context") == "sdk_definition" else 1
        if n != want:
            fail(f"{f['kind']} {at_of(f)} belongs to {n} usages, not {want}")
    if len(inv["usages"]) != inv["summary"]["usages"]:
        fail("summary.usages disagrees with the usages")


# ---------------------------------------------------------------- kit

def read_csv(path):
    raw = open(path, "rb").read()
    if not raw.endswith(CRLF):
        fail(f"{path}: does not end with CRLF")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    # Every record ends with CRLF: bare LFs only inside quoted fields.
    if raw.count(CRLF) != len(rows):
        fail(f"{path}: {raw.count(CRLF)} CRLF line ends for {len(rows)} records")
    return rows


def cmd_kit(kit, plan_path, inv_path):
    for name in ("runbook.yaml", "plan.yaml", "models_config.yaml", "feature_flags.yaml", "prompt_tests.csv",
                 "inventory.csv"):
        if not os.path.isfile(os.path.join(kit, name)):
            fail(f"kit lacks {name}")
    plan, inv = load_yaml(plan_path), json.load(open(inv_path, encoding="utf-8"))
    by_fp = {f["fingerprint"]: f for f in inv["findings"]}
    by_at = {(f["kind"], at_of(f)): f for f in inv["findings"]}
    rows = read_csv(os.path.join(kit, "prompt_tests.csv"))
    if rows[0] != ["id", "owner", "priority", "prompt", "expected_output", "similarity_threshold"]:
        fail(f"prompt_tests.csv header {rows[0]}")
    want = {}
    for u in plan["usages"]:
        for k, at in own_locations(u):
            if k == "prompt":
                want["p-" + by_at[(k, at)]["fingerprint"]] = u
    got = {r[0]: r for r in rows[1:]}
    if len(got) != len(rows) - 1 or set(got) != set(want) or not want:
        fail(f"prompt_tests.csv rows {sorted(got)} != prompts of the planned usages {sorted(want)}")
    multi = 0
    for pid, r in got.items():
        u = want[pid]
        if len(r) != 6 or r[1].lstrip("'") != u["owner"] or r[2] != u["risk"]["level"]:
            fail(f"prompt_tests.csv row {pid}: {r[:3]} vs owner {u['owner']}, {u['risk']['level']}")
        multi += "\n" in r[3]
        if by_fp[pid[2:]]["kind"] != "prompt" or not r[3].strip():
            fail(f"prompt_tests.csv row {pid}: not a prompt, or an empty one")
    if not multi:
        fail("no multi-line prompt in prompt_tests.csv: quoting of newlines is untested")
    inv_rows = read_csv(os.path.join(kit, "inventory.csv"))
    if len(inv_rows) - 1 != len(inv["findings"]) or any(len(r) != len(inv_rows[0]) for r in inv_rows):
        fail(f"inventory.csv has {len(inv_rows) - 1} rows for {len(inv['findings'])} findings")
    models = load_yaml(os.path.join(kit, "models_config.yaml"))["models"]
    for name, g in models.items():
        if not {"current", "legacy_alias", "fallback", "usages"} <= set(g):
            fail(f"models_config.yaml {name}: {sorted(g)}")
    flags = {f["usage"]: f for f in load_yaml(os.path.join(kit, "feature_flags.yaml"))["flags"]}
    facing = [u for u in plan["usages"] if u["surface"]["value"] == "customer_facing"
              and u["kind"] != "catalogue" and u["target"]["model"] != "unknown"]
    if not facing:
        fail("no customer-facing usage: flags would hold vacuously")
    for u in facing:
        f = flags.get(u["id"])
        # A flag cannot fall back to a model that is already shut down.
        want = "target" if u["current"].get("status") == "retired" else "legacy"
        if not f or f["default"] != want or f["variants"]["legacy"] != u["current"]["model"] \
                or f["variants"]["target"] != u["target"]["model"]:
            fail(f"customer-facing {u['id']} has no flag defaulting to {want}: {f}")
    if set(flags) - {u["id"] for u in facing}:
        fail(f"flags for usages that are not customer-facing: {sorted(set(flags) - {u['id'] for u in facing})}")


def cmd_runbook(rb_path, rules_dir, start):
    rb = load_yaml(rb_path)
    days = {p["id"]: p["days"] for p in load_yaml(os.path.join(rules_dir, "plan.yaml"))["runbook"]["phases"]}
    ids = [p["id"] for p in rb["phases"]]
    if ids != ["audit", "testing", "canary", "full_rollout"]:
        fail(f"runbook phases {ids}")
    day = datetime.date.fromisoformat(start)
    for p in rb["phases"]:
        s, e = (datetime.date.fromisoformat(str(p[k])) for k in ("start", "end"))
        if s != day or e != s + datetime.timedelta(days=days[p["id"]]):
            fail(f"phase {p['id']}: {s} .. {e}, expected start {day} and {days[p['id']]} days")
        day = e
    if rb["phases"][2].get("traffic_steps_pct") != [5, 25, 50, 100]:
        fail(f"canary steps {rb['phases'][2].get('traffic_steps_pct')}")
    for k in ("error_rate_increase_pct", "p99_latency_increase_ms", "quality_score_drop_pct"):
        if k not in rb["rollback_triggers"]:
            fail(f"rollback trigger {k} missing")


PLAN_INVENTORY = None

if __name__ == "__main__":
    cmds = {"plan": cmd_plan, "inventory": cmd_inventory, "kit": cmd_kit, "runbook": cmd_runbook}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        fail(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])
