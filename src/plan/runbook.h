// The migration kit: the runbook skeleton and the files a team adopts with
// it, all views of one plan (plan.h).
//
//   runbook     name, owners, phases audit -> testing -> canary -> full_rollout
//               with dates from the start day, canary traffic steps, rollback
//               triggers, and a checklist built from the plan (owner sign-offs,
//               re-indexing, shadow tests, parameter changes)
//   --kit DIR   models_config.yaml, feature_flags.yaml, prompt_tests.csv,
//               inventory.csv (RFC 4180, CRLF line ends)
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "assess/settings.h"
#include "assess/usages.h"
#include "detect/prompts.h"
#include "pipeline/scan.h"
#include "plan/plan_rules.h"

namespace modelshift {

// The runbook as a JSON tree (YAML on output). `start` is yyyy-mm-dd.
nlohmann::ordered_json build_runbook(const nlohmann::ordered_json& plan, const PlanRules& rules,
                                     const RunbookSettings& settings, const std::string& start);

// One CSV field, quoted as RFC 4180 asks (commas, quotes, CR, LF); a field a
// spreadsheet would run as a formula (= + - @ at the start) gets a leading '.
std::string csv_field(const std::string& value);

// The kit's files: name -> content.
std::map<std::string, std::string> build_kit(const nlohmann::ordered_json& plan, const PlanRules& rules,
                                             const Inventory& inv, const std::vector<Usage>& usages,
                                             const PromptRules& prompt_rules);

// yyyy-mm-dd plus `days`.
std::string add_days(const std::string& date, int days);

}  // namespace modelshift
