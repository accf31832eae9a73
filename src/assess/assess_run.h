// The assess stage as the commands run it: groups an inventory's findings
// into usages and tags each with exposure (src/assess/exposure.h, reading the
// scan's code files once more, never running them), owners (CODEOWNERS of the
// repository holding the scan root, then the config's `owners:`), metadata
// and risk. `scan --format json|yaml`, `plan` and `runbook` share it.
#pragma once

#include <functional>
#include <vector>

#include "assess/assess.h"
#include "assess/risk.h"
#include "assess/settings.h"
#include "assess/usages.h"
#include "pipeline/scan.h"

namespace modelshift {

struct AssessOptions {
  const MigrationSettings* settings = nullptr;
  // The scan's walk settings and paths, used only when the inventory does
  // not carry its walk (Inventory::files); exposure reads the same files.
  WalkOptions walk;
  std::vector<std::string> paths;
  // How many request parameters the target model changes for a usage (the
  // plan's required changes); may be empty.
  std::function<size_t(const Usage&)> parameter_changes;
};

// Fills inv->usages. Rules errors (rules/risk.yaml, rules/exposure.yaml) go
// to `errors` (exit 2); CODEOWNERS and file trouble to inv->warnings.
bool assess_inventory(const Engine& engine, const RiskRules& risk, const AssessOptions& options, Inventory* inv,
                      std::vector<Diagnostic>* errors);

// The directory holding `.git` at or above `dir` (absolute), or `dir`.
std::string repository_root(const std::string& dir);

}  // namespace modelshift
