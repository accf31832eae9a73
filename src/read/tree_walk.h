// The document-order walks the tree-sitter region readers share
// (format_json.cc, format_shell.cc, format_toml.cc, format_hcl.cc), and
// their parse step.
//
// walk_tree: one TSTreeCursor pass, with an explicit stack of per-node state
// (Level) for the ancestors, so depth costs heap, not C++ stack: 100k nested
// levels cannot overflow it. Cost: linear in the nodes entered. Not
// thread-safe per call (the callbacks own the state); any number of walks
// may run at once on different trees.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
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

// Visits every node below `root` in document order: `visit(node, parent,
// child)` reads `node` under its parent's frame and returns true (having set
// `child`) to walk into its children with that frame. `Frame` has a `bool
// container`; `nesting` counts the container frames open around the node
// being visited, for the caller's depth limit. Built on walk_tree.
template <class Frame, class Visit>
void walk_with_frames(TSNode root, Frame root_frame, size_t& nesting, Visit&& visit) {
  struct Level {
    Frame frame{};
    bool counted = false;  // its `container` is in `nesting`
  };
  bool at_root = true;
  walk_tree<Level>(
      root,
      [&](TSNode n, Level* parent, Level& level) {
        if (at_root) {
          at_root = false;
          level.frame = std::move(root_frame);
          return true;
        }
        if (!visit(n, parent->frame, level.frame) || ts_node_child_count(n) == 0) return false;
        level.counted = level.frame.container;
        nesting += level.counted;
        return true;
      },
      [&](TSNode, Level& level) {
        if (level.counted) --nesting;
        level.counted = false;
      });
}

// The symbol of node type `name` in `language` (0 when language is null), so
// readers compare integers instead of type strings.
inline TSSymbol symbol_of(const TSLanguage* language, std::string_view name, bool named = true) {
  return language ? ts_language_symbol_for_name(language, name.data(), static_cast<uint32_t>(name.size()), named) : 0;
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
