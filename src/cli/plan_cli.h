// The migration commands over the one scan pipeline: `plan` (the migration
// plan YAML), `runbook` (the runbook skeleton, and with --kit the migration
// kit files) and `init` (a commented starter .modelshift.yaml from what a
// scan finds). Each returns the process exit code.
#pragma once

#include <memory>

#include "assess/risk.h"
#include "cli/cli.h"
#include "plan/plan.h"
#include "plan/plan_rules.h"

namespace modelshift {

int run_plan_command(const Options& options);
int run_runbook_command(const Options& options);
int run_init_command(const Options& options);

// The rules an inventory was assessed with, and the planner that judged its
// parameter changes (which `plan`, `runbook` and `init` go on to use).
struct Assessment {
  std::unique_ptr<RiskRules> risk;
  std::unique_ptr<PlanRules> rules;
  std::unique_ptr<Planner> planner;
};

// Assesses an inventory the way `plan` does (risk, owners, exposure); used by
// the migration commands and `scan --format json|yaml`. False (with errors
// printed) on a rules error. `out` may be null.
bool assess_for_report(const Engine& engine, const Options& options, const ScanOptions& scan, Inventory* inv,
                       Assessment* out = nullptr);

}  // namespace modelshift
