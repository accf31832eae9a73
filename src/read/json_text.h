// JSON string and number text, shared by the positioned reader (json_doc.cc)
// and the tree-sitter one (format_json.cc): one place decodes escapes, so a
// key path and a notebook offset mean the same bytes in both. Pure functions,
// thread-safe, no allocation beyond the output string.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace modelshift::json_detail {

enum class StrEvent { None, BadEscape, Control };

// Decodes one source unit of a string body at `pos` (a raw byte or one escape;
// a surrogate pair counts as one unit). Appends the decoded bytes to `out` and
// returns the position after the unit; `ev` tells a bad escape or a control
// character. The caller stops at '"' and '\n'.
size_t decode_unit(std::string_view t, size_t pos, std::string& out, StrEvent& ev);

}  // namespace modelshift::json_detail
