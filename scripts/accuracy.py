#!/usr/bin/env python3
"""Precision and recall of modelshift's call sites against the labeled corpus.

usage: scripts/accuracy.py [--bin build/modelshift] [--corpus tests/corpus]
                           [--floors tests/corpus/floors.yaml] [--markdown]

Scans the corpus (with --expand-catalogues, so every reference counts) and
compares each file's call_site findings with its `<file>.expected.yaml`:
a labeled call site is found when a call_site starts on the same line. The
model resolution rate counts, among found call sites whose label says the
model is statically knowable (a model is given), those whose model equals
the label's; "sdk agree" is the share of found call sites whose sdk and
api equal the label's. With --floors, exits 1 when a measured value is under its floor
(for the languages the floors file lists).
"""
import argparse
import collections
import json
import os
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXT_LANG = {".py": "python", ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
            ".ts": "typescript", ".tsx": "tsx", ".go": "go", ".java": "java", ".kt": "kotlin", ".cs": "csharp",
            ".rb": "ruby", ".php": "php", ".rs": "rust", ".ipynb": "notebook",
            ".json": "json"}  # JSON schema files that code loads (tool_schemas)


# Label sections besides call_sites, each measured against findings of one
# kind (see tests/corpus/README.md). "key" picks what pairs a label with a
# finding (default: the line); "agree" lists the fields that differ.
SECTIONS = {
    # Several ids can share a line: a reference is its line and model.
    "model_references": {"kind": "model_reference", "key": lambda x: (x["line"], x["model"]),
                         "agree": lambda want, got: [] if want["context"] == got["context"] else
                         [f"context want {want['context']}, got {got['context']}"]},
    # A prompt is the line its text (or a message list's first message) starts on.
    "prompts": {"kind": "prompt", "key": lambda x: x["line"],
                "agree": lambda want, got: [] if want["role"] == got["role"] else
                [f"role want {want['role']}, got {got['role']}"]},
    "tool_schemas": {"kind": "tool_schema", "agree": lambda want, got: [] if want["name"] == got.get("name") else
                     [f"name want {want['name']}, got {got.get('name')}"]},
    # dimensions: an integer when literal, else null (the report may describe the expression).
    "embeddings": {"kind": "embedding", "agree": lambda want, got: [
        f"{k} want {want[k]}, got {v}" for k, v in (("model", got.get("model")),
                                                   ("dimensions", got.get("dimensions") if isinstance(got.get("dimensions"), int) else None))
        if want[k] != v]},
    # The embedding may be in another file of the package (embedding_path,
    # relative to the labelled file; resolved into "_embedding_path").
    "vector_stores": {"kind": "vector_store", "agree": lambda want, got: [
        f"{k} want {want[k]}, got {v}" for k, v in (("store", got.get("store")),
                                                   ("embedding_line", (got.get("embedding") or {}).get("line")),
                                                   ("_embedding_path", (got.get("embedding") or {}).get("path")))
        if want[k] != v]},
}


