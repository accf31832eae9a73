#!/usr/bin/env python3
"""Validates the model catalog in rules/models/ (maintainer check; the C++ test
suite runs the same examples through the real loader).

Checks: schema of providers.yaml and every provider file; unique family ids,
model ids and aliases; family references; dates; patterns compile (RE2-safe
subset, matched whole); every family example resolves through forms.yaml and
first-match-wins to that family (match) or not to it (no_match); every model
id and alias resolves to its own entry and, when a family pattern accepts it,
to its own family; family keywords occur in every id the family matches;
models sorted and the file in the layout the refresh script writes; every id
of model-deprecations.yaml is listed; facts.yaml (fact sets: every parameter
rule, note and tokenizer fact sourced; closed lists of actions, apis and
encodings) and every `facts:` reference of a family or model.

usage: python3 scripts/catalog/check_catalog.py [--catalog DIR] [--reference FILE] [-v]
exit status: 0 clean, 1 problems found, 2 could not run.
"""
import argparse
import os
import re
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import catalog_lib as cl  # noqa: E402
from check_facts import check_facts  # noqa: E402

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DEFAULT_REFERENCE = os.path.join(os.path.dirname(cl.REPO), "shared", "reference",
                                 "model-deprecations.yaml")
# Rows of model-deprecations.yaml that name no model id (API endpoints,
# headers, "all Imagen models"); they belong to other rule files.
NOT_MODEL_IDS = re.compile(r"^/|^OpenAI-Beta:|^Assistants API$|\*")


class Report:
    def __init__(self):
        self.errors, self.warnings = [], []

    def err(self, where, msg):
        self.errors.append("%s: %s" % (where, msg))

    def warn(self, where, msg):
        self.warnings.append("%s: %s" % (where, msg))


def rel(path):
    return os.path.relpath(path, cl.REPO)


def check_date(rep, where, key, value):
    if value is None:
        return
    if not isinstance(value, str) or not DATE.fullmatch(value):
        rep.err(where, "%s must be an ISO date yyyy-mm-dd or null, got %r" % (key, value))
        return
    import datetime
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        rep.err(where, "%s is not a real date: %s" % (key, value))


def check_lifecycle(rep, where, d):
    for key in ("deprecated_on", "shutdown_on"):
        check_date(rep, where, key, d.get(key))
    r = d.get("replacement")
    if r is not None and not isinstance(r, str):
        rep.err(where, "replacement must be a string or null")
    dep, shut = d.get("deprecated_on"), d.get("shutdown_on")
    if isinstance(dep, str) and isinstance(shut, str) and dep > shut:
        rep.warn(where, "deprecated_on %s is after shutdown_on %s" % (dep, shut))


def check_providers(rep, cat):
    where = "rules/models/providers.yaml"
    data = cat.providers
    if not isinstance(data, dict) or set(data) != {"providers"}:
        rep.err(where, "must hold exactly one key, providers")
        return set()
    ids = []
    for p in data["providers"] or []:
        if not isinstance(p, dict) or set(p) != {"id", "name"}:
            rep.err(where, "each provider needs exactly id and name: %r" % (p,))
            continue
        if not re.fullmatch(r"[a-z][a-z0-9_]*", str(p["id"])):
            rep.err(where, "provider id must be lower-case: %s" % p["id"])
        ids.append(p["id"])
    if len(ids) != len(set(ids)):
        rep.err(where, "duplicate provider ids")
    for pid in ids:
        if not os.path.exists(os.path.join(cat.dir, pid + ".yaml")):
            rep.err(where, "provider %s has no file %s.yaml" % (pid, pid))
    return set(ids)


