// Azure deployment names resolved to their models through config and
// Terraform files (rules/deployments.yaml, src/link/deployments.cc).
#include <catch2/catch.hpp>

#include "../test_engine.h"
#include "judge/lifecycle.h"
#include "detect/code_context.h"
#include "link/deployments.h"
#include "pipeline/scan.h"

using namespace modelshift;

namespace {

// Scans `files` (path, text) as one repository and returns its call sites.
std::vector<Finding> call_sites(const std::vector<std::pair<std::string, std::string>>& files) {
  CodeParser parser;
  std::vector<WalkEntry> walked;
  std::vector<FileResult> results;
  for (const auto& [path, text] : files) {
    walked.push_back({"/nonexistent/" + path, path, text.size(), false});
    results.push_back(scan_bytes(test_engine(), path, text, parser));
    for (Finding& f : results.back().findings) f.path = path;
  }
  resolve_across_files(test_engine(), walked, &results);
  for (FileResult& r : results) judge_lifecycle("2026-11-25", &r.findings);
  std::vector<Finding> out;
  for (FileResult& r : results)
    for (Finding& f : r.findings)
      if (f.kind == "call_site") out.push_back(f);
  return out;
}

const char* kCall = "from openai import AzureOpenAI\nclient = AzureOpenAI()\n"
                    "r = client.chat.completions.create(model=\"chat-prod\", messages=[])\n";

const Finding& chat(const std::vector<Finding>& v) {
  for (const Finding& f : v)
    if (f.api == "chat") return f;
  FAIL("no chat call site");
  return v.front();
}

}  // namespace

TEST_CASE("a deployment name resolves through Terraform", "[deployments]") {
  auto v = call_sites({{"app/chat.py", kCall},
                       {"infra/main.tf",
                        "resource \"azurerm_cognitive_deployment\" \"chat\" {\n"
                        "  name = \"chat-prod\"\n"
                        "  model {\n    format = \"OpenAI\"\n    name   = \"gpt-5.2\"\n  }\n}\n"}});
  const Finding& f = chat(v);
  CHECK(f.model == "gpt-5.2");
  CHECK(f.model_source == "config");
  CHECK(f.status == "deprecated");
  CHECK(f.replacement == "gpt-5.5");
  REQUIRE(f.resolution.size() == 1);
  CHECK(f.resolution[0].path == "infra/main.tf");
  CHECK(f.resolution[0].line == 5);
  CHECK(f.resolution[0].note.find("deployment chat-prod serves gpt-5.2") != std::string::npos);
}

TEST_CASE("deployment maps and lists in YAML and ARM JSON", "[deployments]") {
  SECTION("map: name in the key") {
    auto v = call_sites({{"app/chat.py", kCall}, {"config.yaml", "azure:\n  deployments:\n    chat-prod: gpt-4o\n"}});
    CHECK(chat(v).model == "gpt-4o");
  }
  SECTION("map of records") {
    auto v = call_sites(
        {{"app/chat.py", kCall}, {"config.yaml", "azure:\n  deployments:\n    chat-prod:\n      model: gpt-4o-mini\n"}});
    CHECK(chat(v).model == "gpt-4o-mini");
  }
  SECTION("list of records") {
    auto v = call_sites({{"app/chat.py", kCall},
                         {"values.yaml", "deployments:\n  - name: other\n    model: gpt-4o\n"
                                         "  - name: chat-prod\n    model: gpt-5.2\n"}});
    CHECK(chat(v).model == "gpt-5.2");
  }
  SECTION("ARM template child resource") {
    auto v = call_sites({{"app/chat.py", kCall},
                         {"azuredeploy.json",
                          "{\"resources\": [{\"type\": \"Microsoft.CognitiveServices/accounts/deployments\",\n"
                          " \"name\": \"acme-openai/chat-prod\",\n"
                          " \"properties\": {\"model\": {\"format\": \"OpenAI\", \"name\": \"gpt-4.1\"}}}]}\n"}});
    CHECK(chat(v).model == "gpt-4.1");
  }
}

TEST_CASE("deployments that disagree, known ids and unrelated names stay as they are", "[deployments]") {
  SECTION("two files map the name to different models: not resolved, both named") {
    auto v = call_sites({{"app/chat.py", kCall},
                         {"staging.yaml", "deployments:\n  chat-prod: gpt-4o\n"},
                         {"prod.yaml", "deployments:\n  chat-prod: gpt-5.2\n"}});
    const Finding& f = chat(v);
    CHECK(f.model == "chat-prod");
    REQUIRE(f.resolution.size() == 1);
    CHECK(f.resolution[0].note.find("gpt-4o") != std::string::npos);
    CHECK(f.resolution[0].note.find("gpt-5.2") != std::string::npos);
  }
  SECTION("a call naming a catalog id is not rewritten by a deployment of that name") {
    std::string call = kCall;
    call.replace(call.find("chat-prod"), 9, "gpt-4o");
    auto v = call_sites({{"app/chat.py", call}, {"config.yaml", "deployments:\n  gpt-4o: gpt-5.2\n"}});
    CHECK(chat(v).model == "gpt-4o");
    CHECK(chat(v).resolution.empty());
  }
  SECTION("a name with no deployment") {
    auto v = call_sites({{"app/chat.py", kCall}, {"config.yaml", "deployments:\n  other: gpt-5.2\n"}});
    CHECK(chat(v).model == "chat-prod");
  }
}

TEST_CASE("deployment rules are checked when loaded", "[deployments]") {
  std::vector<Diagnostic> errors;
  std::vector<RuleFile> files = {{"deployments.yaml",
                                  "keywords: [deployment]\nrules:\n  - id: x\n    model: 'deployments\\.x'\n"
                                  "    name_in_key: true\n",
                                  "rules/deployments.yaml"}};
  DeploymentRules::load(files, &errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "rules/deployments.yaml");
  CHECK(errors[0].message.find("capturing group") != std::string::npos);
}
