// Tests for the gate's pieces (src/gate/gate.h, src/judge/policy.h): diff hunks,
// policies, inline suppressions and the baseline file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "../test_engine.h"
#include "judge/lifecycle.h"
#include "detect/code_context.h"
#include "gate/gate.h"
#include "judge/policy.h"

using namespace modelshift;

TEST_CASE("hunks: only the new side's added lines count", "[gate]") {
  const std::string diff =
      "diff --git a/src/app.py b/src/app.py\n"
      "index 1111111..2222222 100644\n"
      "--- a/src/app.py\n"
      "+++ b/src/app.py\n"
      "@@ -3 +3 @@ import os\n"
      "-MODEL = 'gpt-4'\n"
      "+MODEL = 'gpt-5.2'\n"
      "@@ -10,0 +11,3 @@ def f():\n"
      "+a\n+b\n+c\n"
      "@@ -20,2 +23,0 @@\n"
      "-gone\n-gone\n"
      "diff --git a/old.py b/old.py\n"
      "deleted file mode 100644\n"
      "--- a/old.py\n"
      "+++ /dev/null\n"
      "@@ -1 +0,0 @@\n"
      "-x\n"
      "diff --git a/\"sp ace\\tx.py\" b/\"sp ace\\tx.py\"\n"
      "--- /dev/null\n"
      "+++ \"b/sp ace\\tx.py\"\n"
      "@@ -0,0 +1 @@\n"
      "+y\n";
  ChangedLines c = parse_unified_diff(diff);
  REQUIRE(c.size() == 2);
  const auto& app = c.at("src/app.py");
  REQUIRE(app == std::vector<std::pair<uint32_t, uint32_t>>{{3, 3}, {11, 13}});
  CHECK(line_changed(app, 3));
  CHECK(line_changed(app, 11));
  CHECK(line_changed(app, 13));
  CHECK_FALSE(line_changed(app, 4));
  CHECK_FALSE(line_changed(app, 14));
  CHECK_FALSE(line_changed(app, 23));  // the deletion adds nothing
  CHECK(c.count("sp ace\tx.py"));
  CHECK_FALSE(c.count("old.py"));
}

TEST_CASE("hunks: lines that look like headers inside a hunk are content", "[gate]") {
  using Ranges = std::vector<std::pair<uint32_t, uint32_t>>;
  struct Case {
    const char* line;  // an added (+) or removed (-) line, as the diff shows it
    Ranges app;        // app.py's ranges: the hunk after it must still count
  } cases[] = {
      {"+++ x", {{3, 3}, {8, 8}}},              // an added line `++ x`
      {"+++ b/other.py", {{3, 3}, {8, 8}}},     // `++ b/other.py`
      {"+++ /dev/null", {{3, 3}, {8, 8}}},      // `++ /dev/null`
      {"--- a/app.py", {{8, 8}}},               // a removed line `-- a/app.py`
      {"+@@ -1 +1 @@", {{3, 3}, {8, 8}}},       // an added line `@@ -1 +1 @@`
      {"+diff --git a/q b/q", {{3, 3}, {8, 8}}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.line);
    bool added = c.line[0] == '+';
    std::string diff = std::string("diff --git a/app.py b/app.py\n--- a/app.py\n+++ b/app.py\n") +
                       (added ? "@@ -2,0 +3 @@\n" : "@@ -3 +2,0 @@\n") + c.line + "\n" +
                       "\\ No newline at end of file\n"
                       "@@ -7 +8 @@ def f():\n-M = 1\n+M = 'gpt-5.2'\n";
    ChangedLines got = parse_unified_diff(diff);
    CHECK(got.size() == 1);
    CHECK(got["app.py"] == c.app);
  }
}

TEST_CASE("hunks: context lines are not new (GIT_DIFF_OPTS=--unified=N overrides -U0)", "[gate]") {
  const std::string diff =
      "--- a/app.py\n+++ b/app.py\n"
      "@@ -1,4 +1,6 @@\n OLD = 'gpt-5.2'\n+a\n+b\n x\n-y\n+z\n w\n"
      "@@ -9,2 +11,2 @@\n p\n\n";  // an empty context line (diff.suppressBlankEmpty)
  ChangedLines c = parse_unified_diff(diff);
  CHECK(c["app.py"] == std::vector<std::pair<uint32_t, uint32_t>>{{2, 3}, {5, 5}});
}

