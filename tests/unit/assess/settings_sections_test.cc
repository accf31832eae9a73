// The migration sections of .modelshift.yaml (read_migration_settings):
// each section's happy path, each mistake as a located error, and the
// lookups by path (metadata_for, owner_override_for).
#include <filesystem>
#include <fstream>

#include "../test_engine.h"
#include "assess/risk.h"
#include "assess/settings.h"
#include "cli/config.h"
#include "core/yaml_util.h"

using namespace modelshift;

namespace {

struct Read {
  MigrationSettings settings;
  std::vector<std::string> errors;  // "line:col: message"
};

Read read(const std::string& text) {
  Read r;
  std::vector<Diagnostic> errors;
  YamlReader yr("cfg.yaml", &errors);
  std::optional<YAML::Node> root = yr.parse(text);
  REQUIRE(root);
  read_migration_settings(yr, *root, risk_factor_ids(), &r.settings);
  for (const Diagnostic& d : errors) {
    CHECK(d.path == "cfg.yaml");
    r.errors.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message);
  }
  return r;
}

}  // namespace

TEST_CASE("settings: every section read as written", "[settings]") {
  Read r = read(R"(migrations:
  - {from: "gpt-5.2*", to: gpt-5.5}
  - from: gpt-5.2-mini
    to: gpt-5.5-mini
    paths: ["services/chat/**", "tools/**"]
risk:
  weights: {customer_facing: 30, streaming: 0, internal: -2.5}
  customer_facing: ["services/api/**"]
  internal: ["tools/**", "scripts/**"]
owners:
  - {path: "services/search/**", owners: ["@acme/search", "@ann"]}
metadata:
  - path: "services/chat/**"
    sla: "99.9%"
    monthly_calls: 2500000
    latency_target_ms: 1200
    data_sensitivity: confidential
prices:
  - {model: gpt-5.5, input_per_mtok: 1.5, output_per_mtok: 12}
runbook:
  name: "GPT-5.2 to GPT-5.5"
  start: 2026-12-14
  canary_steps: [5, 25, 50, 100]
  rollback_triggers: {error_rate_increase_pct: 1, p99_latency_increase_ms: 250}
)");
  CHECK(r.errors.empty());
  const MigrationSettings& s = r.settings;
  CHECK(s.config_path == "cfg.yaml");
  REQUIRE(s.migrations.size() == 2);
  CHECK(s.migrations[0].from == "gpt-5.2*");
  CHECK(s.migrations[0].to == "gpt-5.5");
  CHECK(s.migrations[0].paths.empty());
  CHECK((s.migrations[0].where.line == 2 && s.migrations[0].where.column == 5));
  CHECK(s.migrations[1].paths == std::vector<std::string>{"services/chat/**", "tools/**"});
  CHECK((s.migrations[1].where.line == 3 && s.migrations[1].where.column == 5));
  CHECK(s.risk_weights == std::map<std::string, double>{{"customer_facing", 30}, {"internal", -2.5}, {"streaming", 0}});
  CHECK(s.customer_facing_globs == std::vector<std::string>{"services/api/**"});
  CHECK(s.internal_globs == std::vector<std::string>{"tools/**", "scripts/**"});
  REQUIRE(s.owners.size() == 1);
  CHECK(s.owners[0].glob == "services/search/**");
  CHECK(s.owners[0].owners == std::vector<std::string>{"@acme/search", "@ann"});
  REQUIRE(s.metadata.size() == 1);
  const UsageMetadata& m = s.metadata[0].metadata;
  CHECK(m.sla == "99.9%");
  CHECK(m.monthly_calls == 2500000);
  CHECK(m.latency_target_ms == 1200);
  CHECK(m.data_sensitivity == "confidential");
  REQUIRE(s.prices.size() == 1);
  CHECK((s.prices[0].model == "gpt-5.5" && s.prices[0].input_per_mtok == 1.5 && s.prices[0].output_per_mtok == 12));
  CHECK(s.runbook.name == "GPT-5.2 to GPT-5.5");
  CHECK(s.runbook.start == "2026-12-14");
  CHECK(s.runbook.canary_steps == std::vector<int>{5, 25, 50, 100});
  CHECK(s.runbook.rollback_triggers ==
        std::vector<std::pair<std::string, double>>{{"error_rate_increase_pct", 1}, {"p99_latency_increase_ms", 250}});
}

TEST_CASE("settings: runbook.start takes real days, leap days included", "[settings]") {
  for (const char* day : {"2028-02-29", "2000-02-29", "2026-12-31", "2026-04-30"}) {
    INFO(day);
    Read r = read(std::string("runbook:\n  start: ") + day + "\n");
    CHECK(r.errors.empty());
    CHECK(r.settings.runbook.start == day);
  }
}

