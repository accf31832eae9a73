#include "report/source_lines.h"

#include <algorithm>

#include "detect/calls.h"
#include "detect/prompts.h"
#include "pipeline/scan.h"

namespace modelshift {

namespace {

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The value after `name = ` or `name: ` is a literal someone typed (a
// quoted string, or the bare rest of a KEY=value / key: value line), not a
// reference to one (`$VAR`, `${{ secrets.X }}`, `os.environ[...]`).
bool literal_value(std::string_view rest, bool line_start) {
  size_t i = rest.find_first_not_of(" \t");
  if (i == std::string_view::npos) return false;
  char c = rest[i];
  if (c == '"' || c == '\'' || c == '`') {
    return i + 1 < rest.size() && rest[i + 1] != c && rest[i + 1] != '$' && rest[i + 1] != '{';
  }
  if (!line_start) return false;
  if (rest.find('(') != std::string_view::npos) return false;  // a call computes it
  return c != '$' && c != '{' && c != '<' && c != '#' && c != '[';
}

}  // namespace

LineMasker::LineMasker(const Engine& engine) {
  for (const auto& re : engine.prompts()->secrets) secrets_.push_back(re.get());
  secret_name_ = &engine.sdk()->secret_parameter();
}

LineMasker::LineMasker(std::vector<const RE2*> secrets, const RE2* secret_name)
    : secrets_(std::move(secrets)), secret_name_(secret_name) {}

bool LineMasker::masks(std::string_view line) const {
  re2::StringPiece piece(line.data(), line.size());
  for (const RE2* re : secrets_)
    if (RE2::PartialMatch(piece, *re)) return true;
  if (!secret_name_) return false;
  // Every `name =` / `name:` / `"name":` on the line; the name alone is
  // checked against the credential names, as call parameters are.
  static const RE2 assignment(R"(([A-Za-z_][A-Za-z0-9_.-]*)["']?(\s*)([=:]))");
  re2::StringPiece input = piece, name, space, sep;
  while (RE2::FindAndConsume(&input, assignment, &name, &space, &sep)) {
    size_t after = static_cast<size_t>(sep.data() - line.data()) + 1;
    if (after < line.size() && line[after] == sep[0]) continue;  // `==`, `::`
    if (!RE2::PartialMatch(name, *secret_name_)) continue;
    // Only quotes, indentation, a YAML list dash or `export` before the
    // name, and `KEY=value` (no space) or `key: value`: an env or config
    // line, where a bare value is a literal too.
    std::string_view before = line.substr(0, static_cast<size_t>(name.data() - line.data()));
    before.remove_prefix(std::min(before.size(), before.find_first_not_of(" \t")));
    if (before.rfind("export ", 0) == 0) before.remove_prefix(7);
    bool bare = before.find_first_not_of(" \t-\"'") == std::string_view::npos && (sep == ":" || space.empty());
    if (literal_value(line.substr(after), bare)) return true;
  }
  return false;
}

LineExcerpt excerpt_line(std::string_view line, uint32_t column, uint32_t end_column, size_t width) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // Characters: byte offset of each code point's first byte.
  std::vector<size_t> chars;
  for (size_t i = 0; i < line.size(); ++i)
    if (!continuation(static_cast<unsigned char>(line[i]))) chars.push_back(i);
  size_t begin_byte = column ? std::min<size_t>(column - 1, line.size()) : line.size();
  size_t end_byte = end_column > column ? std::min<size_t>(end_column - 1, line.size()) : line.size();
  auto char_at = [&](size_t byte) {
    return static_cast<size_t>(std::lower_bound(chars.begin(), chars.end(), byte) - chars.begin());
  };
  size_t first = char_at(begin_byte), last = std::max(char_at(end_byte), first + 1);
  // The window: the whole line when it fits, else `width` characters that
  // start a third of the way before the span.
  size_t from = 0, to = chars.size();
  if (chars.size() > width) {
    from = first > width / 3 ? first - width / 3 : 0;
    to = std::min(chars.size(), from + width);
    if (to - from < width) from = to > width ? to - width : 0;
  }
  LineExcerpt out;
  if (from > 0) out.text += "...";
  size_t lead = out.text.size();
  for (size_t k = from; k < to; ++k) {
    size_t b = chars[k], e = k + 1 < chars.size() ? chars[k + 1] : line.size();
    unsigned char c = static_cast<unsigned char>(line[b]);
    if (c < 0x20 || c == 0x7f) out.text += ' ';
    else out.text.append(line.substr(b, e - b));
  }
  if (to < chars.size()) out.text += "...";
  size_t caret_from = std::clamp(first, from, to), caret_to = std::clamp(last, from, to);
  out.underline.assign(lead + (caret_from - from), ' ');
  out.underline.append(std::max<size_t>(1, caret_to - caret_from), '^');
  return out;
}

std::string render_excerpt(std::string_view line, uint32_t line_number, uint32_t column, uint32_t end_column,
                           const LineMasker& masker, const std::string& indent) {
  std::string number = std::to_string(line_number);
  std::string gutter = indent + std::string(number.size() < 4 ? 4 - number.size() : 0, ' ');
  if (masker.masks(line))
    return gutter + number + " | [line hidden: it looks like it holds a secret]\n";
  LineExcerpt e = excerpt_line(line, column, end_column);
  return gutter + number + " | " + e.text + "\n" + gutter + std::string(number.size(), ' ') + " | " + e.underline + "\n";
}

bool SourceLines::line(const std::string& path, uint32_t n, std::string_view* out) {
  if (!loaded_ || path != path_) {
    path_ = path;
    loaded_ = true;
    text_ = reader_ ? reader_(path) : std::nullopt;
    starts_.clear();
    if (text_) {
      starts_.push_back(0);
      for (size_t i = 0; i < text_->size(); ++i)
        if ((*text_)[i] == '\n') starts_.push_back(static_cast<uint32_t>(i + 1));
    }
  }
  if (!text_ || n == 0 || n > starts_.size()) return false;
  size_t b = starts_[n - 1];
  size_t e = n < starts_.size() ? starts_[n] - 1 : text_->size();
  if (b > text_->size()) return false;
  *out = std::string_view(*text_).substr(b, e - b);
  return true;
}

}  // namespace modelshift
