// RiskRules (rules/risk.yaml): the file's own examples, weight overrides,
// step and value factors, the order of reasons, and located errors for a
// broken file.
#include <regex>

#include "../test_engine.h"
#include "assess/risk.h"

using namespace modelshift;

namespace {

const RiskRules& risk_rules() {
  static std::unique_ptr<RiskRules> r = [] {
    std::vector<Diagnostic> errors;
    auto loaded = RiskRules::load(test_engine().rule_files, &errors);
    for (const Diagnostic& d : errors) UNSCOPED_INFO(d.path << ":" << d.line << ":" << d.column << ": " << d.message);
    REQUIRE(errors.empty());
    return loaded;
  }();
  return *r;
}

RiskFact fact(std::string factor, double value = 0, std::string detail = "") {
  RiskFact f;
  f.factor = std::move(factor);
  f.value = value;
  f.detail = std::move(detail);
  return f;
}

std::string embedded_risk_yaml() {
  for (const RuleFile& f : test_engine().rule_files)
    if (f.path == "risk.yaml") return f.text;
  FAIL("no risk.yaml among the embedded rules");
  return "";
}

// "line:col: message" of each error loading `text` as risk.yaml.
std::vector<std::string> load_errors(const std::string& text) {
  std::vector<Diagnostic> errors;
  RiskRules::load({{"risk.yaml", text, "rules/risk.yaml"}}, &errors);
  std::vector<std::string> out;
  for (const Diagnostic& d : errors) {
    CHECK(d.path == "rules/risk.yaml");
    out.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message);
  }
  return out;
}

// 1-based line of the first line of `text` that starts with `prefix`.
uint32_t line_of(const std::string& text, const std::string& prefix) {
  uint32_t line = 1;
  for (size_t pos = 0; pos < text.size(); pos = text.find('\n', pos) + 1, ++line) {
    if (text.compare(pos, prefix.size(), prefix) == 0) return line;
    if (text.find('\n', pos) == std::string::npos) break;
  }
  FAIL("no line starts with " << prefix);
  return 0;
}

}  // namespace

TEST_CASE("risk: every example of rules/risk.yaml scores to its level", "[risk]") {
  const RiskRules& r = risk_rules();
  REQUIRE(r.examples().size() >= 6);
  for (const RiskRules::Example& e : r.examples()) {
    std::vector<RiskFact> facts;
    for (const std::string& f : e.facts) facts.push_back(fact(f));
    RiskResult res = r.score(facts, {});
    INFO(e.name << ": score " << res.score);
    CHECK(res.level == e.level);
  }
}

TEST_CASE("risk: default points, levels at the thresholds", "[risk]") {
  struct Row {
    std::vector<std::string> facts;
    double score;
    std::string level;
  };
  std::vector<Row> rows = {
      {{}, 0, "low"},
      {{"customer_facing"}, 25, "medium"},                                 // exactly medium
      {{"customer_facing", "templated_prompt", "hard_coded"}, 35, "medium"},
      {{"customer_facing", "embedding", "hard_coded"}, 50, "high"},        // exactly high
      {{"customer_facing", "embedding"}, 45, "medium"},
      {{"internal", "configurable"}, -15, "low"},
      {{"retired", "unresolved", "streaming"}, 45, "medium"},
      {{"unknown_factor"}, 0, "low"},                                       // not weighed: ignored
  };
  for (const Row& row : rows) {
    std::vector<RiskFact> facts;
    for (const std::string& f : row.facts) facts.push_back(fact(f));
    RiskResult res = risk_rules().score(facts, {});
    INFO(row.facts.size() << " facts, expected " << row.score);
    CHECK(res.score == row.score);
    CHECK(res.level == row.level);
  }
}

TEST_CASE("risk: weights from the config override the defaults", "[risk]") {
  struct Row {
    std::vector<RiskFact> facts;
    std::map<std::string, double> weights;
    double score;
    std::vector<std::string> reasons;  // factors, in order
  };
  std::vector<Row> rows = {
      {{fact("customer_facing")}, {{"customer_facing", 0}}, 0, {}},  // 0 turns it off
      {{fact("customer_facing"), fact("streaming")}, {{"streaming", 40}}, 65, {"streaming", "customer_facing"}},
      {{fact("internal")}, {{"internal", -30}}, -30, {"internal"}},
      {{fact("hard_coded")}, {{"customer_facing", 99}}, 5, {"hard_coded"}},  // a weight of a factor that does not hold
      // Step and value factors: the weight replaces the points of the step or value that holds...
      {{fact("shutdown_soon", 10)}, {{"shutdown_soon", 40}}, 40, {"shutdown_soon"}},
      {{fact("data_sensitivity", 0, "pii")}, {{"data_sensitivity", 35}}, 35, {"data_sensitivity"}},
      // ...and none when no step or value holds.
      {{fact("shutdown_soon", 400)}, {{"shutdown_soon", 40}}, 0, {}},
      {{fact("monthly_calls", 50)}, {{"monthly_calls", 40}}, 0, {}},
      {{fact("data_sensitivity", 0, "public")}, {{"data_sensitivity", 35}}, 0, {}},
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    RiskResult res = risk_rules().score(rows[i].facts, rows[i].weights);
    std::vector<std::string> reasons;
    for (const RiskReason& r : res.reasons) reasons.push_back(r.factor);
    INFO("row " << i);
    CHECK(res.score == rows[i].score);
    CHECK(reasons == rows[i].reasons);
  }
}

