// Strings and comments for languages without a compiled grammar (C, C++,
// Swift, ...), and the fallback when a tree-sitter parse is cut short.
// Linear, never recurses; unterminated strings or comments run to the end.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "read/regions.h"

namespace modelshift {

struct LexSpec {
  std::vector<std::string> line_comments;                          // "//", "#"
  std::vector<std::pair<std::string, std::string>> block_comments;  // {"/*", "*/"}
  std::string quotes;                                              // "\"'`"
};

// String literals become Value regions (content without the quotes),
// comments Comment regions. Backslash escapes are honoured inside strings.
RegionTable lexical_regions(std::string_view text, const LexSpec& spec);

}  // namespace modelshift
