#!/usr/bin/env python3
"""Validates modelshift reports against docs/schema/inventory.schema.json.

usage: validate_report.py SCHEMA REPORT.json|REPORT.yaml...
Beyond the schema: findings sorted by (path, line, column, kind), summary
counts agree with the findings, and no absolute path leaks into the report.
"""
import json
import sys

import jsonschema
import yaml


def load(path):
    with open(path, encoding="utf-8") as f:
        if path.endswith((".yaml", ".yml")):
            return yaml.safe_load(f)
        return json.load(f)


def main():
    schema = load(sys.argv[1])
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    problems = 0
    for path in sys.argv[2:]:
        report = load(path)
        for err in validator.iter_errors(report):
            print(f"{path}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
            problems += 1
        findings = report.get("findings", [])
        keys = [(f["path"], f["line"], f["column"], f["kind"]) for f in findings]
        if keys != sorted(keys):
            print(f"{path}: findings are not sorted by path, line, column, kind")
            problems += 1
        if report.get("summary", {}).get("findings") != len(findings):
            print(f"{path}: summary.findings disagrees with the findings array")
            problems += 1
        # Findings in SDKs' own packages are counted apart, never as usage.
        summary = report.get("summary", {})
        sdk_defs = sum(1 for f in findings if f["context"] == "sdk_definition")
        refs = sum(1 for f in findings if f["kind"] == "model_reference" and f["context"] != "sdk_definition")
        if summary.get("sdk_definitions", 0) != sdk_defs or ("model_references" in summary and
                                                           summary["model_references"] != refs):
            print(f"{path}: summary.sdk_definitions or model_references disagrees with the findings")
            problems += 1
        for f in findings + report.get("skipped", []) + report.get("warnings", []):
            if f["path"].startswith("/") or "\\" in f["path"]:
                print(f"{path}: path {f['path']!r} is not relative and '/'-separated")
                problems += 1
        print(f"{path}: {len(findings)} findings checked")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
