#!/usr/bin/env python3
"""Refreshes rules/models/ from a LiteLLM model_prices_and_context_window.json.

For every LiteLLM key of a provider the catalog owns (see OWNERS), the key is
resolved like a token in source code (forms.yaml, then exact ids and aliases,
then family patterns):

- resolves to a listed model: context_window, max_output_tokens and the two
  per-1M-token prices are updated from the key (when several keys reach one
  model, the first-party key wins, then the key spelled exactly as the id);
- resolves to a family only: a model entry is added under that family with
  `source: litellm` (id lower-cased for case-insensitive families), with the
  kind taken from LiteLLM's `mode` when the family is a generic chat one, and
  with shutdown_on from LiteLLM's deprecation_date when it has one;
- resolves to nothing: listed in the report ("keys that match no family").

Pricing variants (image sizes and qualities, Bedrock commitments and steps)
and fine-tune price keys (ft:...) are skipped. Nothing is ever deleted: LiteLLM
drops retired models, which a migration scanner must still know. Lifecycle
facts of entries sourced from model-deprecations.yaml are never changed; when
LiteLLM's deprecation_date disagrees the report says so.

Files are rewritten in the canonical layout (families untouched, models sorted
by id, comments above an entry kept with it), so running the script twice on
the same input leaves the files byte-identical.

usage:
  python3 scripts/catalog/refresh_from_litellm.py PATH/TO/model_prices_and_context_window.json
      [--catalog DIR] [--check] [--no-add] [--report FILE]
  python3 scripts/catalog/refresh_from_litellm.py --format-only
exit status: 0 done (or nothing to change with --check), 1 --check found changes, 2 error.
"""
import argparse
import json
import os
import re
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import catalog_lib as cl  # noqa: E402

# LiteLLM provider -> catalog providers it may update or add to, in the order
# of preference between keys that reach the same model (first-party first).
OWNERS = {
    "openai": ["openai"],
    "text-completion-openai": ["openai"],
    "azure": ["azure_openai"],
    "azure_text": ["azure_openai"],
    "anthropic": ["anthropic"],
    "gemini": ["google"],
    "vertex_ai-language-models": ["google"],
    "vertex_ai-vision-models": ["google"],
    "vertex_ai-embedding-models": ["google"],
    "vertex_ai-image-models": ["google"],
    "vertex_ai-video-models": ["google"],
    "vertex_ai-text-models": ["google"],
    "vertex_ai-chat-models": ["google"],
    "vertex_ai-code-text-models": ["google"],
    "vertex_ai-code-chat-models": ["google"],
    "palm": ["google"],
    "vertex_ai": ["google"],
    "mistral": ["mistral"],
    "codestral": ["mistral"],
    "text-completion-codestral": ["mistral"],
    "cohere": ["cohere"],
    "cohere_chat": ["cohere"],
    "deepseek": ["deepseek"],
    "xai": ["xai"],
    "bedrock": ["amazon", "meta"],
    "bedrock_converse": ["amazon", "meta"],
    "meta_llama": ["meta"],
    "vertex_ai-llama_models": ["meta"],
    "azure_ai": ["meta"],
    "perplexity": ["perplexity"],
    "voyage": ["voyage"],
    "moonshot": ["moonshot"],
    "minimax": ["minimax"],
    # Groq serves Llama and Mixtral under ids of its own (llama-3.3-70b-versatile,
    # mixtral-8x7b-32768) with its own shutdown dates.
    "groq": ["meta", "mistral", "moonshot"],
}
PROVIDER_RANK = {p: i for i, p in enumerate(OWNERS)}

# LiteLLM-only routing prefixes that source code does not use (so forms.yaml
# does not know them); removed before resolving a key.
LITELLM_PREFIX = re.compile(r"^(?:palm|text-completion-openai|text-completion-codestral|codestral|meta_llama)/")
# Keys that are pricing variants of a model, not ids.
VARIANT = re.compile(r"(?:^|/)(?:[0-9]+-x-[0-9]+|max-x-max|hd|standard|low|medium|high|[0-9]+-steps|max-steps|"
                     r"[0-9]+-month-commitment|speech)/")

MODE_KIND = {
    "chat": "chat", "responses": "responses", "completion": "completion", "embedding": "embedding",
    "image_generation": "image", "audio_transcription": "transcription", "audio_speech": "tts",
    "moderation": "moderation", "rerank": "rerank", "video_generation": "video",
}


