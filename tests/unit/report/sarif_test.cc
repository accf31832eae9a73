// The CI formats: rule metadata (rules/report/sarif_rules.yaml) covers every
// finding kind and policy, levels and messages per finding, UTF-16 regions,
// stable fingerprints, escaping of hostile paths in SARIF URIs and GitHub
// workflow commands. Schema and multitool validation: tests/e2e/sarif.sh.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "../test_engine.h"
#include "judge/lifecycle.h"
#include "detect/code_context.h"
#include "report/report.h"
#include "report/sarif.h"

using namespace modelshift;
using ojson = nlohmann::ordered_json;

namespace {

const SarifRules& rules() {
  static const SarifRules r = [] {
    std::vector<Diagnostic> errors;
    SarifRules loaded = SarifRules::load(test_engine().rule_files, &errors);
    for (const Diagnostic& d : errors) UNSCOPED_INFO(d.path << ":" << d.line << ":" << d.column << ": " << d.message);
    REQUIRE(errors.empty());
    return loaded;
  }();
  return r;
}

// Loads a sarif_rules.yaml given as text; returns the error messages.
std::vector<std::string> load_errors(const std::string& yaml) {
  std::vector<RuleFile> files = {{"report/sarif_rules.yaml", yaml, "test.yaml"}};
  std::vector<Diagnostic> errors;
  SarifRules::load(files, &errors);
  std::vector<std::string> out;
  for (const Diagnostic& d : errors) out.push_back(d.message);
  return out;
}

Finding reference(const std::string& model, const std::string& status) {
  Finding f;
  f.path = "src/app.py";
  f.loc = {3, 5, 3, 5 + static_cast<uint32_t>(model.size())};
  f.model = f.written = f.canonical = model;
  f.provider = "openai";
  f.status = status;
  f.fingerprint = "0123456789abcdef";
  return f;
}

// Every finding kind the inventory schema allows.
std::set<std::string> schema_kinds() {
  std::ifstream in(std::string(MODELSHIFT_SOURCE_DIR) + "/docs/schema/inventory.schema.json");
  REQUIRE(in);
  ojson schema = ojson::parse(in);
  std::set<std::string> kinds;
  for (const auto& [name, def] : schema["$defs"].items()) {
    if (!def.contains("properties") || !def["properties"].contains("kind")) continue;
    const ojson& k = def["properties"]["kind"];
    if (k.contains("const")) kinds.insert(k["const"].get<std::string>());
    if (k.contains("enum"))
      for (const ojson& v : k["enum"]) kinds.insert(v.get<std::string>());
  }
  return kinds;
}

std::map<std::string, std::string> memory_files;
std::optional<std::string> read_memory(const std::string& path) {
  auto it = memory_files.find(path);
  if (it == memory_files.end()) return std::nullopt;
  return it->second;
}

ojson sarif_of(const Inventory& inv, SourceReader reader = read_memory) {
  SarifOptions o;
  o.read_source = std::move(reader);
  std::ostringstream out;
  write_sarif(out, inv, *test_engine().catalog, rules(), o);
  return ojson::parse(out.str());
}

}  // namespace

TEST_CASE("sarif rules: the built-in file loads and covers every kind and policy", "[sarif]") {
  const SarifRules& r = rules();
  CHECK(r.tool_name == "modelshift");
  CHECK(r.max_results > 0);
  std::set<std::string> kinds = schema_kinds();
  REQUIRE(kinds.count("model_reference"));
  REQUIRE(kinds.count("call_site"));
  for (const std::string& kind : kinds) {
    for (const char* status : {"active", "deprecated", "retired", "unknown", ""}) {
      Finding f = reference("gpt-4o", status);
      f.kind = kind;
      INFO(kind << " " << status);
      CHECK_NOTHROW(classify_finding(r, f));
    }
  }
  for (const char* policy : {"deprecated-model", "retired-model", "denied-model", "warned-model", "unused-suppression"})
    CHECK(r.index_of(policy) >= 0);
  for (const char* id : {"file-warning", "file-skipped", "scan-error"}) {
    bool found = false;
    for (const SarifNotification& n : r.notifications) found = found || n.id == id;
    CHECK(found);
  }
}

