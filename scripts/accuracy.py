#!/usr/bin/env python3
"""Precision and recall of modelshift's call sites against the labeled corpus.

usage: scripts/accuracy.py [--bin build/modelshift] [--corpus tests/corpus]
                           [--floors tests/corpus/floors.yaml] [--markdown]

Scans the corpus (with --expand-catalogues, so every reference counts) and
compares each file's call_site findings with its `<file>.expected.yaml`:
a labeled call site is found when a call_site starts on the same line. The
model resolution rate counts, among found call sites whose label says the
model is statically knowable (a model is given), those whose model equals
the label's. With --floors, exits 1 when a measured value is under its floor
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
            ".rb": "ruby", ".php": "php", ".rs": "rust", ".ipynb": "notebook"}


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
    found = collections.defaultdict(list)
    for f in report["findings"]:
        if f["kind"] == "call_site":
            found[f["path"]].append(f)

    stats = collections.defaultdict(lambda: collections.Counter())
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
            want = {c["line"]: c for c in labels.get("call_sites") or []}
            got = {}
            for f in found.get(rel, []):
                got.setdefault(f["line"], f)
            s = stats[lang]
            s["labeled"] += len(want)
            s["found"] += len(got)
            for line, c in want.items():
                f = got.get(line)
                if not f:
                    misses.append(f"missed  {rel}:{line} {c['sdk']} {c['api']}")
                    continue
                s["tp"] += 1
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

    total = collections.Counter()
    for s in stats.values():
        total.update(s)
    rows = [(lang, stats[lang]) for lang in sorted(stats)] + [("all", total)]
    header = ("language", "labeled", "found", "precision", "recall", "resolved")
    def cell(a, b):  # "-" when there is nothing to measure
        return f"{a / b:.3f}" if b else "-"

    lines = []
    for lang, s in rows:
        lines.append((lang, s["labeled"], s["found"], cell(s["tp"], s["found"]), cell(s["tp"], s["labeled"]),
                      cell(s["resolved"], s["knowable"])))
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for l in lines:
            print("| " + " | ".join(str(x) for x in l) + " |")
    else:
        print("call sites   " + "  ".join(f"{h:>9}" for h in header[1:]))
        for l in lines:
            print(f"{l[0]:<12} " + " ".join(f"{str(x):>9}" for x in l[1:]))
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
               "resolved": ratio(covered["resolved"], covered["knowable"])}
        for key, floor in floors["call_sites"].items():
            if got[key] < floor:
                failed.append(f"call-site {key} {got[key]:.3f} < floor {floor} over {', '.join(floors['languages'])}")
        if covered["labeled"] == 0:
            failed.append("no labeled call sites in the floored languages")
        for f in failed:
            print("FAIL: " + f, file=sys.stderr)
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
