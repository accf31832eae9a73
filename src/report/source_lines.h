// The offending line under a finding, as semgrep and gitleaks show it:
//
//     12 | client.create(model="gpt-4")
//        |                      ^^^^^
//
// plus the rule that keeps credentials out of it: a line that holds a
// secret-looking token (rules/prompts.yaml `secrets`, the patterns prompt
// excerpts are redacted with) or gives a credential-named key a literal
// value (rules/sdk/languages.yaml `secret_parameters`, the names call
// parameters are redacted by) is never shown, only a mask.
#pragma once

#include <re2/re2.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/sarif.h"

namespace modelshift {

struct Engine;

// Decides whether a source line may be printed. Immutable after
// construction; const calls are thread-safe. Cost per line: one RE2 search
// per secret pattern, plus one per `name = value` pair on the line.
class LineMasker {
 public:
  // Masks nothing but the built-in fallback (none): tests build their own.
  LineMasker() = default;
  // The engine's secret patterns and credential names (loads the prompt and
  // SDK rules on first use when the scan did not).
  explicit LineMasker(const Engine& engine);
  // From explicit rules (tests): secret patterns and one credential-name regex.
  LineMasker(std::vector<const RE2*> secrets, const RE2* secret_name);

  // True when the line must not be printed.
  bool masks(std::string_view line) const;

 private:
  std::vector<const RE2*> secrets_;
  const RE2* secret_name_ = nullptr;
};

// One line prepared for a terminal: control characters (escape sequences
// of a hostile file) become spaces, tabs one space, a trailing CR goes; a
// line longer than `width` characters is cut to a window around the span
// with "..." at the cut ends. `underline` has '^' under the span (bytes
// [column, end_column) of the raw line, 1-based, end exclusive; 0 or a
// column past the line: to its end), at least one.
struct LineExcerpt {
  std::string text, underline;
};
LineExcerpt excerpt_line(std::string_view line, uint32_t column, uint32_t end_column, size_t width = 120);

// The gutter form above, each line prefixed by `indent`; a masked line shows
// "[line hidden: it looks like it holds a secret]" and no underline.
std::string render_excerpt(std::string_view line, uint32_t line_number, uint32_t column, uint32_t end_column,
                           const LineMasker& masker, const std::string& indent);

// Lines of scanned files by report path, one file cached at a time
// (writers go through findings sorted by path, so each file is read once).
// Not thread-safe.
class SourceLines {
 public:
  explicit SourceLines(SourceReader reader) : reader_(std::move(reader)) {}
  // Line `n` (1-based) of `path` without its newline; false when the file
  // cannot be read or has no such line.
  bool line(const std::string& path, uint32_t n, std::string_view* out);

 private:
  SourceReader reader_;
  std::string path_;
  bool loaded_ = false;
  std::optional<std::string> text_;
  std::vector<uint32_t> starts_;
};

}  // namespace modelshift
