// Customer-facing vs internal (rules/exposure.yaml, src/assess/exposure.h):
// every rule's examples, then small trees in temporary directories, then
// the acme-assistant example.
#include <catch2/catch.hpp>

#include <boost/filesystem.hpp>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "assess/exposure.h"
#include "core/rule_files.h"
#include "walk/walk.h"

namespace modelshift {
namespace {

namespace fs = boost::filesystem;

const ExposureRules& rules() {
  static std::unique_ptr<ExposureRules> r = [] {
    std::vector<Diagnostic> errors;
    auto loaded = ExposureRules::load(load_rule_files("", &errors), &errors);
    for (const Diagnostic& d : errors) UNSCOPED_INFO(d.path << ":" << d.line << ":" << d.column << ": " << d.message);
    REQUIRE(errors.empty());
    return loaded;
  }();
  return *r;
}

// A tree of files in a fresh temporary directory, removed at the end.
struct Tree {
  fs::path root;
  explicit Tree(const std::vector<std::pair<std::string, std::string>>& files) {
    root = fs::temp_directory_path() / fs::unique_path("modelshift-exposure-%%%%-%%%%-%%%%");
    for (const auto& [path, text] : files) {
      fs::create_directories((root / path).parent_path());
      std::ofstream(( root / path).string(), std::ios::binary) << text;
    }
  }
  ~Tree() {
    boost::system::error_code ec;
    fs::remove_all(root, ec);
  }
  std::vector<WalkEntry> walk() const {
    WalkResult w = modelshift::walk({root.string()}, WalkOptions{});
    REQUIRE(w.errors.empty());
    return w.files;
  }
};

std::map<std::string, Exposure> classify(const Tree& t, const std::vector<std::string>& targets,
                                         const std::vector<std::string>& customer = {},
                                         const std::vector<std::string>& internal = {},
                                         std::vector<Diagnostic>* warnings = nullptr) {
  std::vector<Diagnostic> local;
  return classify_exposure(rules(), t.walk(), targets, customer, internal, warnings ? warnings : &local);
}

}  // namespace

TEST_CASE("every rule of rules/exposure.yaml meets its examples", "[exposure]") {
  const std::vector<ExposureExample>& examples = rules().examples();
  REQUIRE(examples.size() > 100);
  for (const ExposureExample& e : examples) {
    INFO(e.where << (e.match ? " should match: " : " should not match: ") << e.text);
    REQUIRE(e.pattern);
    CHECK(RE2::PartialMatch(e.text, *e.pattern) == e.match);
  }
}

TEST_CASE("rules/exposure.yaml mistakes are located errors", "[exposure]") {
  std::vector<Diagnostic> errors;
  std::vector<RuleFile> files = load_rule_files("", &errors);
  for (RuleFile& f : files)
    if (f.path == "exposure.yaml")
      f.text = "kinds: {http_route: serves}\n"
               "languages:\n"
               "  - languages: [python, cobol]\n"
               "    serves:\n"
               "      - {framework: X, kind: rpc, pattern: 'a(', examples: {no_match: [b]}}\n"
               "    imports:\n"
               "      - {resolve: python, pattern: 'import', examples: {match: [import]}}\n";
  ExposureRules::load(files, &errors);
  std::vector<std::string> messages;
  for (const Diagnostic& d : errors) {
    CHECK(d.path == "rules/exposure.yaml");
    messages.push_back(d.message);
  }
  auto has = [&](const std::string& part) {
    for (const std::string& m : messages)
      if (m.find(part) != std::string::npos) return true;
    return false;
  };
  CHECK(has("'cobol' is not a language"));
  CHECK(has("unknown kind 'rpc'"));
  CHECK(has("bad pattern"));
  CHECK(has("no `match` example"));
  CHECK(has("needs a group"));
}

TEST_CASE("a small repository: routes, imports, scripts, tests and overrides", "[exposure]") {
  Tree t({
      {"services/api/routes.py",
       "from fastapi import APIRouter\n\nfrom services.llm import ask\n\nrouter = APIRouter()\n\n\n"
       "@router.post(\"/chat\")\ndef chat(q: str):\n    return ask(q)\n"},
      {"services/llm.py", "from .prompts import SYSTEM\n\ndef ask(q):\n    return q\n"},
      {"services/prompts.py", "SYSTEM = 'be brief'\n"},
      {"services/unused.py", "def ask(q):\n    return q\n"},
      {"scripts/backfill.py", "from services.llm import ask\nask('x')\n"},
      {"tests/test_llm.py", "from services.llm import ask\n\ndef test_ask():\n    assert ask('x')\n"},
      {"tests/test_app.py", "from fastapi import FastAPI\nfrom services.unused import ask\napp = FastAPI()\n\n@app.get(\"/t\")\ndef t():\n    return ask('x')\n"},
      {"web/app/api/chat/route.ts", "import { reply } from \"@/lib/ai\";\n\nexport async function POST(req: Request) {\n  return reply(req);\n}\n"},
      {"web/lib/ai.ts", "export function reply(r: Request) { return r; }\n"},
      {"web/src/server.js", "const express = require(\"express\");\nconst llm = require(\"./llm\");\nconst app = express();\napp.post(\"/ask\", llm.ask);\n"},
      {"web/src/llm.js", "exports.ask = () => 1;\n"},
      {"gateway/main.go", "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.HandleFunc(\"/chat\", chat)\n}\n"},
      {"gateway/llm.go", "package main\n\nfunc chat() {}\n"},
      {"jvm/src/main/java/com/acme/web/ChatController.java",
       "package com.acme.web;\n\nimport com.acme.ai.Summarizer;\n\n@RestController\npublic class ChatController {}\n"},
      {"jvm/src/main/java/com/acme/ai/Summarizer.java", "package com.acme.ai;\n\npublic class Summarizer {}\n"},
      {"jvm/src/main/java/com/acme/ai/Unused.java", "package com.acme.ai;\n\npublic class Unused {}\n"},
      {"notebooks/eval.ipynb", "{}"},
  });
  std::vector<std::string> targets = {
      "services/api/routes.py", "services/llm.py", "services/prompts.py", "services/unused.py",
      "scripts/backfill.py", "tests/test_llm.py", "tests/test_app.py", "web/app/api/chat/route.ts",
      "web/lib/ai.ts", "web/src/llm.js", "gateway/llm.go", "jvm/src/main/java/com/acme/ai/Summarizer.java",
      "jvm/src/main/java/com/acme/ai/Unused.java", "notebooks/eval.ipynb", "missing/gone.py"};
  std::map<std::string, Exposure> got = classify(t, targets);
  REQUIRE(got.size() == targets.size());

  struct Case {
    std::string path, surface, reason, evidence;
    uint32_t line;
  };
  const std::vector<Case> cases = {
      {"services/api/routes.py", "customer_facing", "serves HTTP routes (FastAPI)", "services/api/routes.py", 8},
      {"services/llm.py", "customer_facing", "imported by services/api/routes.py, which serves HTTP routes (FastAPI)",
       "services/api/routes.py", 8},
      {"services/prompts.py", "customer_facing",
       "imported by services/api/routes.py (through services/llm.py), which serves HTTP routes (FastAPI)",
       "services/api/routes.py", 8},
      // Only a test's app imports it: a test serves nobody.
      {"services/unused.py", "unknown", "no route, handler or consumer found", "", 0},
      {"scripts/backfill.py", "internal", "script: under scripts/", "", 0},
      {"tests/test_llm.py", "internal", "test file", "", 0},
      {"tests/test_app.py", "internal", "test file", "", 0},
      {"web/app/api/chat/route.ts", "customer_facing", "serves HTTP routes (Next.js)", "web/app/api/chat/route.ts", 3},
      // "@/lib/ai": the alias names the nearest ancestor that has lib/ai.ts.
      {"web/lib/ai.ts", "customer_facing", "imported by web/app/api/chat/route.ts, which serves HTTP routes (Next.js)",
       "web/app/api/chat/route.ts", 3},
      {"web/src/llm.js", "customer_facing", "imported by web/src/server.js, which serves HTTP routes (Express)",
       "web/src/server.js", 4},
      {"gateway/llm.go", "customer_facing", "same package as gateway/main.go, which serves HTTP routes (net/http)",
       "gateway/main.go", 6},
      {"jvm/src/main/java/com/acme/ai/Summarizer.java", "customer_facing",
       "imported by jvm/src/main/java/com/acme/web/ChatController.java, which serves HTTP routes (Spring)",
       "jvm/src/main/java/com/acme/web/ChatController.java", 5},
      {"jvm/src/main/java/com/acme/ai/Unused.java", "unknown", "no route, handler or consumer found", "", 0},
      {"notebooks/eval.ipynb", "internal", "notebook", "", 0},
      {"missing/gone.py", "unknown", "no route, handler or consumer found", "", 0},
  };
  for (const Case& c : cases) {
    INFO(c.path);
    REQUIRE(got.count(c.path));
    const Exposure& e = got[c.path];
    CHECK(e.surface == c.surface);
    CHECK(e.reason == c.reason);
    CHECK(e.evidence_path == c.evidence);
    CHECK(e.evidence_line == c.line);
  }

  SECTION("config globs win over everything, the longer glob on a conflict") {
    std::map<std::string, Exposure> o =
        classify(t, {"services/llm.py", "scripts/backfill.py", "services/unused.py", "web/lib/ai.ts"},
                 {"scripts/", "services/unused.py"}, {"services/", "web/"});
    CHECK(o["services/llm.py"].surface == "internal");
    CHECK(o["services/llm.py"].reason == "config: services/");
    CHECK(o["scripts/backfill.py"].surface == "customer_facing");
    CHECK(o["scripts/backfill.py"].reason == "config: scripts/");
    CHECK(o["services/unused.py"].surface == "customer_facing");
    CHECK(o["services/unused.py"].reason == "config: services/unused.py");
    CHECK(o["web/lib/ai.ts"].reason == "config: web/");
  }
  SECTION("a file the config calls customer-facing passes it on to its imports") {
    std::map<std::string, Exposure> o = classify(t, {"services/llm.py"}, {"scripts/backfill.py"});
    // routes.py and backfill.py both import it; the serving file comes first in path order.
    CHECK(o["services/llm.py"].evidence_path == "scripts/backfill.py");
    std::map<std::string, Exposure> p = classify(t, {"services/unused.py"}, {"scripts/backfill.py"});
    CHECK(p["services/unused.py"].surface == "unknown");
  }
}

TEST_CASE("imports resolve per language", "[exposure]") {
  Tree t({
      {"app/page_actions.ts", "\"use server\";\nimport { ask } from \"../lib/llm.js\";\nexport async function send() { return ask(); }\n"},
      {"lib/llm.ts", "import { tools } from \"@/lib/tools\";\nexport const ask = () => tools;\n"},
      {"lib/tools.ts", "export const tools = [];\n"},
      {"go.mod", "module github.com/acme/svc\n\ngo 1.22\n"},
      {"cmd/api/main.go", "package main\n\nimport (\n\t\"net/http\"\n\tai \"github.com/acme/svc/internal/ai\"\n)\n\n"
                          "func main() { http.HandleFunc(\"/x\", ai.H) }\n"},
      {"internal/ai/ai.go", "package ai\n\nfunc H() {}\n"},
      {"cmd/tool/main.go", "package main\n\nimport \"github.com/acme/svc/internal/ai\"\n"},
      {"Api/ChatController.cs", "using Acme.Llm;\n\n[ApiController]\npublic class ChatController : ControllerBase {}\n"},
      {"Llm/Client.cs", "namespace Acme.Llm;\npublic class Client {}\n"},
      {"app/controllers/chats_controller.rb", "require_relative \"../services/llm\"\nclass ChatsController < ApplicationController\nend\n"},
      {"app/services/llm.rb", "class Llm; end\n"},
      {"routes/web.php", "<?php\nuse App\\Services\\Llm;\nRoute::post('/chat', fn () => Llm::ask());\n"},
      {"src/Services/Llm.php", "<?php\nnamespace App\\Services;\nclass Llm {}\n"},
      {"server/src/main.rs", "mod llm;\nfn main() { let app = Router::new(); }\n"},
      {"server/src/llm.rs", "pub fn ask() {}\n"},
      {"worker/tasks.py", "from celery import shared_task\nfrom . import summarise\n\n@shared_task\ndef run():\n    summarise.go()\n"},
      {"worker/summarise.py", "def go():\n    pass\n"},
      {"site/pages/api/chat.ts", "import { ask } from \"../../lib/ask\";\nexport default async function handler(req, res) {}\n"},
      {"site/lib/ask.ts", "export const ask = 1;\n"},
      {"blog/urls.py", "from django.urls import path\nfrom . import views\n\nurlpatterns = [path('', views.home)]\n"},
      {"blog/views.py", "def home(request):\n    return None\n"},
      // `import logging` is the standard library's, not this package's.
      {"vendored/pkg/logging.py", "def log():\n    pass\n"},
      {"blog/api.py", "import logging\nfrom fastapi import FastAPI\napp = FastAPI()\n@app.get('/')\ndef root():\n    pass\n"},
  });
  std::vector<std::string> targets = {"lib/llm.ts", "lib/tools.ts", "internal/ai/ai.go", "cmd/api/main.go", "cmd/tool/main.go",
                                      "Llm/Client.cs", "app/services/llm.rb", "src/Services/Llm.php", "server/src/llm.rs",
                                      "worker/summarise.py", "site/lib/ask.ts", "blog/views.py", "vendored/pkg/logging.py"};
  std::map<std::string, Exposure> got = classify(t, targets);
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"lib/llm.ts", "customer_facing", "app/page_actions.ts"},
      {"lib/tools.ts", "customer_facing", "app/page_actions.ts"},
      {"internal/ai/ai.go", "customer_facing", "cmd/api/main.go"},
      // cmd/ is internal, unless the file serves itself.
      {"cmd/api/main.go", "customer_facing", "cmd/api/main.go"},
      {"cmd/tool/main.go", "internal", ""},
      {"Llm/Client.cs", "customer_facing", "Api/ChatController.cs"},
      {"app/services/llm.rb", "customer_facing", "app/controllers/chats_controller.rb"},
      {"src/Services/Llm.php", "customer_facing", "routes/web.php"},
      {"server/src/llm.rs", "customer_facing", "server/src/main.rs"},
      {"worker/summarise.py", "customer_facing", "worker/tasks.py"},
      {"site/lib/ask.ts", "customer_facing", "site/pages/api/chat.ts"},
      {"blog/views.py", "customer_facing", "blog/urls.py"},  // views.py serves itself only once it imports django
      {"vendored/pkg/logging.py", "unknown", ""},
  };
  for (const auto& [path, surface, evidence] : cases) {
    INFO(path << ": " << got[path].reason);
    CHECK(got[path].surface == surface);
    CHECK(got[path].evidence_path == evidence);
  }
  CHECK(got["lib/llm.ts"].reason == "imported by app/page_actions.ts, which serves UI actions (Next.js server actions)");
  CHECK(got["worker/summarise.py"].reason == "imported by worker/tasks.py, which consumes queue messages (Celery)");
}

