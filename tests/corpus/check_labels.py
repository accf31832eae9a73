#!/usr/bin/env python3
"""Validate the hand-labelled accuracy corpus in tests/corpus/.

Checks that
  * every source file has a sidecar label file `<file>.expected.yaml`, and every
    label file has its source file;
  * every label file parses, has exactly the allowed keys in the documented
    order, and only allowed values (see README.md);
  * every labelled line exists in its source file and is not blank;
  * every `.ipynb` is valid JSON in nbformat 4;
  * no file carries something that looks like a real API key.

Usage: python3 tests/corpus/check_labels.py [CORPUS_DIR]
Exits 0 when everything is fine, 1 with one message per problem otherwise.
Needs python3 and PyYAML only.
"""

import json
import os
import re
import sys

try:
    import yaml
except ImportError:  # pragma: no cover - environment problem, not a label problem
    sys.exit("check_labels.py: PyYAML is required (apt-get install python3-yaml)")

SOURCE_EXTS = (
    ".py", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".go", ".java", ".kt",
    ".cs", ".rb", ".php", ".rs", ".ipynb",
)
# JSON files are support files (config, data), except those with a label
# file: JSON schema files that code loads (tool_schemas are found in them).
LABELLED_ONLY_EXTS = (".json",)
LABEL_SUFFIX = ".expected.yaml"

TOP_KEYS = ["call_sites", "not_call_sites"]
# Optional sections after the two above, in this order. Each maps to
# (allowed keys in order, required keys, checker or None); every entry has a
# `line`. A checker gets (where, entry, problems) and adds its own problems.
CONTEXTS = {"string", "comment", "docstring", "code", "config", "docs", "text"}


def check_reference(where, entry, problems):
    model = entry["model"]
    if not isinstance(model, str) or not model or re.search(r"\s", model):
        problems.append(f"{where}: model must be a non-empty id without spaces, got {model!r}")
    if entry["context"] not in CONTEXTS:
        problems.append(f"{where}: context {entry['context']!r} not one of {sorted(CONTEXTS)}")


ROLES = {"system", "developer", "user", "assistant"}


def check_prompt(where, entry, problems):
    if entry["role"] not in ROLES:
        problems.append(f"{where}: role {entry['role']!r} not one of {sorted(ROLES)}")


def check_store(where, entry, problems):
    path = entry.get("embedding_path")
    if path is not None and (entry["embedding_line"] is None or not isinstance(path, str) or path.startswith("/")):
        problems.append(f"{where}: embedding_path is a relative path, given with an embedding_line")


OPTIONAL_SECTIONS = {
    "model_references": (["line", "model", "context", "note"], ["line", "model", "context"], check_reference),
    "prompts": (["line", "role", "note"], ["line", "role"], check_prompt),
    "tool_schemas": (["line", "name", "note"], ["line", "name"], None),
    "embeddings": (["line", "model", "dimensions", "note"], ["line", "model", "dimensions"], None),
    "vector_stores": (["line", "store", "embedding_line", "embedding_path", "note"], ["line", "store", "embedding_line"],
                      check_store),
}
CALL_KEYS = ["line", "sdk", "api", "model", "model_source", "note"]
CALL_REQUIRED = ["line", "sdk", "api", "model", "model_source"]
NOT_KEYS = ["line", "why"]

SDKS = {
    "openai", "azure_openai", "anthropic", "google_genai", "vertex_ai", "bedrock",
    "mistral", "cohere", "litellm", "langchain", "llamaindex", "vercel_ai",
    "semantic_kernel", "haystack", "http", "openai_agents", "swarm", "azure_ai", "voyage",
}
APIS = {
    "chat", "responses", "completions", "embeddings", "images", "audio", "moderation",
    "messages", "generate", "converse", "invoke", "rerank", "client",
    # issue 12 §2: the rest of the API surface
    "agents", "assistants", "batch", "count_tokens", "fine_tuning", "interactions", "ocr",
    "realtime", "video",
}
SOURCES = {"literal", "constant", "variable", "env", "config", "parameter", "unresolved", "absent"}
# Sources whose model must be known, and sources whose model must be null.
MODEL_REQUIRED = {"literal", "constant", "variable"}
MODEL_NULL = {"unresolved", "absent"}

