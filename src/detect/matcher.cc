#include "detect/matcher.h"

#include <cctype>
#include <cstring>

namespace modelshift {

namespace {

bool is_base64_char(unsigned char c) {
  return std::isalnum(c) || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
}

// A long unbroken run of base64 characters with mixed case and digits is an
// encoded blob (images, keys, serialized data), not text a person wrote.
bool inside_base64_run(std::string_view text, uint32_t begin, uint32_t end, size_t min_run) {
  size_t b = begin, e = end;
  while (b > 0 && is_base64_char(static_cast<unsigned char>(text[b - 1]))) --b;
  while (e < text.size() && is_base64_char(static_cast<unsigned char>(text[e]))) ++e;
  if (e - b < min_run) return false;
  bool upper = false, lower = false, digit = false;
  for (size_t i = b; i < e; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    upper |= std::isupper(c) != 0;
    lower |= std::islower(c) != 0;
    digit |= std::isdigit(c) != 0;
  }
  return upper && lower && digit;
}

}  // namespace

Matcher::Matcher(const Catalog& catalog) : catalog_(catalog) {
  std::string alternation;
  for (const std::string& k : catalog.keywords()) {
    if (!alternation.empty()) alternation += '|';
    alternation += RE2::QuoteMeta(k);
  }
  if (alternation.empty()) {
    error_ = "the catalog has no keywords";
    return;
  }
  RE2::Options opt;
  opt.set_case_sensitive(false);
  opt.set_log_errors(false);
  opt.set_max_mem(64 << 20);
  prefilter_ = std::make_unique<RE2>("(?:" + alternation + ")", opt);
  if (!prefilter_->ok()) error_ = prefilter_->error();
}

bool Matcher::might_match(std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *prefilter_);
}

bool Matcher::in_tokenizer_context(std::string_view text, uint32_t begin) const {
  const RE2* re = catalog_.false_positives().tokenizer_context.get();
  if (!re) return false;
  size_t from = begin > 120 ? begin - 120 : 0;
  // Look back within the window only (minified files are one long line).
  size_t nl = text.substr(from, begin - from).rfind('\n');
  if (nl != std::string_view::npos) from += nl + 1;
  std::string_view before = text.substr(from, begin - from);
  // The pattern ends with `$`: the id must follow the call's opening quote.
  return RE2::PartialMatch(re2::StringPiece(before.data(), before.size()), *re);
}

bool Matcher::in_model_context(std::string_view text, uint32_t begin, std::string_view key_path) const {
  const RE2* re = catalog_.false_positives().model_context.get();
  if (!re) return true;
  if (!key_path.empty() && RE2::PartialMatch(re2::StringPiece(key_path.data(), key_path.size()), *re)) return true;
  size_t nl = begin == 0 ? std::string_view::npos : text.rfind('\n', begin - 1);
  size_t from = nl == std::string_view::npos ? 0 : nl + 1;
  std::string_view before = text.substr(from, begin - from);
  return RE2::PartialMatch(re2::StringPiece(before.data(), before.size()), *re);
}

namespace {

bool is_ident_char(unsigned char c) { return std::isalnum(c) || c == '_'; }

// `ident` split into words (at `_`, lower/digit -> upper) ends with words
// whose letters and digits, lower-cased, spell `key`.
bool ident_ends_with(std::string_view ident, std::string_view key) {
  std::string folded;  // letters and digits of ident[i..], lower case
  for (size_t i = ident.size(); i-- > 0;) {
    unsigned char c = static_cast<unsigned char>(ident[i]);
    if (c != '_') folded.insert(folded.begin(), static_cast<char>(std::tolower(c)));
    bool word_start = i == 0 || ident[i - 1] == '_' ||
                      (std::isupper(c) && (std::islower(static_cast<unsigned char>(ident[i - 1])) ||
                                           std::isdigit(static_cast<unsigned char>(ident[i - 1]))));
    if (word_start && folded == key) return true;
    if (folded.size() > key.size()) return false;
  }
  return false;
}

}  // namespace

