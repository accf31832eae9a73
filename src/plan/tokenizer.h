// Tokenizer: exact token counts for OpenAI's o200k_base and cl100k_base BPE
// encodings, identical to tiktoken's `encode_ordinary` (special-token names
// such as "<|endoftext|>" are ordinary text). The plan's cost section counts
// prompt tokens with it where a model's encoding is known.
//
// Where the ranks come from
//   The npm package `tiktoken` 1.0.22 (the JS/WASM bindings of OpenAI's
//   tiktoken, MIT), pinned in tokenizers/package-lock.json, ships
//   encoders/<name>.json: the encoding's split regex (`pat_str`) and the
//   bytes of every token in rank order (base64). These are OpenAI's published
//   o200k_base.tiktoken and cl100k_base.tiktoken files, re-encoded.
//   cmake/Tokenizers.cmake fetches the package with `npm ci` at configure time
//   (once per lock-file hash); at build time src/tools/pack_bpe_main.cc checks
//   each file and packs it into a compact blob (tokenizer_data.h has the
//   layout: o200k 1.6 MB, cl100k 0.7 MB), which an assembler `.incbin` puts in
//   the binary's read-only data. The binary needs no file beside it, and the
//   build compiles no giant array. tests/e2e/tokenizer_reference.sh compares
//   our ids with the same package's WASM encoder (tiktoken's Rust core, whose
//   ranks are compiled into the WASM, not read from those JSON files).
//
// How text becomes tokens (what tiktoken does)
//   1. Invalid UTF-8 is decoded the way the WHATWG Encoding standard decodes
//      it (JavaScript's TextDecoder, Node's Buffer#toString): each maximal
//      invalid subpart becomes U+FFFD. The reference takes strings, not bytes,
//      so this is what any caller of it does first. Valid text is not copied.
//   2. The text is split into pieces by the encoding's regex, searched from
//      left to right with leftmost-first (backtracking) alternation, the
//      semantics of the reference's engine (Rust fancy-regex). RE2 gives the
//      same first match for these patterns except in two places we emulate:
//      * `\s` means Unicode White_Space to the reference but only [\t\n\f\r ]
//        to RE2, so the class is spelled out (25 code points, with \v, U+0085,
//        U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F,
//        U+3000), also inside negated classes.
//      * `\s+(?!\S)|\s+` (RE2 has no lookahead) is written `\s+`. A match of
//        that last alternative is recognised by its last character: only it
//        can end in white space other than \r or \n (every other alternative
//        ends in a letter, mark, digit, non-space symbol, \r, \n or '/'). When
//        it spans more than one character and text follows (which must then
//        be a non-space, as `\s+` is greedy), its last character is given
//        back: that is the match `\s+(?!\S)` finds by backtracking, and the
//        character then starts the next piece (" b" in "a   b").
//      The blob carries the regex it was shipped with; a tokenizer whose
//      emulation was written for another regex refuses to load (logic_error),
//      so a package bump that changes a regex fails the unit tests.
//      Unicode classes (\p{L}, \p{N}, ...) come from RE2's tables; a character
//      assigned in a newer Unicode version than RE2 knows may split
//      differently (none in any test corpus).
//   3. A piece that is itself a token is that token. Otherwise its bytes are
//      merged pairwise, always the adjacent pair whose concatenation has the
//      lowest rank (the leftmost among equals), until no pair is a token.
//      A min-heap of candidate pairs keeps this O(n log n) in the piece's
//      length (tiktoken's own loop is quadratic; a megabyte of base64 is one
//      piece).
//
// Cost
//   The first get() of an encoding indexes its ranks and compiles its regex:
//   tens of milliseconds and ~9 MB for o200k (measured 50 ms, the Unicode
//   classes dominate), ~10 ms and ~5 MB for cl100k. Nothing happens at
//   start-up, so commands that count no tokens (the pre-commit gate) never
//   pay it. Encoding then costs one anchored RE2 match and one hash lookup
//   per piece: ~4 MB of source code per second on one core, a 2 MB piece
//   included.
//
// Thread-safety: get() may be called from any thread; a Tokenizer is
// immutable, and encode/count/decode are safe to call concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace modelshift {

class Tokenizer {
 public:
  // The encodings compiled in ("o200k_base", "cl100k_base"); nullptr for any
  // other name. Loaded on first use, thread-safe; the object lives until exit.
  // Throws std::logic_error if the compiled-in data does not match this code
  // (a build defect the unit tests catch).
  static const Tokenizer* get(std::string_view encoding);

  // The token ids of ordinary text (no special tokens), as tiktoken's
  // encode_ordinary gives them; invalid UTF-8 as described above.
  std::vector<uint32_t> encode(std::string_view utf8) const;
  // == encode(utf8).size(), without building the vector.
  size_t count(std::string_view utf8) const;
  // The bytes of the tokens, concatenated (decode(encode(s)) == s for valid
  // UTF-8 s); ids out of range are skipped.
  std::string decode(const std::vector<uint32_t>& ids) const;
  // The encoding's name, e.g. "o200k_base".
  const std::string& name() const;

  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  struct Impl;  // tokenizer.cc

 private:
  explicit Tokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace modelshift