TEST_CASE("settings: a single glob may be written without a list", "[settings]") {
  Read r = read("migrations:\n  - {from: gpt-5.2, to: gpt-5.5, paths: \"services/**\"}\n");
  CHECK(r.errors.empty());
  REQUIRE(r.settings.migrations.size() == 1);
  CHECK(r.settings.migrations[0].paths == std::vector<std::string>{"services/**"});
}

TEST_CASE("settings: empty and absent sections are no error", "[settings]") {
  for (const char* text : {"{}\n", "migrations:\nrisk:\nowners:\nmetadata:\nprices:\nrunbook:\n", "risk: {weights: }\n"}) {
    Read r = read(text);
    INFO(text);
    CHECK(r.errors.empty());
    CHECK(r.settings.migrations.empty());
    CHECK(r.settings.risk_weights.empty());
  }
}

TEST_CASE("settings: each mistake is a located error", "[settings]") {
  struct Row {
    const char* text;
    std::vector<std::string> errors;
  };
  std::vector<Row> rows = {
      {"migrations: {from: a, to: b}\n", {"1:13: migrations must be a list of {from, to, paths}"}},
      {"migrations:\n  - gpt-5.2\n", {"2:5: a migration is {from: MODEL_GLOB, to: MODEL, paths: [GLOB...]}"}},
      {"migrations:\n  - {from: gpt-5.2, too: gpt-5.5}\n",
       {"2:21: unknown key 'too' (did you mean 'to'?)", "2:5: missing required key 'to'"}},
      {"migrations:\n  - {from: gpt-5.2, to: gpt-5.5, paths: {a: b}}\n", {"2:41: 'paths' must be a list"}},
      {"risk: [a]\n", {"1:7: risk must be a mapping of weights, customer_facing, internal"}},
      {"risk:\n  wieghts: {streaming: 1}\n", {"2:3: unknown key 'wieghts' (did you mean 'weights'?)"}},
      {"risk:\n  weights: {custmer_facing: 3}\n",
       {"2:13: unknown risk factor 'custmer_facing' (did you mean 'customer_facing'?)"}},
      {"risk:\n  weights: {streaming: lots}\n", {"2:24: a weight must be a number of points"}},
      {"risk:\n  weights: [streaming]\n", {"2:12: risk.weights must map factor ids to points"}},
      {"owners:\n  - {path: \"a/**\", owners: []}\n", {"2:5: owners needs at least one owner"}},
      {"owners:\n  - {path: \"a/**\", owner: [\"@x\"]}\n",
       {"2:20: unknown key 'owner' (did you mean 'owners'?)", "2:5: owners needs at least one owner"}},
      {"metadata:\n  - {path: x, monthly_calls: -5}\n", {"2:30: monthly_calls must not be negative"}},
      {"metadata:\n  - {path: x, data_sensitivty: pii}\n",
       {"2:15: unknown key 'data_sensitivty' (did you mean 'data_sensitivity'?)"}},
      {"metadata:\n  - {path: x, monthly_calls: many}\n", {"2:30: 'monthly_calls' must be a number"}},
      {"prices:\n  - {model: gpt-5.5, input_per_mtok: 1}\n",
       {"2:5: a price needs input_per_mtok and output_per_mtok (USD per million tokens)"}},
      {"runbook: x\n", {"1:10: runbook must be a mapping"}},
      {"runbook:\n  nam: x\n", {"2:3: unknown key 'nam' (did you mean 'name'?)"}},
      {"runbook:\n  start: 2026-13-01\n", {"2:10: runbook.start must be a YYYY-MM-DD date"}},
      {"runbook:\n  start: 2026-02-30\n", {"2:10: runbook.start must be a YYYY-MM-DD date"}},
      {"runbook:\n  start: 2026-02-29\n", {"2:10: runbook.start must be a YYYY-MM-DD date"}},
      {"runbook:\n  start: 2100-02-29\n", {"2:10: runbook.start must be a YYYY-MM-DD date"}},
      {"runbook:\n  start: 2026-04-31\n", {"2:10: runbook.start must be a YYYY-MM-DD date"}},
      {"runbook:\n  start: next monday\n", {"2:10: runbook.start must be a YYYY-MM-DD date"}},
      {"runbook:\n  canary_steps: [5, 5, 100]\n", {"2:21: canary steps are rising percentages from 1 to 100"}},
      {"runbook:\n  canary_steps: [0, 50]\n", {"2:18: canary steps are rising percentages from 1 to 100"}},
      {"runbook:\n  canary_steps: [50, 101]\n", {"2:22: canary steps are rising percentages from 1 to 100"}},
      {"runbook:\n  canary_steps: 5\n", {"2:17: canary_steps must be a list of traffic percentages"}},
      {"runbook:\n  rollback_triggers: {error_rate_increse_pct: 1}\n",
       {"2:23: unknown key 'error_rate_increse_pct' (did you mean 'error_rate_increase_pct'?)"}},
      {"runbook:\n  rollback_triggers: {error_rate_increase_pct: high}\n",
       {"2:48: a trigger threshold must be a number"}},
  };
  for (const Row& row : rows) {
    INFO(row.text);
    CHECK(read(row.text).errors == row.errors);
  }
}

