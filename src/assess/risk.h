// Risk of migrating a usage: a sum of weighted factors, each kept as a
// reason with its evidence, so a migration lead can see why a usage ranks
// where it does. The engine computes which factors hold (assess.cc); their
// weights, levels and the parameter names that signal function calling,
// structured output and streaming are data in rules/risk.yaml, overridable
// by .modelshift.yaml `risk.weights`.
//
// Thread-safety: a loaded RiskRules is immutable.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/rule_files.h"
#include "core/types.h"

namespace modelshift {

// A request parameter's name as every SDK spells it: lower case, '_' and '-'
// dropped, so max_tokens, maxTokens and MaxTokens compare equal.
std::string parameter_key(std::string_view name);

// The factor ids the engine knows how to compute. rules/risk.yaml must
// weigh exactly these (the loader says which are missing or unknown).
const std::vector<std::string>& risk_factor_ids();

// A factor that holds for one usage, with its evidence.
struct RiskFact {
  std::string factor;  // one of risk_factor_ids()
  std::string detail;  // "3 few-shot pairs", "shutdown 2027-01-20 (44 days)"; data_sensitivity: the value
  std::string path;    // evidence location ("" none)
  uint32_t line = 0;
  double value = 0;    // steps factors: days left / calls a month; parameter_changes: how many
};

struct RiskReason {
  std::string factor;
  double points = 0;
  std::string text;    // the factor's text from rules/risk.yaml
  std::string detail;
  std::string path;
  uint32_t line = 0;
};

struct RiskResult {
  std::string level;  // high | medium | low
  double score = 0;
  std::vector<RiskReason> reasons;  // by points, highest first; zero-point facts are left out
};

class RiskRules {
 public:
  // Reads rules/risk.yaml; mistakes are located errors.
  static std::unique_ptr<RiskRules> load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors);

  // Scores the facts. `weights` (factor -> points, from the config) replace
  // a factor's points whenever it holds; 0 turns it off.
  RiskResult score(const std::vector<RiskFact>& facts, const std::map<std::string, double>& weights) const;

  // True when `name` (a request parameter or callee) is one of the signal
  // names of `group` (function_calling, structured_output, streaming,
  // streaming_callees). Compared case-insensitively, '_' ignored.
  bool signals(std::string_view group, std::string_view name) const;

  struct Example {
    std::string name;
    std::vector<std::string> facts;
    std::string level;
  };
  const std::vector<Example>& examples() const { return examples_; }
  const std::string& text(const std::string& factor) const;

 private:
  struct Step {
    double bound = 0, points = 0;
  };
  struct Factor {
    double points = 0, max = 0, min_chars = 0;
    std::string text;
    std::vector<Step> steps;  // first step whose bound holds
    bool steps_within = false;  // true: value <= bound (days); false: value >= bound (calls)
    std::map<std::string, double> values;
  };
  double points_of(const Factor& f, const RiskFact& fact) const;

  double high_ = 50, medium_ = 25;
  std::map<std::string, Factor> factors_;
  std::map<std::string, std::vector<std::string>> signals_;  // normalised names
  std::vector<Example> examples_;

 public:
  double min_chars(const std::string& factor) const;
};

}  // namespace modelshift
