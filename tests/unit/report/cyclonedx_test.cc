// The CycloneDX ML-BOM writer: one component per (provider, model), facts
// from findings and the catalog, every occurrence as evidence, SDK
// definitions left out, a content-derived serial number. Schema validation
// against the official bom-1.6 schema: tests/e2e/cyclonedx.sh.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <sstream>

#include "../test_engine.h"
#include "judge/lifecycle.h"
#include "report/report_cyclonedx.h"

using namespace modelshift;
using json = nlohmann::json;

namespace {

Finding reference(const std::string& path, uint32_t line, const std::string& model, const std::string& provider,
                  const std::string& status) {
  Finding f;
  f.path = path;
  f.loc = {line, 5, line, 5 + static_cast<uint32_t>(model.size())};
  f.model = f.written = f.canonical = model;
  f.provider = provider;
  f.family = provider + ".family";
  f.model_kind = "chat";
  f.status = status;
  f.context = "string";
  return f;
}

Finding call_site(const std::string& path, uint32_t line, const std::string& model) {
  Finding f = reference(path, line, model, "openai", "active");
  f.kind = "call_site";
  f.callee = "client.chat.completions.create";
  f.context = "";
  return f;
}

// A small inventory touching every path of the writer.
Inventory sample() {
  Inventory inv;
  inv.as_of = "2026-11-25";
  inv.root = "/home/someone/checkout";
  Finding haiku = reference("b.py", 7, "claude-3-haiku-20240307", "anthropic", "retired");
  haiku.written = "anthropic/claude-3-haiku-20240307";
  haiku.platform = "openrouter";
  Finding catalogue;
  catalogue.kind = "model_catalogue";
  catalogue.path = "prices.yaml";
  catalogue.loc = {2, 1, 20, 1};
  catalogue.context = "config";
  catalogue.catalogue_models = {"claude-3-haiku-20240307", "gpt-4o"};
  Finding sdk = reference("node_modules/openai/models.d.ts", 1, "gpt-3.5-turbo", "openai", "retired");
  sdk.context = "sdk_definition";
  Finding prompt;
  prompt.kind = "prompt";
  prompt.path = "a.py";
  prompt.loc = {9, 1, 9, 20};
  Finding unresolved = call_site("c.py", 4, "");
  unresolved.canonical.clear();
  inv.findings = {reference("a.py", 3, "gpt-4o", "openai", "active"), call_site("a.py", 12, "gpt-4o"), haiku,
                  unresolved, sdk, prompt, catalogue};
  return inv;
}

json bom_of(const Inventory& inv) {
  std::ostringstream out;
  write_cyclonedx(out, inv, *test_engine().catalog);
  return json::parse(out.str());
}

std::string text_of(const Inventory& inv) {
  std::ostringstream out;
  write_cyclonedx(out, inv, *test_engine().catalog);
  return out.str();
}

const json& component(const json& bom, const std::string& ref) {
  for (const json& c : bom["components"])
    if (c["bom-ref"] == ref) return c;
  FAIL("no component " << ref);
  static json none;
  return none;
}

std::string property(const json& c, const std::string& name) {
  for (const json& p : c["properties"])
    if (p["name"] == "modelshift:" + name) return p["value"];
  return "<absent>";
}

}  // namespace