def check_files(rep, cat, provider_ids):
    family_ids = {}
    names = {}
    for path, provider, data in cat.files:
        where = rel(path)
        if not isinstance(data, dict):
            rep.err(where, "not a mapping")
            continue
        extra = set(data) - {"provider", "families", "models"}
        if extra:
            rep.err(where, "unknown top-level keys %s" % sorted(extra))
        if provider not in provider_ids:
            rep.err(where, "provider %r is not in providers.yaml" % provider)
        if os.path.basename(path) != "%s.yaml" % provider:
            rep.err(where, "file name must be <provider>.yaml")
        for raw in data.get("families") or []:
            fwhere = "%s: family %s" % (where, raw.get("id"))
            missing = cl.FAMILY_REQUIRED - set(raw)
            if missing:
                rep.err(fwhere, "missing keys %s" % sorted(missing))
            unknown = set(raw) - cl.FAMILY_KEYS
            if unknown:
                rep.err(fwhere, "unknown keys %s" % sorted(unknown))
            fid = raw.get("id")
            if fid in family_ids:
                rep.err(fwhere, "duplicate family id (also in %s)" % family_ids[fid])
            family_ids[fid] = where
            if not str(fid).startswith(provider + "."):
                rep.err(fwhere, "family id must start with '%s.'" % provider)
            kws = raw.get("keywords")
            if not isinstance(kws, list) or not kws or not all(
                    isinstance(k, str) and k and k == k.lower() for k in kws):
                rep.err(fwhere, "keywords must be a non-empty list of lower-case strings")
            if raw.get("kind") not in cl.KINDS:
                rep.err(fwhere, "unknown kind %r" % raw.get("kind"))
            for flag in ("strict", "word", "case_insensitive"):
                if flag in raw and not isinstance(raw[flag], bool):
                    rep.err(fwhere, "%s must be true or false" % flag)
            pat = raw.get("pattern")
            if not isinstance(pat, str) or not pat:
                rep.err(fwhere, "pattern must be a non-empty string")
            elif pat.startswith("^") or pat.endswith("$"):
                rep.err(fwhere, "pattern must not be anchored (the loader anchors it)")
            try:
                cl._py_regex(pat or "")
            except ValueError as e:
                rep.err(fwhere, str(e))
            if "lifecycle" in raw:
                lc = raw["lifecycle"]
                if not isinstance(lc, dict) or set(lc) - set(cl.LIFECYCLE_KEYS):
                    rep.err(fwhere, "lifecycle takes only %s" % cl.LIFECYCLE_KEYS)
                else:
                    check_lifecycle(rep, fwhere, lc)
            ex = raw.get("examples")
            if not isinstance(ex, dict) or set(ex) - {"match", "no_match"} or not ex.get("match"):
                rep.err(fwhere, "examples needs a non-empty match list (and optional no_match)")
        models = data.get("models") or []
        ids = [str(m.get("id")) for m in models]
        if ids != sorted(ids):
            rep.err(where, "models must be sorted by id")
        for m in models:
            mwhere = "%s: model %s" % (where, m.get("id"))
            missing = cl.MODEL_REQUIRED - set(m)
            if missing:
                rep.err(mwhere, "missing keys %s" % sorted(missing))
            unknown = set(m) - set(cl.MODEL_KEY_ORDER)
            if unknown:
                rep.err(mwhere, "unknown keys %s" % sorted(unknown))
            fam = cat.family_by_id.get(m.get("family"))
            if fam is None:
                rep.err(mwhere, "family %r does not exist" % m.get("family"))
            elif fam.provider != provider:
                rep.err(mwhere, "family %s belongs to provider %s" % (fam.id, fam.provider))
            if m.get("kind") not in cl.KINDS:
                rep.err(mwhere, "unknown kind %r" % m.get("kind"))
            if m.get("source") not in cl.SOURCES:
                rep.err(mwhere, "source must be one of %s" % sorted(cl.SOURCES))
            check_lifecycle(rep, mwhere, m)
            for key in ("context_window", "max_output_tokens"):
                v = m.get(key)
                if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v <= 0):
                    rep.err(mwhere, "%s must be a positive integer" % key)
            for key in ("input_cost_per_mtok", "output_cost_per_mtok"):
                v = m.get(key)
                if v is not None and (not isinstance(v, (int, float)) or isinstance(v, bool) or v < 0):
                    rep.err(mwhere, "%s must be a non-negative number" % key)
            if "uncertain" in m and not isinstance(m["uncertain"], bool):
                rep.err(mwhere, "uncertain must be true or false")
            aliases = m.get("aliases") or []
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                rep.err(mwhere, "aliases must be a list of strings")
                aliases = []
            for name in [str(m.get("id"))] + aliases:
                if name in names:
                    rep.err(mwhere, "id/alias %s already used by %s" % (name, names[name]))
                names[name] = m.get("id")
        # layout: the models section must be exactly what the refresh writes
        with open(path, encoding="utf-8") as f:
            text = f.read()
        head, models_text = cl.split_provider_file(text)
        try:
            rendered = cl.render_models(models, cl.model_comments(models_text))
        except ValueError as e:
            rep.err(where, str(e))
            continue
        if models_text != rendered:
            rep.err(where, "models section is not in canonical layout; run "
                    "scripts/catalog/refresh_from_litellm.py --format-only")


def contains_keyword(fam, text):
    hay = text.lower() if fam.case_insensitive else text
    return any(k in hay for k in fam.keywords)


def check_examples(rep, cat):
    for fam in cat.families:
        where = "%s: family %s" % (rel(fam.path), fam.id)
        for token in fam.match:
            token = str(token)
            r = cat.resolve(token)
            if r is None:
                rep.err(where, "match example %r resolves to nothing" % token)
                continue
            if r.family is not fam:
                rep.err(where, "match example %r resolves to %s (bare %r)" % (
                    token, r.family.id if r.family else None, r.bare))
                continue
            if not contains_keyword(fam, token) or not contains_keyword(fam, r.bare):
                rep.err(where, "no keyword of %s occurs in %r (bare %r)" % (fam.keywords, token, r.bare))
        for token in fam.no_match:
            token = str(token)
            r = cat.resolve(token)
            if r is not None and r.family is fam:
                rep.err(where, "no_match example %r resolves to this family (bare %r)" % (token, r.bare))


