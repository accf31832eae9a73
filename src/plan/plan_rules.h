// rules/plan.yaml: which tests a usage needs, which rollout phase it joins,
// and the runbook's defaults (phase lengths, canary steps, rollback triggers,
// similarity thresholds of the prompt test suite).
#pragma once

#include <re2/re2.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/rule_files.h"
#include "core/types.h"

namespace modelshift {

struct PlanRules {
  struct Test {
    std::string id, what;
    std::vector<std::string> when;  // usage facts: risk factor ids, chat, prompt, temperature_zero, temperature_set, any
  };
  struct Phase {
    std::string id, rollout;
    std::vector<std::string> risk, surface;  // empty: any
    std::vector<std::string> facts;          // any of these usage facts; empty: any
  };
  struct RunbookPhase {
    std::string id;
    int days = 7;
  };
  std::vector<Test> tests;
  std::vector<Phase> phases;
  std::vector<RunbookPhase> runbook_phases;
  std::vector<int> canary_steps;
  std::vector<std::pair<std::string, double>> rollback_triggers;
  std::map<std::string, double> similarity_thresholds;  // risk level -> threshold
  double chars_per_token = 4;  // token estimate where no tokenizer is known
  std::vector<std::string> immutable_paths;  // globs of files never edited once applied (DB migrations)
  // Patterns that say an id is compared against, not chosen (rules/plan.yaml
  // comparisons), and their examples.
  std::vector<std::unique_ptr<RE2>> comparison_before, comparison_after;
  std::vector<std::string> comparison_match, comparison_no_match;

  // True when `written`, at its first place in the normalised source line
  // `line`, is compared against (model == "x", "x" in name, startsWith("x")).
  bool compared(std::string_view line, std::string_view written) const;

  // Reads rules/plan.yaml; mistakes are located errors.
  static std::unique_ptr<PlanRules> load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors);
};

}  // namespace modelshift
