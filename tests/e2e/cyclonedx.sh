#!/usr/bin/env bash
# CycloneDX ML-BOM end to end: the example, the hostile fixture and the SDK
# repository are written with --format cyclonedx and checked
#   (1) against the official bom-1.6 JSON schema (Draft 7) that the pinned
#       @cyclonedx/cyclonedx-library ships (tests/tools/, installed by the
#       sarif_tools fixture), its $refs resolved from the same folder; a
#       broken BOM must fail it, so the check cannot pass by validating nothing;
#   (2) against the JSON inventory of the same tree (cyclonedx_check.py):
#       deprecated models are components, every place a model is named is an
#       occurrence and nothing else is, bom-refs unique, SDK definitions left out;
# plus: same bytes at -j 1 and -j 2, no absolute paths.
#   cyclonedx.sh MODELSHIFT EXAMPLE_TREE HOSTILE_TREE SDK_TREE TOOLS_DIR
set -euo pipefail
bin=$1 example=$2 hostile=$3 sdk=$4 tools=$5
here=$(cd "$(dirname "$0")" && pwd)
schemas=$tools/node_modules/@cyclonedx/cyclonedx-library/res/schema
[ -f "$schemas/bom-1.6.SNAPSHOT.schema.json" ] ||
  { echo "CycloneDX schemas not installed in $tools (tests/e2e/sarif_tools.sh)" >&2; exit 1; }
source "$here/schema_python.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pairs=()
run() {  # run NAME TREE: BOM at -j 1 and -j 2 (same bytes), and the JSON inventory
  local name=$1 tree=$2
  "$bin" scan --format cyclonedx --as-of 2026-11-25 -j 1 "$tree" >"$tmp/$name.cdx.json" 2>"$tmp/$name.err"
  "$bin" scan --format cyclonedx --as-of 2026-11-25 -j 2 "$tree" >"$tmp/$name.j2" 2>/dev/null
  cmp "$tmp/$name.cdx.json" "$tmp/$name.j2" || { echo "$name: BOM differs between -j 1 and -j 2" >&2; exit 1; }
  "$bin" scan --format json --as-of 2026-11-25 "$tree" >"$tmp/$name.inventory.json" 2>/dev/null
  if grep -qF "$(cd "$tree" && pwd)" "$tmp/$name.cdx.json"; then echo "$name: absolute path in BOM" >&2; exit 1; fi
  pairs+=("$tmp/$name.cdx.json" "$tmp/$name.inventory.json")
}
run example "$example"
run hostile "$hostile"
run sdk "$sdk"

# The example names deprecated models and the SDK tree has SDK definitions:
# without them the invariants below would hold vacuously.
"$py" - "$tmp/example.cdx.json" "$tmp/sdk.cdx.json" <<'PY'
import json, sys
example, sdk = (json.load(open(p)) for p in sys.argv[1:3])
def props(obj, name):
    return [p["value"] for p in obj.get("properties", []) if p["name"] == "modelshift:" + name]
if not any(set(props(c, "status")) & {"deprecated", "retired"} for c in example["components"]):
    sys.exit("example: no deprecated or retired model in the BOM")
if int(props(sdk["metadata"], "sdk_definitions_left_out")[0]) == 0:
    sys.exit("sdk: no SDK definition left out")
PY

# A broken BOM (a component without a name, an unknown type) must fail.
"$py" - "$tmp/example.cdx.json" "$tmp/broken.json" <<'PY'
import json, sys
bom = json.load(open(sys.argv[1]))
del bom["components"][0]["name"]
bom["components"][-1]["type"] = "model"
json.dump(bom, open(sys.argv[2], "w"), indent=2)
PY
"$py" "$here/cyclonedx_check.py" --expect-invalid "$schemas" "$tmp/broken.json"
"$py" "$here/cyclonedx_check.py" "$schemas" "${pairs[@]}"
echo "CycloneDX BOMs valid (bom-1.6 schema) and agree with the JSON inventories"