def facts_from(value):
    out = {}
    for src, dst in (("max_input_tokens", "context_window"), ("max_output_tokens", "max_output_tokens")):
        if isinstance(value.get(src), (int, float)) and value[src] > 0:  # 0 means "not applicable"
            out[dst] = int(value[src])
    for src, dst in (("input_cost_per_token", "input_cost_per_mtok"),
                     ("output_cost_per_token", "output_cost_per_mtok")):
        if isinstance(value.get(src), (int, float)):
            out[dst] = round(float(value[src]) * 1e6, 6)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("litellm_json", nargs="?")
    ap.add_argument("--catalog", default=cl.CATALOG_DIR)
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if files would change")
    ap.add_argument("--no-add", action="store_true", help="only update listed models")
    ap.add_argument("--format-only", action="store_true", help="only rewrite the files in canonical layout")
    ap.add_argument("--report", help="write the report here instead of stdout")
    args = ap.parse_args()
    if not args.format_only and not args.litellm_json:
        ap.error("the LiteLLM JSON file is required (or --format-only)")

    cat = cl.Catalog(args.catalog)
    files = {}
    for path, provider, data in cat.files:
        with open(path, encoding="utf-8") as f:
            _, models_text = cl.split_provider_file(f.read())
        files[provider] = {"path": path, "comments": cl.model_comments(models_text),
                           "models": {m["id"]: dict(m) for m in data.get("models") or []}}

    report = []
    if not args.format_only:
        try:
            with open(args.litellm_json, encoding="utf-8") as f:
                prices = json.load(f)
        except (OSError, ValueError) as e:
            cl.die("cannot read %s: %s" % (args.litellm_json, e))
        best = {}        # (provider, model id) -> (rank, key, value)
        new = {}         # (provider, new id) -> (rank, key, value, family)
        unmatched = {}   # litellm provider -> [keys]
        skipped = 0
        for key in sorted(prices):
            value = prices[key]
            if not isinstance(value, dict) or key == "sample_spec":
                continue
            lp = value.get("litellm_provider")
            owners = OWNERS.get(lp)
            if key.startswith("ft:") or VARIANT.search(key):
                skipped += 1
                continue
            r = cat.resolve(LITELLM_PREFIX.sub("", key))
            if r is None or r.family is None:
                unmatched.setdefault(lp or "?", []).append(key)
                continue
            if not owners or r.family.provider not in owners:
                continue  # another host's copy of a model some other provider owns
            if r.model is not None:
                mid = r.model["id"]
                rank = (PROVIDER_RANK.get(lp, 99), LITELLM_PREFIX.sub("", key) != mid, "/" in key, len(key), key)
                slot = (r.family.provider, mid)
                if slot not in best or rank < best[slot][0]:
                    best[slot] = (rank, key, value)
            elif not args.no_add:
                mid = r.bare.lower() if r.family.case_insensitive else r.bare
                rank = (PROVIDER_RANK.get(lp, 99), "/" in key, len(key), key)
                slot = (r.family.provider, mid)
                if slot not in new or rank < new[slot][0]:
                    new[slot] = (rank, key, value, r.family)

        updated, disagreements = [], []
        for (provider, mid), (_, key, value) in sorted(best.items()):
            m = files[provider]["models"][mid]
            before = dict(m)
            m.update(facts_from(value))
            dd = value.get("deprecation_date")
            if m.get("source") == "litellm":
                if dd:
                    m["shutdown_on"] = dd
                    m.setdefault("deprecated_on", None)
                    m.setdefault("replacement", None)
            elif dd and dd != m.get("shutdown_on"):
                disagreements.append("%s: catalog shutdown_on %s, LiteLLM %s deprecation_date %s" % (
                    mid, m.get("shutdown_on"), key, dd))
            if m != before:
                updated.append("%s (from %s)" % (mid, key))
        added = []
        for (provider, mid), (_, key, value, fam) in sorted(new.items()):
            kind = fam.kind
            mode_kind = MODE_KIND.get(value.get("mode"))
            if fam.kind == "chat" and mode_kind:
                kind = mode_kind
            entry = {"id": mid, "family": fam.id, "kind": kind}
            dd = value.get("deprecation_date")
            if dd:
                entry.update({"deprecated_on": None, "shutdown_on": dd, "replacement": None})
            entry.update(facts_from(value))
            entry["source"] = "litellm"
            files[provider]["models"][mid] = entry
            added.append("%s -> %s (from %s)" % (mid, fam.id, key))

        report.append("LiteLLM refresh from %s" % args.litellm_json)
        report.append("updated %d model(s), added %d, skipped %d pricing-variant/fine-tune key(s)" % (
            len(updated), len(added), skipped))
        for title, rows in (("updated", updated), ("added", added),
                            ("lifecycle disagreements (catalog kept)", disagreements)):
            report.append("")
            report.append("== %s: %d" % (title, len(rows)))
            report.extend("  " + r for r in rows)
        report.append("")
        report.append("== keys that match no family: %d" % sum(len(v) for v in unmatched.values()))
        for lp in sorted(unmatched):
            report.append("  [%s] %d: %s" % (lp, len(unmatched[lp]), " ".join(unmatched[lp])))

    changed = []
    for provider in sorted(files):
        slot = files[provider]
        models = list(slot["models"].values())
        with open(slot["path"], encoding="utf-8") as f:
            text = f.read()
        head, _ = cl.split_provider_file(text)
        rendered = head + cl.render_models(models, slot["comments"])
        if rendered != text:
            changed.append(os.path.relpath(slot["path"], cl.REPO))
            if not args.check:
                with open(slot["path"], "w", encoding="utf-8") as f:
                    f.write(rendered)
    report.append("")
    report.append("%s: %s" % ("would change" if args.check else "files rewritten",
                              ", ".join(changed) if changed else "none"))
    text = "\n".join(report) + "\n"
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
