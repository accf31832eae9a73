"""Checks SARIF logs written by modelshift (tests/e2e/sarif.sh).

  sarif_check.py SCHEMA EXAMPLE.sarif HOSTILE.sarif ODD.sarif

Every log is validated against the SARIF 2.1.0 JSON schema, then checked for
what GitHub code scanning relies on: ruleId/ruleIndex agreement, relative
percent-encoded URIs under %SRCROOT%, 1-based regions, fingerprints, and
notifications for per-file warnings and skipped files. The three logs are the
example tree, tests/fixtures/hostile and the tree of odd file names that
sarif.sh builds.
"""
import json
import re
import sys

import jsonschema


def fail(msg):
    sys.exit(f"sarif_check: {msg}")


def results_by_uri(run):
    out = {}
    for r in run["results"]:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        out.setdefault(uri, []).append(r)
    return out


def check_common(name, log):
    if log.get("version") != "2.1.0" or "$schema" not in log:
        fail(f"{name}: version/$schema")
    if len(log["runs"]) != 1:
        fail(f"{name}: expected one run")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    for key in ("name", "version", "semanticVersion", "informationUri", "rules"):
        if not driver.get(key):
            fail(f"{name}: driver.{key} missing")
    rules = driver["rules"]
    for rule in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            if not rule.get(key, {}).get("text"):
                fail(f"{name}: rule {rule['id']} lacks {key}.text")
    if run.get("columnKind") != "utf16CodeUnits":
        fail(f"{name}: columnKind")
    if "%SRCROOT%" not in run.get("originalUriBaseIds", {}):
        fail(f"{name}: originalUriBaseIds")
    seen = set()
    for i, r in enumerate(run["results"]):
        where = f"{name}: results[{i}]"
        if rules[r["ruleIndex"]]["id"] != r["ruleId"]:
            fail(f"{where}: ruleIndex does not match ruleId")
        if r["level"] not in ("error", "warning", "note") or not r["message"]["text"]:
            fail(f"{where}: level or message")
        loc = r["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        if loc["artifactLocation"].get("uriBaseId") != "%SRCROOT%":
            fail(f"{where}: uriBaseId")
        if uri.startswith("/") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", uri):
            fail(f"{where}: URI {uri!r} is not relative")
        if not re.fullmatch(r"[A-Za-z0-9._~/%-]+", uri):
            fail(f"{where}: URI {uri!r} has characters that need percent-encoding")
        region = loc["region"]
        if region["startLine"] < 1 or region.get("startColumn", 1) < 1:
            fail(f"{where}: region not 1-based")
        if (region.get("endLine", region["startLine"]), region.get("endColumn", 0)) < (
            region["startLine"], region.get("startColumn", 1)):
            fail(f"{where}: region ends before it starts")
        fp = r["partialFingerprints"]["primaryLocationLineHash"]
        if not re.fullmatch(r"[0-9a-f]{16}", fp):
            fail(f"{where}: fingerprint {fp!r}")
        if (r["ruleId"], fp) in seen:
            fail(f"{where}: duplicate fingerprint {fp}")
        seen.add((r["ruleId"], fp))
    return run


def main():
    schema_path, example, hostile, odd = sys.argv[1:5]
    schema = json.load(open(schema_path, encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    runs = {}
    for path in (example, hostile, odd):
        log = json.load(open(path, encoding="utf-8"))
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        for e in errors[:10]:
            print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}", file=sys.stderr)
        if errors:
            fail(f"{path}: {len(errors)} schema errors")
        runs[path] = check_common(path, log)

    levels = {r["level"] for r in runs[example]["results"]}
    if levels != {"error", "warning", "note"}:
        fail(f"example: levels {sorted(levels)}, want error, warning and note")

    notes = runs[hostile]["invocations"][0]["toolExecutionNotifications"]
    kinds = {(n["descriptor"]["id"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
             for n in notes}
    for want in (("file-warning", "broken.yaml"), ("file-skipped", "image.png")):
        if want not in kinds:
            fail(f"hostile: notification {want} missing; have {sorted(kinds)}")

    by_uri = results_by_uri(runs[odd])
    for uri in ("dir%2C%20with%3A%20colon/a%25b%20%231.py", "caf%C3%A9/notes.py",
                "new%0Aline%3A%3Aerror%3A%3Ax.yaml", "latin1-%E9.yaml"):
        if uri not in by_uri:
            fail(f"odd: no result at {uri!r}; have {sorted(by_uri)}")
    # "# été 😀 gpt-5.2": byte column 14, UTF-16 column 10.
    first = by_uri["caf%C3%A9/notes.py"][0]
    region = first["locations"][0]["physicalLocation"]["region"]
    if (first["ruleId"], region["startLine"], region["startColumn"], region["endColumn"]) != (
            "deprecated-model", 1, 10, 17):
        fail(f"odd: notes.py region {region} ({first['ruleId']})")
    print(f"sarif_check: {sum(len(r['results']) for r in runs.values())} results in {len(runs)} logs valid")


main()