SECRET_PATTERNS = [
    re.compile(r"sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}"),
    re.compile(r"AIza[0-9A-Za-z_-]{35}"),
    re.compile(r"AKIA[0-9A-Z]{16}"),
    re.compile(r"xox[baprs]-[0-9A-Za-z-]{10,}"),
]


class UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys instead of overwriting."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def is_source(name):
    return name.endswith(SOURCE_EXTS) and not name.endswith(LABEL_SUFFIX)


def check_keys(where, entry, allowed, required, problems):
    if not isinstance(entry, dict):
        problems.append(f"{where}: entry must be a mapping, got {type(entry).__name__}")
        return False
    keys = list(entry.keys())
    missing = [k for k in required if k not in entry]
    unknown = [k for k in keys if k not in allowed]
    if missing:
        problems.append(f"{where}: missing key(s) {missing}")
    if unknown:
        problems.append(f"{where}: unknown key(s) {unknown}; allowed {allowed}")
    if not missing and not unknown:
        expected_order = [k for k in allowed if k in entry]
        if keys != expected_order:
            problems.append(f"{where}: keys out of order {keys}; expected {expected_order}")
    return not missing and not unknown


def check_line(where, value, lines, problems):
    if not isinstance(value, int) or isinstance(value, bool):
        problems.append(f"{where}: line must be an integer, got {value!r}")
        return None
    if value < 1 or value > len(lines):
        problems.append(f"{where}: line {value} is outside the file (1..{len(lines)})")
        return None
    if not lines[value - 1].strip():
        problems.append(f"{where}: line {value} is blank in the source")
        return None
    return value


