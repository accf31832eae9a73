// What the CI formats (SARIF, GitHub annotations) say about a finding: the
// reporting rule, level and message, from rules/report/sarif_rules.yaml; and
// the column arithmetic both formats need (our columns count bytes, theirs
// count UTF-16 code units). The writers live in report_sarif.cc and
// report_github.cc; their entry points are declared in report.h.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rule_files.h"
#include "core/types.h"

namespace modelshift {

struct SarifRule {
  std::string id, name, short_description, full_description, help, help_markdown;
  std::string level;  // default level: error | warning | note
  std::string precision, problem_severity;
  std::vector<std::string> tags;
  // `scan` without a verdict: the finding kinds (and statuses, when any) this
  // rule takes. Both empty: the rule only comes from policies.
  std::vector<std::string> scan_kinds, scan_status;
  std::string message;  // template; see render_message
};

struct SarifNotification {
  std::string id, short_description, full_description, help, level;
};

// rules/report/sarif_rules.yaml, loaded and checked once. Immutable after
// load; safe to share between threads.
struct SarifRules {
  std::string tool_name, information_uri, category;
  uint64_t max_results = 0;  // GitHub rejects a run with more results
  std::vector<SarifRule> rules;
  std::vector<SarifNotification> notifications;

  // Reads report/sarif_rules.yaml from `files`; every problem (missing file,
  // unknown key, bad level, duplicate id, unknown template field) is a
  // located error in `errors`.
  static SarifRules load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors);

  // Index of the rule with this id, or -1.
  int index_of(std::string_view id) const;
};

// The rule, level and message of one finding in the CI formats.
struct SarifVerdict {
  size_t rule_index = 0;
  std::string level;
  std::string message;
};

// With a policy verdict (check): the policy's rule, f.severity, f.message.
// Without (scan): the first rule whose scan kinds/statuses take the finding.
// Throws std::logic_error when no rule takes it: a finding kind or policy id
// without rule metadata is a bug, not bad input.
SarifVerdict classify_finding(const SarifRules& rules, const Finding& f);

// Fills a message template: {field} is a field of `f`; [[...]] is dropped
// when any field inside it is empty. Unknown fields render empty (load()
// rejects them first).
std::string render_message(std::string_view tmpl, const Finding& f);

// True when every {field} of `tmpl` is known and the brackets balance;
// otherwise false with the reason in *why.
bool check_message_template(std::string_view tmpl, std::string* why);

// Reads a scanned file by its report path (the disk under the scan root; the
// git index for `check --staged`); nullopt when it cannot.
using SourceReader = std::function<std::optional<std::string>(const std::string& rel_path)>;

// Reads rel_path under `root` (absolute; "" = the current directory).
SourceReader disk_source_reader(std::string root);

// Converts our byte columns to UTF-16 code-unit columns (what SARIF's default
// columnKind, GitHub and editors count), one file at a time: findings come
// sorted by path, so each file is read once. When the file cannot be read or
// no longer has the line, byte columns are returned unchanged (the same for
// ASCII text).
class Utf16Columns {
 public:
  explicit Utf16Columns(SourceReader reader) : reader_(std::move(reader)) {}
  // 1-based byte column on 1-based `line` of `path` -> 1-based UTF-16 column.
  uint32_t convert(const std::string& path, uint32_t line, uint32_t byte_column);

 private:
  void load(const std::string& path);
  SourceReader reader_;
  std::string path_;
  bool loaded_ = false;
  std::optional<std::string> text_;
  std::vector<uint32_t> line_starts_;
};

// UTF-16 code units in `bytes` read as UTF-8 (a malformed byte counts as one
// unit, as a decoder's U+FFFD would).
uint32_t utf16_length(std::string_view bytes);

}  // namespace modelshift
