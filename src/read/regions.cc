// RegionTable lookup and the helpers shared by the format analyzers
// (format_*.cc). See regions.h for the conventions.
#include "read/regions.h"

#include <algorithm>
#include <cstring>

namespace modelshift {

const Region* RegionTable::find(uint32_t offset) const {
  // First region whose begin is > offset; the candidate is the one before it.
  auto it = std::upper_bound(regions.begin(), regions.end(), offset,
                             [](uint32_t off, const Region& r) { return off < r.begin; });
  if (it == regions.begin()) return nullptr;
  --it;
  if (offset >= it->begin && offset < it->end) return &*it;
  return nullptr;
}

namespace regions_detail {

void Builder::add(size_t begin, size_t end, RegionKind kind, std::string key_path) {
  if (end > text_.size()) end = text_.size();
  if (begin >= end) return;
  Region r;
  r.begin = static_cast<uint32_t>(begin);
  r.end = static_cast<uint32_t>(end);
  r.kind = kind;
  path_bytes_ += key_path.size();
  if (path_bytes_ > 16 * text_.size() + (1u << 20) && key_path.size() > kShortPathBytes)
    key_path.resize(kShortPathBytes);
  r.key_path = std::move(key_path);
  table_.regions.push_back(std::move(r));
}

void Builder::error(size_t offset, std::string message) {
  if (!table_.diagnostics.empty()) return;
  Diagnostic d;
  line_column(text_, std::min(offset, text_.size()), d.line, d.column);
  d.message = std::move(message);
  table_.diagnostics.push_back(std::move(d));
}

static void sort_regions(std::vector<Region>& v) {
  if (!std::is_sorted(v.begin(), v.end(), [](const Region& a, const Region& b) { return a.begin < b.begin; })) {
    std::stable_sort(v.begin(), v.end(), [](const Region& a, const Region& b) { return a.begin < b.begin; });
  }
}

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

void Builder::fill_words(const std::function<bool(size_t)>& is_sep, bool split_options) {
  sort_regions(table_.regions);
  std::vector<Region> words;
  auto word = [&](size_t b, size_t e) {
    while (b < e && blank(text_[b])) ++b;
    while (e > b && blank(text_[e - 1])) --e;
    if (b >= e) return;
    if (split_options && text_[b] == '-') {
      const void* eq = std::memchr(text_.data() + b, '=', e - b);
      if (eq) {
        size_t m = static_cast<size_t>(static_cast<const char*>(eq) - text_.data()) + 1;
        words.push_back(Region{static_cast<uint32_t>(b), static_cast<uint32_t>(m), RegionKind::Value, {}});
        b = m;
        if (b >= e) return;
      }
    }
    words.push_back(Region{static_cast<uint32_t>(b), static_cast<uint32_t>(e), RegionKind::Value, {}});
  };
  auto gap = [&](size_t b, size_t e) {
    size_t i = b;
    while (i < e) {
      while (i < e && (is_sep(i) || blank(text_[i]))) ++i;
      size_t j = i;
      while (j < e && !is_sep(j)) ++j;
      if (j > i) word(i, j);
      i = j;
    }
  };
  size_t pos = 0;
  for (const Region& r : table_.regions) {
    if (r.begin > pos) gap(pos, r.begin);
    pos = std::max<size_t>(pos, r.end);
  }
  if (pos < text_.size()) gap(pos, text_.size());
  if (words.empty()) return;
  std::vector<Region> merged;
  merged.reserve(table_.regions.size() + words.size());
  std::merge(std::make_move_iterator(table_.regions.begin()), std::make_move_iterator(table_.regions.end()),
             std::make_move_iterator(words.begin()), std::make_move_iterator(words.end()), std::back_inserter(merged),
             [](const Region& a, const Region& b) { return a.begin < b.begin; });
  table_.regions = std::move(merged);
}

RegionTable Builder::finish() {
  sort_regions(table_.regions);
  std::vector<Region> out;
  out.reserve(table_.regions.size());
  uint32_t last_end = 0;
  for (Region& r : table_.regions) {
    if (r.begin < last_end) r.begin = last_end;  // clip an overlap
    if (r.begin >= r.end) continue;
    last_end = r.end;
    out.push_back(std::move(r));
  }
  table_.regions = std::move(out);
  return std::move(table_);
}

std::string join_key(std::string_view parent, std::string_view key) {
  if (parent.size() >= kMaxPathBytes) return std::string(parent.substr(0, kMaxPathBytes));
  std::string s;
  size_t room = kMaxPathBytes - parent.size();
  s.reserve(std::min(parent.size() + key.size() + 1, kMaxPathBytes));
  s.append(parent);
  if (!parent.empty()) {
    s.push_back('.');
    --room;
  }
  s.append(key.substr(0, room));
  return s;
}

std::string join_index(std::string_view parent, size_t index) {
  if (parent.size() >= kMaxPathBytes) return std::string(parent.substr(0, kMaxPathBytes));
  std::string s(parent);
  s.push_back('[');
  s.append(std::to_string(index));
  s.push_back(']');
  return s;
}

void line_column(std::string_view text, size_t offset, uint32_t& line, uint32_t& column) {
  if (offset > text.size()) offset = text.size();
  size_t ln = 1, line_start = 0;
  const char* base = text.data();
  size_t pos = 0;
  while (pos < offset) {
    const void* nl = std::memchr(base + pos, '\n', offset - pos);
    if (!nl) break;
    pos = static_cast<size_t>(static_cast<const char*>(nl) - base) + 1;
    ++ln;
    line_start = pos;
  }
  line = static_cast<uint32_t>(ln);
  column = static_cast<uint32_t>(offset - line_start + 1);
}

size_t bom_length(std::string_view text) {
  return (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
          static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF)
             ? 3
             : 0;
}

}  // namespace regions_detail
}  // namespace modelshift
