// Pieces shared by the TOML reader (format_toml.cc: a walk over the
// tree-sitter tree of a well-formed file) and its recovery
// (toml_recover.cc: the same regions read from the tree's tokens when the
// file has a syntax error). Not a public API; see regions.h for the contract.
//
// Thread-safety: everything here is per call, except toml_symbols(), which is
// computed once and then read-only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <tree_sitter/api.h>

#include "read/regions.h"

namespace modelshift::toml_detail {

// Node types of the tree-sitter TOML grammar, looked up once by name so the
// walks compare integers.
struct TomlSymbols {
  TSSymbol pair, table, table_array, bare_key, quoted_key, dotted_key, string, array, inline_table, comment;
  TSSymbol integer, float_, boolean, offset_date_time, local_date_time, local_date, local_time;
  TSSymbol comma;
  bool is_key(TSSymbol s) const { return s == bare_key || s == quoted_key || s == dotted_key; }
  bool is_scalar(TSSymbol s) const {
    return s == integer || s == float_ || s == boolean || s == offset_date_time || s == local_date_time ||
           s == local_date || s == local_time;
  }
};
const TomlSymbols& toml_symbols();

// Length of the delimiter of the string or quoted key at [b, e): 3 for
// a multi-line string, else 1. Its Value is [b + d, e - d).
uint32_t delimiter_length(std::string_view text, uint32_t b, uint32_t e);

// One segment of a dotted key: the byte range of its text (quotes excluded).
struct KeyPart {
  uint32_t b, e;
};

// The table a `[a.b]` / `[[a.b]]` header opens, with one Key region per
// segment. `[[x]]` opens x[0], x[1]... per occurrence; a later header below
// an array of tables resolves against its latest element (`[[f]]` then
// `[f.p]` -> f[0].p).
class TableNames {
 public:
  std::string open(regions_detail::Builder& b, const std::vector<KeyPart>& parts, bool array_of_tables);

 private:
  std::unordered_map<std::string, size_t> array_count_;
};

// Key regions for `parts` joined below `base`; returns the full path.
std::string key_regions(regions_detail::Builder& b, std::string base, const std::vector<KeyPart>& parts);

// Adds `part` unless the key already has kMaxKeyParts (then reports it once).
void add_key_part(regions_detail::Builder& b, std::vector<KeyPart>& parts, KeyPart part);

// Reads a file whose tree has an ERROR or MISSING node: replays the tree's
// tokens through a line-oriented reader, so values outside the broken part
// keep their key paths, and records the first problem as "malformed TOML: ...".
void recover_toml(regions_detail::Builder& b, TSNode root);

}  // namespace modelshift::toml_detail