TEST_CASE("imports are followed to a bounded depth, cycles included", "[exposure]") {
  std::vector<std::pair<std::string, std::string>> files = {
      {"api.py", "from flask import Flask\nimport m1\napp = Flask(__name__)\n\n@app.route('/')\ndef home():\n    return ''\n"}};
  for (int i = 1; i <= 8; ++i)
    files.push_back({"m" + std::to_string(i) + ".py", "import m" + std::to_string(i + 1) + "\nimport api\n"});
  Tree t(files);
  std::map<std::string, Exposure> got = classify(t, {"m1.py", "m6.py", "m7.py"});
  CHECK(got["m1.py"].reason == "imported by api.py, which serves HTTP routes (Flask)");
  CHECK(got["m6.py"].surface == "customer_facing");
  CHECK(got["m6.py"].reason ==
        "imported by api.py (through m1.py -> m2.py -> m3.py -> m4.py -> m5.py), which serves HTTP routes (Flask)");
  CHECK(got["m7.py"].surface == "unknown");
}

TEST_CASE("large and binary targets are not read, with a warning", "[exposure]") {
  Tree t({{"big.py", "@app.get('/x')\n" + std::string(1100000, '#')},
          {"bin.py", std::string("@app.get('/x')\n\0", 16)},
          {"other_big.py", std::string(1100000, '#')}});
  std::vector<Diagnostic> warnings;
  std::map<std::string, Exposure> got = classify(t, {"big.py", "bin.py"}, {}, {}, &warnings);
  CHECK(got["big.py"].surface == "unknown");
  CHECK(got["bin.py"].surface == "unknown");
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].path == "big.py");
  CHECK(warnings[0].message == "not read for exposure: larger than 1 MiB");
  CHECK(warnings[1].path == "bin.py");
  CHECK(warnings[1].message == "not read for exposure: binary (NUL bytes)");
}

