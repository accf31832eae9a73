"""Checks CycloneDX ML-BOMs written by modelshift (tests/e2e/cyclonedx.sh).

  cyclonedx_check.py SCHEMA_DIR BOM.json INVENTORY.json [BOM.json INVENTORY.json ...]
  cyclonedx_check.py --expect-invalid SCHEMA_DIR BOM.json

SCHEMA_DIR holds the official bom-1.6 schema and the two schemas it $refs
(spdx, jsf), as @cyclonedx/cyclonedx-library ships them; they are resolved
from that folder, never from the network. Each BOM is validated (Draft 7),
then compared with the JSON inventory of the same tree and as-of day:
  - bom-refs are unique; components are sorted by bom-ref;
  - every deprecated or retired model the inventory names outside SDK
    definitions is a component with that status;
  - the set of (component, path, line, column) of the BOM's occurrences is
    exactly the set of places the inventory names a model outside SDK
    definitions (catalogue tables count once per model they list);
  - the metadata timestamp is the as-of day at midnight UTC, and the number
    of SDK definitions left out agrees with the inventory.
"""
import json
import os
import re
import sys

import jsonschema

SCHEMA_FILES = {
    "bom-1.6": "bom-1.6.SNAPSHOT.schema.json",
    "spdx": "spdx.SNAPSHOT.schema.json",
    "jsf-0.82": "jsf-0.82.SNAPSHOT.schema.json",
}
SERIAL = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def fail(msg):
    sys.exit(f"cyclonedx_check: {msg}")


def validator(schema_dir):
    """A Draft 7 validator whose $refs resolve to the local schema files."""
    store = {}
    for name, filename in SCHEMA_FILES.items():
        path = os.path.join(schema_dir, filename)
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft7Validator.check_schema(schema)
        # Both the published $id and the file name the bom schema $refs
        # (relative to its own $id) point at the local copy.
        store[schema["$id"]] = schema
        store[f"http://cyclonedx.org/schema/{filename}"] = schema
    bom = store["http://cyclonedx.org/schema/bom-1.6.schema.json"]
    resolver = jsonschema.RefResolver.from_schema(bom, store=store)
    return jsonschema.Draft7Validator(bom, resolver=resolver, format_checker=jsonschema.FormatChecker())


def schema_errors(v, bom):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(bom)]


def prop(component, name):
    return [p.get("value") for p in component.get("properties", []) if p["name"] == "modelshift:" + name]


def expected_places(inventory):
    """(bom-ref or None, name, path, line, column) of every model the inventory names as usage."""
    places = set()
    for f in inventory["findings"]:
        if f["context"] == "sdk_definition":
            continue
        where = (f["path"], f["line"], f["column"])
        if f["kind"] == "model_catalogue":
            places.update((None, m) + where for m in f["models"])
        elif f.get("canonical"):
            places.add((f"model:{f['provider']}/{f['canonical']}", f["canonical"]) + where)
    return places


def check_pair(name, v, bom, inventory):
    errors = schema_errors(v, bom)
    if errors:
        fail(f"{name}: not a valid CycloneDX 1.6 BOM:\n  " + "\n  ".join(errors[:20]))
    if bom["specVersion"] != "1.6" or bom["version"] != 1 or not SERIAL.match(bom["serialNumber"]):
        fail(f"{name}: specVersion, version or serialNumber")
    meta = bom["metadata"]
    if meta["timestamp"] != inventory["as_of"] + "T00:00:00Z":
        fail(f"{name}: timestamp {meta['timestamp']} is not the as-of day")
    tool = meta["tools"]["components"][0]
    if tool["name"] != "modelshift" or tool["version"] != inventory["tool"]["version"]:
        fail(f"{name}: metadata.tools")
    sdk = sum(1 for f in inventory["findings"] if f["context"] == "sdk_definition")
    if prop(meta, "sdk_definitions_left_out") != [str(sdk)]:
        fail(f"{name}: sdk_definitions_left_out is not {sdk}")

    components = bom["components"]
    refs = [c["bom-ref"] for c in components]
    all_refs = refs + [tool.get("bom-ref")]
    if len(set(all_refs)) != len(all_refs):
        fail(f"{name}: duplicate bom-refs")
    if refs != sorted(refs):
        fail(f"{name}: components are not sorted by bom-ref")
    by_ref = {c["bom-ref"]: c for c in components}
    for c in components:
        provider = c["bom-ref"].removeprefix("model:").split("/", 1)[0]
        if c["type"] != "machine-learning-model" or c["bom-ref"] != f"model:{provider}/{c['name']}":
            fail(f"{name}: {c['bom-ref']}: type or bom-ref")
        occ = [(o["location"], o.get("line", 0), o.get("offset", 0)) for o in c["evidence"]["occurrences"]]
        if occ != sorted(occ):
            fail(f"{name}: {c['bom-ref']}: occurrences are not sorted")

    for f in inventory["findings"]:
        if f["context"] == "sdk_definition" or f.get("status") not in ("deprecated", "retired"):
            continue
        ref = f"model:{f['provider']}/{f['canonical']}"
        if ref not in by_ref:
            fail(f"{name}: {f['status']} model {ref} ({f['path']}:{f['line']}) is not a component")
        if prop(by_ref[ref], "status") != [f["status"]]:
            fail(f"{name}: {ref}: status {prop(by_ref[ref], 'status')}, inventory says {f['status']}")

    got = set()
    for c in components:
        for o in c["evidence"]["occurrences"]:
            got.add((c["bom-ref"], c["name"], o["location"], o.get("line", 0), o.get("offset", 0)))
    # Catalogue entries carry no provider in the inventory: matched by name.
    want = expected_places(inventory)
    want_full = {w for w in want if w[0]}
    want_by_name = {w[1:] for w in want if not w[0]}
    got_by_name = {g[1:] for g in got}
    missing = [w for w in want if (w not in got if w[0] else w[1:] not in got_by_name)]
    if missing:
        fail(f"{name}: {len(missing)} places the inventory names a model have no occurrence, "
             f"e.g. {sorted(missing, key=str)[:3]}")
    extra = [g for g in got if g not in want_full and g[1:] not in want_by_name]
    if extra:
        fail(f"{name}: {len(extra)} occurrences the inventory does not have, e.g. {sorted(extra)[:3]}")
    return len(components), len(got)


def main():
    args = sys.argv[1:]
    expect_invalid = args[0] == "--expect-invalid"
    if expect_invalid:
        args = args[1:]
    v = validator(args[0])
    if expect_invalid:
        with open(args[1], encoding="utf-8") as f:
            errors = schema_errors(v, json.load(f))
        if not errors:
            fail(f"{args[1]}: a broken BOM passed the schema")
        print(f"broken BOM rejected ({len(errors)} schema errors)")
        return
    for bom_path, inv_path in zip(args[1::2], args[2::2]):
        with open(bom_path, encoding="utf-8") as f:
            bom = json.load(f)
        with open(inv_path, encoding="utf-8") as f:
            inventory = json.load(f)
        n, occ = check_pair(os.path.basename(bom_path), v, bom, inventory)
        print(f"{os.path.basename(bom_path)}: valid CycloneDX 1.6, {n} models, {occ} occurrences")


if __name__ == "__main__":
    main()
