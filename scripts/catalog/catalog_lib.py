"""Shared helpers for the catalog maintainer scripts (not used by the C++ tool).

- Catalog(): reads rules/models/*.yaml (providers, per-provider files, forms.yaml, facts.yaml)
- Catalog.resolve(): the written-token -> (model, family, bare id) resolution, driven by
  rules/models/forms.yaml exactly as the scanner uses it (see docs/catalog.md)
- read_provider_file() / write_models_section(): the deterministic layout of a provider
  file. Everything above the top-level `models:` line (header, `provider:`, `families:`)
  is hand-written and kept byte for byte; the `models:` section is regenerated, sorted
  by id, with the comment lines written above each entry kept with that entry.
"""
import datetime
import os
import re
import sys

import yaml

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CATALOG_DIR = os.path.join(REPO, "rules", "models")

PROVIDER_IDS = ["openai", "azure_openai", "anthropic", "google", "amazon", "mistral",
                "cohere", "meta", "deepseek", "xai"]
# Files of rules/models/ that are not provider files.
NON_PROVIDER_FILES = {"providers.yaml", "forms.yaml", "false_positives.yaml", "facts.yaml"}

KINDS = {"chat", "responses", "completion", "embedding", "image", "audio", "realtime",
         "transcription", "tts", "moderation", "rerank", "video"}
SOURCES = {"model-deprecations.yaml", "litellm", "migration-guide", "shapes-notes"}

FAMILY_KEYS = {"id", "name", "keywords", "pattern", "kind", "case_insensitive", "strict", "word",
               "lifecycle", "examples", "facts"}
FAMILY_REQUIRED = {"id", "name", "keywords", "pattern", "kind", "examples"}
LIFECYCLE_KEYS = ["deprecated_on", "shutdown_on", "replacement"]
# Order in which model keys are written.
MODEL_KEY_ORDER = ["id", "family", "kind", "aliases", "deprecated_on", "shutdown_on",
                   "replacement", "uncertain", "context_window", "max_output_tokens",
                   "input_cost_per_mtok", "output_cost_per_mtok", "facts", "source"]
MODEL_REQUIRED = {"id", "family", "kind", "source"}


def _norm(value):
    """PyYAML turns unquoted ISO dates into date objects; the C++ loader sees strings."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return _norm(yaml.safe_load(f))


def provider_files(catalog_dir=CATALOG_DIR):
    """Provider files in the order the resolver reads them (file name order)."""
    names = sorted(n for n in os.listdir(catalog_dir)
                   if n.endswith(".yaml") and n not in NON_PROVIDER_FILES)
    return [os.path.join(catalog_dir, n) for n in names]


# --------------------------------------------------------------------------- resolution

def _py_regex(pattern):
    """RE2 and Python agree on every construct the catalog uses; refuse the ones
    only Python has so a pattern that passes here also compiles in RE2."""
    if re.search(r"\(\?[=!<]|\\[1-9]", pattern):
        raise ValueError("lookaround or backreference (not RE2): %s" % pattern)
    return pattern


class Form:
    def __init__(self, raw):
        self.id = raw["id"]
        self.regex = re.compile(_py_regex(raw["pattern"]))
        self.rewrites = list(raw.get("rewrites") or [])
        self.after = set(raw.get("after") or [])
        self.examples = dict(raw.get("examples") or {})

    def apply(self, text):
        m = self.regex.fullmatch(text)
        if not m:
            return []
        return [m.expand(rw) for rw in self.rewrites]


class Family:
    def __init__(self, raw, provider, path):
        self.raw = raw
        self.id = raw.get("id")
        self.provider = provider
        self.path = path
        self.kind = raw.get("kind")
        self.strict = bool(raw.get("strict", False))
        self.case_insensitive = bool(raw.get("case_insensitive", False))
        self.keywords = list(raw.get("keywords") or [])
        self.lifecycle = raw.get("lifecycle") or {}
        ex = raw.get("examples") or {}
        self.match = list(ex.get("match") or [])
        self.no_match = list(ex.get("no_match") or [])
        self.regex = re.compile(_py_regex(raw.get("pattern", "")),
                                re.IGNORECASE if self.case_insensitive else 0)

    def matches(self, bare):
        return self.regex.fullmatch(bare) is not None


class Resolution:
    def __init__(self, model, family, bare):
        self.model, self.family, self.bare = model, family, bare

    @property
    def canonical(self):
        return self.model["id"] if self.model else self.bare


class Catalog:
    def __init__(self, catalog_dir=CATALOG_DIR):
        self.dir = catalog_dir
        self.providers = load_yaml(os.path.join(catalog_dir, "providers.yaml"))
        forms_path = os.path.join(catalog_dir, "forms.yaml")
        self.forms = [Form(f) for f in load_yaml(forms_path)["forms"]]
        fp_path = os.path.join(catalog_dir, "false_positives.yaml")
        self.fp_tokens = set()
        if os.path.exists(fp_path):
            self.fp_tokens = set(load_yaml(fp_path).get("tokens") or [])
        facts_path = os.path.join(catalog_dir, "facts.yaml")
        self.facts = load_yaml(facts_path) if os.path.exists(facts_path) else None
        self.files = []        # (path, provider, data)
        self.families = []     # in resolver order
        self.family_by_id = {}
        self.models = []       # (model dict, provider, path)
        for path in provider_files(catalog_dir):
            data = load_yaml(path) or {}
            provider = data.get("provider")
            self.files.append((path, provider, data))
            for raw in data.get("families") or []:
                fam = Family(raw, provider, path)
                self.families.append(fam)
                self.family_by_id.setdefault(fam.id, fam)
            for m in data.get("models") or []:
                self.models.append((m, provider, path))
        self.by_id = {}
        self.by_lower = {}
        for m, _, _ in self.models:
            fam = self.family_by_id.get(m.get("family"))
            for name in [m.get("id")] + list(m.get("aliases") or []):
                self.by_id.setdefault(name, m)
                if fam is not None and fam.case_insensitive:
                    self.by_lower.setdefault(str(name).lower(), m)

    def candidates(self, token):
        """Every candidate bare id derived from a written token, in try order."""
        out = [(token, None)]
        seen = {token}
        i = 0
        while i < len(out):
            text, produced_by = out[i]
            i += 1
            for form in self.forms:
                if form.after and produced_by not in form.after:
                    continue
                for new in form.apply(text):
                    if new and new not in seen:
                        seen.add(new)
                        out.append((new, form.id))
        return [c for c, _ in out]

    def lookup(self, bare):
        m = self.by_id.get(bare)
        if m is None:
            m = self.by_lower.get(bare.lower())
        if m is not None:
            return Resolution(m, self.family_by_id.get(m.get("family")), bare)
        for fam in self.families:
            if fam.matches(bare):
                return Resolution(None, fam, bare)
        return None

    def resolve(self, token):
        if token in self.fp_tokens:
            return None
        for cand in self.candidates(token):
            r = self.lookup(cand)
            if r is not None:
                return r
        return None


# --------------------------------------------------------------------------- layout

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")


def scalar(value):
    """One YAML scalar, quoted only when a plain scalar would not read back as itself."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(round(value, 6))
        return text
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text  # ISO date: the loaders read it as the date string
    if _PLAIN.fullmatch(text) and yaml.safe_load(text) == text:
        return text
    return "'" + text.replace("'", "''") + "'"


