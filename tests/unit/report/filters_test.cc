// Report filters (src/report/filters.h): which findings each flag keeps,
// how usages follow a filtered inventory, urgency and --fail-on.
#include <catch2/catch.hpp>

#include "report/filters.h"

namespace modelshift {

namespace {

Finding ref(const std::string& path, const std::string& model, const std::string& provider, const std::string& status,
            const std::string& context) {
  Finding f;
  f.kind = "model_reference";
  f.path = path;
  f.model = f.written = f.canonical = model;
  f.provider = provider;
  f.status = status;
  f.context = context;
  return f;
}

std::vector<std::string> paths_kept(const ReportFilter& filter, const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings)
    if (filter.keep(f)) out.push_back(f.path);
  return out;
}

}  // namespace

TEST_CASE("report filters keep what each flag names", "[filters]") {
  Finding prompt;
  prompt.kind = "prompt";
  prompt.path = "p.py";
  prompt.context = "string";
  Finding table;
  table.kind = "model_catalogue";
  table.path = "prices.py";
  table.context = "code";
  table.catalogue_models = {"gpt-4", "gpt-4o"};
  table.catalogue_by_status = {{"active", 1}, {"retired", 1}};
  Finding sdk = ref("node_modules/x/README.md", "gpt-4o", "openai", "active", "sdk_definition");
  sdk.syntax = "docs";
  std::vector<Finding> all = {ref("a.py", "gpt-4", "openai", "retired", "string"),
                              ref("b.yaml", "claude-3-opus-20240229", "anthropic", "deprecated", "config"),
                              ref("c.md", "gpt-4o", "openai", "active", "docs"),
                              ref("d.py", "gpt-5.2", "openai", "deprecated", "comment"),
                              prompt, table, sdk};
  struct Case {
    const char* flag;
    const char* value;
    std::vector<std::string> kept;
  };
  std::vector<Case> cases = {
      {"--status", "deprecated,retired", {"a.py", "b.yaml", "d.py", "prices.py"}},
      {"--status", "active", {"c.md", "prices.py", "node_modules/x/README.md"}},
      {"--model", "gpt-4", {"a.py", "prices.py"}},
      {"--model", "claude-*", {"b.yaml"}},
      {"--model", "GPT-5*", {"d.py"}},
      {"--provider", "anthropic", {"b.yaml"}},
      {"--kind", "prompt,model_catalogue", {"p.py", "prices.py"}},
      {"--context", "code", {"a.py", "d.py", "p.py", "prices.py"}},
      {"--context", "code,config", {"a.py", "b.yaml", "d.py", "p.py", "prices.py"}},
      {"--context", "docs", {"c.md", "node_modules/x/README.md"}},
      {"--context", "comment", {"d.py"}},
  };
  for (const Case& c : cases) {
    ReportFilter filter;
    std::vector<std::string>* list = std::string(c.flag) == "--status"     ? &filter.statuses
                                     : std::string(c.flag) == "--model"    ? &filter.models
                                     : std::string(c.flag) == "--provider" ? &filter.providers
                                     : std::string(c.flag) == "--kind"     ? &filter.kinds
                                                                           : &filter.contexts;
    REQUIRE(add_filter_values(c.flag, c.value, list) == "");
    INFO(c.flag << " " << c.value);
    CHECK(paths_kept(filter, all) == c.kept);
  }
  // Two flags: both apply.
  ReportFilter both;
  both.statuses = {"deprecated"};
  both.contexts = {"config"};
  CHECK(paths_kept(both, all) == std::vector<std::string>{"b.yaml"});
  CHECK(ReportFilter().empty());
  CHECK(paths_kept(ReportFilter(), all).size() == all.size());
}

TEST_CASE("report filter values are checked", "[filters]") {
  std::vector<std::string> out;
  CHECK(add_filter_values("--status", "retird", &out).find("did you mean 'retired'") != std::string::npos);
  CHECK(add_filter_values("--kind", "call", &out).find("unknown kind 'call'") != std::string::npos);
  CHECK(add_filter_values("--context", "", &out) == "--context needs a value");
  CHECK(out.empty());
  CHECK(add_filter_values("--status", " retired , deprecated,retired", &out) == "");
  CHECK(out == std::vector<std::string>{"retired", "deprecated"});
}

