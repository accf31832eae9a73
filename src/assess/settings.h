// The migration sections of .modelshift.yaml: what to migrate to, how risk
// is weighed, who owns what, and what each part of the repository declares
// about itself. config.cc reads them into Options::migration; the assess and
// plan stages read them from there. docs/schema/config.schema.json documents
// every key.
//
//   migrations:
//     - {from: "gpt-5.2*", to: gpt-5.5}
//     - {from: "gpt-5.2-mini", to: gpt-5.5-mini, paths: ["services/chat/**"]}
//   risk:
//     weights: {customer_facing: 30, streaming: 0}
//     customer_facing: ["services/api/**"]
//     internal: ["tools/**"]
//   owners:
//     - {path: "services/search/**", owners: ["@acme/search"]}
//   metadata:
//     - path: "services/chat/**"
//       sla: "99.9%"
//       monthly_calls: 2500000
//       latency_target_ms: 1200
//       data_sensitivity: confidential
//   prices:
//     - {model: gpt-5.5, input_per_mtok: 1.5, output_per_mtok: 12}
//   runbook:
//     name: "GPT-5.2 to GPT-5.5"
//     start: 2026-12-14
//     canary_steps: [5, 25, 50, 100]
//     rollback_triggers: {error_rate_increase_pct: 1}
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"

namespace YAML {
class Node;
}

namespace modelshift {

class YamlReader;

struct MigrationRule {
  std::string from;                // model glob (policy.h model_glob_match)
  std::string to;                  // target model id
  std::vector<std::string> paths;  // path globs; empty = everywhere
  Diagnostic where;                // for messages
};

struct OwnerOverride {
  std::string glob;
  std::vector<std::string> owners;
};

// What a migration audit tags a usage with. Unset fields are not declared.
struct UsageMetadata {
  std::string sla;
  std::optional<double> monthly_calls;
  std::optional<double> latency_target_ms;
  std::string data_sensitivity;
  bool empty() const { return sla.empty() && !monthly_calls && !latency_target_ms && data_sensitivity.empty(); }
};

struct MetadataRule {
  std::string glob;
  UsageMetadata metadata;
};

struct PriceOverride {
  std::string model;  // exact id (canonical)
  double input_per_mtok = 0, output_per_mtok = 0;
};

struct RunbookSettings {
  std::string name;
  std::string start;  // yyyy-mm-dd
  std::vector<int> canary_steps;
  std::vector<std::pair<std::string, double>> rollback_triggers;
};

struct MigrationSettings {
  std::vector<MigrationRule> migrations;
  std::map<std::string, double> risk_weights;  // factor id -> points
  std::vector<std::string> customer_facing_globs, internal_globs;
  std::vector<OwnerOverride> owners;
  std::vector<MetadataRule> metadata;
  std::vector<PriceOverride> prices;
  RunbookSettings runbook;
  std::string config_path;  // the file these came from ("" none)
};

// Reads the migration sections of a parsed .modelshift.yaml root (the keys
// migrations, risk, owners, metadata, prices, runbook). Mistakes are located
// errors through `yr` (unknown keys get a did-you-mean). `factor_ids` are the
// risk factors rules/risk.yaml defines (weights may name only those).
void read_migration_settings(YamlReader& yr, const YAML::Node& root, const std::vector<std::string>& factor_ids,
                             MigrationSettings* out);

// True for a real calendar day written YYYY-MM-DD (leap days included).
bool valid_date(const std::string& date);

// The metadata of `rel_path`: every matching rule in order, later rules
// overriding the fields they set.
UsageMetadata metadata_for(const MigrationSettings& s, const std::string& rel_path);

// The config's owners for `rel_path` (last matching entry wins, as in
// CODEOWNERS), or nullptr.
const OwnerOverride* owner_override_for(const MigrationSettings& s, const std::string& rel_path);

}  // namespace modelshift
