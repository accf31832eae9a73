"""Checks of rules/models/facts.yaml and of the `facts:` references of families
and models (called by check_catalog.py; the C++ loader applies the same rules).

Every parameter rule, note and tokenizer fact needs a `source` (a URL or one
of the `references`); actions, apis and encodings come from closed lists;
every referenced set exists; a set nothing references is a warning.
"""
import json

ACTIONS = {"rename", "remove", "fixed", "require", "recheck"}
TOP_KEYS = {"price_source", "references", "apis", "encodings", "sets"}
SET_KEYS = {"id", "description", "parameters", "notes", "tokenizer"}
RULE_KEYS = {"parameter", "action", "to", "value", "apis", "reason", "source"}
TOKENIZER_KEYS = {"encoding", "ratio", "exact", "source"}


def _str_list(value):
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def _check_source(rep, where, source, references):
    if not isinstance(source, str) or not source:
        rep.err(where, "needs a source (a URL or one of %s)" % sorted(references))
    elif not source.startswith(("https://", "http://")) and source not in references:
        rep.err(where, "source %r is neither a URL nor one of %s" % (source, sorted(references)))


def _check_rule(rep, where, rule, apis, references):
    if not isinstance(rule, dict):
        rep.err(where, "a parameter rule must be a mapping")
        return None
    unknown = set(rule) - RULE_KEYS
    if unknown:
        rep.err(where, "unknown keys %s" % sorted(unknown))
    for key in ("parameter", "action", "reason"):
        if not isinstance(rule.get(key), str) or not rule.get(key):
            rep.err(where, "needs %s" % key)
    action = rule.get("action")
    if action not in ACTIONS:
        rep.err(where, "action must be one of %s, got %r" % (sorted(ACTIONS), action))
    if (action == "rename") != bool(rule.get("to")):
        rep.err(where, "a rename needs 'to'" if action == "rename" else "'to' is only for action rename")
    value = rule.get("value")
    if action == "fixed" and value in (None, ""):
        rep.err(where, "a fixed parameter needs 'value'")
    if value not in (None, ""):
        if action not in ("fixed", "require"):
            rep.err(where, "'value' is only for actions fixed and require")
        try:
            json.loads(str(value))
        except ValueError:
            rep.err(where, "value must be JSON text, got %r" % value)
    rule_apis = rule.get("apis") or []
    if not _str_list(rule_apis) and rule_apis != []:
        rep.err(where, "apis must be a list of api names")
        rule_apis = []
    for api in rule_apis:
        if api not in apis:
            rep.err(where, "unknown api %r (facts.yaml apis: %s)" % (api, sorted(apis)))
    _check_source(rep, where, rule.get("source"), references)
    return (rule.get("parameter"), tuple(sorted(rule_apis)))


def _check_tokenizer(rep, where, tok, encodings, references):
    if not isinstance(tok, dict):
        rep.err(where, "tokenizer must be a mapping")
        return
    unknown = set(tok) - TOKENIZER_KEYS
    if unknown:
        rep.err(where, "unknown keys %s" % sorted(unknown))
    if tok.get("encoding") not in encodings:
        rep.err(where, "encoding must be one of %s, got %r" % (sorted(encodings), tok.get("encoding")))
    ratio = tok.get("ratio", 1.0)
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not 0 < ratio < 10:
        rep.err(where, "ratio must be a positive number near 1")
    exact = tok.get("exact", False)
    if not isinstance(exact, bool):
        rep.err(where, "exact must be true or false")
    elif exact and ratio != 1:
        rep.err(where, "an exact tokenizer has ratio 1")
    _check_source(rep, where, tok.get("source"), references)


def _check_set(rep, where, s, apis, encodings, references):
    unknown = set(s) - SET_KEYS
    if unknown:
        rep.err(where, "unknown keys %s" % sorted(unknown))
    seen = set()
    for i, rule in enumerate(s.get("parameters") or []):
        key = _check_rule(rep, "%s: parameters[%d]" % (where, i), rule, apis, references)
        if key is not None and key in seen:
            rep.err(where, "two rules for %r on the same apis" % key[0])
        seen.add(key)
    for i, note in enumerate(s.get("notes") or []):
        nwhere = "%s: notes[%d]" % (where, i)
        if not isinstance(note, dict) or set(note) != {"text", "source"} or not note.get("text"):
            rep.err(nwhere, "a note needs exactly text and source")
            continue
        _check_source(rep, nwhere, note.get("source"), references)
    if "tokenizer" in s:
        _check_tokenizer(rep, where + ": tokenizer", s["tokenizer"], encodings, references)
    if not (s.get("parameters") or s.get("notes") or s.get("tokenizer")):
        rep.err(where, "empty set")


def check_facts(rep, cat, rel):
    """Validates cat.facts (facts.yaml) and the facts: keys of cat's families and models."""
    where = "rules/models/facts.yaml"
    data = cat.facts
    set_ids = set()
    if data is not None:
        if not isinstance(data, dict):
            rep.err(where, "not a mapping")
            data = {}
        unknown = set(data) - TOP_KEYS
        if unknown:
            rep.err(where, "unknown top-level keys %s" % sorted(unknown))
        references = set(data.get("references") or [])
        apis = set(data.get("apis") or [])
        encodings = set(data.get("encodings") or [])
        if data.get("price_source") is not None and data.get("price_source") not in references:
            rep.err(where, "price_source must be one of the references")
        for s in data.get("sets") or []:
            if not isinstance(s, dict) or not isinstance(s.get("id"), str):
                rep.err(where, "each set needs an id")
                continue
            if s["id"] in set_ids:
                rep.err(where, "duplicate set id %s" % s["id"])
            set_ids.add(s["id"])
            _check_set(rep, "%s: set %s" % (where, s["id"]), s, apis, encodings, references)
    used = set()
    owners = [("%s: family %s" % (rel(f.path), f.id), f.raw) for f in cat.families]
    owners += [("%s: model %s" % (rel(path), m.get("id")), m) for m, _, path in cat.models]
    for owner, raw in owners:
        refs = raw.get("facts")
        if refs is None:
            continue
        if not _str_list(refs) or not refs:
            rep.err(owner, "facts must be a non-empty list of set ids")
            continue
        if len(set(refs)) != len(refs):
            rep.err(owner, "a fact set is listed twice")
        for ref in refs:
            used.add(ref)
            if ref not in set_ids:
                rep.err(owner, "unknown fact set %r (rules/models/facts.yaml)" % ref)
    for unused in sorted(set_ids - used):
        rep.warn(where, "set %s is not referenced by any family or model" % unused)
