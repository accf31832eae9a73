// Report filters: which findings a report shows, shared by `scan`, `check`
// and every format. The command line fills one ReportFilter; the commands
// apply it once, after the scan (and the assess stage, when it ran) and
// before any writer, so every format shows the same findings.
//
//   --status deprecated,retired   lifecycle status (active, deprecated,
//                                 retired, unknown); a model catalogue passes
//                                 when it lists a model of that status
//   --model GLOB                  canonical id, id as written or whole token
//                                 (model_glob_match); a catalogue passes when
//                                 one of its models does
//   --provider openai             the model's provider
//   --kind call_site,prompt       finding kinds (model_reference, call_site,
//                                 model_catalogue, prompt, tool_schema,
//                                 embedding, vector_store)
//   --context code,config         where the finding sits: code (strings,
//                                 comments, docstrings, code), config, docs,
//                                 or a context's exact name
//   --min-risk medium             the risk level of the finding's usage
//                                 (needs the assess stage)
//
// Model filters (status, model, provider) drop findings that name no model.
// Values of one flag are alternatives (or); different flags all apply (and).
//
// `--fail-on` (scan) is a FailOn: statuses, `denied`/`warned` (policy
// verdicts) and risk levels, any of which makes the run exit 1.
#pragma once

#include <string>
#include <vector>

#include "judge/policy.h"
#include "pipeline/scan.h"

namespace modelshift {

struct ReportFilter {
  std::vector<std::string> statuses, models, providers, kinds, contexts;
  std::string min_risk;  // "" | low | medium | high

  // True when no flag was given (everything is kept).
  bool empty() const;
  // True when the flag names docs (the text report then lists docs findings).
  bool names_docs() const;
  // True when `f` passes every flag but --min-risk (which needs usages).
  bool keep(const Finding& f) const;
};

// The context class of a finding: "docs", "config" or "code" (an SDK's own
// code is classed by the syntax it sits in).
std::string context_class(const Finding& f);

// Checks and normalises a flag's comma-separated value, appending to *out.
// Returns "" or a usage message ("--status: unknown status 'retird' (did
// you mean 'retired'?)"). Cost: linear in the value.
std::string add_filter_values(const std::string& flag, const std::string& value, std::vector<std::string>* out);

// Risk levels from low to high; rank -1 for an unknown level.
int risk_rank(const std::string& level);

// Drops the findings `filter` does not keep, from inv->findings and from
// the usages (indices are renumbered; a usage left with no finding goes).
// --min-risk keeps the findings of usages at or above the level, so it
// needs inv->usages (assess ran); without usages it keeps nothing.
void apply_filter(const ReportFilter& filter, Inventory* inv);

// `scan`: the deny and warn verdicts of the policies (the lifecycle ones
// stay off, so the inventory reads as before when nothing is denied).
// Fills severity/policy/message of matching findings.
void apply_scan_policies(const PolicyConfig& config, std::vector<Finding>* findings);

// How urgent a finding is, for the text report's order: 0 retired, 1
// deprecated, 2 denied, 3 the rest; suppressed findings and SDK definitions
// come last (4).
int urgency(const Finding& f);
const char* urgency_title(int rank);

// `scan --fail-on`: which findings fail the run.
struct FailOn {
  std::vector<std::string> statuses;  // deprecated, retired, unknown, active
  bool denied = false, warned = false;
  std::string min_risk;  // a risk level: usages at or above it fail

  bool empty() const { return statuses.empty() && !denied && !warned && min_risk.empty(); }
  // Parses "deprecated,retired,denied,high"; returns "" or a usage message.
  std::string parse(const std::string& value);
  // Findings of `inv` that fail the run: not suppressed, not an SDK's own
  // code. Their indices into inv.findings, sorted.
  std::vector<size_t> failing(const Inventory& inv) const;
};

}  // namespace modelshift
