// Writers: one per format over the same sorted Inventory. Output is
// deterministic (no timestamps, no absolute paths) so it can be diffed,
// cached and golden-tested.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "pipeline/scan.h"
#include "report/sarif.h"
#include "report/source_lines.h"

namespace modelshift {

// Version of the JSON/YAML report layout (docs/schema/inventory.schema.json).
inline constexpr const char* kSchemaVersion = "1.0";

// The text report (report_text.cc): a summary a person reads in ten
// seconds, then the findings by urgency, each with its line.
struct ReportOptions {
  bool color = false;
  bool quiet = false;    // findings only, no summary
  bool verbose = false;  // also list skipped files and docs findings
  bool list_docs = false;  // list docs findings one by one (--context docs)
  SourceReader read_source;  // the offending lines; empty: none shown
  const LineMasker* masker = nullptr;  // lines it masks are hidden; null: no line is shown
  // Owners of a report path (CODEOWNERS); empty: no owner counts.
  std::function<std::vector<std::string>(const std::string& path)> owners_of;
};

// The whole report as JSON (ordered keys). YAML is written from the same tree.
nlohmann::ordered_json inventory_json(const Inventory& inv, const Catalog& catalog);

void write_json(std::ostream& out, const Inventory& inv, const Catalog& catalog);
void write_yaml(std::ostream& out, const Inventory& inv, const Catalog& catalog);
void write_text(std::ostream& out, const Inventory& inv, const Catalog& catalog, const ReportOptions& options);

// One finding as the JSON report writes it.
nlohmann::ordered_json finding_json(const Finding& f);

// JSON Lines: one finding per line, the JSON report's finding objects, in
// report order; nothing else (warnings go to stderr).
void write_jsonl(std::ostream& out, const Inventory& inv);

// The CI formats (rule metadata: rules/report/sarif_rules.yaml, see sarif.h).
struct SarifOptions {
  std::string command = "scan";  // runs[0].automationDetails.id is "<category>/<command>/"
  SourceReader read_source;      // re-reads lines for UTF-16 columns; empty: byte columns
  // Only findings a policy or the lifecycle judges (rules without the
  // `inventory` tag: retired, deprecated, denied, warned, unused
  // suppressions); the inventory (notes) stays out. The CLI sets it unless
  // --sarif-all; false writes every finding.
  bool judged_only = false;
  // GitHub annotations of `scan`: when set, a finding is an ::error only if
  // it fails the run (--fail-on); other error-level findings are warnings.
  std::function<bool(const Finding&)> fails;
};

// True when the SARIF/GitHub writers with `options` write `f`.
bool sarif_includes(const SarifRules& rules, const SarifOptions& options, const Finding& f);

// SARIF 2.1.0: one run, every rule, one result per finding written
// (sarif_includes); a suppressed finding carries `suppressions`; per-file
// warnings, skipped files and scan errors as tool notifications. Findings
// with a policy verdict (check) use f.policy, f.severity and f.message;
// others (scan) are classified by the rules' scan kinds and statuses.
// Returns the number of results. Throws std::logic_error for a finding no
// rule takes (a kind or policy without rule metadata: a bug).
size_t write_sarif(std::ostream& out, const Inventory& inv, const Catalog& catalog, const SarifRules& rules,
                   const SarifOptions& options);

// GitHub Actions annotations (::error/::warning/::notice file=...,line=...::msg),
// one per finding written (sarif_includes) and not suppressed, classified
// like SARIF results; warnings as ::warning. Skipped files are not written
// (the JSON report and SARIF notifications list them).
void write_github(std::ostream& out, const Inventory& inv, const Catalog& catalog, const SarifRules& rules,
                  const SarifOptions& options);

// A report path as a SARIF relative URI: '/'-separated, percent-encoded
// except unreserved characters.
std::string sarif_uri(std::string_view rel_path);

// GitHub workflow-command escaping: message data (% CR LF) and property
// values (also ':' and ',').
std::string github_escape_data(std::string_view s);
std::string github_escape_property(std::string_view s);

// Turns every whole-number float of `tree` into an integer (200000.0 ->
// 200000), so that counts computed in doubles print as counts.
void integral_numbers(nlohmann::ordered_json* tree);

// Any JSON tree as YAML (block style, keys in order, strings quoted when
// YAML would read them as something else).
void emit_yaml(std::ostream& out, const nlohmann::ordered_json& value);

}  // namespace modelshift