def flow_list(values):
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def split_provider_file(text):
    """(head, models_text): head is everything before the top-level `models:` line."""
    m = re.search(r"^models:.*$", text, re.MULTILINE)
    if not m:
        return text.rstrip("\n") + "\n\n", ""
    return text[:m.start()], text[m.start():]


def model_comments(models_text):
    """Comment lines written above each model entry, keyed by model id."""
    comments = {}
    pending = []
    for line in models_text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(stripped)
            continue
        m = re.match(r"^  - id:\s*(.+?)\s*$", line)
        if m:
            mid = yaml.safe_load(m.group(1))
            if pending:
                comments[str(mid)] = pending
            pending = []
    return comments


def model_lines(model, comments=()):
    lines = ["  " + c for c in comments]
    first = True
    for key in MODEL_KEY_ORDER:
        if key not in model:
            continue
        value = model[key]
        if key == "aliases":
            if not value:
                continue
            text = flow_list(sorted(value))
        elif key == "facts":
            if not value:
                continue
            text = flow_list(value)  # order matters: later sets override earlier ones
        elif key == "uncertain":
            if not value:
                continue
            text = "true"
        else:
            text = scalar(value)
        lines.append(("  - " if first else "    ") + "%s: %s" % (key, text))
        first = False
    extra = sorted(k for k in model if k not in MODEL_KEY_ORDER)
    if extra:
        raise ValueError("model %s has unknown keys %s" % (model.get("id"), extra))
    return lines


def render_models(models, comments):
    out = ["models:"]
    if not models:
        out[0] = "models: []"
        return "\n".join(out) + "\n"
    for i, m in enumerate(sorted(models, key=lambda m: str(m["id"]))):
        if i:
            out.append("")
        out.extend(model_lines(m, comments.get(str(m["id"]), ())))
    return "\n".join(out) + "\n"


def write_provider_file(path, models, comments=None):
    """Rewrites the models section of `path`; returns True when the bytes changed."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, models_text = split_provider_file(text)
    if comments is None:
        comments = model_comments(models_text)
    new = head + render_models(models, comments)
    if new != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
        return True
    return False


def die(msg):
    print("error: " + msg, file=sys.stderr)
    sys.exit(2)
