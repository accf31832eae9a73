// The document-order walk the tree-sitter region readers share
// (format_json.cc, format_shell.cc), and their parse step.
//
// walk_tree: one TSTreeCursor pass, with an explicit stack of per-node state
// (Level) for the ancestors, so depth costs heap, not C++ stack: 100k nested
// levels cannot overflow it. Cost: linear in the nodes entered. Not
// thread-safe per call (the callbacks own the state); any number of walks
// may run at once on different trees.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "read/regions.h"
#include "read/syntax_tree.h"

namespace modelshift::regions_detail {

// Calls enter(node, parent_level_or_null, level) on the way down; when it
// returns true the node's children are walked, with `level` as their parent.
// Calls leave(node, level) when the node and its children are done.
template <class Level, class Enter, class Leave>
void walk_tree(TSNode root, Enter&& enter, Leave&& leave) {
  std::vector<Level> levels;
  TSTreeCursor c = ts_tree_cursor_new(root);
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    Level level;
    if (enter(n, levels.empty() ? nullptr : &levels.back(), level) && ts_tree_cursor_goto_first_child(&c)) {
      levels.push_back(level);
      continue;
    }
    leave(n, level);
    bool done = false;
    while (!ts_tree_cursor_goto_next_sibling(&c)) {
      if (levels.empty() || !ts_tree_cursor_goto_parent(&c)) {
        done = true;
        break;
      }
      Level up = levels.back();
      levels.pop_back();
      leave(ts_tree_cursor_current_node(&c), up);
    }
    if (done) break;
  }
  ts_tree_cursor_delete(&c);
}

// Parses `text` with the grammar `grammar` for an analyzer of `format`
// ("JSON", "shell script"). A null tree (no such grammar, or the parse ran
// past kParseBudget) leaves the table empty with a diagnostic that says why.
inline SyntaxTree parse_for_regions(Builder& b, std::string_view text, const char* grammar, const char* format) {
  const TSLanguage* language = grammar_by_name(grammar);
  SyntaxTree tree = parse_syntax(language, text);
  if (!tree)
    b.error(0, std::string("malformed ") + format + ": not analyzed, " +
                   (language ? "the parse ran past its time budget" : "no grammar for it in this build"));
  return tree;
}

}  // namespace modelshift::regions_detail