def ratio(a, b):
    return a / b if b else 1.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "modelshift"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "tests", "corpus"))
    ap.add_argument("--floors")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()

    out = subprocess.run([args.bin, "scan", "--format", "json", "--expand-catalogues", "--as-of", "2026-11-25",
                          args.corpus], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"modelshift failed ({out.returncode}): {out.stderr}")
    report = json.loads(out.stdout)
    found_by_kind = collections.defaultdict(lambda: collections.defaultdict(list))
    for f in report["findings"]:
        found_by_kind[f["kind"]][f["path"]].append(f)

    stats = collections.defaultdict(lambda: collections.Counter())
    kind_stats = collections.defaultdict(lambda: collections.defaultdict(collections.Counter))
    misses = []
    for dirpath, _, names in os.walk(args.corpus):
        for name in sorted(names):
            if not name.endswith(".expected.yaml"):
                continue
            src = name[: -len(".expected.yaml")]
            rel = os.path.relpath(os.path.join(dirpath, src), args.corpus).replace(os.sep, "/")
            lang = EXT_LANG.get(os.path.splitext(src)[1], "other")
            with open(os.path.join(dirpath, name), encoding="utf-8") as fh:
                labels = yaml.safe_load(fh) or {}
            measure_calls(rel, labels, found_by_kind["call_site"].get(rel, []), stats[lang], misses)
            for store in labels.get("vector_stores") or []:
                store["_embedding_path"] = None if store["embedding_line"] is None else os.path.normpath(
                    os.path.join(os.path.dirname(rel), store.get("embedding_path") or os.path.basename(rel))).replace(os.sep, "/")
            for section, spec in SECTIONS.items():
                if section in labels:  # only files labelled for a kind count for it
                    measure_kind(rel, section, spec, labels[section] or [],
                                 found_by_kind[spec["kind"]].get(rel, []), kind_stats[section][lang], misses)

    rows = table_rows(stats)
    header = ("language", "labeled", "found", "precision", "recall", "resolved", "sdk agree")
    print_table("call sites", header, [(lang, s["labeled"], s["found"], cell(s["tp"], s["found"]),
                                         cell(s["tp"], s["labeled"]), cell(s["resolved"], s["knowable"]),
                                         cell(s["agree"], s["tp"]))
                                        for lang, s in rows], args.markdown)
    for section in SECTIONS:
        if section not in kind_stats:
            continue
        header = ("language", "labeled", "found", "precision", "recall", "fields agree")
        print_table(section.replace("_", " "), header,
                    [(lang, s["labeled"], s["found"], cell(s["tp"], s["found"]), cell(s["tp"], s["labeled"]),
                      cell(s["agree"], s["tp"])) for lang, s in table_rows(kind_stats[section])], args.markdown)
    for m in misses:
        print("  " + m, file=sys.stderr)

    if args.floors:
        with open(args.floors, encoding="utf-8") as fh:
            floors = yaml.safe_load(fh)
        failed = []
        covered = collections.Counter()
        for lang in floors["languages"]:
            covered.update(stats.get(lang, collections.Counter()))
        got = {"precision": ratio(covered["tp"], covered["found"]), "recall": ratio(covered["tp"], covered["labeled"]),
               "resolved": ratio(covered["resolved"], covered["knowable"]), "fields": ratio(covered["agree"], covered["tp"])}
        for key, floor in floors["call_sites"].items():
            if got[key] < floor:
                failed.append(f"call-site {key} {got[key]:.3f} < floor {floor} over {', '.join(floors['languages'])}")
        if covered["labeled"] == 0:
            failed.append("no labeled call sites in the floored languages")
        # Other kinds: floors over every language labelled for the kind.
        for section, want in (floors.get("kinds") or {}).items():
            total = collections.Counter()
            for s in kind_stats.get(section, {}).values():
                total.update(s)
            if total["labeled"] == 0:
                failed.append(f"no labeled {section} in the corpus")
                continue
            got = {"precision": ratio(total["tp"], total["found"]), "recall": ratio(total["tp"], total["labeled"]),
                   "fields": ratio(total["agree"], total["tp"])}
            for key, floor in want.items():
                if got[key] < floor:
                    failed.append(f"{section} {key} {got[key]:.3f} < floor {floor}")
        for f in failed:
            print("FAIL: " + f, file=sys.stderr)
        return 1 if failed else 0
    return 0


def measure_calls(rel, labels, found, s, misses):
    want = {c["line"]: c for c in labels.get("call_sites") or []}
    got = {}
    for f in found:
        got.setdefault(f["line"], f)
    s["labeled"] += len(want)
    s["found"] += len(got)
    for line, c in want.items():
        f = got.get(line)
        if not f:
            misses.append(f"missed  {rel}:{line} {c['sdk']} {c['api']}")
            continue
        s["tp"] += 1
        wrong = [f"{k} want {c[k]}, got {f.get(k)}" for k in ("sdk",) if c[k] != f.get(k)]
        if wrong:
            misses.append(f"fields  call_sites {rel}:{line} " + "; ".join(wrong))
        else:
            s["agree"] += 1
        if c.get("model") is not None:
            s["knowable"] += 1
            if f.get("model") == c["model"]:
                s["resolved"] += 1
            else:
                misses.append(f"model   {rel}:{line} want {c['model']} ({c['model_source']}), "
                              f"got {f.get('model')} ({f.get('model_source')})")
    for line, f in got.items():
        if line not in want:
            misses.append(f"extra   {rel}:{line} {f['sdk']} {f['api']} {f['callee']}")


def measure_kind(rel, section, spec, want_list, found, s, misses):
    """Labels of one kind against findings of that kind: matched on spec["key"]
    (the line, unless the kind says otherwise); spec["agree"] compares the
    fields of a matched pair and returns a list of disagreements."""
    key = spec.get("key", lambda x: x["line"])
    want = {key(c): c for c in want_list}
    got = {}
    for f in found:
        got.setdefault(key(f), f)
    s["labeled"] += len(want)
    s["found"] += len(got)
    for k, c in want.items():
        f = got.get(k)
        if not f:
            misses.append(f"missed  {section} {rel}:{c['line']}")
            continue
        s["tp"] += 1
        wrong = spec["agree"](c, f) if "agree" in spec else []
        if wrong:
            misses.append(f"fields  {section} {rel}:{c['line']} " + "; ".join(wrong))
        else:
            s["agree"] += 1
    for k, f in got.items():
        if k not in want:
            misses.append(f"extra   {section} {rel}:{f['line']}")


def table_rows(stats):
    total = collections.Counter()
    for s in stats.values():
        total.update(s)
    return [(lang, stats[lang]) for lang in sorted(stats)] + [("all", total)]


def cell(a, b):  # "-" when there is nothing to measure
    return f"{a / b:.3f}" if b else "-"


def print_table(title, header, lines, markdown):
    if markdown:
        print(f"\n**{title}**\n")
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for l in lines:
            print("| " + " | ".join(str(x) for x in l) + " |")
    else:
        print(f"{title:<12} " + "  ".join(f"{h:>9}" for h in header[1:]))
        for l in lines:
            print(f"{l[0]:<12} " + " ".join(f"{str(x):>9}" for x in l[1:]))


if __name__ == "__main__":
    sys.exit(main())
