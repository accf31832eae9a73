#!/usr/bin/env python3
"""Score modelshift's inventories against the real-code labels.

usage: score.py [--root DIR] --scans DIR [--trees DIR] [--split dev|heldout|all]
                [--md FILE] [--json FILE]
       score.py [--root DIR] --list [--split ...]

--root holds repos*.yaml (every file matching, merged: the development and
held-out splits are written by different people) and labels/<name>.yaml;
default: this script's folder. --scans holds <name>.json, the output of
`modelshift scan --format json --expand-catalogues` run at the repository's
root. With --trees (the materialised repositories, DIR/<name>/), a labelled
path that is not a file there is an error. Only labelled files count. Prints the Markdown report (or writes it to
--md); --json writes the same numbers and every disagreement. --list prints
"name source commit" per selected repository, for run.sh.

Matching (README.md, "Scoring"): model ids on the same line with the same id
(routing prefix removed, case-insensitive); other kinds by line, a finding
within [line - 1, end_line + 1] of a label, paired one to one nearest first.
Exit status: 0, or 2 on bad input (a located message on stderr).
Python 3 standard library and PyYAML only.
"""
import argparse
import glob
import json
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
# Label key -> finding kind in the inventory.
KINDS = {"model_ids": "model_reference", "call_sites": "call_site", "prompts": "prompt",
         "tool_schemas": "tool_schema", "embeddings": "embedding"}
RIGHT_MODEL = "call_sites_with_right_model"
ORDER = ["model_ids", "call_sites", RIGHT_MODEL, "prompts", "tool_schemas", "embeddings"]
LANGUAGES = {".py": "python", ".cs": "csharp", ".ts": "typescript", ".tsx": "typescript",
             ".js": "javascript", ".mjs": "javascript", ".jsx": "javascript", ".ipynb": "notebook",
             ".md": "markdown", ".mdx": "markdown", ".json": "json", ".yaml": "yaml", ".yml": "yaml",
             ".java": "java", ".go": "go", ".kt": "kotlin", ".rb": "ruby", ".php": "php", ".rs": "rust",
             ".sh": "shell", ".txt": "text"}


class InputError(Exception):
    pass


def fail(path, message):
    raise InputError(f"{path}: {message}")


def load_yaml(path):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        fail(path, str(e).replace("\n", " "))


def load_repos(root, split):
    """Every repository of root/repos*.yaml in the split, sorted by name."""
    repos, seen = [], {}
    for path in sorted(glob.glob(os.path.join(root, "repos*.yaml"))):
        doc = load_yaml(path) or {}
        for entry in doc.get("repos") or []:
            for key in ("name", "source", "commit", "split"):
                if key not in entry:
                    fail(path, f"a repository has no '{key}'")
            if entry["name"] in seen:
                fail(path, f"repository '{entry['name']}' is also in {seen[entry['name']]}")
            seen[entry["name"]] = path
            if split in ("all", entry["split"]):
                repos.append(entry)
    return sorted(repos, key=lambda e: e["name"])


def norm_model(model):
    """An id without routing prefix, lower case: openai/gpt-4o -> gpt-4o."""
    return None if model is None else str(model).strip().rsplit("/", 1)[-1].lower()


def language(path):
    return LANGUAGES.get(os.path.splitext(path)[1].lower(), "other")


