// A small repository scanned, assessed and planned as `modelshift plan`
// does it (prepare() in src/plan/plan_cli.cc), with the settings given as
// .modelshift.yaml text, for the planner and runbook tests.
#pragma once

#include <memory>

#include "../assess/temp_repo.h"
#include "assess/assess_run.h"
#include "core/yaml_util.h"
#include "plan/plan.h"

namespace modelshift {

inline const PlanRules& plan_rules() {
  static std::unique_ptr<PlanRules> r = [] {
    std::vector<Diagnostic> errors;
    auto loaded = PlanRules::load(test_engine().rule_files, &errors);
    for (const Diagnostic& d : errors) UNSCOPED_INFO(d.path << ":" << d.line << ":" << d.column << ": " << d.message);
    REQUIRE(errors.empty());
    return loaded;
  }();
  return *r;
}

inline const RiskRules& embedded_risk_rules() {
  static std::unique_ptr<RiskRules> r = [] {
    std::vector<Diagnostic> errors;
    auto loaded = RiskRules::load(test_engine().rule_files, &errors);
    REQUIRE(errors.empty());
    return loaded;
  }();
  return *r;
}

// Settings read from .modelshift.yaml text; a mistake fails the test.
inline MigrationSettings settings_from(const std::string& yaml) {
  MigrationSettings s;
  if (yaml.empty()) return s;
  std::vector<Diagnostic> errors;
  YamlReader yr("cfg.yaml", &errors);
  std::optional<YAML::Node> root = yr.parse(yaml);
  REQUIRE(root);
  read_migration_settings(yr, *root, risk_factor_ids(), &s);
  for (const Diagnostic& d : errors) UNSCOPED_INFO(d.line << ":" << d.column << ": " << d.message);
  REQUIRE(errors.empty());
  return s;
}

// Everything a plan is built from; held by pointer (the planner points into it).
struct PlanRun {
  std::unique_ptr<TempRepo> repo;
  Inventory inv;
  MigrationSettings settings;
  std::unique_ptr<Planner> planner;

  // The usage anchored at path:line (the first one, in report order).
  const Usage& usage_at(const std::string& path, uint32_t line) const {
    for (const Usage& u : inv.usages) {
      const Finding& a = inv.findings[u.findings[0]];
      if (a.path == path && a.loc.line == line) return u;
    }
    for (const Finding& f : inv.findings) UNSCOPED_INFO("finding " << finding_label(f));
    FAIL("no usage anchored at " << path << ":" << line);
    return inv.usages.front();
  }
};

inline std::unique_ptr<PlanRun> plan_repo(const RepoFiles& files, const std::string& config_yaml = "",
                                          const std::string& to = "", const std::vector<std::string>& from = {}) {
  auto run = std::make_unique<PlanRun>();
  run->repo = std::make_unique<TempRepo>(files);
  run->inv = run->repo->scan();
  run->settings = settings_from(config_yaml);
  PlanInputs pi{&run->inv, test_engine().catalog.get(), &plan_rules(), &run->settings, to, from};
  run->planner = std::make_unique<Planner>(pi);
  AssessOptions ao;
  ao.settings = &run->settings;
  ao.paths = {run->repo->dir().string()};
  ao.parameter_changes = [p = run->planner.get()](const Usage& u) { return p->parameter_changes(u); };
  std::vector<Diagnostic> errors;
  REQUIRE(assess_inventory(test_engine(), embedded_risk_rules(), ao, &run->inv, &errors));
  REQUIRE(errors.empty());
  return run;
}

}  // namespace modelshift