TEST_CASE("apply_filter renumbers usages and --min-risk keeps risky usages", "[filters]") {
  Inventory inv;
  inv.findings = {ref("a.py", "gpt-4", "openai", "retired", "string"), ref("b.py", "gpt-4o", "openai", "active", "string"),
                  ref("c.py", "gpt-4", "openai", "retired", "string")};
  Usage low, high;
  low.findings = {0, 1};
  low.risk.level = "low";
  high.findings = {2};
  high.shared = {1};
  high.risk.level = "high";
  inv.usages = {low, high};

  Inventory by_status = inv;
  ReportFilter active;
  active.statuses = {"active"};
  apply_filter(active, &by_status);
  REQUIRE(by_status.findings.size() == 1);
  CHECK(by_status.findings[0].path == "b.py");
  REQUIRE(by_status.usages.size() == 1);  // the high usage kept only a shared finding: it goes
  CHECK(by_status.usages[0].findings == std::vector<size_t>{0});

  Inventory risky = inv;
  ReportFilter min;
  min.min_risk = "medium";
  apply_filter(min, &risky);
  REQUIRE(risky.findings.size() == 2);  // c.py, and b.py which the high usage shares
  CHECK(risky.findings[0].path == "b.py");
  CHECK(risky.findings[1].path == "c.py");
  REQUIRE(risky.usages.size() == 2);
  CHECK(risky.usages[1].findings == std::vector<size_t>{1});
  CHECK(risky.usages[1].shared == std::vector<size_t>{0});
}

TEST_CASE("urgency orders retired, deprecated, denied, the rest, suppressed", "[filters]") {
  Finding denied = ref("x", "gpt-5.2", "openai", "active", "string");
  denied.policy = "denied-model";
  Finding suppressed = ref("x", "gpt-4", "openai", "retired", "string");
  suppressed.suppressed = "migrating next sprint";
  Finding table;
  table.kind = "model_catalogue";
  table.catalogue_by_status = {{"retired", 3}};
  CHECK(urgency(ref("x", "gpt-4", "openai", "retired", "string")) == 0);
  CHECK(urgency(ref("x", "gpt-5.2", "openai", "deprecated", "string")) == 1);
  CHECK(urgency(denied) == 2);
  CHECK(urgency(ref("x", "gpt-4o", "openai", "active", "string")) == 3);
  CHECK(urgency(table) == 3);
  CHECK(urgency(suppressed) == 4);
  CHECK(urgency(ref("x", "gpt-4", "openai", "retired", "sdk_definition")) == 4);
}

TEST_CASE("fail-on: statuses, policies and risk; suppressed and SDK code never fail", "[filters]") {
  Inventory inv;
  Finding denied = ref("d.py", "gpt-5.2", "openai", "active", "string");
  denied.policy = "denied-model";
  Finding suppressed = ref("s.py", "gpt-4", "openai", "retired", "string");
  suppressed.suppressed = "suppressed";
  Finding table;
  table.kind = "model_catalogue";
  table.status = "retired";  // never set on tables, but a table is not a use either way
  inv.findings = {ref("a.py", "gpt-4", "openai", "retired", "string"), denied, suppressed,
                  ref("n/x.ts", "gpt-4", "openai", "retired", "sdk_definition"), table,
                  ref("o.py", "gpt-4o", "openai", "active", "string")};
  Usage u;
  u.findings = {5};
  u.risk.level = "high";
  inv.usages = {u};
  struct Case {
    const char* value;
    std::vector<size_t> failing;
  };
  for (const Case& c : std::vector<Case>{{"retired", {0}},
                                         {"deprecated", {}},
                                         {"denied", {1}},
                                         {"retired,denied", {0, 1}},
                                         {"high", {5}},
                                         {"medium", {5}},
                                         {"active", {1, 5}}}) {
    FailOn f;
    REQUIRE(f.parse(c.value) == "");
    INFO(c.value);
    CHECK(f.failing(inv) == c.failing);
  }
  FailOn bad;
  CHECK(bad.parse("retired,sometimes").find("unknown value 'sometimes'") != std::string::npos);
  CHECK(FailOn().empty());
}

}  // namespace modelshift
