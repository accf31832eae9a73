#!/usr/bin/env bash
# SDK definitions end to end, on tests/fixtures/sdk-repo copied outside git
# (so `check` judges every line): the text report sums them in one line and
# does not list them, SARIF keeps them as notes with their context, and the
# gate never blocks on them while it does block on the same code in the app.
#   sdk_definitions.sh MODELSHIFT FIXTURE_DIR
set -euo pipefail
bin=$1 fixture=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$fixture" "$tmp/repo"
cd "$tmp/repo"
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1" >&2; fail=1; }

# 1. Text: one summary line, no listing of the SDK's own files; examples,
#    README and the app are listed as usage (--verbose: docs are listed too).
"$bin" scan --as-of 2026-11-25 --verbose . >"$tmp/text" 2>"$tmp/err"
grep -q '^  13 findings in SDK definitions (anthropic 0.40.x 2, github.com/openai/openai-go 2.x 2, openai 1.x 2, openai 4.x 7' "$tmp/text" &&
  ok "summary line" || bad "summary line: $(cat "$tmp/text")"
grep -q 'resources/chat/completions\|python-sdk/src\|go-sdk/chat.go\|dist/esm/helpers' "$tmp/text" &&
  bad "an SDK definition is listed as usage" || ok "definitions not listed"
for f in src/app.ts node_modules/openai/examples/demo.ts node_modules/openai/README.md python-sdk/examples/messages.py; do
  grep -q "^$f\$" "$tmp/text" && ok "$f listed as usage" || bad "$f not listed"
done
grep -q 'broken/package.json:3: malformed manifest' "$tmp/err" && ok "malformed manifest named" ||
  bad "no warning for broken/package.json: $(cat "$tmp/err")"
grep -q '^broken/index.js$' "$tmp/text" && ok "scan went on past the malformed manifest" || bad "broken/index.js missing"

# 2. SARIF: the SDK's own findings are notes that say so.
"$bin" scan --format sarif --sarif-all --as-of 2026-11-25 . >"$tmp/sarif"
python3 - "$tmp/sarif" <<'PY' && ok "sarif notes with context" || bad "sarif"
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0]["results"]
sdk = [r for r in results if r["properties"].get("context") == "sdk_definition"]
uri = lambda r: r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
assert len(sdk) == 13, len(sdk)
assert all(r["level"] == "note" for r in sdk)
assert not any(uri(r) == "src/app.ts" for r in sdk)
PY

"$bin" scan --format github --sarif-all --fail-on retired,deprecated --as-of 2026-11-25 . >"$tmp/github" || true
grep -q '^::notice file=python-sdk/src/anthropic/types/model.py' "$tmp/github" &&
  ! grep 'file=python-sdk/src/anthropic/types/model.py' "$tmp/github" | grep -qv '^::notice' &&
  ok "GitHub notices" || bad "GitHub annotations of an SDK definition: $(grep model.py "$tmp/github")"
grep -q '^::error file=python-sdk/examples/messages.py' "$tmp/github" && ok "usage keeps its level" ||
  bad "examples lost their level: $(cat "$tmp/github")"

# JSON and YAML carry the same tree, sdk_package and syntax included.
"$bin" scan --format json --as-of 2026-11-25 . >"$tmp/json"
"$bin" scan --format yaml --as-of 2026-11-25 . >"$tmp/yaml"
python3 - "$tmp/json" "$tmp/yaml" <<'PY' && ok "json and yaml agree" || bad "json and yaml differ"
import json, sys, yaml
a, b = json.load(open(sys.argv[1])), yaml.safe_load(open(sys.argv[2]))
assert a == b
sdk = [f for f in a["findings"] if f["context"] == "sdk_definition"]
assert sdk and all(f["sdk_package"]["manifest"] and f["syntax"] for f in sdk)
PY

# 3. The gate: the SDK helper that calls gpt-5.2 (deprecated) passes ...
if "$bin" check --as-of 2026-11-25 node_modules/openai/dist/esm/helpers.mjs \
     node_modules/openai/resources/chat/completions.d.ts >"$tmp/out" 2>&1; then ok "check passes SDK definitions"
else bad "check blocked on an SDK definition: $(cat "$tmp/out")"; fi
# ... while the same file outside the SDK's package blocks (control).
cp node_modules/openai/dist/esm/helpers.mjs src/helpers.mjs
if "$bin" check --as-of 2026-11-25 src/helpers.mjs >"$tmp/out" 2>&1; then bad "control: check passed src/helpers.mjs"
else grep -q 'src/helpers.mjs:3:.*gpt-5.2' "$tmp/out" && ok "control blocks" || bad "control: $(cat "$tmp/out")"; fi

# 4. Only the nearest naming manifest counts: renaming the package makes its
#    files usage.
sed -i 's/"name": "openai"/"name": "openai-fork"/' node_modules/openai/package.json
"$bin" scan --as-of 2026-11-25 --verbose . >"$tmp/text"
grep -q '^node_modules/openai/resources/chat/completions.d.ts$' "$tmp/text" && ok "renamed package is usage" ||
  bad "renamed package still a definition"
exit $fail
