// analyze_sql: comments, string literals, quoted identifiers and dollar-quoted
// bodies, everything else as words. A hand-written reader: no SQL grammar is
// pinned.
//
// SQL: `--` and `/* */` (not nested) are comments; '...' with '' escapes,
// "..." and `...` identifiers and $tag$...$tag$ bodies are skipped as units so
// that comment markers inside them are not comments. Everything else is Value
// with an empty key path. Backslash escapes are not recognised (standard SQL).
#include <cstring>
#include <string>

#include "read/format_text.h"
#include "read/regions.h"

namespace modelshift {

namespace {

using namespace regions_detail;  // Builder, and the byte helpers of format_text.h

void sql(std::string_view t, Builder& b) {
  size_t n = t.size();
  size_t i = regions_detail::bom_length(t);
  while (i < n) {
    char c = t[i];
    if (c == '-' && i + 1 < n && t[i + 1] == '-') {
      Line l = line_at(t, i);
      b.add(i, l.end, RegionKind::Comment);
      i = l.end;
    } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
      size_t j = i + 2;
      while (j + 1 < n && !(t[j] == '*' && t[j + 1] == '/')) ++j;
      if (j + 1 >= n) {
        b.error(i, "malformed SQL: unterminated /* comment");
        b.add(i, n, RegionKind::Comment);
        i = n;
      } else {
        b.add(i, j + 2, RegionKind::Comment);
        i = j + 2;
      }
    } else if (c == '\'' || c == '"' || c == '`') {
      size_t j = i + 1;
      while (j < n) {
        if (t[j] == c) {
          if (j + 1 < n && t[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      if (j >= n) {
        b.error(i, c == '\'' ? "malformed SQL: unterminated string literal" : "malformed SQL: unterminated quoted identifier");
        b.add(i + 1, n, RegionKind::Value);
        i = n;
      } else {
        b.add(i + 1, j, RegionKind::Value);
        i = j + 1;
      }
    } else if (c == '$' && (i == 0 || !is_name_char(t[i - 1]))) {
      // $tag$ ... $tag$ (PostgreSQL dollar quoting); $1 is a parameter.
      size_t j = i + 1;
      while (j < n && (is_alpha(t[j]) || t[j] == '_' || (j > i + 1 && t[j] >= '0' && t[j] <= '9'))) ++j;
      if (j < n && t[j] == '$') {
        std::string_view tag = t.substr(i, j - i + 1);
        size_t close = t.find(tag, j + 1);
        if (close == std::string_view::npos) {
          b.error(i, "malformed SQL: unterminated dollar-quoted string");
          b.add(j + 1, n, RegionKind::Value);
          i = n;
        } else {
          b.add(j + 1, close, RegionKind::Value);
          i = close + tag.size();
        }
      } else {
        i = j;
      }
    } else {
      ++i;
    }
  }
  b.fill_words(
      [t](size_t k) {
        char c = t[k];
        return is_ws(c) || c == '\n' || std::strchr(",;()=<>+*/|!%^~[]{}'\"`", c) != nullptr;
      },
      /*split_options=*/false);
}

}  // namespace

RegionTable analyze_sql(std::string_view text) {
  return regions_detail::run_analyzer(text, "SQL", [&](Builder& b) { sql(text, b); });
}

}  // namespace modelshift
