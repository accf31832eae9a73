#!/usr/bin/env python3
"""Merges the facts of model-deprecations.yaml (and the few seed ids below) into
the `models:` sections of rules/models/<provider>.yaml.

Run it after the reference file gains rows; it is idempotent. For every model
id the reference names it (re)writes the lifecycle fields, kind, aliases,
`uncertain` and the comment above the entry, and sets source to
model-deprecations.yaml. Context windows and prices already on an entry are
kept (refresh_from_litellm.py owns them). Entries that come only from LiteLLM
are left alone. Families are never touched: the id is placed in the family
whose pattern accepts it (FAMILY_OVERRIDES for ids no pattern accepts).

Choices the reference leaves open are made here, in code, so they are
reviewable: which row wins when an id has two, and which single id the
`replacement` field gets when the provider named several (the others go in a
comment). See docs/catalog.md.

usage: python3 scripts/catalog/import_deprecations.py [--reference FILE] [--catalog DIR] [--check]
"""
import argparse
import os
import re
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import catalog_lib as cl  # noqa: E402

DEFAULT_REFERENCE = os.path.join(os.path.dirname(cl.REPO), "shared", "reference",
                                 "model-deprecations.yaml")
SOURCE = "model-deprecations.yaml"
NOT_MODEL_IDS = re.compile(r"^/|^OpenAI-Beta:|^Assistants API$|\*")
ID_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:[-.][a-z0-9]+)+")

# Page labels for "fine-tunes on this base" match no pattern; fine-tuned ids
# themselves (ft:<base>:...) resolve to the base through forms.yaml.
FAMILY_OVERRIDES = {
    "ft-babbage-002": "openai.gpt-3-002",
    "ft-davinci-002": "openai.gpt-3-002",
    "ft-gpt-3.5-turbo": "openai.gpt",
    "ft-gpt-4": "openai.gpt",
    "ft-gpt-4.1-nano-2025-04-14": "openai.gpt",
    "ft-o4-mini-2025-04-16": "openai.o-series",
}

# Replacement text that is not "an id, maybe followed by alternatives".
REPLACEMENT_OVERRIDES = {
    "Mistral Medium 3.5 (model card slug mistral-medium-3-5-26-04; API id not seen)": "Mistral Medium 3.5",
    "Ministral 3 14B": "Ministral 3 14B",
    "Mistral Large 3": "Mistral Large 3",
    "Codestral 25.08 (codestral-2508)": "codestral-2508",
    "Gemini 3.5 Flash (gemini-3.5-flash)": "gemini-3.5-flash",
    "the most capable cyber model available to the organisation (no id given)": None,
    "the most capable cyber model available to the organisation": None,
}

# Platform spellings the generic forms do not turn into the first-party id.
EXTRA_ALIASES = {
    "claude-2.1": ["claude-v2:1"],                       # Bedrock anthropic.claude-v2:1
    "claude-3-5-sonnet-20241022": ["claude-3-5-sonnet-v2", "claude-3-5-sonnet-v2@20241022"],  # Vertex
    "claude-opus-4-20250514": ["claude-4-opus-20250514"],    # LiteLLM spelling
    "claude-sonnet-4-20250514": ["claude-4-sonnet-20250514"],
    "claude-haiku-4-5-20251001": ["claude-haiku-4-5"],
    "claude-opus-4-5-20251101": ["claude-opus-4-5"],
    "o1-mini": ["o1-mini-2024-09-12"],                   # the snapshot the alias pointed at
    "o1-preview": ["o1-preview-2024-09-12"],
    "command": ["command-text-v14"],                     # Bedrock cohere.command-text-v14
    "command-light": ["command-light-text-v14"],
    "embed-english-v3.0": ["embed-english-v3"],          # Bedrock cohere.embed-english-v3
    "embed-multilingual-v3.0": ["embed-multilingual-v3"],
    "embed-v4.0": ["embed-v-4-0", "embed-v4:0"],         # Azure AI / Bedrock
    "rerank-v3.5": ["rerank-v3-5:0"],                    # Bedrock cohere.rerank-v3-5:0
    "gpt-oss-120b": ["gpt-oss-120b-1:0"],                # Bedrock openai.gpt-oss-120b-1:0
    "gpt-oss-20b": ["gpt-oss-20b-1:0"],
    "titan-embed-text-v2": ["titan-embed-text-v2:0"],
    "titan-text-premier-v1": ["titan-text-premier-v1:0"],
    "titan-image-generator-v1": ["titan-image-generator-v1:0"],
    "titan-image-generator-v2": ["titan-image-generator-v2:0"],
}

