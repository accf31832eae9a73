#!/usr/bin/env python3
"""Model-reference precision and recall on real SDK and app code from npm.

usage: tests/realcode/measure.py --bin build/modelshift --work DIR [--floor 0.99]

Installs the packages pinned by package-lock.json here into DIR (npm ci, once
per lock file), scans the files that labels.yaml lists, and compares each
file's model_reference findings (line, model) with its labels. Nothing from
the packages is committed to the project; only paths and line numbers are.
References in SDK definitions (context "sdk_definition": the SDK's own code)
are still model references and count like any other; separately, each
file's context is checked against its `sdk_definition` label.
Exits 1 when precision or recall is under --floor, or (with --floor) when a
file's context disagrees with its label.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def install(work):
    lock = os.path.join(HERE, "package-lock.json")
    digest = hashlib.sha256(open(lock, "rb").read()).hexdigest()[:16]
    stamp = os.path.join(work, ".installed-" + digest)
    if os.path.exists(stamp):
        return
    os.makedirs(work, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(os.path.join(HERE, name), work)
    r = subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=work,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"measure.py: npm ci in {work} failed:\n{r.stderr}")
    open(stamp, "w").close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--floor", type=float)
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    install(work)
    with open(os.path.join(HERE, "labels.yaml"), encoding="utf-8") as fh:
        labels = yaml.safe_load(fh)["files"]
    paths = [f["path"] for f in labels]
    for p in paths:
        if not os.path.isfile(os.path.join(work, p)):
            sys.exit(f"measure.py: {p} is not in the installed packages (lock file changed?)")
    out = subprocess.run([os.path.abspath(args.bin), "scan", "--format", "json", "--expand-catalogues",
                          "--as-of", "2026-11-25", *paths], cwd=work, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"modelshift failed ({out.returncode}): {out.stderr}")
    got = {}
    contexts = {}  # path -> the set of "is an SDK definition" over its references
    for f in json.loads(out.stdout)["findings"]:
        if f["kind"] == "model_reference":
            got.setdefault(f["path"], set()).add((f["line"], f["model"]))
            contexts.setdefault(f["path"], set()).add(f["context"] == "sdk_definition")
    tp = labeled = found = 0
    for entry in labels:
        want = {(r["line"], r["model"]) for r in entry["model_references"] or []}
        have = got.get(entry["path"], set())
        tp += len(want & have)
        labeled += len(want)
        found += len(have)
        for line, model in sorted(want - have):
            print(f"  missed  {entry['path']}:{line} {model}", file=sys.stderr)
        for line, model in sorted(have - want):
            print(f"  extra   {entry['path']}:{line} {model}", file=sys.stderr)
    context_ok = 0
    for entry in labels:
        want = bool(entry.get("sdk_definition"))
        have = contexts.get(entry["path"], set())
        if have == {want} or not have:
            context_ok += 1
        else:
            print(f"  context {entry['path']}: labeled sdk_definition {str(want).lower()}, "
                  f"found {sorted(have)}", file=sys.stderr)
    sdk_refs = sum(len(got.get(e["path"], ())) for e in labels if e.get("sdk_definition"))
    precision = tp / found if found else 1.0
    recall = tp / labeled if labeled else 1.0
    print(f"real code (npm)  files {len(labels)}  labeled {labeled}  found {found}  "
          f"precision {precision:.3f}  recall {recall:.3f}")
    print(f"sdk_definition   files as labeled {context_ok}/{len(labels)}  "
          f"references in SDK definitions {sdk_refs}")
    if args.floor is not None and (precision < args.floor or recall < args.floor):
        print(f"FAIL: model references on real code under the floor {args.floor}", file=sys.stderr)
        return 1
    if args.floor is not None and context_ok != len(labels):
        print("FAIL: sdk_definition context disagrees with the labels", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