TEST_CASE("acme-assistant: the chat service is reached from the public API", "[exposure]") {
  WalkResult w = walk({std::string(MODELSHIFT_SOURCE_DIR) + "/examples/acme-assistant"}, WalkOptions{});
  REQUIRE(w.errors.empty());
  std::vector<Diagnostic> warnings;
  std::map<std::string, Exposure> got = classify_exposure(
      rules(), w.files, {"services/chat/app.py", "services/chat/router.py", "notebooks/eval.ipynb", "scripts/smoke.sh",
                         "tools/eval.jsonc", "docs/runbook.rst", "gateway/main.go", "services/search/embed.py"},
      {}, {}, &warnings);
  CHECK(warnings.empty());
  // services/api/main.py serves FastAPI routes and imports the chat service.
  CHECK(got["services/chat/app.py"].surface == "customer_facing");
  CHECK(got["services/chat/app.py"].reason == "imported by services/api/main.py, which serves HTTP routes (FastAPI)");
  CHECK(got["services/chat/app.py"].evidence_path == "services/api/main.py");
  CHECK(got["services/chat/router.py"].surface == "customer_facing");
  // Nothing that serves imports the search embedder.
  CHECK(got["services/search/embed.py"].surface == "unknown");
  CHECK(got["services/search/embed.py"].reason == "no route, handler or consumer found");
  CHECK(got["notebooks/eval.ipynb"].reason == "notebook");
  CHECK(got["scripts/smoke.sh"].reason == "script: under scripts/");
  CHECK(got["tools/eval.jsonc"].reason == "tool: under tools/");
  CHECK(got["docs/runbook.rst"].reason == "documentation: under docs/");
  CHECK(got["gateway/main.go"].surface == "unknown");
  // Config globs win over what the code says.
  std::map<std::string, Exposure> cfg =
      classify_exposure(rules(), w.files, {"services/chat/app.py", "gateway/main.go"}, {"gateway/**"},
                        {"services/chat/**"}, &warnings);
  CHECK(cfg["services/chat/app.py"].surface == "internal");
  CHECK(cfg["services/chat/app.py"].reason == "config: services/chat/**");
  CHECK(cfg["gateway/main.go"].surface == "customer_facing");
  CHECK(cfg["gateway/main.go"].reason == "config: gateway/**");
}

}  // namespace modelshift