TEST_CASE("sarif rules: scan findings take levels from lifecycle status", "[sarif]") {
  struct Row {
    const char* kind;
    const char* status;
    const char* rule;
    const char* level;
  };
  const Row rows[] = {
      {"model_reference", "retired", "retired-model", "error"},
      {"model_reference", "deprecated", "deprecated-model", "warning"},
      {"model_reference", "active", "model-reference", "note"},
      {"model_reference", "unknown", "model-reference", "note"},
      {"call_site", "retired", "retired-model", "error"},
      {"call_site", "deprecated", "deprecated-model", "warning"},
      {"call_site", "", "call-site", "note"},
      {"model_catalogue", "", "model-catalogue", "note"},
  };
  for (const Row& row : rows) {
    Finding f = reference("gpt-4o", row.status);
    f.kind = row.kind;
    SarifVerdict v = classify_finding(rules(), f);
    INFO(row.kind << " " << row.status);
    CHECK(rules().rules[v.rule_index].id == row.rule);
    CHECK(v.level == row.level);
  }
}

TEST_CASE("sarif rules: check verdicts win; unknown policies and kinds are bugs", "[sarif]") {
  Finding f = reference("gpt-5.2", "active");
  f.severity = "error";
  f.policy = "denied-model";
  f.message = "gpt-5.2 is denied by policy; use gpt-5.5";
  SarifVerdict v = classify_finding(rules(), f);
  CHECK(rules().rules[v.rule_index].id == "denied-model");
  CHECK(v.level == "error");
  CHECK(v.message == f.message);

  f.policy = "no-such-policy";
  CHECK_THROWS_AS(classify_finding(rules(), f), std::logic_error);
  f.policy = "warned-model";
  f.severity = "fatal";
  CHECK_THROWS_AS(classify_finding(rules(), f), std::logic_error);

  Finding g = reference("gpt-4o", "active");
  g.kind = "no_such_kind";
  CHECK_THROWS_AS(classify_finding(rules(), g), std::logic_error);
}

TEST_CASE("sarif rules: message templates", "[sarif]") {
  Finding f = reference("gpt-5.2", "deprecated");
  f.deprecated_on = "2026-06-12";
  f.replacement = "gpt-5.5";
  CHECK(render_message("{written} is {status}[[ since {deprecated_on}]][[ until {shutdown_on}]].", f) ==
        "gpt-5.2 is deprecated since 2026-06-12.");
  CHECK(render_message("a[[ b[[ {shutdown_on}]] {replacement}]]", f) == "a b gpt-5.5");
  f.details = {{"role", "\"system\""}, {"tokens", "12"}, {"messages", "[1,2]"}};
  CHECK(render_message("{detail.role} {detail.tokens}[[ {detail.messages}]]", f) == "system 12");

  std::string why;
  CHECK(check_message_template("{written}[[ {replacement}]]", &why));
  CHECK_FALSE(check_message_template("{api_key}", &why));
  CHECK(why == "unknown field {api_key}");
  CHECK_FALSE(check_message_template("[[ {written}", &why));
  CHECK_FALSE(check_message_template("{written]]", &why));
}

