#!/usr/bin/env python3
"""Pick the files to label in one materialised repository (the sampling rule).

usage: sample.py --name NAME --languages python,csharp --root DIR [--loose 8] [--random 4]

The rule (scripts/realcode/README.md), fixed before any file was read:
- a candidate is a regular text file (UTF-8, no NUL byte) of at most
  MAX_LINES lines, counting for a notebook the lines of its cells' sources;
- the loose pool is every candidate whose text matches LOOSE (case-insensitive),
  whatever its language: code, docs, config;
- the random pool is every candidate with an extension of the repository's
  main languages;
- both pools are ordered by sha256("NAME:path") and the first `--loose` of the
  loose pool, then the first `--random` of the random pool not yet taken, are
  the sample, printed one path per line (repository-relative, sorted).
Deterministic: the same tree gives the same sample. Reads files only.
"""
import argparse
import hashlib
import json
import os
import re

MAX_LINES = 300
LOOSE = re.compile(r"openai|anthropic|gemini|model|embed|prompt|completion", re.I)
EXTENSIONS = {"python": (".py",), "csharp": (".cs",), "typescript": (".ts", ".tsx"),
              "javascript": (".js", ".mjs", ".cjs", ".jsx"), "notebook": (".ipynb",),
              "markdown": (".md", ".mdx"), "java": (".java",), "go": (".go",), "kotlin": (".kt", ".kts"),
              "ruby": (".rb",), "php": (".php",), "rust": (".rs",), "shell": (".sh",)}


def read_text(path):
    """The file's text, the notebook's joined cell sources, or None."""
    with open(path, "rb") as f:
        data = f.read()
    if b"\0" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if path.endswith(".ipynb"):
        try:
            cells = json.loads(text).get("cells", [])
            return "\n".join("".join(c.get("source", [])) for c in cells)
        except (ValueError, AttributeError):
            return None
    return text


def candidates(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            if rel == ".realcode-commit" or os.path.islink(full):
                continue
            text = read_text(full)
            if text is not None and text.count("\n") + 1 <= MAX_LINES:
                yield rel, text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--languages", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--loose", type=int, default=8)
    ap.add_argument("--random", type=int, default=4)
    a = ap.parse_args()
    unknown = [lang for lang in a.languages.split(",") if lang not in EXTENSIONS]
    if unknown:
        ap.error(f"unknown language {unknown[0]} (known: {', '.join(sorted(EXTENSIONS))})")
    exts = tuple(e for lang in a.languages.split(",") for e in EXTENSIONS[lang])
    order = lambda p: hashlib.sha256(f"{a.name}:{p}".encode()).hexdigest()
    loose, rand = [], []
    for rel, text in candidates(a.root):
        if LOOSE.search(text):
            loose.append(rel)
        if rel.endswith(exts):
            rand.append(rel)
    picked = sorted(loose, key=order)[:a.loose]
    picked += [p for p in sorted(rand, key=order) if p not in picked][:a.random]
    for p in sorted(picked):
        print(p)


if __name__ == "__main__":
    main()
