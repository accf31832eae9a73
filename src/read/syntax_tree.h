// Parsing with tree-sitter, for every reader: code (detect/code_context) and
// the data and document formats (YAML, JSON, TOML, HCL, Markdown, shell).
// Grammars are found by the name grammars/grammars.txt gives them.
//
// Thread-safety: each thread has its own TSParser (thread_local), so any
// number of threads may parse at once; a TSLanguage is shared read-only.
// Cost: one parse, linear in the input for the grammars we ship; a parse that
// runs past kParseBudget is abandoned (null tree) so hostile input cannot hang
// a scan.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

#include <tree_sitter/api.h>

namespace modelshift {

// A generated parser on adversarial input can take long; past this budget
// the parse is abandoned and the caller falls back or reports the file.
inline constexpr auto kParseBudget = std::chrono::seconds(10);

struct SyntaxTree {
  std::shared_ptr<TSTree> tree;  // null: no such grammar, or parse abandoned
  explicit operator bool() const { return tree != nullptr; }
  TSNode root() const { return ts_tree_root_node(tree.get()); }
};

// The compiled grammar registered under `name` ("yaml", "python"...), or
// nullptr. Looked up once per name and cached.
const TSLanguage* grammar_by_name(std::string_view name);

// Parses `text` (UTF-8) with `language`. The tree refers to byte offsets of
// `text` but does not keep it alive. Null when `language` is null, its ABI is
// not supported by the runtime, or the budget ran out.
SyntaxTree parse_syntax(const TSLanguage* language, std::string_view text);

// The first ERROR or MISSING node of the tree in document order, for a
// "malformed X" diagnostic. False when the tree has no error. Iterative (a
// cursor walk), so deep trees cannot overflow the stack.
bool first_syntax_error(TSNode root, uint32_t* offset);

}  // namespace modelshift
