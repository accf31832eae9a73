#!/usr/bin/env bash
# Offline self-test of the real-code benchmark's scripts (ctest e2e.realcode_score):
#   self_test.sh MODELSHIFT FIXTURE_DIR
# 1. score.py on tests/fixtures/realcode-score gives the hand-worked numbers
#    of expected.json for each split, and its disagreement list;
# 2. score.py refuses bad input with a located error and exit 2;
# 3. materialize.py writes a commit's blobs, skips missing blobs and symlinks,
#    reuses a tree already at the commit, and refuses an unknown commit;
# 4. run.sh end to end on a scratch repository with the real modelshift.
# Uses only scratch folders under a mktemp directory; no network.
set -euo pipefail
bin=$1 fixture=$2
here=$(cd "$(dirname "$0")" && pwd)
py=""
for cand in /usr/bin/python3 python3; do
  if "$cand" -c 'import yaml' 2>/dev/null; then py=$cand; break; fi
done
[ -n "$py" ] || { echo "no python3 with PyYAML: run scripts/setup.sh" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passes=0 fails=0
check() {  # check NAME COMMAND...: runs the command, counts the outcome
  if "${@:2}"; then echo "ok   $1"; passes=$((passes + 1)); else echo "FAIL $1"; fails=$((fails + 1)); fi
}

# 1. The numbers.
for split in dev heldout all; do
  "$py" "$here/score.py" --root "$fixture" --scans "$fixture/scans" --split "$split" \
    --md "$tmp/$split.md" --json "$tmp/$split.json"
done
compare() {
  "$py" - "$fixture/expected.json" "$tmp" <<'EOF'
import json, sys
expected, tmp = json.load(open(sys.argv[1])), sys.argv[2]
bad = 0
for split, want in expected.items():
    if split.startswith("_"):
        continue
    got = json.load(open(f"{tmp}/{split}.json"))
    have = {"files": got["files"],
            "total": {k: [v["tp"], v["fp"], v["fn"], v["precision"], v["recall"]]
                      for k, v in got["total"]["all"].items()}}
    if "disagreements" in want:
        have["disagreements"] = [f"{n['path']}:{n['line']} {n['kind']} {n['what']}" for n in got["disagreements"]]
    for key in ("by_split", "by_language"):
        if key in want:
            have[key] = sorted(got[key])
    for key in want:
        if want[key] != have[key]:
            print(f"{split} {key}: want {want[key]}\n{' ' * len(split)} {key}: got  {have[key]}")
            bad = 1
sys.exit(bad)
EOF
}
check "score.py numbers match expected.json" compare
check "markdown lists a miss as file:line" grep -q '^- fake: `a.py:20` model_ids miss o3$' "$tmp/dev.md"
check "markdown lists a wrong model" grep -q 'a.py:40` call_sites_with_right_model wrong model gpt-4o-mini (got None, unresolved)' "$tmp/dev.md"

# 2. Bad input.
refuses() {  # refuses MESSAGE: score.py on $tmp/bad must exit 2 saying MESSAGE
  local rc=0
  "$py" "$here/score.py" --root "$tmp/bad" --scans "$fixture/scans" > /dev/null 2> "$tmp/err" || rc=$?
  [ "$rc" -eq 2 ] && grep -q "$1" "$tmp/err"
}
reset_bad() { rm -rf "$tmp/bad"; cp -r "$fixture" "$tmp/bad"; }
reset_bad; sed -i '/^    prompts:      \[{line: 5}/d' "$tmp/bad/labels/fake.yaml"
check "a labelled file without a key is refused" refuses "a.py: no 'prompts'"
reset_bad; sed 's/fake2/fake/' "$fixture/repos-heldout.yaml" > "$tmp/bad/repos-heldout.yaml"
check "a repository named twice is refused" refuses "repository 'fake' is also in"
reset_bad; sed -i 's/^commit: 1111/commit: 9999/' "$tmp/bad/labels/fake.yaml"
check "labels of another commit are refused" refuses "commit differs from the pin of 'fake'"

# 3. materialize.py on a scratch repository with a missing blob and a symlink.
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
repo=$tmp/upstream
mkdir -p "$repo/src"
printf 'from openai import OpenAI\nclient = OpenAI()\nr = client.chat.completions.create(model="gpt-4o", messages=[])\n' > "$repo/src/app.py"
printf 'big\n' > "$repo/big.bin"
ln -s src/app.py "$repo/link.py"
git -C "$repo" init -q && git -C "$repo" add -A && git -C "$repo" commit -q -m fixture
commit=$(git -C "$repo" rev-parse HEAD)
mkdir -p "$tmp/mirrors/example+demo"
git clone -q --bare "$repo" "$tmp/mirrors/example+demo/repo"
big=$(git -C "$repo" rev-parse HEAD:big.bin)
rm "$tmp/mirrors/example+demo/repo/objects/${big:0:2}/${big:2}"   # as a snapshot lacks a large blob
materialized() {
  "$py" "$here/materialize.py" "$tmp/mirrors/example+demo/repo" "$commit" "$tmp/m" 2> "$tmp/err" &&
    [ -f "$tmp/m/src/app.py" ] && [ ! -e "$tmp/m/big.bin" ] && [ ! -e "$tmp/m/link.py" ] &&
    grep -q 'skipped big.bin (not in the snapshot)' "$tmp/err" && grep -q 'skipped link.py (symlink)' "$tmp/err"
}
check "materialize.py writes blobs, skips missing ones and symlinks" materialized
reused() {
  touch "$tmp/m/marker" && "$py" "$here/materialize.py" "$tmp/mirrors/example+demo/repo" "$commit" "$tmp/m" &&
    [ -e "$tmp/m/marker" ]
}
check "materialize.py reuses a tree at the same commit" reused
unknown() {
  local rc=0
  "$py" "$here/materialize.py" "$tmp/mirrors/example+demo/repo" 0123456789012345678901234567890123456789 "$tmp/m2" 2> "$tmp/err" || rc=$?
  [ "$rc" -eq 2 ] && grep -q 'not found' "$tmp/err"
}
check "materialize.py refuses an unknown commit" unknown

# 4. run.sh end to end: one scratch repository, its one id labelled.
mkdir -p "$tmp/bench/labels"
cat > "$tmp/bench/repos.yaml" <<EOF
repos:
  - {name: demo, source: "github:example/demo", commit: $commit, split: dev, kind: app, languages: [python], sample: [src/app.py]}
EOF
cat > "$tmp/bench/labels/demo.yaml" <<EOF
repo: demo
commit: $commit
labelled: "self-test"
files:
  - path: src/app.py
    model_ids: [{line: 3, model: gpt-4o}]
    call_sites: []
    prompts: []
    tool_schemas: []
    embeddings: []
EOF
end_to_end() {
  bash "$here/run.sh" --mirrors "$tmp/mirrors" --work "$tmp/work" --bin "$bin" --root "$tmp/bench" --split dev \
      > "$tmp/run.out" 2> "$tmp/run.err" &&
    [ -s "$tmp/work/scan/demo.json" ] && grep -q '^| model_ids | 1 | 0 | 0 | 1.000 | 1.000 |$' "$tmp/run.out" ||
    { cat "$tmp/run.err" "$tmp/run.out" >&2; return 1; }
}
check "run.sh materialises, scans and scores" end_to_end
wrong_path() {
  sed 's#path: src/app.py#path: src/missing.py#' "$tmp/bench/labels/demo.yaml" > "$tmp/demo.yaml" &&
    mkdir -p "$tmp/bench2/labels" && cp "$tmp/bench/repos.yaml" "$tmp/bench2/" && mv "$tmp/demo.yaml" "$tmp/bench2/labels/" &&
    ! bash "$here/run.sh" --mirrors "$tmp/mirrors" --work "$tmp/work" --bin "$bin" --root "$tmp/bench2" > /dev/null 2> "$tmp/err" &&
    grep -q 'src/missing.py: no such file at the pinned commit' "$tmp/err"
}
check "run.sh refuses a label of a file the commit lacks" wrong_path
no_mirror() { ! bash "$here/run.sh" --mirrors "$tmp/none" --work "$tmp/work2" --bin "$bin" --root "$tmp/bench" 2> "$tmp/err" &&
  grep -q 'no git directory for example/demo' "$tmp/err"; }
check "run.sh says which repository has no mirror" no_mirror

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