TEST_CASE("git diff: the -z raw listing names files and blobs, the patch their lines", "[gate]") {
  const std::string z40(40, '0'), a(40, 'a'), b(40, 'b'), c(40, 'c');
  auto rec = [](const std::string& meta, const std::string& path) { return ":" + meta + std::string(1, '\0') + path + '\0'; };
  std::string out =
      rec("100644 100644 " + a + " " + b + " M", "new\nline.py") +        // a newline in the name
      rec("000000 100644 " + z40 + " " + c + " A", "bin.py") +            // no patch: binary to git
      rec("100644 100644 " + a + " " + c + " M", "conv.py") +             // no patch, content changed
      rec("100644 100644 " + b + " " + b + " R100", "old.py") + "moved.py" + '\0' +  // a pure rename
      rec("100644 100755 " + a + " " + a + " M", "mode.sh") +             // a mode change
      rec("160000 160000 " + a + " " + b + " M", "sub") +                 // a submodule
      rec("000000 100644 " + z40 + " " + a + " A", "empty.py") +          // an empty new file
      std::string(1, '\0') +
      "diff --git \"a/new\\nline.py\" \"b/new\\nline.py\"\n"
      "--- \"a/new\\nline.py\"\n"
      "+++ \"b/new\\nline.py\"\n"
      "@@ -1 +1,2 @@\n-x\n++++ y\n+M = 'gpt-5.2'\n";
  std::vector<DiffFile> files = parse_git_diff(out);
  REQUIRE(files.size() == 7);
  struct Want {
    const char* path;
    std::string blob;
    bool whole, gitlink;
    std::vector<std::pair<uint32_t, uint32_t>> ranges;
  } want[] = {
      {"bin.py", c, true, false, {}},    {"conv.py", c, true, false, {}},    {"empty.py", a, true, false, {}},
      {"mode.sh", a, false, false, {}},  {"moved.py", b, false, false, {}},  {"new\nline.py", b, false, false, {{1, 2}}},
      {"sub", b, false, true, {}},
  };
  for (size_t k = 0; k < files.size(); ++k) {
    CAPTURE(want[k].path);
    CHECK(files[k].path == want[k].path);
    CHECK(files[k].blob == want[k].blob);
    CHECK(files[k].whole == want[k].whole);
    CHECK(files[k].gitlink == want[k].gitlink);
    CHECK(files[k].ranges == want[k].ranges);
  }
  // Nothing changed: no output at all.
  CHECK(parse_git_diff("").empty());
  // The options that keep the patch plain whatever attributes and config say.
  std::vector<std::string> args = git_diff_args();
  for (const char* must : {"--text", "--no-textconv", "--no-ext-diff", "--no-color", "--no-relative",
                           "--src-prefix=a/", "--dst-prefix=b/", "-U0", "--raw", "-z"})
    CHECK(std::find(args.begin(), args.end(), must) != args.end());
}

namespace {

Finding ref(const std::string& model, const std::string& status) {
  Finding f;
  f.model = f.written = f.canonical = model;
  f.status = status;
  f.deprecated_on = status == "active" ? "" : "2026-06-12";
  f.shutdown_on = status == "retired" ? "2026-10-23" : "";
  f.replacement = status == "active" ? "" : "gpt-5.5";
  return f;
}

}  // namespace

