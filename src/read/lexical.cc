#include "read/lexical.h"

namespace modelshift {

namespace {
bool starts_with_at(std::string_view text, size_t i, const std::string& s) {
  return !s.empty() && text.compare(i, s.size(), s) == 0;
}
}  // namespace

RegionTable lexical_regions(std::string_view text, const LexSpec& spec) {
  RegionTable table;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    bool matched = false;
    for (const auto& [open, close] : spec.block_comments) {
      if (!starts_with_at(text, i, open)) continue;
      size_t end = text.find(close, i + open.size());
      end = end == std::string_view::npos ? n : end + close.size();
      table.regions.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(end), RegionKind::Comment, ""});
      i = end;
      matched = true;
      break;
    }
    if (matched) continue;
    for (const std::string& lc : spec.line_comments) {
      if (!starts_with_at(text, i, lc)) continue;
      size_t end = text.find('\n', i);
      end = end == std::string_view::npos ? n : end;
      table.regions.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(end), RegionKind::Comment, ""});
      i = end;
      matched = true;
      break;
    }
    if (matched) continue;
    char c = text[i];
    if (spec.quotes.find(c) != std::string::npos) {
      size_t j = i + 1;
      // Strings other than backtick templates end at the line's end when
      // unterminated, so one stray quote cannot swallow the file.
      while (j < n && text[j] != c && (c == '`' || text[j] != '\n')) j += (text[j] == '\\' && j + 1 < n) ? 2 : 1;
      size_t end = j < n ? j : n;
      table.regions.push_back({static_cast<uint32_t>(i + 1), static_cast<uint32_t>(end), RegionKind::Value, ""});
      i = end < n && text[end] == c ? end + 1 : end;
      continue;
    }
    ++i;
  }
  return table;
}

}  // namespace modelshift
