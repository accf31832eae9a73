// A small JSON (and JSONC) reader that keeps byte positions, which
// nlohmann-json does not. Used for config key paths and for notebooks, where
// a finding must be reported at the physical line of the .ipynb file.
//
// Thread-safe (pure function). Never throws; never recurses deeper than
// max_depth; on malformed input returns what it could read plus diagnostics.
//
// Why hand-written, when analyze_json reads the tree-sitter JSON tree (issue
// 11 §3): the DOM consumers (notebooks, JSON schema files, package
// manifests) need decoded strings, a decoded->source offset map and strict
// JSON, and building this DOM costs less than tree-sitter's parse alone on
// the largest JSON of the test trees. `modelshift_regions_bench json FILE`
// built before (1df3cc8: analyze_json = this DOM + a walk) and after the move
// (tree-sitter tree + a walk), best of 5, shared machine (load ~11):
//   gemini-cookbook LiveAPI_plotting_and_mapping.ipynb  3.8 MB   47 ms -> 221 ms
//   anthropic-cookbook text_to_sql/guide.ipynb          3.0 MB   30 ms -> 189 ms
//   ai/dist/index.mjs.map (bench tree)                  1.1 MB  2.3 ms -> 188 ms
//   semantic-kernel ProcessWithCloudEvents package-lock 209 KB  1.9 ms ->  97 ms
// and tree-sitter's parse alone (parse_syntax, timed apart, less load) against
// parse_json: 75 vs 11, 70 vs 9, 60 vs 6, 22 vs 1 ms on the same files; 500 vs
// 36 ms over all 4412 JSON files of the bench tree. Notebooks are read whole
// whenever they hold a keyword, so a DOM built from the tree would make
// notebook-heavy repositories (the cookbooks) several times slower to scan.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/types.h"

namespace modelshift {

struct JsonValue {
  enum class Type { Null, Bool, Number, String, Array, Object };
  Type type = Type::Null;
  uint32_t begin = 0, end = 0;  // source byte range; strings include their quotes
  std::string str;              // decoded value for String; raw text for Number/Bool
  std::vector<JsonValue> items;  // Array items, or Object values (same order as keys)
  std::vector<JsonValue> keys;   // Object keys (String values, with positions)

  // Object member lookup by key (first match), or nullptr.
  const JsonValue* get(std::string_view key) const;
};

struct JsonParse {
  JsonValue root;
  bool ok = false;  // false when the text was not complete, valid JSON(C)
  std::vector<Diagnostic> diagnostics;  // path empty; caller fills it
};

// Notes on the reader:
//  * A leading UTF-8 BOM is skipped. With allow_comments (JSONC), // and /* */
//    comments and trailing commas are accepted; without it they are reported
//    (and skipped) and ok is false.
//  * Error recovery: a missing ',' or ':' is assumed, a stray character is
//    skipped, an unterminated string ends at the end of its line, unclosed
//    containers are closed at the end of the input. Only the first problem is
//    reported ("malformed JSON: ..." with 1-based line/column).
//  * A container nested deeper than max_depth is skipped (kept as a Null value
//    spanning its source range) with a diagnostic. max_depth is clamped to 4096
//    because the tree's destructor recurses once per level.
//  * \uXXXX escapes decode to UTF-8, surrogate pairs combined; an unpaired
//    surrogate decodes to U+FFFD. Raw bytes (including invalid UTF-8) are kept.
//  * Content after the root value is an error.
JsonParse parse_json(std::string_view text, bool allow_comments, size_t max_depth = 256);

// For a String value read from `text`: the source byte offset that decoded
// byte `decoded_offset` of value.str came from (escapes such as \n or \u00e9
// map to the offset of their backslash).
uint32_t json_source_offset(std::string_view text, const JsonValue& value, uint32_t decoded_offset);

// The decoded text of a string body (the bytes between its quotes), with the
// escapes decoded as parse_json decodes them (an invalid escape `\q` gives `q`).
std::string json_decode_string(std::string_view body);

// Whether `s` is a number as JSON writes it (no leading '+' or zeros, digits
// after a '.', an exponent with digits).
bool json_number_valid(std::string_view s);

}  // namespace modelshift
