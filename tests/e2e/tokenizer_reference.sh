#!/usr/bin/env bash
# Token ids of src/plan/tokenizer.h against the reference encoder, over a
# corpus of ~1,500 strings: the repository's tests/corpus and examples/ files
# (whole, in line chunks, in raw byte windows that cut UTF-8 sequences), edge
# cases, long runs and seeded random text in many scripts
# (tests/tokenizer/reference.js builds it). The reference is the package the
# ranks come from, pinned by tokenizers/package-lock.json: tiktoken, OpenAI's
# Rust core as WASM. It is installed into DEST with `npm ci`, once per lock.
# Every record must get identical ids from both, for o200k_base and cl100k_base.
#   tokenizer_reference.sh ENCODER SOURCE_DIR DEST
# ENCODER is the test-only driver tests/tokenizer/encode_main.cc.
set -euo pipefail
encoder=$1
src=$(cd "$2" && pwd)
dest=$3
script=$src/tests/tokenizer/reference.js

lock=$src/tokenizers/package-lock.json
stamp=$dest/.npm-ci-$(sha256sum "$lock" | cut -c1-16)
if [ ! -e "$stamp" ]; then
  mkdir -p "$dest"
  cp "$src/tokenizers/package.json" "$lock" "$dest/"
  (cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund >npm-ci.log 2>&1) || {
    cat "$dest/npm-ci.log" >&2
    echo "tokenizer_reference.sh: npm ci failed in $dest" >&2
    exit 1
  }
  rm -f "$dest"/.npm-ci-*
  touch "$stamp"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
records=$(cd "$src" && node "$script" corpus "$work/corpus.bin" tests/corpus examples)
if [ "$records" -lt 500 ]; then
  echo "FAIL: corpus has only $records records" >&2
  exit 1
fi

status=0
for enc in o200k_base cl100k_base; do
  node "$script" encode "$dest" "$enc" "$work/corpus.bin" >"$work/ref.$enc"
  "$encoder" "$enc" "$work/corpus.bin" >"$work/ours.$enc"
  ref_lines=$(wc -l <"$work/ref.$enc")
  tokens=$(wc -w <"$work/ref.$enc")
  if [ "$ref_lines" -ne "$records" ] || [ "$tokens" -lt 100000 ]; then
    echo "FAIL: $enc: reference gave $ref_lines lines, $tokens tokens for $records records" >&2
    status=1
    continue
  fi
  if cmp -s "$work/ref.$enc" "$work/ours.$enc"; then
    echo "ok: $enc: $records records, $tokens tokens identical"
  else
    echo "FAIL: $enc: token ids differ from the reference (record = line number; first differences):" >&2
    { diff "$work/ref.$enc" "$work/ours.$enc" || true; } | head -20 | cut -c1-300 >&2
    first=$(diff "$work/ref.$enc" "$work/ours.$enc" | grep -m1 -oE '^[0-9]+' || true)
    echo "record $first: $(node "$script" show "$work/corpus.bin" "$first" | cut -c1-400)" >&2
    status=1
  fi
done
exit $status
