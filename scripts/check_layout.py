#!/usr/bin/env python3
"""The folders of src/ are the pipeline: no stage reaches back up.

Reads every `#include "..."` line of src/ and fails when a file includes a
header of a stage later in ORDER than its own (a file may include its own
stage and any earlier one). Each known violation of today's code is listed
in EXCEPTIONS with its reason; an exception that no longer matches an include
also fails, so the list shrinks as the code is fixed and never hides anything.

Usage: check_layout.py [SRC_DIR]   (default: src/ next to this script's parent)
Exit status 0 when the layout holds, 1 with one line per problem otherwise.
ctest runs it as `layout.dependencies`.
"""
import os
import re
import sys

# Data-flow order, first to last: a file may include headers of its own stage
# and of earlier ones, never of a later one. Programs (main.cc, tools/) come
# after everything and may include any stage. docs/design.md explains each
# folder.
ORDER = [
    "core",      # shared types, fingerprints, YAML helpers, embedded rules
    "walk",      # the file walker and the ignore engine
    "read",      # languages, config formats, regions, lexical reader, positioned JSON
    # judge comes before detect because detection resolves ids through the
    # catalog (the matcher's ids and patterns come from it). Status is judged
    # after linking (judge/lifecycle.h); check_no_as_of.py keeps --as-of out
    # of detection.
    "judge",     # catalog, lifecycle status, policy
    "detect",    # model ids, call sites, prompts, schemas, embeddings
    "link",      # cross-file resolution: schema files, stores, deployments, SDK packages
    "pipeline",  # the driver: run_scan, scan_bytes, notebooks; the Inventory
    "assess",    # usages, exposure, owners, risk, settings
    "report",    # one writer per output format (text, JSON, SARIF, GitHub, CycloneDX)
    "plan",      # migration plan, runbook, kit, token costs
    "gate",      # check / baseline / install-hook, inline suppressions
    "cli",       # one file per command: argument parsing, .modelshift.yaml, dispatch
]
PROGRAMS = {"main.cc", "tools"}

# (including file, included header) -> why the backward include is there today.
EXCEPTIONS = {
    ("gate/gate.h", "cli/cli.h"):
        "the gate's commands take the shared Options struct, which cli.h defines",
    ("gate/gate_targets.h", "cli/cli.h"):
        "diff and file targets are chosen from the shared Options struct (cli.h)",
    ("gate/gate.cc", "cli/config.h"):
        "the gate commands read .modelshift.yaml into Options like every command",
    ("gate/gate_cli.cc", "cli/config.h"):
        "the gate commands read .modelshift.yaml into Options like every command",
    ("pipeline/scan.cc", "gate/gate.h"):
        "scan marks inline suppressions (mark_suppressed), which the gate's header owns",
    ("pipeline/scan.h", "assess/usages.h"):
        "Inventory carries the assessed usages that assess_run fills after the scan",
    ("detect/schemas.cc", "pipeline/scan.h"):
        "schema and embedding hits are TextHits, a type scan.h defines",
    ("detect/structure_scan.h", "pipeline/scan.h"):
        "the steps of find_structures (split from schemas.cc) make TextHits, a type scan.h defines",
    ("link/schema_links.cc", "pipeline/scan.h"):
        "cross-file schema and store links rewrite FileResults, a type scan.h defines",
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def stage_of(rel):
    """The stage of a path relative to src/, or None for programs."""
    top = rel.split("/", 1)[0]
    if top in PROGRAMS:
        return None
    return top


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "src")
    rank = {name: i for i, name in enumerate(ORDER)}
    problems, used = [], set()
    for entry in sorted(os.listdir(src)):
        if entry not in PROGRAMS and entry not in rank:
            problems.append(f"src/{entry}: not a stage listed in ORDER (add the folder, or move the file into one)")
    for dirpath, _, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith((".h", ".cc")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, src).replace(os.sep, "/")
            own = stage_of(rel)
            if own is not None and own not in rank:
                continue  # reported above
            with open(path, encoding="utf-8") as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    inc = m.group(1)
                    where = f"src/{rel}:{lineno}"
                    if not os.path.isfile(os.path.join(src, inc)):
                        problems.append(f'{where}: "{inc}" is not a path relative to src/')
                        continue
                    target = stage_of(inc)
                    if target is None or target not in rank:
                        problems.append(f'{where}: "{inc}" is not in a stage folder')
                        continue
                    if own is None or rank[target] <= rank[own]:
                        continue
                    if (rel, inc) in EXCEPTIONS:
                        used.add((rel, inc))
                        continue
                    problems.append(f'{where}: {own}/ includes "{inc}" of a later stage ({target}/ comes after {own}/ in ORDER)')
    for key in sorted(set(EXCEPTIONS) - used):
        problems.append(f"check_layout.py: exception {key[0]} -> {key[1]} matches no include; remove it")
    for p in problems:
        print(f"modelshift: error: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