def load_findings(scan_path):
    """{(path, label key): [finding, ...]} of one inventory."""
    try:
        with open(scan_path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        fail(scan_path, str(e))
    by_kind = {kind: key for key, kind in KINDS.items()}
    out = {}
    for finding in doc.get("findings", []):
        key = by_kind.get(finding.get("kind"))
        if key is None or "path" not in finding or "line" not in finding:
            continue
        path = finding["path"][2:] if finding["path"].startswith("./") else finding["path"]
        out.setdefault((path, key), []).append(finding)
    return out


def names(finding):
    """Every spelling of the finding's model, normalised."""
    return {norm_model(finding.get(k)) for k in ("model", "written", "canonical") if finding.get(k)}


def match_ids(labels, findings):
    """Model ids: (line, id) pairs; one id repeated on a line counts once."""
    want = sorted({(l["line"], norm_model(l["model"])) for l in labels})
    got, seen = [], set()
    for f in sorted(findings, key=lambda f: (f["line"], sorted(names(f)))):
        key = (f["line"], norm_model(f.get("written") or f.get("model")))
        if key not in seen:
            seen.add(key)
            got.append(f)
    used, pairs = set(), []
    for line, model in want:
        hit = next((i for i, f in enumerate(got) if i not in used and f["line"] == line and model in names(f)), None)
        if hit is not None:
            used.add(hit)
        pairs.append(({"line": line, "model": model}, None if hit is None else got[hit]))
    return pairs, [f for i, f in enumerate(got) if i not in used]


def match_lines(labels, findings):
    """Other kinds: one to one, nearest first, within [line-1, end_line+1]."""
    cands = []
    for li, l in enumerate(labels):
        lo, hi = l["line"], l.get("end_line", l["line"])
        for fi, f in enumerate(findings):
            if lo - 1 <= f["line"] <= hi + 1:
                gap = 0 if lo <= f["line"] <= hi else 1
                cands.append((gap, l["line"], f["line"], li, fi))
    pair, used = {}, set()
    for _, _, _, li, fi in sorted(cands):
        if li not in pair and fi not in used:
            pair[li] = fi
            used.add(fi)
    pairs = [(l, findings[pair[i]] if i in pair else None) for i, l in enumerate(labels)]
    return pairs, [f for i, f in enumerate(findings) if i not in used]


def score_file(entry, findings_of):
    """{kind: (tp, fp, fn, [disagreement])} of one labelled file."""
    path, out = entry["path"], {}
    for key in KINDS:
        labels = entry.get(key)
        if labels is None:
            fail(path, f"no '{key}' (write [] when the file has none)")
        found = findings_of.get((path, key), [])
        pairs, extra = (match_ids if key == "model_ids" else match_lines)(labels, found)
        notes = [{"path": path, "line": l["line"], "kind": key, "what": "miss", "model": l.get("model")}
                 for l, f in pairs if f is None]
        notes += [{"path": path, "line": f["line"], "kind": key, "what": "false positive",
                   "model": f.get("model") or f.get("written")} for f in extra]
        tp = sum(1 for _, f in pairs if f is not None)
        out[key] = (tp, len(extra), len(pairs) - tp, notes)
        if key == "call_sites":
            out[RIGHT_MODEL] = score_models(path, pairs)
    return out


def score_models(path, pairs):
    """Right model among call sites whose label names one: precision over
    those found, recall over all of them."""
    right, wrong, notes = 0, 0, []
    for l, f in pairs:
        if l.get("model") is None:
            continue
        if f is not None and norm_model(l["model"]) in names(f):
            right += 1
            continue
        if f is not None:
            wrong += 1
            notes.append({"path": path, "line": l["line"], "kind": RIGHT_MODEL, "what": "wrong model",
                          "model": l["model"], "got": f.get("model"), "model_source": f.get("model_source")})
        else:
            notes.append({"path": path, "line": l["line"], "kind": RIGHT_MODEL, "what": "miss", "model": l["model"]})
    missed = sum(1 for l, f in pairs if l.get("model") is not None and f is None)
    return (right, wrong, wrong + missed, notes)


def ratio(num, den):
    return round(num / den, 3) if den else None


def add(table, group, kind, counts):
    tp, fp, fn = table.setdefault(group, {}).setdefault(kind, [0, 0, 0])
    table[group][kind] = [tp + counts[0], fp + counts[1], fn + counts[2]]


def finish(table):
    return {g: {k: {"tp": c[0], "fp": c[1], "fn": c[2], "precision": ratio(c[0], c[0] + c[1]),
                    "recall": ratio(c[0], c[0] + c[2])} for k, c in kinds.items()}
            for g, kinds in sorted(table.items())}


def score(root, scans, split, trees=None):
    tables = {"total": {}, "by_split": {}, "by_repo": {}, "by_language": {}}
    notes, files = [], 0
    for repo in load_repos(root, split):
        name = repo["name"]
        labels = load_yaml(os.path.join(root, "labels", f"{name}.yaml")) or {}
        if labels.get("commit") != repo["commit"]:
            fail(os.path.join(root, "labels", f"{name}.yaml"), f"commit differs from the pin of '{name}'")
        findings_of = load_findings(os.path.join(scans, f"{name}.json"))
        for entry in labels.get("files") or []:
            files += 1
            if trees and not os.path.isfile(os.path.join(trees, name, entry["path"])):
                fail(os.path.join(root, "labels", f"{name}.yaml"), f"{entry['path']}: no such file at the pinned commit")
            for kind, (tp, fp, fn, file_notes) in score_file(entry, findings_of).items():
                for table, group in (("total", "all"), ("by_split", repo["split"]), ("by_repo", name),
                                     ("by_language", language(entry["path"]))):
                    add(tables[table], group, kind, (tp, fp, fn))
                notes += [dict(n, repo=name) for n in file_notes]
    notes.sort(key=lambda n: (n["repo"], n["path"], n["line"], ORDER.index(n["kind"]), n["what"], str(n["model"])))
    return {"split": split, "files": files, **{t: finish(v) for t, v in tables.items()}, "disagreements": notes}


def cell(c):
    p = "–" if c["precision"] is None else f"{c['precision']:.3f}"
    r = "–" if c["recall"] is None else f"{c['recall']:.3f}"
    return f"{p} / {r}"


def markdown(result):
    lines = [f"# Real-code benchmark, split `{result['split']}` ({result['files']} labelled files)", "",
             "| kind | found | false pos. | missed | precision | recall |", "|---|---:|---:|---:|---:|---:|"]
    for kind in ORDER:
        c = result["total"].get("all", {}).get(kind)
        if c:
            p, r = cell(c).split(" / ")
            lines.append(f"| {kind} | {c['tp']} | {c['fp']} | {c['fn']} | {p} | {r} |")
    for title, table in (("split", "by_split"), ("repository", "by_repo"), ("language", "by_language")):
        lines += ["", f"Precision / recall per {title}:", "",
                  f"| {title} | " + " | ".join(ORDER) + " |", "|---|" + "---:|" * len(ORDER)]
        for group, kinds in result[table].items():
            lines.append(f"| {group} | " + " | ".join(cell(kinds[k]) for k in ORDER) + " |")
    lines += ["", "Disagreements (`file:line kind what model`):", ""]
    for n in result["disagreements"]:
        extra = f" (got {n['got']}, {n['model_source']})" if n["what"] == "wrong model" else ""
        model = "" if n["model"] is None else f" {n['model']}"
        lines.append(f"- {n['repo']}: `{n['path']}:{n['line']}` {n['kind']} {n['what']}{model}{extra}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=HERE)
    ap.add_argument("--scans")
    ap.add_argument("--trees")
    ap.add_argument("--split", default="all", choices=["dev", "heldout", "all"])
    ap.add_argument("--md")
    ap.add_argument("--json")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    try:
        if a.list:
            for r in load_repos(a.root, a.split):
                print(r["name"], r["source"], r["commit"])
            return 0
        if not a.scans:
            ap.error("--scans is required")
        result = score(a.root, a.scans, a.split, a.trees)
    except InputError as e:
        print(f"score: error: {e}", file=sys.stderr)
        return 2
    text = markdown(result)
    if a.md:
        with open(a.md, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1, sort_keys=True)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