# Ids the reference does not list as rows. (id, provider, kind, source, lifecycle, comment)
SEEDS = [
    # The mission: gpt-5.2 tiers go to the matching gpt-5.5 tier.
    ("gpt-5.2", "openai", "chat", "migration-guide", ("2026-06-12", None, "gpt-5.5"), None),
    ("gpt-5.2-mini", "openai", "chat", "migration-guide", ("2026-06-12", None, "gpt-5.5-mini"), None),
    ("gpt-5.2-nano", "openai", "chat", "migration-guide", ("2026-06-12", None, "gpt-5.5-nano"), None),
    ("gpt-5.2-pro", "openai", "responses", "migration-guide", ("2026-06-12", None, "gpt-5.5-pro"), None),
    ("embedding-5.2", "openai", "embedding", "migration-guide", ("2026-06-12", None, "embedding-5.5"), None),
    ("gpt-5.5", "openai", "chat", "migration-guide", None, None),
    ("gpt-5.5-mini", "openai", "chat", "migration-guide", None, None),
    ("gpt-5.5-nano", "openai", "chat", "migration-guide", None, None),
    ("gpt-5.5-pro", "openai", "responses", "migration-guide", None, None),
    ("embedding-5.5", "openai", "embedding", "migration-guide", None, None),
    # Named in model-identifier-shapes.md (2026 pages) but in no reference row.
    ("claude-opus-4-6", "anthropic", "chat", "shapes-notes", None, None),
    ("claude-opus-4-7", "anthropic", "chat", "shapes-notes", None, None),
    ("claude-opus-5", "anthropic", "chat", "shapes-notes", None, None),
    ("claude-sonnet-5", "anthropic", "chat", "shapes-notes", None, None),
    ("claude-fable-5", "anthropic", "chat", "shapes-notes", None, None),
    ("claude-opus-4-5-20251101", "anthropic", "chat", "shapes-notes", None, None),
    ("gpt-6.1-sol", "openai", "chat", "shapes-notes", None, None),
    ("gpt-5.4-cyber", "openai", "chat", "shapes-notes", None, None),
    # Current ids that need an alias before the LiteLLM refresh sees them.
    ("claude-haiku-4-5-20251001", "anthropic", "chat", "litellm", None, None),
    ("command-r-08-2024", "cohere", "chat", "litellm", None, None),
    ("command-r-plus-08-2024", "cohere", "chat", "litellm", None, None),
    ("embed-english-v3.0", "cohere", "embedding", "litellm", None, None),
    ("embed-multilingual-v3.0", "cohere", "embedding", "litellm", None, None),
    ("embed-v4.0", "cohere", "embedding", "litellm", None, None),
    ("rerank-v3.5", "cohere", "rerank", "litellm", None, None),
    ("gpt-oss-120b", "openai", "chat", "litellm", None, None),
    ("gpt-oss-20b", "openai", "chat", "litellm", None, None),
    ("titan-embed-text-v2", "amazon", "embedding", "litellm", None, None),
    ("titan-text-premier-v1", "amazon", "chat", "litellm", None, None),
    ("titan-image-generator-v1", "amazon", "image", "litellm", None, None),
    ("titan-image-generator-v2", "amazon", "image", "litellm", None, None),
]

# Replacement ids not to add as models of their own (generic names, not callable ids).
NOT_A_MODEL = {"omni-moderation"}


