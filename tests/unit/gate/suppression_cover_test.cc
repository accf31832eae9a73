// Suppression coverage (src/gate/gate.h): one comment covers every finding
// of a multi-line call from any of its lines or the line above; the comment's
// own text is no finding. Also the gate's verdict helpers (gate_judge.h,
// gate_targets.h): what the settings file is judged on, the fix a block
// suggests, and the pre-commit ref variables.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "../test_engine.h"
#include "gate/gate.h"
#include "gate/gate_judge.h"
#include "gate/gate_targets.h"
#include "judge/policy.h"

using namespace modelshift;

namespace {

Finding at(const std::string& kind, uint32_t line, uint32_t col, uint32_t end_line, uint32_t end_col) {
  Finding f;
  f.kind = kind;
  f.model = f.written = f.canonical = "gpt-5.2";
  f.status = "deprecated";
  f.replacement = "gpt-5.5";
  f.loc = {line, col, end_line, end_col};
  apply_policy(PolicyConfig{}, &f);
  return f;
}

const SuppressionSyntax& syntax() {
  static SuppressionSyntax s = [] {
    std::vector<Diagnostic> errors;
    SuppressionSyntax loaded = SuppressionSyntax::load(test_engine().rule_files, &errors);
    REQUIRE(errors.empty());
    return loaded;
  }();
  return s;
}

}  // namespace

TEST_CASE("suppressions: a call is covered from any of its lines or the line above", "[gate][suppress]") {
  // Lines 3-6 hold a call; its model id sits on line 5.
  //   1 from openai import OpenAI
  //   2 c = OpenAI()
  //   3 r = c.chat.completions.create(
  //   4     messages=[],
  //   5     model="gpt-5.2",
  //   6 )
  //   7 after = 1
  struct Row {
    const char* where;
    uint32_t line;
    bool trailing;
    bool covered;
  };
  const Row rows[] = {
      {"own line above the call", 2, false, true},
      {"after code above the call", 2, true, false},
      {"after the call's first line", 3, true, true},
      {"own line inside the call", 4, false, true},
      {"after the model line", 5, true, true},
      {"after the closing line", 6, true, true},
      {"after the call", 7, true, false},
      {"own line two above", 1, false, false},
  };
  for (const Row& row : rows) {
    SECTION(row.where) {
      std::vector<Finding> f = {at("call_site", 3, 5, 6, 2), at("model_reference", 5, 12, 5, 19)};
      Suppression s;
      s.line = row.line;
      s.trailing = row.trailing;
      s.targets = {"gpt-5.2"};
      std::vector<Suppression> sups = {s};
      apply_suppressions(&sups, &f);
      CHECK(f[0].suppressed.empty() == !row.covered);
      CHECK(f[1].suppressed.empty() == !row.covered);
      CHECK(sups[0].used == row.covered);
    }
  }
}

TEST_CASE("suppressions: spans widen to the enclosing call only", "[gate][suppress]") {
  std::vector<Finding> calls = {at("call_site", 3, 5, 6, 2)};
  std::vector<Finding> f = {at("model_reference", 5, 12, 5, 19), at("model_reference", 8, 1, 8, 8),
                            at("model_reference", 6, 2, 6, 9)};  // on the closing line, after the `)`
  auto spans = suppression_spans(f, calls);
  REQUIRE(spans.size() == 3);
  CHECK(spans[0] == std::make_pair(3u, 6u));
  CHECK(spans[1] == std::make_pair(8u, 8u));
  CHECK(spans[2] == std::make_pair(6u, 6u));
}

TEST_CASE("suppressions: targets still have to match inside a call", "[gate][suppress]") {
  std::vector<Finding> f = {at("call_site", 3, 5, 6, 2), at("model_reference", 5, 12, 5, 19)};
  Suppression s;
  s.line = 3;
  s.trailing = true;
  s.targets = {"claude-*"};
  std::vector<Suppression> sups = {s};
  apply_suppressions(&sups, &f);
  CHECK(f[0].suppressed.empty());
  CHECK(f[1].suppressed.empty());
  CHECK_FALSE(sups[0].used);
}

