#!/usr/bin/env python3
"""Detection reports facts; judgment comes after (issue 11 section 2).

The day lifecycle status is judged on (`as_of`) belongs to the judge step
(src/judge/lifecycle.h), which run_scan and `check` call once detection and
linking are done. This check fails when `as_of` appears in any file of the
detection stages (src/detect, src/read, src/link) or in the argument list of
a declaration, definition or call of scan_bytes, scan_text or
resolve_across_files anywhere under src/.

Usage: check_no_as_of.py [SRC_DIR]   (default: src/ next to this script's parent)
       check_no_as_of.py --self-test  (the check fails on broken trees)
Exit status 0 when clean, 1 with one located line per problem otherwise.
ctest runs it as `layout.no_as_of_in_detection`.
"""
import os
import re
import sys
import tempfile

DETECTION = ["detect", "read", "link"]
FUNCTIONS = re.compile(r"\b(scan_bytes|scan_text|resolve_across_files)\s*\(")
AS_OF = re.compile(r"\bas_of\b")


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def arguments(text, open_paren):
    """The text from `open_paren` to its matching ')' (or the end)."""
    depth = 0
    for i in range(open_paren, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return text[open_paren:i + 1]
    return text[open_paren:]


def problems_in(src):
    problems = []
    for dirpath, _, files in sorted(os.walk(src)):
        for name in sorted(files):
            if not name.endswith((".h", ".cc")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, src).replace(os.sep, "/")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if rel.split("/", 1)[0] in DETECTION:
                for m in AS_OF.finditer(text):
                    problems.append(f"src/{rel}:{line_of(text, m.start())}: as_of in a detection stage; "
                                    "record facts and let judge_lifecycle judge status")
            for m in FUNCTIONS.finditer(text):
                args = arguments(text, m.end() - 1)
                if AS_OF.search(args):
                    problems.append(f"src/{rel}:{line_of(text, m.start())}: {m.group(1)} takes as_of; "
                                    "detection must not see the judgment day")
    return problems


def self_test():
    """Each broken tree must fail, the clean one must pass."""
    cases = {
        "clean": ({"detect/a.h": "void f(int x);\n", "pipeline/scan.h": "FileResult scan_bytes(int a);\n"}, False),
        "header": ({"detect/a.h": "void f(const std::string& as_of);\n"}, True),
        "read source": ({"read/b.cc": "// judged as_of today\n"}, True),
        "link": ({"link/c.h": "int as_of;\n"}, True),
        "signature": ({"pipeline/scan.h": "FileResult scan_bytes(int a,\n    const std::string& as_of);\n"}, True),
        "call": ({"gate/g.cc": "auto r = scan_text(e, l, t, f(as_of), p);\n"}, True),
    }
    failed = []
    for name, (files, should_fail) in cases.items():
        with tempfile.TemporaryDirectory() as root:
            for rel, text in files.items():
                os.makedirs(os.path.join(root, os.path.dirname(rel)), exist_ok=True)
                with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
                    f.write(text)
            if bool(problems_in(root)) != should_fail:
                failed.append(name)
    for name in failed:
        print(f"modelshift: error: check_no_as_of.py self-test '{name}' gave the wrong verdict", file=sys.stderr)
    return 1 if failed else 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "src")
    problems = problems_in(src)
    for p in problems:
        print(f"modelshift: error: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