def pick_replacement(text):
    """(replacement, other ids named, note) from the printed replacement text."""
    if text is None:
        return None, [], None
    if text in REPLACEMENT_OVERRIDES:
        first = REPLACEMENT_OVERRIDES[text]
        others = [t for t in ID_TOKEN.findall(text) if t != first and not t.startswith("mistral-medium-3-5")]
        return first, others, None
    ids = [t for t in ID_TOKEN.findall(text) if t not in ("reasoning.mode",)]
    if not ids:
        return None, [], None
    # after the first, only digit-bearing tokens are ids ("latency-sensitive" is prose)
    ids = ids[:1] + [t for t in ids[1:] if re.search(r"[0-9]", t)]
    note = None
    if "reasoning.mode: pro" in text:
        note = "to be called with reasoning mode 'pro'"
    elif "latency-sensitive" in text:
        note = "%s is suggested where latency matters and reasoning is not needed" % ids[-1]
    return ids[0], [i for i in ids[1:] if i != ids[0]], note


def choose(rows):
    """The row that sets the entry when the reference has several for one id."""
    def rank(e):
        return (e.get("kind") == "fine-tuning",                # the model row over a fine-tuning notice
                e.get("platform") not in (None, "gemini-api"),  # first-party Gemini API over Vertex
                e.get("deprecated_on") or "9999")               # else the earliest announcement
    return sorted(rows, key=rank)


def describe(e):
    parts = []
    if e.get("kind") == "fine-tuning":
        parts.append("fine-tuning of this base")
    if e.get("platform"):
        parts.append("on %s" % e["platform"])
    facts = "deprecated %s, shutdown %s" % (e.get("deprecated_on") or "n/a", e.get("shutdown_on") or "n/a")
    rpl, _, _ = pick_replacement(e.get("replacement"))
    if rpl:
        facts += ", replacement %s" % rpl
    return "%s: %s" % (" ".join(parts) or "another row", facts)


