// Syntactic regions of a config or data file: which byte ranges are values,
// keys or comments, and under which key path they sit. The scanner finds
// model ids in the raw bytes and then asks the region table where each one is.
//
// Every analyzer here is a pure function of the bytes: no I/O, no exceptions
// escape, no recursion without a depth limit, and malformed input yields a
// best-effort table plus a Diagnostic (never a crash, never a hang).
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace modelshift {

enum class RegionKind { Value, Key, Comment };

struct Region {
  uint32_t begin = 0;  // byte offsets into the file, [begin, end)
  uint32_t end = 0;
  RegionKind kind = RegionKind::Value;
  // Dotted key path of the value, sequences as [i]:
  //   models.default_generation.current
  //   model_list[0].litellm_params.model
  // For a Key region, the path of the key itself. Empty for comments and
  // for values at top level with no key.
  std::string key_path;
};

struct RegionTable {
  std::vector<Region> regions;  // sorted by begin, non-overlapping
  // Problems found (malformed input, depth limit hit). path is left empty;
  // the caller fills it. line/column 1-based where known.
  std::vector<Diagnostic> diagnostics;

  // The region that contains byte `offset`, or nullptr.
  const Region* find(uint32_t offset) const;
};

// One analyzer per format family.
RegionTable analyze_yaml(std::string_view text);
RegionTable analyze_json(std::string_view text);  // also JSONC: // and /* */ comments, trailing commas
RegionTable analyze_toml(std::string_view text);
// .env, .env.*, .properties, .ini/.cfg/.conf: KEY=VALUE, key: value, [section]
RegionTable analyze_keyvalue(std::string_view text);
RegionTable analyze_dockerfile(std::string_view text);
RegionTable analyze_hcl(std::string_view text);  // Terraform .tf/.tfvars/.hcl
RegionTable analyze_shell(std::string_view text);
RegionTable analyze_sql(std::string_view text);

// Conventions shared by every analyzer (see also docs for the README):
//  * Paths join mapping keys with '.', sequence/array items as [i] (0-based):
//      model_list[0].litellm_params.model
//    A key that itself contains '.' or spaces is kept as written, unquoted
//    (`"a.b": 1` -> key_path `a.b`), so a path cannot always be split back.
//    Quoted keys appear without their quotes; JSON keys are decoded, other
//    formats keep escape sequences as written.
//  * A quoted string's Value region covers the text between the quotes
//    (quotes excluded); unquoted values cover the value text, trimmed.
//  * A Key region covers the key text (without quotes) and carries the path of
//    that key itself.
//  * At most one Diagnostic per file: the first problem found. Its message
//    starts with "malformed <FORMAT>: ".
//  * Offsets are uint32_t: input of 4 GiB or more yields an empty table and a
//    diagnostic.

// ---- Implementation helpers shared by the analyzers (not a public API) ----
namespace regions_detail {

// Containers nested deeper than this are skipped with a diagnostic; this keeps
// path strings short and the work linear on hostile input.
inline constexpr size_t kMaxNesting = 1000;
// join_key / join_index stop growing a path at this many bytes, and
// Builder::add shortens paths to kShortPathBytes once the paths stored for a
// file exceed 16 bytes per input byte (+1 MiB): both keep time and memory
// linear on hostile input (huge keys, millions of nested items).
inline constexpr size_t kMaxPathBytes = 1024;
inline constexpr size_t kShortPathBytes = 64;
// Dotted keys (TOML) and block labels (HCL) with more parts than this are
// reported and the extra parts ignored.
inline constexpr size_t kMaxKeyParts = 128;

// Collects regions and the first diagnostic of one analysis.
class Builder {
 public:
  explicit Builder(std::string_view text) : text_(text) {}
  // Ignores empty or inverted ranges; clamps to the text size.
  void add(size_t begin, size_t end, RegionKind kind, std::string key_path = {});
  // Records a diagnostic at byte `offset` (only the first one is kept).
  void error(size_t offset, std::string message);
  // Records an already positioned diagnostic (if none was recorded yet).
  void diagnostic(Diagnostic d) {
    if (table_.diagnostics.empty()) table_.diagnostics.push_back(std::move(d));
  }
  bool has_error() const { return !table_.diagnostics.empty(); }
  // Adds Value regions (empty key path) for the bytes no region covers yet,
  // one per word: a word is a maximal run of bytes for which is_sep(offset) is
  // false, with blanks trimmed at both ends. With split_options, a word
  // `-x=value` / `--opt=value` gives two regions, `--opt=` and `value`, so a
  // value is a region of its own (the scanner matches some ids only when they
  // fill a region).
  void fill_words(const std::function<bool(size_t)>& is_sep, bool split_options);
  // Sorts, drops empty regions, clips overlaps (the earlier region wins).
  RegionTable finish();
  std::string_view text() const { return text_; }

 private:
  std::string_view text_;
  RegionTable table_;
  size_t path_bytes_ = 0;
};

std::string join_key(std::string_view parent, std::string_view key);
std::string join_index(std::string_view parent, size_t index);
// 1-based line and byte column of `offset`.
void line_column(std::string_view text, size_t offset, uint32_t& line, uint32_t& column);
// Length of a leading UTF-8 byte order mark (0 or 3).
size_t bom_length(std::string_view text);
// Runs `body(builder)` with the size check, and turns any exception into a
// diagnostic plus whatever regions were collected so far.
template <class F>
RegionTable run_analyzer(std::string_view text, const char* format, F&& body);

}  // namespace regions_detail
}  // namespace modelshift

// ---- template definition ----
namespace modelshift::regions_detail {
template <class F>
RegionTable run_analyzer(std::string_view text, const char* format, F&& body) {
  Builder b(text);
  if (text.size() >= 0xFFFFFFFFull) {
    RegionTable t;
    t.diagnostics.push_back(Diagnostic{{}, 0, 0, std::string(format) + " file too large to analyze (4 GiB or more)"});
    return t;
  }
  try {
    body(b);
  } catch (const std::exception& e) {
    b.error(0, std::string("internal error while analyzing ") + format + ": " + e.what());
  } catch (...) {
    b.error(0, std::string("internal error while analyzing ") + format);
  }
  try {
    return b.finish();
  } catch (...) {
    return RegionTable{};
  }
}
}  // namespace modelshift::regions_detail