TEST_CASE("risk: steps, values and the capped parameter factor", "[risk]") {
  struct Row {
    RiskFact fact;
    double points;
  };
  std::vector<Row> rows = {
      // shutdown_soon: the first step whose within_days holds.
      {fact("shutdown_soon", 0), 25},
      {fact("shutdown_soon", 30), 25},
      {fact("shutdown_soon", 31), 15},
      {fact("shutdown_soon", 90), 15},
      {fact("shutdown_soon", 91), 5},
      {fact("shutdown_soon", 180), 5},
      {fact("shutdown_soon", 181), 0},
      // monthly_calls: the first step whose at_least holds.
      {fact("monthly_calls", 5000000), 15},
      {fact("monthly_calls", 1000000), 15},
      {fact("monthly_calls", 999999), 10},
      {fact("monthly_calls", 100000), 10},
      {fact("monthly_calls", 10000), 5},
      {fact("monthly_calls", 9999), 0},
      // data_sensitivity: the declared value's points; unknown values none.
      {fact("data_sensitivity", 0, "public"), 0},
      {fact("data_sensitivity", 0, "internal"), 0},
      {fact("data_sensitivity", 0, "confidential"), 10},
      {fact("data_sensitivity", 0, "restricted"), 20},
      {fact("data_sensitivity", 0, "pii"), 15},
      {fact("data_sensitivity", 0, "phi"), 20},
      {fact("data_sensitivity", 0, "secret"), 0},
      // parameter_changes: 5 a change, at most 15.
      {fact("parameter_changes", 0), 5},
      {fact("parameter_changes", 1), 5},
      {fact("parameter_changes", 2), 10},
      {fact("parameter_changes", 3), 15},
      {fact("parameter_changes", 7), 15},
  };
  for (const Row& row : rows) {
    RiskResult res = risk_rules().score({row.fact}, {});
    INFO(row.fact.factor << " value " << row.fact.value << " detail " << row.fact.detail);
    CHECK(res.score == row.points);
    CHECK(res.reasons.size() == (row.points == 0 ? 0u : 1u));
  }
}

TEST_CASE("risk: reasons by points, highest first, with their evidence", "[risk]") {
  RiskFact hard = fact("hard_coded", 0, "model written in the call");
  hard.path = "app.py";
  hard.line = 7;
  std::vector<RiskFact> facts = {hard, fact("internal"), fact("customer_facing"), fact("streaming"),
                                 fact("function_calling")};
  RiskResult res = risk_rules().score(facts, {});
  std::vector<std::string> order;
  for (const RiskReason& r : res.reasons) order.push_back(r.factor);
  // Equal points keep the order of the facts (hard_coded before streaming).
  CHECK(order == std::vector<std::string>{"customer_facing", "function_calling", "hard_coded", "streaming", "internal"});
  CHECK(res.score == 40);
  CHECK(res.level == "medium");
  const RiskReason& h = res.reasons[2];
  CHECK(h.points == 5);
  CHECK(h.text == "model hard-coded in source");
  CHECK(h.detail == "model written in the call");
  CHECK(h.path == "app.py");
  CHECK(h.line == 7);
}

TEST_CASE("risk: signal names compare case-insensitively, '_' ignored", "[risk]") {
  struct Row {
    const char* group;
    const char* name;
    bool expected;
  };
  std::vector<Row> rows = {
      {"function_calling", "tools", true},      {"function_calling", "toolChoice", true},
      {"function_calling", "ToolConfig", true}, {"function_calling", "messages", false},
      {"structured_output", "ResponseFormat", true}, {"structured_output", "response_format", true},
      {"streaming", "stream", true},            {"streaming", "streaming", true},
      {"streaming", "streamed", false},
      {"no_such_group", "tools", false},
  };
  for (const Row& r : rows) {
    INFO(r.group << " " << r.name);
    CHECK(risk_rules().signals(r.group, r.name) == r.expected);
  }
}

TEST_CASE("risk: a broken risk.yaml gives located errors", "[risk]") {
  const std::string good = embedded_risk_yaml();
  CHECK(load_errors(good).empty());

  // An unknown factor (a typo) is named with a did-you-mean, and the factor it
  // was meant to be is then missing.
  std::string typo = std::regex_replace(good, std::regex("\n  few_shot:"), "\n  few_shots:");
  REQUIRE(typo != good);
  uint32_t line = line_of(typo, "  few_shots:");
  CHECK(load_errors(typo) ==
        std::vector<std::string>{std::to_string(line) + ":3: unknown risk factor 'few_shots' (did you mean 'few_shot'?)",
                                 std::to_string(line_of(typo, "  customer_facing:")) + ":3: factor 'few_shot' has no weight"});

  // A factor left out.
  std::string missing = std::regex_replace(good, std::regex("\n  sla: [^\n]*"), "");
  REQUIRE(missing != good);
  std::vector<std::string> errors = load_errors(missing);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("factor 'sla' has no weight") != std::string::npos);

  // A step with neither bound, an unknown key, no factors at all, no file.
  std::string bad_step = std::regex_replace(good, std::regex("\\{within_days: 30, points: 25\\}"), "{days: 30, points: 25}");
  REQUIRE(bad_step != good);
  uint32_t step_line = line_of(bad_step, "      - {days: 30");
  CHECK(load_errors(bad_step) ==
        std::vector<std::string>{std::to_string(step_line) + ":10: unknown key 'days'",
                                 std::to_string(step_line) + ":9: a step needs within_days or at_least"});
  CHECK(load_errors("levels: {high: 50, medium: 25}\n") ==
        std::vector<std::string>{"1:1: factors must map each factor id to its points"});
  std::vector<Diagnostic> none;
  RiskRules::load({}, &none);
  REQUIRE(none.size() == 1);
  CHECK(none[0].path == "rules/risk.yaml");
  CHECK(none[0].message.find("missing") != std::string::npos);
}
