// Pieces shared by the HCL reader (format_hcl.cc: a walk over the
// tree-sitter tree of a well-formed file) and its recovery (hcl_recover.cc:
// the same regions read from the tree's tokens when the file has a syntax
// error). Not a public API; see regions.h for the contract.
//
// Thread-safety: hcl_symbols() is computed once, then read-only.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

#include "read/regions.h"

namespace modelshift::hcl_detail {

// Node types of the tree-sitter HCL grammar, looked up once by name so the
// walks compare integers.
struct HclSymbols {
  TSSymbol body, block, attribute, identifier, string_lit, quoted_template, heredoc_template, comment;
  TSSymbol numeric_lit, bool_lit, null_lit, tuple, object, object_elem, variable_expr, get_attr, legacy_index;
  TSSymbol function_call, for_tuple_expr, for_object_expr, expression, block_start, index, template_literal, comma;
};
const HclSymbols& hcl_symbols();

// The body of the heredoc_template node `n`: from the line after `<<EOF` to
// the end of the line before the closing delimiter (a \r\n excluded); when
// the delimiter is missing (closed false), to the end of the text.
struct HeredocBody {
  size_t b = 0, e = 0;
  bool closed = false;
};
HeredocBody heredoc_body(std::string_view text, TSNode n);

// A token of an HCL file for the recovery (hcl_tokens.cc).
enum class HclTk { Newline, Ident, String, Heredoc, Number, Punct, Eof };
struct HclToken {
  HclTk type = HclTk::Eof;
  size_t b = 0, e = 0;    // token range
  size_t vb = 0, ve = 0;  // value range (string content, heredoc body)
  char punct = 0;         // for Punct: the character; 'O' for multi-character operators
};

// The tokens of the file in order, ending with one Eof: the leaves of the
// tree, a Newline per line end between them, words for the bytes tree-sitter
// skipped; `var.x.0` is one Ident. Comments go straight into `b` as regions,
// and strings, heredocs or comments left open are reported there.
std::vector<HclToken> hcl_tokens(regions_detail::Builder& b, TSNode root);

// Reads a file whose tree has an ERROR or MISSING node: replays the tree's
// tokens, with the line ends between them, through a line-aware reader, so
// values outside the broken part keep their key paths, and records the first
// problem as "malformed HCL: ...".
void recover_hcl(regions_detail::Builder& b, TSNode root);

}  // namespace modelshift::hcl_detail