TEST_CASE("sarif rules: the loader reports every mistake", "[sarif]") {
  const std::string head = "tool: {name: t, information_uri: 'https://x.example/', category: t}\n";
  CHECK(load_errors(head + "rules:\n  - {id: a, name: A, short: s, full: f, help: h, level: note}\n").empty());
  auto has = [](const std::vector<std::string>& errors, const std::string& part) {
    for (const std::string& e : errors)
      if (e.find(part) != std::string::npos) return true;
    return false;
  };
  CHECK(has(load_errors(head + "rules:\n  - {id: a, name: A, short: s, full: f, help: h, level: fatal}\n"),
            "level must be"));
  CHECK(has(load_errors(head + "rules:\n  - {id: a, name: A, short: s, full: f, help: h, level: note, colour: x}\n"),
            "unknown key 'colour'"));
  CHECK(has(load_errors(head + "rules:\n  - {id: a, name: A, short: s, full: f, help: h, level: note}\n"
                               "  - {id: a, name: B, short: s, full: f, help: h, level: note}\n"),
            "duplicate rule id"));
  CHECK(has(load_errors(head + "rules:\n  - {id: a, name: A, short: s, full: f, help: h, level: note,\n"
                               "     scan: {kinds: [model_reference]}, message: '{secret}'}\n"),
            "unknown field {secret}"));
  CHECK(has(load_errors(head + "rules:\n  - {id: a, name: A, short: s, full: f, level: note}\n"),
            "missing required key 'help'"));
  std::vector<Diagnostic> errors;
  SarifRules::load({}, &errors);
  CHECK(errors.size() == 1);
}

TEST_CASE("sarif: UTF-16 columns from byte columns", "[sarif]") {
  CHECK(utf16_length("abc") == 3);
  CHECK(utf16_length("\xc3\xa9") == 1);          // é
  CHECK(utf16_length("\xe4\xb8\xad") == 1);      // 中
  CHECK(utf16_length("\xf0\x9f\x98\x80") == 2);  // 😀, a surrogate pair
  CHECK(utf16_length("\xff\xc3") == 2);          // malformed: one unit per byte
  memory_files = {{"a.py", "x = 1\n# \xc3\xa9\xf0\x9f\x98\x80 \"gpt-4o\"\n"}};
  Utf16Columns cols(read_memory);
  CHECK(cols.convert("a.py", 1, 5) == 5);
  // byte 11 is 'g': after '#', ' ', é (2 bytes, 1 unit), 😀 (4 bytes, 2 units), ' ', '"'
  CHECK(cols.convert("a.py", 2, 11) == 8);
  CHECK(cols.convert("a.py", 9, 11) == 11);  // no such line: unchanged
  CHECK(cols.convert("gone.py", 2, 11) == 11);
  Utf16Columns none(nullptr);
  CHECK(none.convert("a.py", 2, 11) == 11);
}

TEST_CASE("sarif: relative URIs are percent-encoded", "[sarif]") {
  CHECK(sarif_uri("src/app.py") == "src/app.py");
  CHECK(sarif_uri("my dir/a b.py") == "my%20dir/a%20b.py");
  CHECK(sarif_uri("c:x/100%.py") == "c%3Ax/100%25.py");
  CHECK(sarif_uri("a#b?c") == "a%23b%3Fc");
  CHECK(sarif_uri("caf\xc3\xa9.md") == "caf%C3%A9.md");
  CHECK(sarif_uri("../up/x.py") == "../up/x.py");
}