bool Matcher::named_by_constant(std::string_view text, uint32_t begin, uint32_t end) const {
  std::string key;
  bool digit = false;
  for (uint32_t i = begin; i < end && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c)) key += static_cast<char>(std::tolower(c));
    digit |= std::isdigit(c) != 0;
  }
  if (!digit || key.empty()) return false;
  size_t nl = begin == 0 ? std::string_view::npos : text.rfind('\n', begin - 1);
  size_t from = nl == std::string_view::npos ? 0 : nl + 1;
  std::string_view line = text.substr(from, begin - from);
  for (size_t i = 0; i < line.size();) {
    if (!is_ident_char(static_cast<unsigned char>(line[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < line.size() && is_ident_char(static_cast<unsigned char>(line[j]))) ++j;
    if (ident_ends_with(line.substr(i, j - i), key)) return true;
    i = j;
  }
  return false;
}

std::vector<Candidate> Matcher::find(std::string_view text) const {
  std::vector<Candidate> out;
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece hit;
  size_t pos = 0;
  size_t last_token_end = 0;
  const FalsePositives& fp = catalog_.false_positives();
  while (pos < text.size() && prefilter_->Match(input, pos, text.size(), RE2::UNANCHORED, &hit, 1)) {
    size_t hb = static_cast<size_t>(hit.data() - text.data());
    size_t he = hb + hit.size();
    pos = he > hb ? he : hb + 1;
    if (hb < last_token_end) continue;  // another keyword inside a token already judged

    size_t b = hb, e = he;
    while (b > 0 && is_id_char(static_cast<unsigned char>(text[b - 1]))) {
      // "\ngpt-4o" inside an escaped string: the escape letter is not part of the token.
      if (b >= 2 && text[b - 2] == '\\' && std::strchr("ntrbfv", text[b - 1])) break;
      --b;
    }
    while (e < text.size() && is_id_char(static_cast<unsigned char>(text[e]))) ++e;
    last_token_end = e;
    // Sentence punctuation and path separators at the ends are not part of an id.
    while (e > b && std::strchr(".:/-@_", text[e - 1])) --e;
    while (b < e && std::strchr("/.:", text[b])) ++b;
    if (b >= e || hb < b || he > e) continue;

    std::string_view token = text.substr(b, e - b);
    size_t scheme = token.find("://");
    if (scheme != std::string_view::npos) {
      // A URL: only API endpoints name a model; docs links, blog slugs and
      // model cards do not. The id is the path segment holding the keyword.
      bool api = false;
      for (const auto& re : fp.api_url_patterns)
        if (RE2::PartialMatch(re2::StringPiece(token.data(), token.size()), *re)) api = true;
      if (!api) continue;
      size_t seg_b = text.rfind('/', hb);
      seg_b = (seg_b == std::string_view::npos || seg_b < b) ? b : seg_b + 1;
      size_t seg_e = text.find_first_of("/:", he);
      if (seg_e == std::string_view::npos || seg_e > e) seg_e = e;
      b = seg_b;
      e = seg_e;
      token = text.substr(b, e - b);
    }
    if (inside_base64_run(text, static_cast<uint32_t>(b), static_cast<uint32_t>(e), fp.base64_min_run)) continue;
    std::optional<Resolution> res = catalog_.resolve(token);
    if (!res) {
      // "openai:gpt-4o" (provider:model strings) and "${app.model:gpt-4o}"
      // (Spring defaults): the id follows the last colon before the keyword.
      // Search the token only: a search back from the keyword through the
      // whole text made minified files quadratic.
      size_t colon = text.substr(b, hb - b).rfind(':');
      if (colon == std::string_view::npos || b + colon + 1 >= e) continue;
      b += colon + 1;
      token = text.substr(b, e - b);
      res = catalog_.resolve(token);
      if (!res) continue;
    }
    out.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e), std::move(*res)});
  }
  return out;
}

}  // namespace modelshift
