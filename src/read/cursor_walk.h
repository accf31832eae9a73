// A depth-first walk over a tree-sitter tree that keeps one caller-defined
// frame per level, for the readers that turn a tree into regions
// (format_toml.cc, format_hcl.cc). Not a public API.
//
// Cost: one visit per node the caller walks into; depth costs heap (the
// frame stack), never C++ stack, so 100k nested levels are fine.
// Thread-safety: none needed (all state is local to the call).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include <tree_sitter/api.h>

namespace modelshift {

// Visits every child of `root` in document order: `visit(node, parent,
// child)` reads `node` under its parent's frame and returns true (having set
// `child`) to walk into its children with that frame. `Frame` has a `bool
// container`; `nesting` counts the container frames on the stack, for the
// caller's depth limit.
template <class Frame, class Visit>
void walk_with_frames(TSNode root, Frame root_frame, size_t& nesting, Visit&& visit) {
  TSTreeCursor c = ts_tree_cursor_new(root);
  std::vector<Frame> st;
  st.push_back(std::move(root_frame));
  bool more = ts_tree_cursor_goto_first_child(&c);
  while (more) {
    Frame child{};
    if (visit(ts_tree_cursor_current_node(&c), st.back(), child) && ts_tree_cursor_goto_first_child(&c)) {
      nesting += child.container;
      st.push_back(std::move(child));
      continue;
    }
    while (!(more = ts_tree_cursor_goto_next_sibling(&c)) && st.size() > 1) {
      ts_tree_cursor_goto_parent(&c);
      nesting -= st.back().container;
      st.pop_back();
    }
  }
  ts_tree_cursor_delete(&c);
}

// The symbol of node type `name` in `language` (0 when language is null), so
// readers compare integers instead of type strings.
inline TSSymbol symbol_of(const TSLanguage* language, std::string_view name, bool named = true) {
  return language ? ts_language_symbol_for_name(language, name.data(), static_cast<uint32_t>(name.size()), named) : 0;
}

}  // namespace modelshift