TEST_CASE("sarif: a log from a real scan", "[sarif]") {
  // gpt-5.2 in the comment sits after an é: byte column 19, UTF-16 column 18.
  const std::string text = "# \xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80\nM = \"gpt-4\"  # \xc3\xa9 gpt-5.2\n";
  memory_files = {{"app.py", text}};
  CodeParser parser;
  FileResult r = scan_bytes(test_engine(), "app.py", text, parser);
  judge_lifecycle("2026-11-25", &r.findings);
  Inventory inv;
  inv.as_of = "2026-11-25";
  inv.findings = r.findings;
  REQUIRE(inv.findings.size() == 2);
  inv.warnings.push_back({"broken.yaml", 2, 3, "malformed YAML"});
  inv.skipped.push_back({"logo.png", "binary"});

  ojson log = sarif_of(inv);
  CHECK(log["version"] == "2.1.0");
  const ojson& run = log["runs"][0];
  CHECK(run["columnKind"] == "utf16CodeUnits");
  CHECK(run["automationDetails"]["id"] == "modelshift/scan/");
  const ojson& driver_rules = run["tool"]["driver"]["rules"];
  CHECK(driver_rules.size() == rules().rules.size());
  const ojson& results = run["results"];
  REQUIRE(results.size() == 2);
  for (size_t i = 0; i < results.size(); ++i) {
    const ojson& res = results[i];
    CHECK(driver_rules[res["ruleIndex"].get<size_t>()]["id"] == res["ruleId"]);
    CHECK(res["partialFingerprints"]["primaryLocationLineHash"] == inv.findings[i].fingerprint);
    CHECK(res["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  }
  CHECK(results[0]["ruleId"] == "retired-model");
  CHECK(results[0]["level"] == "error");
  CHECK(results[0]["message"]["text"].get<std::string>().rfind("gpt-4 (openai) is retired", 0) == 0);
  const ojson& region = results[0]["locations"][0]["physicalLocation"]["region"];
  CHECK(region["startLine"] == 2);
  CHECK(region["startColumn"] == 6);  // ASCII line: bytes and UTF-16 agree
  CHECK(results[1]["ruleId"] == "deprecated-model");
  CHECK(results[1]["level"] == "warning");
  const ojson& region2 = results[1]["locations"][0]["physicalLocation"]["region"];
  CHECK(inv.findings[1].loc.column == 19);
  CHECK(region2["startColumn"] == 18);  // é is two bytes, one code unit
  CHECK(region2["endColumn"] == 25);

  const ojson& notes = run["invocations"][0]["toolExecutionNotifications"];
  REQUIRE(notes.size() == 2);
  CHECK(notes[0]["descriptor"]["id"] == "file-warning");
  CHECK(notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2);
  CHECK(notes[1]["descriptor"]["id"] == "file-skipped");
  CHECK(notes[1]["message"]["text"] == "not scanned: binary");
  CHECK(run["invocations"][0]["executionSuccessful"] == true);

  // Same inventory, same bytes; fingerprints do not move with the line.
  CHECK(sarif_of(inv).dump() == log.dump());
  std::string moved = "\n\n" + text;
  memory_files = {{"app.py", moved}};
  FileResult r2 = scan_bytes(test_engine(), "app.py", moved, parser);
  judge_lifecycle("2026-11-25", &r2.findings);
  REQUIRE(r2.findings.size() == 2);
  CHECK(r2.findings[1].fingerprint == inv.findings[1].fingerprint);

  inv.errors.push_back({"missing/", 0, 0, "no such file or directory"});
  CHECK(sarif_of(inv)["runs"][0]["invocations"][0]["executionSuccessful"] == false);
}

TEST_CASE("sarif: no parameter value reaches the log", "[sarif]") {
  Finding f = reference("gpt-4o", "active");
  f.kind = "call_site";
  f.sdk = "openai";
  f.api = "chat";
  f.model_source = "literal";
  f.parameters = {{"api_key", "\"sk-live-abcdef0123456789\""}, {"temperature", "0.2"}};
  f.resolution = {{"settings.py", 0, 4, 1, "MODEL defined in settings.py"}};
  Inventory inv;
  inv.findings = {f};
  std::string out = sarif_of(inv, nullptr).dump();
  CHECK(out.find("sk-live") == std::string::npos);
  CHECK(out.find("temperature") == std::string::npos);
  ojson related = ojson::parse(out)["runs"][0]["results"][0]["relatedLocations"];
  REQUIRE(related.size() == 1);
  CHECK(related[0]["physicalLocation"]["artifactLocation"]["uri"] == "settings.py");
  CHECK(related[0]["message"]["text"] == "MODEL defined in settings.py");
}

TEST_CASE("github annotations: escaping of hostile paths and messages", "[sarif]") {
  CHECK(github_escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext");
  CHECK(github_escape_property("a,b:c\nd%") == "a%2Cb%3Ac%0Ad%25");

  Finding f = reference("gpt-5.2", "deprecated");
  f.path = "odd, name: x\n::error::injected.py";
  f.replacement = "gpt-5.5";
  Finding g = reference("gpt-4o", "active");
  g.severity = "warning";
  g.policy = "warned-model";
  g.message = "line one\n::error::line two 100%";
  Inventory inv;
  inv.findings = {f, g};
  inv.warnings.push_back({"w,x.yaml", 1, 2, "malformed YAML"});
  inv.skipped.push_back({"bin\n::error::x.png", "binary"});
  std::ostringstream out;
  write_github(out, inv, *test_engine().catalog, rules(), {});
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(lines.size() == 3);  // skipped files are not written (issue 13: 70 "not scanned" lines)
  CHECK(lines[0] ==
        "::warning file=odd%2C name%3A x%0A%3A%3Aerror%3A%3Ainjected.py,line=3,endLine=3,col=5,endColumn=12,"
        "title=modelshift deprecated-model::gpt-5.2 (openai) is deprecated; use gpt-5.5.");
  CHECK(lines[1] ==
        "::warning file=src/app.py,line=3,endLine=3,col=5,endColumn=11,title=modelshift warned-model::"
        "line one%0A::error::line two 100%25");
  CHECK(lines[2] == "::warning file=w%2Cx.yaml,line=1,col=2,title=modelshift file-warning::malformed YAML");
  CHECK(out.str().find("not scanned") == std::string::npos);
}

TEST_CASE("judged-only SARIF and annotations leave the inventory out", "[sarif]") {
  Finding retired = reference("gpt-4-vision-preview", "retired");
  Finding active = reference("gpt-4o", "active");
  Finding suppressed = reference("gpt-5.2", "deprecated");
  suppressed.suppressed = "migrating in Q1";
  Finding sdk = reference("gpt-5.2", "deprecated");
  sdk.context = "sdk_definition";
  Inventory inv;
  inv.findings = {retired, active, suppressed, sdk};
  SarifOptions judged;
  judged.judged_only = true;
  struct Case {
    const Finding* f;
    bool all, judged_only;
  };
  for (const Case& c : std::vector<Case>{{&retired, true, true}, {&active, true, false}, {&suppressed, true, true},
                                         {&sdk, true, false}}) {
    INFO(c.f->model << " " << c.f->status << " " << c.f->context);
    CHECK(sarif_includes(rules(), SarifOptions{}, *c.f) == c.all);
    CHECK(sarif_includes(rules(), judged, *c.f) == c.judged_only);
  }
  std::ostringstream sarif;
  CHECK(write_sarif(sarif, inv, *test_engine().catalog, rules(), judged) == 2);
  auto log = nlohmann::json::parse(sarif.str());
  const auto& results = log["runs"][0]["results"];
  REQUIRE(results.size() == 2);
  CHECK(results[0].count("suppressions") == 0);
  CHECK(results[1]["suppressions"] == nlohmann::json::parse(R"([{"kind":"inSource","justification":"migrating in Q1"}])"));
  // Annotations: no suppressed finding; ::error only for what fails the run.
  SarifOptions gh = judged;
  gh.fails = [](const Finding& f) { return f.model == "gpt-4o"; };
  std::ostringstream out;
  write_github(out, inv, *test_engine().catalog, rules(), gh);
  std::string text = out.str();
  CHECK(text.rfind("::warning ", 0) == 0);  // retired, but not failing: a warning
  CHECK(text.find("title=modelshift retired-model") != std::string::npos);
  CHECK(text.find("::error ") != std::string::npos);  // gpt-4o fails: shown, as an error
  CHECK(text.find("gpt-5.2") == std::string::npos);
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);
}