TEST_CASE("suppressions: the comment's own text is no finding", "[gate][suppress]") {
  const std::string text =
      "# modelshift: ignore[gpt-5.2] replays gpt-5.2 evals\n"  // 1: own line
      "M = \"gpt-5.2\"  # modelshift: ignore[gpt-5.2]\n";      // 2: after code
  std::vector<Suppression> sups = find_suppressions(syntax(), text);
  REQUIRE(sups.size() == 2);
  CHECK(sups[0].comment_column == 1);
  CHECK(sups[1].comment_column == 16);
  std::vector<Finding> f = {at("model_reference", 1, 22, 1, 29), at("model_reference", 1, 39, 1, 46),
                            at("model_reference", 2, 6, 2, 13), at("model_reference", 2, 38, 2, 45)};
  drop_suppression_text(sups, &f);
  REQUIRE(f.size() == 1);
  CHECK(f[0].loc.line == 2);
  CHECK(f[0].loc.column == 6);
  // With its own text gone, the comment on line 1 covers nothing but line 2.
  apply_suppressions(&sups, &f);
  CHECK(sups[0].used);  // line 2 is the line below it
}

TEST_CASE("suppressions: scanned for real, one comment covers a multi-line call", "[gate][suppress]") {
  const std::string text =
      "from openai import OpenAI\n"
      "c = OpenAI()\n"
      "# modelshift: ignore[gpt-5.2] replays old evals\n"
      "r = c.chat.completions.create(\n"
      "    messages=[],\n"
      "    model=\"gpt-5.2\",\n"
      ")\n";
  CodeParser parser;
  FileResult r = scan_bytes(test_engine(), "app.py", text, parser);
  mark_suppressed(test_engine(), text, &r.findings);
  bool call = false;
  for (const Finding& f : r.findings) {
    CHECK(f.loc.line != 3);  // the comment's own gpt-5.2
    if (f.canonical == "gpt-5.2") CHECK(f.suppressed == "replays old evals");
    call = call || f.kind == "call_site";
  }
  CHECK(call);
}

TEST_CASE("settings file: only a migration's target is judged", "[gate]") {
  struct Row {
    const char* key_path;
    bool judged;
  };
  const Row rows[] = {{"migrations[0].to", true},        {"migrations[3].from", false},
                      {"policies.deny[0].model", false}, {"prices[1].model", false},
                      {"policies.deny[0].to", false},    {"", false}};
  for (const Row& row : rows) {
    Finding f;
    f.key_path = row.key_path;
    CHECK(judged_in_settings_file(f) == row.judged);
  }
}

TEST_CASE("blocks suggest the fix, never the baseline", "[gate]") {
  PolicyConfig cfg;
  cfg.deny.push_back({"o1-*", "", "ask the platform team"});
  cfg.deny.push_back({"gpt-4o*", "", ""});
  Finding replaced = at("model_reference", 1, 1, 1, 8);
  Finding again = at("call_site", 9, 1, 9, 8);  // the same fix once
  Finding messaged;
  messaged.model = "o1-preview";
  messaged.replacement = "o3";
  REQUIRE(apply_policy(cfg, &messaged));
  Finding bare;
  bare.model = "gpt-4o";
  REQUIRE(apply_policy(cfg, &bare));
  Finding warning = at("model_reference", 2, 1, 2, 8);
  warning.severity = "warning";
  std::vector<std::string> hints = fix_hints({replaced, again, messaged, bare, warning}, cfg);
  CHECK(hints == std::vector<std::string>{"o1-preview: ask the platform team (policy 'o1-*')",
                                          "replace gpt-4o with a model the policies allow (no replacement is known)",
                                          "replace gpt-5.2 with gpt-5.5"});
  for (const std::string& h : hints) CHECK(h.find("baseline") == std::string::npos);
}

TEST_CASE("pre-commit refs: new names first, then the legacy pair, both or none", "[gate]") {
  struct Row {
    const char *from, *to, *origin, *source;
    const char *want_from, *want_to;
  };
  const Row rows[] = {
      {"a", "b", "c", "d", "a", "b"},
      {nullptr, nullptr, "c", "d", "c", "d"},
      {"a", nullptr, "c", "d", "c", "d"},
      {"a", nullptr, nullptr, nullptr, "", ""},
      {nullptr, nullptr, nullptr, nullptr, "", ""},
  };
  auto put = [](const char* name, const char* v) { v ? ::setenv(name, v, 1) : ::unsetenv(name); };
  for (const Row& row : rows) {
    put("PRE_COMMIT_FROM_REF", row.from);
    put("PRE_COMMIT_TO_REF", row.to);
    put("PRE_COMMIT_ORIGIN", row.origin);
    put("PRE_COMMIT_SOURCE", row.source);
    RefRange r = precommit_range();
    CHECK(r.from == row.want_from);
    CHECK(r.to == row.want_to);
  }
  for (const char* n : {"PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF", "PRE_COMMIT_ORIGIN", "PRE_COMMIT_SOURCE"})
    ::unsetenv(n);
}
