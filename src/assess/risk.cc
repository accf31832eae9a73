#include "assess/risk.h"

#include <algorithm>
#include <cctype>

#include "core/yaml_util.h"

namespace modelshift {

std::string parameter_key(std::string_view name) {
  std::string out;
  for (char c : name)
    if (c != '_' && c != '-') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const std::vector<std::string>& risk_factor_ids() {
  static const std::vector<std::string> ids = {
      "customer_facing", "internal",          "long_system_prompt", "few_shot",         "templated_prompt",
      "function_calling", "structured_output", "strict_schema_issues", "embedding",     "vector_store_linked",
      "parameter_changes", "hard_coded",       "configurable",       "streaming",        "unresolved",
      "retired",          "shutdown_soon",     "sla",                "data_sensitivity", "monthly_calls"};
  return ids;
}

std::unique_ptr<RiskRules> RiskRules::load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors) {
  auto rules = std::make_unique<RiskRules>();
  const RuleFile* file = nullptr;
  for (const RuleFile& f : files)
    if (f.path == "risk.yaml") file = &f;
  if (!file) {
    errors->push_back({"rules/risk.yaml", 0, 0, "missing: the risk factors and weights"});
    return rules;
  }
  YamlReader yr(file->origin, errors);
  std::optional<YAML::Node> root = yr.parse(file->text);
  if (!root) return rules;
  yr.check_keys(*root, {"levels", "factors", "signals", "examples"});
  if (YAML::Node lv = (*root)["levels"]) {
    yr.check_keys(lv, {"high", "medium"});
    rules->high_ = yr.number(lv, "high").value_or(rules->high_);
    rules->medium_ = yr.number(lv, "medium").value_or(rules->medium_);
  }
  const std::vector<std::string>& ids = risk_factor_ids();
  YAML::Node factors = (*root)["factors"];
  if (!factors || !factors.IsMap()) {
    yr.error(*root, "factors must map each factor id to its points");
    return rules;
  }
  for (const auto& kv : factors) {
    std::string id = kv.first.Scalar();
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      std::string hint = closest_word(id, ids);
      yr.error(kv.first, "unknown risk factor '" + id + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      continue;
    }
    const YAML::Node& n = kv.second;
    yr.check_keys(n, {"points", "max", "min_chars", "text", "steps", "values"});
    Factor f;
    f.points = yr.number(n, "points").value_or(0);
    f.max = yr.number(n, "max").value_or(0);
    f.min_chars = yr.number(n, "min_chars").value_or(0);
    f.text = yr.str(n, "text", true).value_or(id);
    if (YAML::Node steps = n["steps"]) {
      for (const YAML::Node& s : steps) {
        yr.check_keys(s, {"within_days", "at_least", "points"});
        Step st;
        st.points = yr.number(s, "points").value_or(0);
        if (auto d = yr.number(s, "within_days")) st.bound = *d, f.steps_within = true;
        else if (auto a = yr.number(s, "at_least")) st.bound = *a;
        else yr.error(s, "a step needs within_days or at_least");
        f.steps.push_back(st);
      }
    }
    if (YAML::Node values = n["values"]) {
      for (const auto& v : values) f.values[v.first.Scalar()] = v.second.as<double>(0);
    }
    rules->factors_[id] = std::move(f);
  }
  for (const std::string& id : ids)
    if (!rules->factors_.count(id)) yr.error(factors, "factor '" + id + "' has no weight");
  if (YAML::Node sig = (*root)["signals"]) {
    yr.check_keys(sig, {"function_calling", "structured_output", "streaming", "streaming_callees"});
    for (const auto& kv : sig)
      for (const std::string& name : yr.str_list(sig, kv.first.Scalar().c_str()))
        rules->signals_[kv.first.Scalar()].push_back(parameter_key(name));
  }
  if (YAML::Node ex = (*root)["examples"]) {
    for (const YAML::Node& e : ex) {
      yr.check_keys(e, {"name", "facts", "level"});
      rules->examples_.push_back({yr.str(e, "name", true).value_or(""), yr.str_list(e, "facts"),
                                  yr.str(e, "level", true).value_or("")});
    }
  }
  return rules;
}

double RiskRules::points_of(const Factor& f, const RiskFact& fact) const {
  if (!f.values.empty()) {
    auto it = f.values.find(fact.detail);
    return it == f.values.end() ? 0 : it->second;
  }
  if (!f.steps.empty()) {
    for (const Step& s : f.steps)
      if (f.steps_within ? fact.value <= s.bound : fact.value >= s.bound) return s.points;
    return 0;
  }
  if (f.max > 0) return std::min(f.max, f.points * std::max(1.0, fact.value));
  return f.points;
}

RiskResult RiskRules::score(const std::vector<RiskFact>& facts, const std::map<std::string, double>& weights) const {
  RiskResult r;
  for (const RiskFact& fact : facts) {
    auto it = factors_.find(fact.factor);
    if (it == factors_.end()) continue;
    double points = points_of(it->second, fact);
    // A weight replaces the points of a step or value that holds; with none
    // holding (a shutdown a year away, a volume below every step) the factor
    // does not hold and a weight must not make it.
    const Factor& f = it->second;
    bool graded = !f.values.empty() || !f.steps.empty();
    if (auto w = weights.find(fact.factor); w != weights.end()) points = points == 0 && graded ? 0 : w->second;
    if (points == 0) continue;
    r.score += points;
    r.reasons.push_back({fact.factor, points, it->second.text, fact.detail, fact.path, fact.line});
  }
  std::stable_sort(r.reasons.begin(), r.reasons.end(),
                   [](const RiskReason& a, const RiskReason& b) { return a.points > b.points; });
  r.level = r.score >= high_ ? "high" : r.score >= medium_ ? "medium" : "low";
  return r;
}

bool RiskRules::signals(std::string_view group, std::string_view name) const {
  auto it = signals_.find(std::string(group));
  if (it == signals_.end()) return false;
  std::string n = parameter_key(name);
  return std::find(it->second.begin(), it->second.end(), n) != it->second.end();
}

const std::string& RiskRules::text(const std::string& factor) const {
  static const std::string none;
  auto it = factors_.find(factor);
  return it == factors_.end() ? none : it->second.text;
}

double RiskRules::min_chars(const std::string& factor) const {
  auto it = factors_.find(factor);
  return it == factors_.end() ? 0 : it->second.min_chars;
}

}  // namespace modelshift
