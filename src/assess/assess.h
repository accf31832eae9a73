// The assess stage: after detection and linking, each usage is tagged with
// where it runs (customer-facing or internal), who owns it, what its part of
// the repository declares (SLA, volume, sensitivity) and, from all of these,
// its risk with reasons. Detection never judges; this is the one place that
// does, from facts already in the findings plus the inputs below.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "assess/risk.h"
#include "assess/settings.h"
#include "assess/usages.h"
#include "core/types.h"

namespace modelshift {

// Where a file's code runs (src/assess/exposure.h computes it).
struct Surface {
  std::string surface = "unknown";  // customer_facing | internal | unknown
  std::string reason, path;
  uint32_t line = 0;
};

// Owners of a file (CODEOWNERS, or the config's overrides).
struct Ownership {
  std::vector<std::string> owners;
  std::string source;  // "CODEOWNERS:12", ".modelshift.yaml"
};

struct AssessInputs {
  const RiskRules* risk = nullptr;
  const MigrationSettings* settings = nullptr;
  std::string as_of;                                            // yyyy-mm-dd
  std::function<Surface(const std::string& path)> surface;      // may be empty: unknown
  std::function<Ownership(const std::string& path)> owners;     // may be empty: unowned
  // How many request parameters the usage's target model renames, removes or
  // fixes (the plan's required changes); may be empty: none known.
  std::function<size_t(const Usage&)> parameter_changes;
};

// Fills surface, owners, metadata, facts and risk of every usage.
void assess_usages(const std::vector<Finding>& findings, const AssessInputs& in, std::vector<Usage>* usages);

// Days from `from` to `to` (yyyy-mm-dd), negative when `to` is earlier.
long days_between(const std::string& from, const std::string& to);

}  // namespace modelshift