TEST_CASE("policies: deny, warn, then the catalog status", "[gate]") {
  PolicyConfig cfg;
  Finding dep = ref("gpt-5.2", "deprecated");
  REQUIRE(apply_policy(cfg, &dep));
  CHECK(dep.policy == "deprecated-model");
  CHECK(dep.severity == "error");
  CHECK(dep.message == "gpt-5.2 is deprecated since 2026-06-12; use gpt-5.5");
  CHECK(blocking(dep));

  Finding ret = ref("gpt-4-0613", "retired");
  REQUIRE(apply_policy(cfg, &ret));
  CHECK(ret.policy == "retired-model");
  CHECK(ret.message == "gpt-4-0613 is retired since 2026-06-12 (shut down 2026-10-23); use gpt-5.5");

  Finding active = ref("gpt-5.5", "active");
  CHECK_FALSE(apply_policy(cfg, &active));
  CHECK(active.severity.empty());

  cfg.deprecated = "off";
  Finding dep2 = ref("gpt-5.2", "deprecated");
  CHECK_FALSE(apply_policy(cfg, &dep2));

  cfg.deny.push_back({"GPT-5.5*", "", "ask the platform team"});
  cfg.warn.push_back({"gpt-5*", "", ""});
  Finding denied = ref("gpt-5.5-mini", "active");
  REQUIRE(apply_policy(cfg, &denied));
  CHECK(denied.policy == "denied-model");
  CHECK(denied.severity == "error");
  CHECK(denied.message == "gpt-5.5-mini is denied by policy 'GPT-5.5*': ask the platform team");
  Finding warned = ref("gpt-5-nano", "active");
  REQUIRE(apply_policy(cfg, &warned));
  CHECK(warned.policy == "warned-model");
  CHECK(warned.severity == "warning");
  CHECK_FALSE(blocking(warned));

  Finding other;  // a prompt or other kind: no model verdict
  other.kind = "prompt";
  CHECK_FALSE(apply_policy(cfg, &other));
}

TEST_CASE("suppressions: in comments of every syntax, targets and reasons", "[gate]") {
  std::vector<Diagnostic> errors;
  SuppressionSyntax syntax = SuppressionSyntax::load(test_engine().rule_files, &errors);
  REQUIRE(errors.empty());
  const std::string text =
      "a = 'gpt-4'  # modelshift: ignore[gpt-4, deprecated-model] kept for replay\n"  // 1
      "// modelshift: ignore\n"                                                        // 2
      "b = 'gpt-4'\n"                                                                  // 3
      "s = \"modelshift: ignore\"\n"                                                   // 4: a string, not a comment
      "<!-- modelshift: ignore[o1-*] legacy docs -->\n"                                // 5
      "-- modelshift: ignore\n"                                                        // 6
      "/* modelshift: ignore[retired-model] */\n";                                     // 7
  std::vector<Suppression> s = find_suppressions(syntax, text);
  REQUIRE(s.size() == 5);
  CHECK(s[0].line == 1);
  CHECK(s[0].column == 16);
  CHECK(s[0].targets == std::vector<std::string>{"gpt-4", "deprecated-model"});
  CHECK(s[0].reason == "kept for replay");
  CHECK(s[0].trailing);
  CHECK_FALSE(s[1].trailing);
  CHECK(s[1].line == 2);
  CHECK(s[1].targets.empty());
  CHECK(s[2].line == 5);
  CHECK(s[2].reason == "legacy docs");
  CHECK(s[3].line == 6);
  CHECK(s[4].line == 7);
  CHECK(s[4].reason.empty());

  std::vector<Finding> f(4);
  f[0] = ref("gpt-4", "deprecated");
  f[0].loc.line = 1;
  f[1] = ref("gpt-4", "deprecated");
  f[1].loc.line = 3;  // covered by the line above (2)
  f[2] = ref("gpt-4", "deprecated");
  f[2].loc.line = 4;  // line 4's directive is in a string: not covered
  f[3] = ref("o1-preview", "retired");
  f[3].loc.line = 6;  // line 5 targets o1-* (and line 6 any)
  PolicyConfig cfg;
  for (Finding& x : f) apply_policy(cfg, &x);
  apply_suppressions(&s, &f);
  CHECK(f[0].suppressed == "kept for replay");
  CHECK(f[1].suppressed == "suppressed");
  CHECK(f[2].suppressed.empty());
  CHECK(f[3].suppressed == "legacy docs");
  CHECK(s[0].used);
  CHECK(s[1].used);
  CHECK(s[2].used);
  CHECK_FALSE(s[4].used);  // nothing on lines 7-8
}