def check_models(rep, cat, verbose):
    exact_only = []
    for m, provider, path in cat.models:
        where = "%s: model %s" % (rel(path), m.get("id"))
        fam = cat.family_by_id.get(m.get("family"))
        if fam is None:
            continue
        for name in [str(m["id"])] + list(m.get("aliases") or []):
            r = cat.resolve(name)
            if r is None or r.model is not m:
                rep.err(where, "%r does not resolve to this entry" % name)
            by_pattern = next((f for f in cat.families if f.matches(name)), None)
            if by_pattern is None:
                exact_only.append(name)
            elif by_pattern is not fam:
                rep.err(where, "%r is listed under %s but the patterns give %s" % (name, fam.id, by_pattern.id))
            if not contains_keyword(fam, name):
                rep.err(where, "no keyword of %s occurs in %r" % (fam.keywords, name))
        rpl = m.get("replacement")
        if isinstance(rpl, str) and re.fullmatch(r"[a-z0-9][a-z0-9.@:-]*", rpl) and cat.resolve(rpl) is None:
            rep.warn(where, "replacement %r is not a known id" % rpl)
    for fam in cat.families:
        rpl = fam.lifecycle.get("replacement") if fam.lifecycle else None
        if isinstance(rpl, str) and cat.resolve(rpl) is None:
            rep.warn("family %s" % fam.id, "replacement %r is not a known id" % rpl)
    if verbose and exact_only:
        print("ids reached only by their exact entry (no family pattern): %s" % ", ".join(sorted(exact_only)))


def check_forms_examples(rep, cat):
    """forms.yaml examples give token -> bare id; compare with the catalog."""
    for form in cat.forms:
        for token, expected in form.examples.items():
            r = cat.resolve(str(token))
            if r is None:
                rep.warn("forms.yaml %s" % form.id, "%r resolves to nothing in the catalog" % token)
            elif str(expected) not in (r.bare, r.canonical):
                rep.warn("forms.yaml %s" % form.id, "%r resolves to bare %r / model %r, example says %r" % (
                    token, r.bare, r.canonical, expected))


def check_reference(rep, cat, reference):
    data = cl.load_yaml(reference)
    missing = []
    for e in data.get("entries") or []:
        mid = str(e.get("model"))
        if NOT_MODEL_IDS.search(mid):
            continue
        if mid not in cat.by_id:
            missing.append(mid)
        for a in e.get("aliases") or []:
            if a not in cat.by_id:
                missing.append(a)
    for mid in sorted(set(missing)):
        rep.err(rel(reference) if reference.startswith(cl.REPO) else reference,
                "id %s is not in the catalog" % mid)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--catalog", default=cl.CATALOG_DIR)
    ap.add_argument("--reference", default=DEFAULT_REFERENCE,
                    help="model-deprecations.yaml whose ids must all be listed ('' to skip)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    rep = Report()
    try:
        cat = cl.Catalog(args.catalog)
    except Exception as e:  # malformed YAML, bad regex, missing forms.yaml
        cl.die("cannot load the catalog: %s" % e)
    provider_ids = check_providers(rep, cat)
    check_files(rep, cat, provider_ids)
    check_examples(rep, cat)
    check_models(rep, cat, args.verbose)
    check_forms_examples(rep, cat)
    check_facts(rep, cat, rel)
    if args.reference and os.path.exists(args.reference):
        check_reference(rep, cat, args.reference)
    elif args.reference:
        print("note: %s not found; coverage of the deprecation facts not checked" % args.reference)
    per_provider = {}
    for m, provider, _ in cat.models:
        per_provider[provider] = per_provider.get(provider, 0) + 1
    fam_per_provider = {}
    for f in cat.families:
        fam_per_provider[f.provider] = fam_per_provider.get(f.provider, 0) + 1
    for w in rep.warnings:
        print("warning: " + w)
    for e in rep.errors:
        print("error: " + e)
    print("catalog: %d families, %d models, %d examples; %s" % (
        len(cat.families), len(cat.models),
        sum(len(f.match) + len(f.no_match) for f in cat.families),
        ", ".join("%s %d/%d" % (p, fam_per_provider.get(p, 0), per_provider.get(p, 0))
                  for p in sorted(set(fam_per_provider) | set(per_provider)))))
    print("%d error(s), %d warning(s)" % (len(rep.errors), len(rep.warnings)))
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