TEST_CASE("cyclonedx: document head is CycloneDX 1.6 with deterministic metadata") {
  json bom = bom_of(sample());
  CHECK(bom["bomFormat"] == "CycloneDX");
  CHECK(bom["specVersion"] == "1.6");
  CHECK(bom["version"] == 1);
  std::string serial = bom["serialNumber"];
  CHECK(std::regex_match(serial, std::regex("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  CHECK(bom["metadata"]["timestamp"] == "2026-11-25T00:00:00Z");
  const json& tool = bom["metadata"]["tools"]["components"][0];
  CHECK(tool["name"] == "modelshift");
  CHECK(tool["version"] == MODELSHIFT_VERSION);
  CHECK(tool["type"] == "application");
  CHECK(bom["metadata"]["properties"][1] == json({{"name", "modelshift:sdk_definitions_left_out"}, {"value", "1"}}));
  CHECK(text_of(sample()).find("/home/someone") == std::string::npos);
}

TEST_CASE("cyclonedx: one component per provider and model, sorted, SDK definitions left out") {
  json bom = bom_of(sample());
  std::vector<std::string> refs;
  for (const json& c : bom["components"]) refs.push_back(c["bom-ref"]);
  CHECK(refs == std::vector<std::string>{"model:anthropic/claude-3-haiku-20240307", "model:openai/gpt-4o"});
  for (const json& c : bom["components"]) CHECK(c["type"] == "machine-learning-model");
}

TEST_CASE("cyclonedx: component facts") {
  json bom = bom_of(sample());
  const json& gpt = component(bom, "model:openai/gpt-4o");
  const json& haiku = component(bom, "model:anthropic/claude-3-haiku-20240307");
  struct Row {
    const json* c;
    std::string field, want;
  };
  const Row rows[] = {
      {&gpt, "name", "gpt-4o"},
      {&gpt, "publisher", "OpenAI"},
      {&gpt, "supplier", "OpenAI"},
      {&gpt, "task", "chat"},
      {&gpt, "status", "active"},
      {&gpt, "context_window", "128000"},
      {&gpt, "input_cost_per_mtok", "2.5"},
      {&gpt, "output_cost_per_mtok", "10"},
      {&gpt, "replacement", "<absent>"},
      {&haiku, "publisher", "Anthropic"},
      {&haiku, "status", "retired"},      // the finding's status wins (first finding naming it)
      {&haiku, "platform", "openrouter"},
      {&haiku, "max_output_tokens", "4096"},
  };
  for (const Row& r : rows) {
    INFO((*r.c)["bom-ref"] << " " << r.field);
    std::string got;
    if (r.field == "name" || r.field == "publisher") got = (*r.c)[r.field];
    else if (r.field == "supplier") got = (*r.c)["supplier"]["name"];
    else if (r.field == "task") got = (*r.c)["modelCard"]["modelParameters"]["task"];
    else got = property(*r.c, r.field);
    CHECK(got == r.want);
  }
}

TEST_CASE("cyclonedx: occurrences are every place, sorted, with callee and context") {
  json bom = bom_of(sample());
  const json& gpt = component(bom, "model:openai/gpt-4o")["evidence"]["occurrences"];
  REQUIRE(gpt.size() == 3);
  CHECK(gpt[0] == json({{"location", "a.py"}, {"line", 3}, {"offset", 5}, {"additionalContext", "model_reference in string"}}));
  CHECK(gpt[1]["line"] == 12);
  CHECK(gpt[1]["symbol"] == "client.chat.completions.create");
  CHECK(gpt[1]["additionalContext"] == "call_site");
  CHECK(gpt[2] == json({{"location", "prices.yaml"}, {"line", 2}, {"offset", 1}, {"additionalContext", "model_catalogue in config"}}));
  const json& haiku = component(bom, "model:anthropic/claude-3-haiku-20240307")["evidence"]["occurrences"];
  REQUIRE(haiku.size() == 2);
  CHECK(haiku[0]["additionalContext"] == "model_reference in string, written anthropic/claude-3-haiku-20240307");
  CHECK(haiku[1]["location"] == "prices.yaml");
}

TEST_CASE("cyclonedx: a catalogue-only model takes its facts from the catalog") {
  Inventory inv = sample();
  inv.findings = {inv.findings.back()};  // the table alone
  json bom = bom_of(inv);
  const json& haiku = component(bom, "model:anthropic/claude-3-haiku-20240307");
  CHECK(property(haiku, "status") == "retired");  // shutdown 2026-04-20, before as_of
  CHECK(property(haiku, "deprecated_on") == "2026-02-19");
  CHECK(property(haiku, "replacement") == "claude-haiku-4-5-20251001");
  CHECK(property(haiku, "kind") == "chat");
}

TEST_CASE("cyclonedx: same content gives the same bytes, other content another serial") {
  Inventory a = sample();
  Inventory shuffled = sample();
  std::reverse(shuffled.findings.begin(), shuffled.findings.end());
  Inventory other = sample();
  other.findings[0].loc.line = 4;
  Inventory later = sample();
  later.as_of = "2026-11-26";
  CHECK(text_of(a) == text_of(sample()));
  CHECK(bom_of(a)["components"] == bom_of(shuffled)["components"]);
  CHECK(bom_of(a)["serialNumber"] != bom_of(other)["serialNumber"]);
  CHECK(bom_of(a)["serialNumber"] != bom_of(later)["serialNumber"]);
}

TEST_CASE("cyclonedx: an inventory without models is a valid empty BOM") {
  Inventory inv;
  inv.as_of = "2026-11-25";
  json bom = bom_of(inv);
  CHECK(bom["components"] == json::array());
  CHECK(bom["metadata"]["properties"][1]["value"] == "0");
}

TEST_CASE("cyclonedx: every model a scanned file names is a component with an occurrence there") {
  const std::string text =
      "from openai import OpenAI\n"
      "client = OpenAI()\n"
      "MODEL = \"gpt-4o-mini\"\n"
      "r = client.chat.completions.create(model=MODEL, messages=[])\n"
      "legacy = \"claude-3-haiku-20240307\"\n";
  CodeParser parser;
  FileResult r = scan_bytes(test_engine(), "app.py", text, parser);
  judge_lifecycle("2026-11-25", &r.findings);
  Inventory inv;
  inv.as_of = "2026-11-25";
  inv.findings = r.findings;
  REQUIRE(inv.findings.size() >= 3);
  json bom = bom_of(inv);
  for (const Finding& f : inv.findings) {
    if (f.canonical.empty()) continue;
    INFO(f.kind << " " << f.canonical << " line " << f.loc.line);
    const json& c = component(bom, "model:" + f.provider + "/" + f.canonical);
    bool found = false;
    for (const json& o : c["evidence"]["occurrences"])
      found = found || (o["location"] == f.path && o["line"] == f.loc.line && o["offset"] == f.loc.column);
    CHECK(found);
  }
}
