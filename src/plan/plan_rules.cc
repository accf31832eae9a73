#include "plan/plan_rules.h"

#include "core/yaml_util.h"

namespace modelshift {

std::unique_ptr<PlanRules> PlanRules::load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors) {
  auto rules = std::make_unique<PlanRules>();
  const RuleFile* file = nullptr;
  for (const RuleFile& f : files)
    if (f.path == "plan.yaml") file = &f;
  if (!file) {
    errors->push_back({"rules/plan.yaml", 0, 0, "missing: tests, phases and runbook defaults"});
    return rules;
  }
  YamlReader yr(file->origin, errors);
  std::optional<YAML::Node> root = yr.parse(file->text);
  if (!root) return rules;
  yr.check_keys(*root, {"tests", "phases", "cost", "immutable_paths", "comparisons", "runbook"});
  if (YAML::Node c = (*root)["comparisons"]) {
    yr.check_keys(c, {"before", "after", "examples"});
    for (const char* side : {"before", "after"})
      for (const std::string& pattern : yr.str_list(c, side)) {
        auto re = std::make_unique<RE2>(pattern, RE2::Quiet);
        if (!re->ok()) yr.error(c[side], std::string("bad pattern '") + pattern + "': " + re->error());
        else (std::string(side) == "before" ? rules->comparison_before : rules->comparison_after).push_back(std::move(re));
      }
    if (YAML::Node ex = c["examples"]) {
      yr.check_keys(ex, {"match", "no_match"});
      rules->comparison_match = yr.str_list(ex, "match");
      rules->comparison_no_match = yr.str_list(ex, "no_match");
    }
  }
  rules->immutable_paths = yr.str_list(*root, "immutable_paths");
  if (YAML::Node c = (*root)["cost"]) {
    yr.check_keys(c, {"chars_per_token"});
    rules->chars_per_token = yr.number(c, "chars_per_token").value_or(4);
    if (rules->chars_per_token <= 0) yr.error(c, "chars_per_token must be positive");
  }
  for (const YAML::Node& t : (*root)["tests"]) {
    yr.check_keys(t, {"id", "when", "what"});
    rules->tests.push_back({yr.str(t, "id", true).value_or(""), yr.str(t, "what", true).value_or(""), yr.str_list(t, "when")});
  }
  for (const YAML::Node& p : (*root)["phases"]) {
    yr.check_keys(p, {"id", "when", "rollout"});
    Phase ph{yr.str(p, "id", true).value_or(""), yr.str(p, "rollout", true).value_or(""), {}, {}, {}};
    if (YAML::Node w = p["when"]) {
      yr.check_keys(w, {"risk", "surface", "facts"});
      ph.risk = yr.str_list(w, "risk");
      ph.surface = yr.str_list(w, "surface");
      ph.facts = yr.str_list(w, "facts");
    }
    rules->phases.push_back(std::move(ph));
  }
  if (rules->phases.empty()) yr.error(*root, "phases: at least one phase is needed");
  YAML::Node rb = (*root)["runbook"];
  if (!rb) {
    yr.error(*root, "missing key 'runbook'");
    return rules;
  }
  yr.check_keys(rb, {"phases", "canary_steps", "rollback_triggers", "similarity_thresholds"});
  for (const YAML::Node& p : rb["phases"]) {
    yr.check_keys(p, {"id", "days"});
    rules->runbook_phases.push_back({yr.str(p, "id", true).value_or(""), static_cast<int>(yr.number(p, "days").value_or(7))});
  }
  for (const YAML::Node& s : rb["canary_steps"]) rules->canary_steps.push_back(s.as<int>(0));
  for (const auto& kv : rb["rollback_triggers"]) rules->rollback_triggers.emplace_back(kv.first.Scalar(), kv.second.as<double>(0));
  for (const auto& kv : rb["similarity_thresholds"]) rules->similarity_thresholds[kv.first.Scalar()] = kv.second.as<double>(0);
  return rules;
}

bool PlanRules::compared(std::string_view line, std::string_view written) const {
  size_t pos = line.find(written);
  if (pos == std::string_view::npos || written.empty()) return false;
  size_t from = pos > 48 ? pos - 48 : 0;
  re2::StringPiece before(line.data() + from, pos - from), after(line.data() + pos + written.size(),
                                                                 std::min<size_t>(24, line.size() - pos - written.size()));
  for (const auto& re : comparison_before)
    if (RE2::PartialMatch(before, *re)) return true;
  for (const auto& re : comparison_after)
    if (RE2::PartialMatch(after, *re)) return true;
  return false;
}

}  // namespace modelshift
