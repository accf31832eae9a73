// The prompt scanner's view of one code file (prompt_scanner.h): which
// offsets are code, the string literal at or after an offset, runs of
// adjacent literals, the brackets outside strings and comments, and the
// finding made from a run. What counts as a prompt is decided in
// prompt_messages.cc and prompt_keys.cc.
#include <algorithm>
#include <cstring>
#include <iterator>

#include "detect/prompt_scanner.h"

namespace modelshift::prompt_scan {

bool CodeScanner::in_code(uint32_t pos) const {
  for (const std::vector<Region>* v : {&values_, &comments_}) {
    auto it = std::upper_bound(v->begin(), v->end(), pos, [](uint32_t p, const Region& r) { return p < r.begin; });
    if (it != v->begin() && pos < std::prev(it)->end + (v == &values_ ? 1 : 0) && pos >= std::prev(it)->begin) return false;
  }
  return true;
}

int CodeScanner::value_at(uint32_t pos) const {
  auto it = std::lower_bound(values_.begin(), values_.end(), pos, [](const Region& r, uint32_t p) { return r.begin < p; });
  return it != values_.end() && it->begin == pos ? static_cast<int>(it - values_.begin()) : -1;
}

// The value region whose literal starts at the first non-blank after pos
// (a prefix and quotes in between).
int CodeScanner::value_after(uint32_t pos) const {
  while (pos < text_.size() && is_space(text_[pos])) ++pos;
  auto it = std::lower_bound(values_.begin(), values_.end(), pos, [](const Region& r, uint32_t p) { return r.begin < p; });
  if (it == values_.end() || it->begin > pos + 5) return -1;
  for (uint32_t k = pos; k < it->begin; ++k)
    if (!std::strchr("\"'`@$#fFrRbBuU", text_[k])) return -1;
  return static_cast<int>(it - values_.begin());
}

Run CodeScanner::run_from(size_t index) const {
  Run r;
  r.first = r.last = index;
  r.content = std::string(text_.substr(values_[index].begin, values_[index].end - values_[index].begin));
  while (r.last + 1 < values_.size()) {
    const Region& cur = values_[r.last];
    const Region& next = values_[r.last + 1];
    bool joined = true;
    for (uint32_t k = cur.end; k < next.begin && joined; ++k)
      joined = is_space(text_[k]) || std::strchr("\"'`+\\@$fFrRbBuU", text_[k]);
    if (!joined) break;
    ++r.last;
    r.content += text_.substr(next.begin, next.end - next.begin);
  }
  r.begin = values_[r.first].begin;
  while (r.begin > 0 && std::strchr("\"'`", text_[r.begin - 1])) --r.begin;
  r.end = values_[r.last].end;
  while (r.end < text_.size() && std::strchr("\"'`", text_[r.end])) ++r.end;
  return r;
}

// Brackets outside strings and comments, each with its closer and parent.
void CodeScanner::openers() {
  std::vector<int> stack;
  size_t vi = 0, ci = 0;
  for (uint32_t i = 0; i < text_.size(); ++i) {
    while (vi < values_.size() && values_[vi].end < i) ++vi;
    while (ci < comments_.size() && comments_[ci].end <= i) ++ci;
    if (vi < values_.size() && values_[vi].begin <= i && i < values_[vi].end) {
      i = values_[vi].end - 1;
      continue;
    }
    if (ci < comments_.size() && comments_[ci].begin <= i && i < comments_[ci].end) {
      i = comments_[ci].end - 1;
      continue;
    }
    char c = text_[i];
    if (c == '{' || c == '[' || c == '(') {
      openers_.push_back({i, static_cast<uint32_t>(text_.size()), stack.empty() ? -1 : stack.back()});
      stack.push_back(static_cast<int>(openers_.size()) - 1);
    } else if ((c == '}' || c == ']' || c == ')') && !stack.empty()) {
      openers_[stack.back()].close = i;
      stack.pop_back();
    }
  }
}

int CodeScanner::enclosing(uint32_t pos) const {
  auto it = std::lower_bound(openers_.begin(), openers_.end(), pos, [](const Opener& o, uint32_t p) { return o.pos < p; });
  int k = static_cast<int>(it - openers_.begin()) - 1;
  while (k >= 0 && openers_[k].close < pos) k = openers_[k].parent;
  return k;
}

// The literal content of a message: after a content key inside the message,
// else (tuples, constructors) the first literal after `from`.
int CodeScanner::content_in(uint32_t opener_pos, uint32_t from) {
  int oi = enclosing(opener_pos + 1);
  uint32_t close = oi >= 0 ? openers_[oi].close : static_cast<uint32_t>(text_.size());
  for (const std::string& key : rules_.content_keys) {
    for (size_t p = text_.find(key, opener_pos); p != std::string_view::npos && p < close; p = text_.find(key, p + 1)) {
      if ((p > 0 && is_id(text_[p - 1])) || (p + key.size() < text_.size() && is_id(text_[p + key.size()]))) continue;
      if (enclosing(static_cast<uint32_t>(p)) != oi) continue;
      size_t q = p + key.size();
      while (q < close && (text_[q] == '"' || text_[q] == '\'' || is_space(text_[q]))) ++q;
      if (q >= close || (text_[q] != ':' && text_[q] != '=')) continue;
      if (q + 1 < close && text_[q + 1] == '>') ++q;  // PHP =>
      int v = value_after(static_cast<uint32_t>(q + 1));
      if (v >= 0 && values_[v].begin < close) return v;
      return -1;  // content is not a literal
    }
  }
  int v = value_after(from);
  return v >= 0 && values_[v].begin < close ? v : -1;
}

PromptHit CodeScanner::make(const std::string& rule, uint32_t begin, uint32_t end, const std::string& content,
                        const std::string& role, int few_shot) const {
  PromptHit h;
  h.begin = begin;
  h.end = end;
  Finding& f = h.finding;
  f.kind = "prompt";
  f.rule = rule;
  f.language = lang_.name;
  f.context = lang_.reader == Reader::Code || lang_.reader == Reader::Lexical ? "code" : "config";
  describe_prompt(rules_, content, role, few_shot, &f);
  return h;
}

uint32_t CodeScanner::back_space(uint32_t q) const {
  while (q > 0 && is_space(text_[q - 1])) --q;
  return q;
}

}  // namespace modelshift::prompt_scan