def entry_comments(rows, chosen):
    e = rows[0]
    out = []
    rpl, others, note = pick_replacement(e.get("replacement"))
    if e.get("replacement") and rpl is None:
        out.append("# no replacement id given: the provider points to its most capable model of that line")
    if others:
        out.append("# replacement alternatives named: %s" % ", ".join(others))
    if note:
        out.append("# replacement note: %s" % note)
    hist = [h.get("value") for h in e.get("replacement_history") or []]
    hist = [h for h in hist if h and h != e.get("replacement")]
    if hist:
        out.append("# replacement given elsewhere: %s" % "; ".join(hist))
    if e.get("platform") and e.get("platform") != "gemini-api":
        out.append("# dates are the %s ones" % e["platform"])
    for other in rows[1:]:
        out.append("# also listed, %s" % describe(other))
    if e.get("model", "").startswith("ft-"):
        out.append("# page label for fine-tunes of this base; ft:<base>:... ids resolve to the base itself")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", default=DEFAULT_REFERENCE)
    ap.add_argument("--catalog", default=cl.CATALOG_DIR)
    ap.add_argument("--check", action="store_true", help="report what would change, write nothing")
    args = ap.parse_args()

    cat = cl.Catalog(args.catalog)
    ref = cl.load_yaml(args.reference)
    by_id = {}
    for e in ref.get("entries") or []:
        mid = str(e.get("model"))
        if NOT_MODEL_IDS.search(mid):
            continue
        by_id.setdefault(mid, []).append(e)

    # current entries per file, with their comments
    files = {}
    for path, provider, data in cat.files:
        with open(path, encoding="utf-8") as f:
            _, models_text = cl.split_provider_file(f.read())
        files[provider] = {"path": path, "models": {m["id"]: dict(m) for m in data.get("models") or []},
                           "comments": cl.model_comments(models_text)}

    def family_for(mid):
        if mid in FAMILY_OVERRIDES:
            return cat.family_by_id[FAMILY_OVERRIDES[mid]]
        return next((f for f in cat.families if f.matches(mid)), None)

    def put(provider, entry, comments):
        slot = files[provider]
        old = slot["models"].get(entry["id"], {})
        for key in ("context_window", "max_output_tokens", "input_cost_per_mtok", "output_cost_per_mtok", "facts"):
            if key in old and key not in entry:
                entry[key] = old[key]
        if old.get("source") == "litellm" and entry.get("source") == "litellm":
            # a LiteLLM-sourced seed: the refresh owns its kind and lifecycle
            for key in ["kind"] + cl.LIFECYCLE_KEYS:
                if key in old:
                    entry[key] = old[key]
        slot["models"][entry["id"]] = entry
        if comments:
            slot["comments"][entry["id"]] = comments
        else:
            slot["comments"].pop(entry["id"], None)

    problems = []
    for mid in sorted(by_id):
        rows = choose(by_id[mid])
        e = rows[0]
        fam = family_for(mid)
        if fam is None:
            problems.append("no family accepts %s (add a pattern or FAMILY_OVERRIDES)" % mid)
            continue
        rpl, _, _ = pick_replacement(e.get("replacement"))
        aliases = sorted(set(e.get("aliases") or []) | set(EXTRA_ALIASES.get(mid, [])))
        entry = {"id": mid, "family": fam.id,
                 "kind": e["kind"] if e.get("kind") in cl.KINDS else fam.kind}
        if aliases:
            entry["aliases"] = aliases
        entry.update({"deprecated_on": e.get("deprecated_on"), "shutdown_on": e.get("shutdown_on"),
                      "replacement": rpl})
        if any(r.get("uncertain") for r in rows[:1]):
            entry["uncertain"] = True
        entry["source"] = SOURCE
        put(fam.provider, entry, entry_comments(rows, e))

    listed = set()
    for slot in files.values():
        for m in slot["models"].values():
            listed.add(m["id"])
            listed.update(m.get("aliases") or [])

    for mid, provider, kind, source, lifecycle, comment in SEEDS:
        fam = family_for(mid)
        if fam is None or fam.provider != provider:
            problems.append("seed %s: no %s family accepts it" % (mid, provider))
            continue
        old = files[provider]["models"].get(mid)
        if old is not None and old.get("source") == SOURCE:
            continue  # the reference row wins
        entry = {"id": mid, "family": fam.id, "kind": kind}
        aliases = EXTRA_ALIASES.get(mid)
        if aliases:
            entry["aliases"] = sorted(aliases)
        if lifecycle:
            entry.update(dict(zip(cl.LIFECYCLE_KEYS, lifecycle)))
        entry["source"] = source
        put(provider, entry, [comment] if comment else files[provider]["comments"].get(mid))
        listed.add(mid)
        listed.update(aliases or [])

    # replacement targets: known-shaped ids the reference recommends
    for mid in sorted(by_id):
        rpl, others, _ = pick_replacement(by_id[mid][0].get("replacement"))
        for target in [rpl] + others:
            if not target or target in listed or target in NOT_A_MODEL or not ID_TOKEN.fullmatch(target):
                continue
            fam = family_for(target)
            if fam is None:
                continue
            put(fam.provider, {"id": target, "family": fam.id, "kind": fam.kind, "source": SOURCE},
                ["# named as a replacement in the reference; no lifecycle facts of its own"])
            listed.add(target)

    changed = []
    for provider, slot in sorted(files.items()):
        models = list(slot["models"].values())
        if args.check:
            with open(slot["path"], encoding="utf-8") as f:
                text = f.read()
            head, _ = cl.split_provider_file(text)
            if head + cl.render_models(models, slot["comments"]) != text:
                changed.append(slot["path"])
        elif cl.write_provider_file(slot["path"], models, slot["comments"]):
            changed.append(slot["path"])
    for p in problems:
        print("warning: " + p)
    for path in changed:
        print("%s %s" % ("would change" if args.check else "updated", os.path.relpath(path, cl.REPO)))
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