TEST_CASE("suppressions: one after code covers its own line only", "[gate]") {
  std::vector<Diagnostic> errors;
  SuppressionSyntax syntax = SuppressionSyntax::load(test_engine().rule_files, &errors);
  std::vector<Suppression> s = find_suppressions(syntax, "A=gpt-4 # modelshift: ignore\nB=gpt-4\n");
  REQUIRE(s.size() == 1);
  std::vector<Finding> f = {ref("gpt-4", "deprecated"), ref("gpt-4", "deprecated")};
  f[0].loc.line = 1;
  f[1].loc.line = 2;
  apply_suppressions(&s, &f);
  CHECK(f[0].suppressed == "suppressed");
  CHECK(f[1].suppressed.empty());
}

TEST_CASE("suppressions: a target that does not match leaves the finding", "[gate]") {
  std::vector<Diagnostic> errors;
  SuppressionSyntax syntax = SuppressionSyntax::load(test_engine().rule_files, &errors);
  std::vector<Suppression> s = find_suppressions(syntax, "x: gpt-4  # modelshift: ignore[claude-*]\n");
  REQUIRE(s.size() == 1);
  std::vector<Finding> f = {ref("gpt-4", "deprecated")};
  f[0].loc.line = 1;
  apply_suppressions(&s, &f);
  CHECK(f[0].suppressed.empty());
  CHECK_FALSE(s[0].used);
}

TEST_CASE("baseline: sorted, stable, round-trips, survives moved lines", "[gate]") {
  CodeParser parser;
  const Engine& e = test_engine();
  auto findings_of = [&](const std::string& path, const std::string& text) {
    FileResult r = scan_bytes(e, path, text, parser);
    judge_lifecycle("2026-12-01", &r.findings);
    std::sort(r.findings.begin(), r.findings.end(),
              [](const Finding& a, const Finding& b) { return a.loc.line < b.loc.line; });
    assign_fingerprints(&r.findings);
    return r.findings;
  };
  std::vector<Finding> before = findings_of("b.py", "import openai\nM = 'gpt-5.2'\nN = 'gpt-4-0613'\n");
  std::vector<Finding> other = findings_of("a.py", "M = 'gpt-5.2'\n");
  REQUIRE(before.size() == 2);
  std::vector<Finding> all = before;
  all.insert(all.end(), other.begin(), other.end());
  std::string text = write_baseline(all);
  std::vector<Finding> reversed(all.rbegin(), all.rend());
  CHECK(write_baseline(reversed) == text);  // order of findings does not matter
  CHECK(text.find("2026") == std::string::npos);  // no dates or timestamps (the as-of day is 2026-12-01)
  std::vector<BaselineEntry> entries = read_baseline(text);
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].path == "a.py");  // sorted by path
  CHECK(entries[1].path == "b.py");
  CHECK(entries[0].what == "gpt-5.2");

  // Lines moved and other lines edited: the same fingerprints.
  std::vector<Finding> after =
      findings_of("b.py", "# header\nimport openai\n\nx = 1\nN = 'gpt-4-0613'\nM = 'gpt-5.2'\n");
  REQUIRE(after.size() == 2);
  std::vector<Diagnostic> warnings, errors;
  std::string path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/modelshift-gate-test.baseline";
  {
    FILE* f = std::fopen(path.c_str(), "w");
    REQUIRE(f);
    std::fputs(write_baseline(before).c_str(), f);
    std::fclose(f);
  }
  after.push_back(findings_of("c.py", "M = 'gpt-5.2'\n")[0]);
  REQUIRE(filter_by_baseline(path, &after, &warnings, &errors));
  REQUIRE(after.size() == 1);  // only the new file's finding is left
  CHECK(after[0].path == "c.py");
  CHECK(warnings.empty());
  // A changed line is a new finding; its old entry is stale.
  std::vector<Finding> edited = findings_of("b.py", "import openai\nM = 'gpt-5.2'  # now\nN = 'gpt-4-0613'\n");
  REQUIRE(filter_by_baseline(path, &edited, &warnings, &errors));
  CHECK(edited.size() == 1);
  CHECK(warnings.size() == 1);
  std::remove(path.c_str());
}