TEST_CASE("settings: load_config reads the sections and names unknown top-level keys", "[settings]") {
  std::string tmpl = (std::filesystem::temp_directory_path() / "modelshift-settings-XXXXXX").string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  std::filesystem::path dir = tmpl;
  auto load = [&](const std::string& text, Options* o) {
    std::ofstream((dir / "c.yaml").string(), std::ios::binary) << text;
    o->config = (dir / "c.yaml").string();
    std::vector<Diagnostic> errors;
    bool ok = load_config(o, &errors);
    std::vector<std::string> out;
    for (const Diagnostic& d : errors) out.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message);
    CHECK(ok == out.empty());
    return out;
  };
  Options good;
  CHECK(load("migrations:\n  - {from: gpt-5.2, to: gpt-5.5}\nprices:\n  - {model: gpt-5.5, input_per_mtok: 1, output_per_mtok: 2}\n",
             &good)
            .empty());
  REQUIRE(good.migration.migrations.size() == 1);
  CHECK(good.migration.migrations[0].to == "gpt-5.5");
  CHECK(good.migration.config_path == "c.yaml");  // never an absolute path
  Options bad;
  CHECK(load("migration:\n  - {from: gpt-5.2, to: gpt-5.5}\n", &bad) ==
        std::vector<std::string>{"1:1: unknown key 'migration' (did you mean 'migrations'?)"});
  std::filesystem::remove_all(dir);
}

TEST_CASE("settings: metadata_for merges matching rules, later ones override", "[settings]") {
  Read r = read(R"(metadata:
  - {path: "services/**", sla: "99.9%", data_sensitivity: confidential}
  - {path: "services/chat/**", monthly_calls: 4000000}
  - {path: "services/chat/**", sla: "99.99%", latency_target_ms: 800}
  - {path: "services/chat/legacy.py", data_sensitivity: pii}
)");
  REQUIRE(r.errors.empty());
  struct Row {
    const char* path;
    std::string sla;
    std::optional<double> calls, latency;
    std::string sensitivity;
  };
  std::vector<Row> rows = {
      {"services/chat/app.py", "99.99%", 4000000, 800, "confidential"},
      {"services/chat/legacy.py", "99.99%", 4000000, 800, "pii"},
      {"services/search/app.py", "99.9%", std::nullopt, std::nullopt, "confidential"},
      {"tools/x.py", "", std::nullopt, std::nullopt, ""},
  };
  for (const Row& row : rows) {
    INFO(row.path);
    UsageMetadata m = metadata_for(r.settings, row.path);
    CHECK(m.sla == row.sla);
    CHECK(m.monthly_calls == row.calls);
    CHECK(m.latency_target_ms == row.latency);
    CHECK(m.data_sensitivity == row.sensitivity);
    CHECK(m.empty() == (row.sla.empty() && row.sensitivity.empty()));
  }
}

TEST_CASE("settings: owner_override_for, last match wins", "[settings]") {
  Read r = read(R"(owners:
  - {path: "services/**", owners: ["@a"]}
  - {path: "services/chat/**", owners: ["@b"]}
  - {path: "*.py", owners: ["@c", "@d"]}
)");
  REQUIRE(r.errors.empty());
  struct Row {
    const char* path;
    std::vector<std::string> owners;  // empty: none
  };
  std::vector<Row> rows = {
      {"services/chat/a.py", {"@c", "@d"}}, {"services/chat/a.ts", {"@b"}}, {"services/x.go", {"@a"}},
      {"lib/a.py", {"@c", "@d"}},           {"lib/a.go", {}},
  };
  for (const Row& row : rows) {
    INFO(row.path);
    const OwnerOverride* o = owner_override_for(r.settings, row.path);
    CHECK((o ? o->owners : std::vector<std::string>{}) == row.owners);
  }
}
