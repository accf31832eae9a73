// Byte-level helpers shared by the hand-written readers of format_dockerfile.cc
// and format_sql.cc (formats without a tree-sitter grammar here). Pure, inline.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

namespace modelshift::regions_detail {

inline bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_name_char(char c) { return is_alpha(c) || (c >= '0' && c <= '9') || c == '_'; }

struct Line {
  size_t begin, end, next;
};

inline Line line_at(std::string_view t, size_t pos) {
  const void* nl = pos < t.size() ? std::memchr(t.data() + pos, '\n', t.size() - pos) : nullptr;
  size_t e = nl ? static_cast<size_t>(static_cast<const char*>(nl) - t.data()) : t.size();
  Line l{pos, e, nl ? e + 1 : t.size()};
  if (l.end > l.begin && t[l.end - 1] == '\r') --l.end;
  return l;
}

}  // namespace modelshift::regions_detail
