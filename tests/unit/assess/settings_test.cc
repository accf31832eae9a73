// Tests for the migration sections of .modelshift.yaml
// (src/assess/settings.h): one table of snippets, each with the located
// error the loader must give (or none), for the constraints
// docs/schema/config.schema.json states too; and what a good file yields.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "assess/risk.h"
#include "assess/settings.h"
#include "core/yaml_util.h"

using modelshift::Diagnostic;
using modelshift::MigrationSettings;

namespace {

std::vector<Diagnostic> read(const std::string& text, MigrationSettings* out) {
  std::vector<Diagnostic> errors;
  modelshift::YamlReader yr(".modelshift.yaml", &errors);
  std::optional<YAML::Node> root = yr.parse(text);
  REQUIRE(root);
  modelshift::read_migration_settings(yr, *root, modelshift::risk_factor_ids(), out);
  return errors;
}

struct Row {
  const char* yaml;
  const char* error;  // "" = valid; else a part of the only message
  uint32_t line;      // of that message
};

}  // namespace

TEST_CASE("settings: constraints shared with config.schema.json", "[settings]") {
  const std::vector<Row> rows = {
      {"migrations:\n  - {from: gpt-5.2*, to: gpt-5.5}\n", "", 0},
      {"migrations:\n  - {from: gpt-5.2*}\n", "missing required key 'to'", 2},
      {"runbook:\n  start: 2026-12-14\n  canary_steps: [5, 25, 50, 100]\n", "", 0},
      {"runbook:\n  start: 2026-13-01\n", "YYYY-MM-DD", 2},
      {"runbook:\n  canary_steps: [5, 50, 25]\n", "rising percentages", 2},
      {"runbook:\n  canary_steps: [0, 50]\n", "rising percentages", 2},
      {"runbook:\n  canary_steps: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100]\n", "at most 10 steps", 2},
      {"runbook:\n  rollback_triggers: {error_rate_increase_pct: -1}\n", "must not be negative", 2},
      {"runbook:\n  rollback_triggers: {p99_latency_ms: 100}\n", "unknown key 'p99_latency_ms'", 2},
      {"risk:\n  weights: {few_shots: 3}\n", "did you mean 'few_shot'", 2},
      {"risk:\n  weights: {internal: -20}\n", "", 0},
      {"metadata:\n  - {path: a/**, monthly_calls: -5}\n", "must not be negative", 2},
      {"metadata:\n  - {path: a/**, slo: 1}\n", "unknown key 'slo'", 2},
      {"prices:\n  - {model: m, input_per_mtok: 1}\n", "needs input_per_mtok and output_per_mtok", 2},
      {"prices:\n  - {model: m, input_per_mtok: -1, output_per_mtok: 2}\n", "must not be negative", 2},
      {"prices:\n  - {model: m, input_per_mtok: 0, output_per_mtok: 2}\n", "", 0},
      {"owners:\n  - {path: a/**, owners: []}\n", "at least one owner", 2},
  };
  for (const Row& row : rows) {
    CAPTURE(row.yaml);
    MigrationSettings s;
    std::vector<Diagnostic> errors = read(row.yaml, &s);
    if (!*row.error) {
      CHECK(errors.empty());
      continue;
    }
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message.find(row.error) != std::string::npos);
    CHECK(errors[0].line == row.line);
  }
}

TEST_CASE("settings: a good file yields every section", "[settings]") {
  MigrationSettings s;
  std::vector<Diagnostic> errors = read(
      "migrations:\n  - {from: gpt-5.2*, to: gpt-5.5, paths: svc/**}\n"
      "prices:\n  - {model: gpt-5.5, input_per_mtok: 1.5, output_per_mtok: 12}\n"
      "runbook:\n  canary_steps: [10, 100]\n  rollback_triggers: {quality_score_drop_pct: 2.5}\n",
      &s);
  CHECK(errors.empty());
  REQUIRE(s.migrations.size() == 1);
  CHECK(s.migrations[0].paths == std::vector<std::string>{"svc/**"});
  REQUIRE(s.prices.size() == 1);
  CHECK(s.prices[0].output_per_mtok == 12);
  CHECK(s.runbook.canary_steps == std::vector<int>{10, 100});
  REQUIRE(s.runbook.rollback_triggers.size() == 1);
  CHECK(s.runbook.rollback_triggers[0].second == 2.5);
}
