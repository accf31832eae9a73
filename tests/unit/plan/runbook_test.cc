// The runbook skeleton and its helpers: CSV fields (RFC 4180, formula
// guard), date arithmetic, phase dates, warnings and owner counts.
#include "plan/runbook.h"
#include "plan_fixture.h"

using namespace modelshift;
using ojson = nlohmann::ordered_json;

TEST_CASE("runbook: csv_field quotes as RFC 4180 asks and guards formulas", "[runbook]") {
  struct Row {
    std::string in, out;
  };
  std::vector<Row> rows = {
      {"", ""},
      {"plain text", "plain text"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"\"", "\"\"\"\""},
      {"line\nbreak", "\"line\nbreak\""},
      {"carriage\rreturn", "\"carriage\rreturn\""},
      {"crlf\r\n", "\"crlf\r\n\""},
      {"=SUM(A1:A9)", "'=SUM(A1:A9)"},
      {"+1", "'+1"},
      {"-1", "'-1"},
      {"@cmd", "'@cmd"},
      {"=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""},  // guarded, then quoted
      {"a=b", "a=b"},                                                        // only a leading sign is a formula
      {"héllo, wörld", "\"héllo, wörld\""},
  };
  for (const Row& r : rows) {
    INFO(r.in);
    CHECK(csv_field(r.in) == r.out);
  }
}

TEST_CASE("runbook: add_days across months, years and leap days", "[runbook]") {
  struct Row {
    const char* date;
    int days;
    const char* out;
  };
  std::vector<Row> rows = {
      {"2026-12-14", 0, "2026-12-14"},  {"2026-01-31", 1, "2026-02-01"},  {"2026-02-28", 1, "2026-03-01"},
      {"2028-02-28", 1, "2028-02-29"},  {"2028-02-29", 1, "2028-03-01"},  {"2100-02-28", 1, "2100-03-01"},
      {"2000-02-28", 1, "2000-02-29"},  {"2026-12-31", 1, "2027-01-01"},  {"2027-01-01", -1, "2026-12-31"},
      {"2024-03-01", -1, "2024-02-29"}, {"2026-03-01", -1, "2026-02-28"}, {"2026-12-14", 36, "2027-01-19"},
      {"2026-01-01", 365, "2027-01-01"}, {"2028-01-01", 366, "2029-01-01"}, {"2026-03-29", 1, "2026-03-30"},
  };
  for (const Row& r : rows) {
    INFO(r.date << " + " << r.days);
    CHECK(add_days(r.date, r.days) == r.out);
  }
}

namespace {

ojson usage(const std::string& id, const std::string& phase, std::vector<std::string> owners, const std::string& level,
            const std::string& model, const std::string& shutdown, const std::string& target) {
  ojson u;
  u["id"] = id;
  u["phase"] = phase;
  u["owners"] = owners;
  std::string owner;
  for (const std::string& o : owners) owner += (owner.empty() ? "" : " ") + o;
  u["owner"] = owner.empty() ? "unowned" : owner;
  u["risk"] = {{"level", level}};
  u["current"] = {{"model", model}};
  if (!shutdown.empty()) u["current"]["shutdown_on"] = shutdown;
  u["target"] = {{"model", target}};
  if (target == "unknown") u["target"]["reason"] = "no replacement";
  u["required_changes"] = ojson::array();
  return u;
}

ojson sample_plan() {
  ojson plan;
  plan["migrations"] = ojson::array({{{"from", "gpt-5.2"}, {"to", "gpt-5.5"}, {"usages", 3}},
                                     {{"from", "gemini-1.5-pro"}, {"to", "unknown"}, {"usages", 1}}});
  plan["usages"] = ojson::array({
      usage("u-a", "early", {}, "low", "gpt-5.2", "2027-01-10", "gpt-5.5"),
      usage("u-b", "canary", {"@acme/chat"}, "medium", "gpt-5.2", "2027-01-10", "gpt-5.5"),
      usage("u-c", "shadow-canary", {"@acme/chat", "@ann"}, "high", "gpt-5.2", "2027-01-10", "gpt-5.5"),
      usage("u-d", "early", {"@ann"}, "low", "gemini-1.5-pro", "2027-06-01", "unknown"),
  });
  plan["usages"][2]["required_changes"] = ojson::array(
      {{{"action", "re_index"}, {"at", "rag.py:5:9"}}, {{"action", "rename_parameter"}, {"at", "rag.py:4:8"}}});
  return plan;
}

}  // namespace

TEST_CASE("runbook: phase dates from the start day, canary steps, triggers", "[runbook]") {
  RunbookSettings settings;
  ojson rb = build_runbook(sample_plan(), plan_rules(), settings, "2026-12-14");
  INFO(rb.dump(2));
  // rules/plan.yaml: audit 5, testing 10, canary 14, full_rollout 7 days.
  std::vector<std::string> got;
  for (const ojson& p : rb["phases"])
    got.push_back(p["id"].get<std::string>() + " " + p["start"].get<std::string>() + ".." + p["end"].get<std::string>());
  CHECK(got == std::vector<std::string>{"audit 2026-12-14..2026-12-19", "testing 2026-12-19..2026-12-29",
                                        "canary 2026-12-29..2027-01-12", "full_rollout 2027-01-12..2027-01-19"});
  CHECK(rb["phases"][1]["usages"] == ojson::array({"u-a", "u-d"}));
  CHECK(rb["phases"][2]["usages"] == ojson::array({"u-b", "u-c"}));
  CHECK(rb["phases"][2]["traffic_steps_pct"] == ojson::array({5, 25, 50, 100}));
  CHECK(rb["rollback_triggers"] ==
        ojson({{"error_rate_increase_pct", 2}, {"p99_latency_increase_ms", 500}, {"quality_score_drop_pct", 5}}));
  CHECK(rb["migration"]["name"] == "migrate gemini-1.5-pro -> unknown, gpt-5.2 -> gpt-5.5");

  // The config's runbook section overrides name, steps and single triggers.
  settings.name = "GPT-5.2 to GPT-5.5";
  settings.canary_steps = {10, 50, 100};
  settings.rollback_triggers = {{"error_rate_increase_pct", 0.5}};
  ojson custom = build_runbook(sample_plan(), plan_rules(), settings, "2026-12-14");
  CHECK(custom["migration"]["name"] == "GPT-5.2 to GPT-5.5");
  CHECK(custom["phases"][2]["traffic_steps_pct"] == ojson::array({10, 50, 100}));
  CHECK(custom["rollback_triggers"]["error_rate_increase_pct"] == 0.5);
  CHECK(custom["rollback_triggers"]["p99_latency_increase_ms"] == 500);
}

TEST_CASE("runbook: warnings for a shutdown before the rollout ends and unknown targets", "[runbook]") {
  struct Row {
    const char* start;
    std::vector<std::string> warnings;
  };
  std::vector<Row> rows = {
      // Rollout ends 2027-01-19, after gpt-5.2's shutdown (2027-01-10): one warning per model.
      {"2026-12-14",
       {"gpt-5.2 shuts down on 2027-01-10, before full rollout ends on 2027-01-19: start earlier or shorten the phases",
        "u-d has no target model: no replacement"}},
      // Rollout ends 2027-01-10, the shutdown day itself: no warning.
      {"2026-12-05", {"u-d has no target model: no replacement"}},
      {"2026-12-06",
       {"gpt-5.2 shuts down on 2027-01-10, before full rollout ends on 2027-01-11: start earlier or shorten the phases",
        "u-d has no target model: no replacement"}},
      {"2027-05-01",
       {"gpt-5.2 shuts down on 2027-01-10, before full rollout ends on 2027-06-06: start earlier or shorten the phases",
        "gemini-1.5-pro shuts down on 2027-06-01, before full rollout ends on 2027-06-06: start earlier or shorten the phases",
        "u-d has no target model: no replacement"}},
  };
  for (const Row& r : rows) {
    INFO(r.start);
    ojson rb = build_runbook(sample_plan(), plan_rules(), {}, r.start);
    CHECK(rb["warnings"].get<std::vector<std::string>>() == r.warnings);
  }
}

TEST_CASE("runbook: owners counted per owner, sign-offs and checklist items", "[runbook]") {
  ojson rb = build_runbook(sample_plan(), plan_rules(), {}, "2026-12-14");
  INFO(rb.dump(2));
  CHECK(rb["owners"] == ojson::array({{{"owner", "@acme/chat"}, {"usages", 2}, {"high_risk", 1}},
                                      {{"owner", "@ann"}, {"usages", 2}, {"high_risk", 1}},
                                      {{"owner", "unowned"}, {"usages", 1}, {"high_risk", 0}}}));
  std::vector<std::string> items;
  for (const ojson& i : rb["checklist"]) items.push_back(i["item"].get<std::string>() + " / " + i["owner"].get<std::string>());
  // One sign-off per owner set: any one owner of a shared CODEOWNERS line may approve.
  CHECK(items == std::vector<std::string>{
                     "sign-off / @acme/chat",
                     "sign-off (any one of the owners) / @acme/chat @ann",
                     "sign-off / @ann",
                     "find an owner and get sign-off / unowned",
                     "re-index vector store / @acme/chat @ann",
                     "parameter changes merged (1) / @acme/chat @ann",
                     "shadow traffic compared before canary / @acme/chat @ann",
                 });
  CHECK(rb["checklist"][0]["usages"] == ojson::array({"u-b"}));
  CHECK(rb["checklist"][1]["usages"] == ojson::array({"u-c"}));
  CHECK(rb["checklist"][2]["usages"] == ojson::array({"u-d"}));
  CHECK(rb["checklist"][3]["usages"] == ojson::array({"u-a"}));
  CHECK(rb["checklist"][4]["at"] == "rag.py:5:9");
}

namespace modelshift {

TEST_CASE("plan rules: comparison examples of rules/plan.yaml", "[plan]") {
  const PlanRules& rules = plan_rules();
  REQUIRE(!rules.comparison_match.empty());
  REQUIRE(!rules.comparison_no_match.empty());
  for (const std::string& line : rules.comparison_match) {
    INFO(line);
    CHECK(rules.compared(line, "gpt-4"));
  }
  for (const std::string& line : rules.comparison_no_match) {
    INFO(line);
    CHECK_FALSE(rules.compared(line, "gpt-4"));
  }
}

}  // namespace modelshift