def check_label_file(label_path, source_path, rel, problems):
    try:
        with open(label_path, encoding="utf-8") as fh:
            doc = yaml.load(fh, Loader=UniqueKeyLoader)
    except (OSError, yaml.YAMLError) as exc:
        problems.append(f"{rel}: cannot parse labels: {exc}")
        return 0, 0
    with open(source_path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # trailing newline is not a line of its own

    if not isinstance(doc, dict):
        problems.append(f"{rel}: top level must be a mapping with keys {TOP_KEYS}")
        return 0, 0
    keys = list(doc.keys())
    allowed_order = TOP_KEYS + list(OPTIONAL_SECTIONS)
    if keys[:2] != TOP_KEYS or any(k not in OPTIONAL_SECTIONS for k in keys[2:]) or \
            keys != [k for k in allowed_order if k in doc]:
        problems.append(f"{rel}: top-level keys must be {TOP_KEYS}, then any of {list(OPTIONAL_SECTIONS)}, "
                        f"in that order; got {keys}")
        return 0, 0
    for key, (allowed, required, checker) in OPTIONAL_SECTIONS.items():
        entries = doc.get(key)
        if key not in doc:
            continue
        if not isinstance(entries, list):
            problems.append(f"{rel}: {key} must be a list (use [] when empty)")
            continue
        seen = []
        for i, entry in enumerate(entries):
            where = f"{rel}: {key}[{i}]"
            if not check_keys(where, entry, allowed, required, problems):
                continue
            line = check_line(where, entry["line"], lines, problems)
            if line is not None:
                seen.append(line)
            if checker:
                checker(where, entry, problems)
        if seen != sorted(seen):
            problems.append(f"{rel}: {key} entries are not in line order")

    call_lines, not_lines = [], []
    calls = doc["call_sites"]
    if not isinstance(calls, list):
        problems.append(f"{rel}: call_sites must be a list (use [] when empty)")
        calls = []
    for i, entry in enumerate(calls):
        where = f"{rel}: call_sites[{i}]"
        if not check_keys(where, entry, CALL_KEYS, CALL_REQUIRED, problems):
            continue
        line = check_line(where, entry["line"], lines, problems)
        if line is not None:
            call_lines.append(line)
        if entry["sdk"] not in SDKS:
            problems.append(f"{where}: sdk {entry['sdk']!r} not one of {sorted(SDKS)}")
        if entry["api"] not in APIS:
            problems.append(f"{where}: api {entry['api']!r} not one of {sorted(APIS)}")
        source = entry["model_source"]
        if source not in SOURCES:
            problems.append(f"{where}: model_source {source!r} not one of {sorted(SOURCES)}")
        model = entry["model"]
        if model is not None:
            if not isinstance(model, str) or not model or re.search(r"\s", model):
                problems.append(f"{where}: model must be null or a non-empty string without spaces, got {model!r}")
            elif "/" in model:
                problems.append(f"{where}: model {model!r} keeps a routing prefix; write the bare id")
        if source in MODEL_REQUIRED and model is None:
            problems.append(f"{where}: model_source {source} needs a model id")
        if source in MODEL_NULL and model is not None:
            problems.append(f"{where}: model_source {source} means the model is unknown; model must be null")
        note = entry.get("note")
        if note is not None and not isinstance(note, str):
            problems.append(f"{where}: note must be a string or null, got {note!r}")

    nots = doc["not_call_sites"]
    if not isinstance(nots, list):
        problems.append(f"{rel}: not_call_sites must be a list (use [] when empty)")
        nots = []
    for i, entry in enumerate(nots):
        where = f"{rel}: not_call_sites[{i}]"
        if not check_keys(where, entry, NOT_KEYS, NOT_KEYS, problems):
            continue
        line = check_line(where, entry["line"], lines, problems)
        if line is not None:
            not_lines.append(line)
        if not isinstance(entry["why"], str) or not entry["why"].strip():
            problems.append(f"{where}: why must be a non-empty string")

    for line in sorted(set(call_lines) & set(not_lines)):
        problems.append(f"{rel}: line {line} is listed both as a call site and as not a call site")
    for line in sorted({l for l in not_lines if not_lines.count(l) > 1}):
        problems.append(f"{rel}: line {line} is listed more than once in not_call_sites")
    for key, group in (("call_sites", call_lines), ("not_call_sites", not_lines)):
        if group != sorted(group):
            problems.append(f"{rel}: {key} entries are not in line order")
    return len(calls), len(nots)


def check_notebook(path, rel, problems):
    try:
        with open(path, encoding="utf-8") as fh:
            nb = json.load(fh)
    except (OSError, ValueError) as exc:
        problems.append(f"{rel}: not valid JSON: {exc}")
        return
    if not isinstance(nb, dict) or nb.get("nbformat") != 4:
        problems.append(f"{rel}: not an nbformat 4 notebook")
        return
    cells = nb.get("cells")
    if not isinstance(cells, list):
        problems.append(f"{rel}: notebook has no cells list")
        return
    for i, cell in enumerate(cells):
        if not isinstance(cell, dict) or "cell_type" not in cell or "source" not in cell:
            problems.append(f"{rel}: cell {i} lacks cell_type or source")


def main(argv):
    root = os.path.abspath(argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
    if not os.path.isdir(root):
        print(f"check_labels.py: {root} is not a directory", file=sys.stderr)
        return 1
    problems = []
    n_sources = n_calls = n_nots = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        top_level = os.path.samefile(dirpath, root)
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            try:
                with open(path, encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
            except OSError as exc:
                problems.append(f"{rel}: cannot read: {exc}")
                continue
            for pattern in SECRET_PATTERNS:
                if pattern.search(text):
                    problems.append(f"{rel}: contains something that looks like a real API key")
            if top_level:
                continue  # README.md, this script
            if name.endswith(LABEL_SUFFIX):
                source = path[: -len(LABEL_SUFFIX)]
                if not os.path.isfile(source):
                    problems.append(f"{rel}: label file without source file {os.path.relpath(source, root)}")
                elif not is_source(os.path.basename(source)) and not source.endswith(LABELLED_ONLY_EXTS):
                    problems.append(f"{rel}: labels a file whose extension is not a known source type")
                continue
            if name.endswith(LABELLED_ONLY_EXTS) and os.path.isfile(path + LABEL_SUFFIX):
                n_sources += 1
                c, n = check_label_file(path + LABEL_SUFFIX, path, rel, problems)
                n_calls += c
                n_nots += n
                continue
            if not is_source(name):
                continue  # support files: .env, config files read by the sources
            n_sources += 1
            if name.endswith(".ipynb"):
                check_notebook(path, rel, problems)
            label = path + LABEL_SUFFIX
            if not os.path.isfile(label):
                problems.append(f"{rel}: no label file {os.path.basename(label)}")
                continue
            c, n = check_label_file(label, path, rel, problems)
            n_calls += c
            n_nots += n
    if n_sources == 0:
        problems.append(f"{root}: no source files found")
    if problems:
        for p in problems:
            print(f"error: {p}", file=sys.stderr)
        print(f"check_labels.py: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"check_labels.py: OK: {n_sources} source files, {n_calls} call sites, {n_nots} non-call-site lines")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
