// Call sites: every example of every rule in rules/sdk/ runs here, then
// table-driven cases for how the model is resolved.
#include <catch2/catch.hpp>

#include <sstream>

#include "../test_engine.h"
#include "judge/lifecycle.h"
#include "detect/code_context.h"
#include "pipeline/scan.h"

using namespace modelshift;

namespace {

const Engine& engine() { return test_engine(); }

const char* file_for(const std::string& language) {
  if (language == "python") return "x.py";
  if (language == "javascript") return "x.js";
  if (language == "typescript") return "x.ts";
  if (language == "tsx") return "x.tsx";
  if (language == "go") return "x.go";
  if (language == "java") return "X.java";
  if (language == "kotlin") return "x.kt";
  if (language == "csharp") return "X.cs";
  if (language == "ruby") return "x.rb";
  if (language == "php") return "x.php";
  if (language == "rust") return "x.rs";
  return "x.txt";
}

// Statements in languages that need a function (or a tag) around them.
// Leading `import ...;` / `use ...;` statements of an example stay at the top
// of the file, so rules that require an import can be exercised.
std::string wrap(const std::string& language, const std::string& text) {
  if (language == "java" || language == "kotlin" || language == "rust") {
    size_t at = 0;
    while (text.compare(at, 7, "import ") == 0 || text.compare(at, 4, "use ") == 0) {
      size_t semi = text.find(';', at);
      if (semi == std::string::npos) break;
      at = semi + 1;
      while (at < text.size() && text[at] == ' ') ++at;
    }
    if (at > 0) return text.substr(0, at) + "\n" + wrap(language, text.substr(at));
  }
  if (language == "go") return "package p\n\nfunc f() {\n\t" + text + "\n}\n";
  if (language == "java") return "class X {\n  void f() throws Exception {\n    " + text + "\n  }\n}\n";
  if (language == "csharp") return "class X {\n  async Task F() {\n    " + text + "\n  }\n}\n";
  if (language == "kotlin") return "fun f() {\n    " + text + "\n}\n";
  if (language == "rust") return "async fn f() {\n    " + text + "\n}\n";
  if (language == "php") return "<?php\n" + text + "\n";
  return text + "\n";
}

std::vector<Finding> calls_in(const std::string& path, const std::string& text) {
  return findings_of(path, text, "call_site");
}

// "line sdk api model source [steps]" for each call site.
std::vector<std::string> calls(const std::string& path, const std::string& text) {
  std::vector<std::string> got;
  for (const Finding& f : calls_in(path, text)) {
    std::ostringstream s;
    s << f.loc.line << " " << f.sdk << " " << f.api << " " << (f.written.empty() ? "-" : f.written) << " "
      << f.model_source;
    for (const ResolutionStep& st : f.resolution) s << " <" << st.line << ">";
    got.push_back(s.str());
  }
  return got;
}

}  // namespace

TEST_CASE("every call-site rule example matches as documented", "[calls]") {
  size_t examples = 0;
  for (const auto& rule : engine().sdk()->rules()) {
    REQUIRE_FALSE(rule->examples.empty());
    for (const CallExample& ex : rule->examples) {
      ++examples;
      INFO(ex.origin << " [" << rule->id << "] " << ex.text);
      std::vector<Finding> found = calls_in(file_for(ex.language), wrap(ex.language, ex.text));
      size_t of_rule = 0;
      const Finding* hit = nullptr;
      for (const Finding& f : found)
        if (f.rule == rule->id) ++of_rule, hit = &f;
      if (ex.match) {
        REQUIRE(of_rule == 1);
        if (!ex.model.empty()) CHECK(hit->written == ex.model);
      } else {
        CHECK(of_rule == 0);
      }
    }
  }
  CHECK(examples >= 40);
}

TEST_CASE("the model of a call is resolved inside the file", "[calls]") {
  // constant, env default, parameter default, attribute set in __init__,
  // computed, absent.
  const std::string py =
      "import os\n"                                                          // 1
      "MODEL = 'gpt-5.2'\n"                                                 // 2
      "EMBED = os.getenv('EMBED_MODEL', 'embedding-5.2')\n"                 // 3
      "class Bot:\n"                                                        // 4
      "    def __init__(self):\n"                                           // 5
      "        self.model = 'claude-sonnet-4-5'\n"                          // 6
      "    def run(self, q, model='gpt-4o-mini'):\n"                        // 7
      "        client.chat.completions.create(model=MODEL, messages=q)\n"   // 8
      "        client.embeddings.create(model=EMBED, input=q)\n"            // 9
      "        client.responses.create(model=model, input=q)\n"             // 10
      "        anthropic.messages.create(model=self.model, max_tokens=9)\n" // 11
      "        client.chat.completions.create(model=f'gpt-{q}')\n"          // 12
      "        client.chat.completions.create(messages=q)\n"                // 13
      "        m = os.environ.get('CHAT_MODEL') or 'gpt-4.1'\n"             // 14
      "        client.chat.completions.create(model=m)\n";                  // 15
  CHECK(calls("bot.py", py) == std::vector<std::string>{
                                   "8 openai chat gpt-5.2 constant <2>",
                                   "9 openai embeddings embedding-5.2 env <3> <3>",
                                   "10 openai responses gpt-4o-mini parameter <7>",
                                   "11 anthropic messages claude-sonnet-4-5 variable <6>",
                                   "12 openai chat - unresolved <12>",
                                   "13 openai chat - absent",
                                   "15 openai chat gpt-4.1 env <14> <14>",
                               });

  const std::string ts =
      "const MODEL = process.env.CHAT_MODEL ?? \"gpt-5.2\";\n"                          // 1
      "export async function reply(prompt: string) {\n"                                // 2
      "  const { text } = await generateText({ model: openai(MODEL), prompt });\n"     // 3
      "  const llm = new ChatOpenAI({ model: \"gpt-4o\", temperature: 0 });\n"        // 4
      "  return openai.chat.completions.create({ model: MODEL, messages: [] });\n"     // 5
      "}\n";
  CHECK(calls("a.ts", ts) == std::vector<std::string>{
                                 "3 vercel_ai chat gpt-5.2 env <3> <1> <1>",
                                 "4 langchain client gpt-4o literal",
                                 "5 openai chat gpt-5.2 env <1> <1>",
                             });

  const std::string go =
      "package main\n"                                                                      // 1
      "const chatModel = \"gpt-5.2\"\n"                                                    // 2
      "func run() {\n"                                                                      // 3
      "\tresp, _ := c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{\n"          // 4
      "\t\tModel: chatModel,\n"                                                            // 5
      "\t})\n"                                                                              // 6
      "\t_, _ = c.CreateEmbeddings(ctx, openai.EmbeddingRequest{Model: openai.SmallEmbedding3})\n"  // 7
      "}\n";
  CHECK(calls("main.go", go) == std::vector<std::string>{
                                    "4 openai chat gpt-5.2 constant <2>",
                                    "7 openai embeddings text-embedding-3-small constant <7>",
                                });
}

TEST_CASE("call parameters keep literal values and never secrets", "[calls]") {
  std::vector<Finding> f = calls_in(
      "p.py",
      "client.chat.completions.create(model='gpt-4o', temperature=0.2, max_tokens=512, stream=True,\n"
      "    seed=-1, stop=None, api_key='sk-abcdefghijklmnopqrstuvwx', extra_headers=h, tools=[t1, t2],\n"
      "    user='sk-proj-abcdefghijklmnopqrstuv')\n");
  REQUIRE(f.size() == 1);
  std::map<std::string, std::string> p(f[0].parameters.begin(), f[0].parameters.end());
  CHECK(p["temperature"] == "0.2");
  CHECK(p["max_tokens"] == "512");
  CHECK(p["stream"] == "true");
  CHECK(p["seed"] == "-1");
  CHECK(p["stop"] == "null");
  CHECK(p["api_key"] == "{\"redacted\":true}");
  CHECK(p["user"] == "{\"redacted\":true}");
  CHECK(p["extra_headers"] == "{\"expr\":\"h\"}");
  CHECK(p["tools"] == "{\"kind\":\"list\",\"items\":2}");
}

TEST_CASE("every client example of rules/sdk/clients.yaml gives its call the documented sdk", "[calls]") {
  REQUIRE(engine().sdk()->client_examples().size() >= 5);
  for (const ClientExample& ex : engine().sdk()->client_examples()) {
    INFO(ex.origin << " " << ex.text);
    std::vector<Finding> found = calls_in(file_for(ex.language), wrap(ex.language, ex.text));
    if (ex.sdk.empty()) {
      CHECK(found.empty());
    } else {
      REQUIRE(found.size() == 1);
      CHECK(found[0].sdk == ex.sdk);
    }
  }
}

TEST_CASE("a notebook's cells are one module: a call uses a constant of an earlier cell", "[calls]") {
  // Line 4: MODEL in cell 0; line 6: the call in cell 1; line 8: LATER only
  // in cell 2, after the call in cell 1 that names it.
  const std::string nb =
      "{\"cells\": [\n"                                                                                // 1
      " {\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": 1,\n"        // 2
      "  \"source\": [\n"                                                                              // 3
      "   \"MODEL = \\\"gpt-4.1\\\"\\n\"]},\n"                                                         // 4
      " {\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": 2, \"source\": [\n"  // 5
      "   \"client.chat.completions.create(model=MODEL, messages=m)\\n\", \"client.chat.completions.create(model=LATER)\\n\"]},\n"  // 6
      " {\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": 3, \"source\": [\n"  // 7
      "   \"LATER = \\\"gpt-4o\\\"\\n\"]}\n"                                                           // 8
      "], \"metadata\": {\"kernelspec\": {\"language\": \"python\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}\n";
  std::vector<std::string> got;
  for (const Finding& f : calls_in("n.ipynb", nb))
    got.push_back((f.written.empty() ? "-" : f.written) + " " + f.model_source);
  CHECK(got == std::vector<std::string>{"gpt-4.1 constant", "- unresolved"});
}

TEST_CASE("a default set only when the name is empty completes an env read or parameter", "[calls]") {
  const std::string py =
      "def ask(q, model=None):\n"                                        // 1
      "    if not model:\n"                                              // 2
      "        model = 'gpt-4o'\n"                                       // 3
      "    client.chat.completions.create(model=model, messages=q)\n"    // 4
      "def run(q):\n"                                                    // 5
      "    request = {'model': 'gpt-4.1-mini', 'messages': q}\n"         // 6
      "    client.chat.completions.create(**request)\n";                 // 7
  CHECK(calls("a.py", py) == std::vector<std::string>{
                                 "4 openai chat gpt-4o parameter <1> <3>",
                                 "7 openai chat gpt-4.1-mini literal",
                             });
  const std::string go =
      "package p\n"                                                                  // 1
      "func model() string {\n"                                                      // 2
      "\tm := os.Getenv(\"TRIAGE_MODEL\")\n"                                         // 3
      "\tif m == \"\" {\n"                                                           // 4
      "\t\tm = \"gpt-4o\"\n"                                                         // 5
      "\t}\n"                                                                        // 6
      "\treturn client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: m})\n"  // 7
      "}\n";
  CHECK(calls("a.go", go) == std::vector<std::string>{"7 openai chat gpt-4o env <3> <3> <5>"});
}

TEST_CASE("config reads: Spring @Value placeholders and Laravel config() with their defaults", "[calls]") {
  const std::string java =
      "class S {\n"                                                                              // 1
      "  private final String model;\n"                                                         // 2
      "  S(@Qualifier(\"main\") OpenAIClient client, @Value(\"${ai.model:gpt-4o-mini}\") String model) {\n"  // 3
      "    this.model = model;\n"                                                                // 4
      "  }\n"                                                                                    // 5
      "  String run() {\n"                                                                       // 6
      "    return client.chat().completions().create(ChatCompletionCreateParams.builder().model(model).build());\n"  // 7
      "  }\n"                                                                                    // 8
      "  String other(@Qualifier(\"gpt-4o\") String m) {\n"                                     // 9
      "    return client.chat().completions().create(ChatCompletionCreateParams.builder().model(m).build());\n"  // 10
      "  }\n"
      "}\n";
  CHECK(calls("S.java", java) == std::vector<std::string>{
                                     "7 openai chat gpt-4o-mini config <4> <3> <3>",
                                     "10 openai chat - parameter <9>",
                                 });
  const std::string php =
      "<?php\n"                                                                                         // 1
      "$r = OpenAI::chat()->create(['model' => config('services.openai.model', 'gpt-4o-mini')]);\n";  // 2
  CHECK(calls("c.php", php) == std::vector<std::string>{"2 openai chat gpt-4o-mini config <2>"});
}

TEST_CASE("a config file's value wins over the default a config read has in code", "[calls]") {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"app/S.java",
       "class S {\n  S(@Value(\"${acme.chat-model:gpt-4o-mini}\") String model) {\n"
       "    client.chat().completions().create(ChatCompletionCreateParams.builder().model(model).build());\n  }\n}\n"},
      {"app/application.properties", "acme.chat-model=gpt-4.1\n"}};
  CodeParser parser;
  std::vector<WalkEntry> walked;
  std::vector<FileResult> results;
  for (const auto& [path, text] : files) {
    walked.push_back({"/nonexistent/" + path, path, text.size(), false});
    results.push_back(scan_bytes(engine(), path, text, parser));
    for (Finding& f : results.back().findings) f.path = path;
  }
  CHECK(results[0].findings.size() >= 1);
  resolve_across_files(engine(), walked, &results);
  for (FileResult& r : results) judge_lifecycle("2026-11-25", &r.findings);
  std::vector<std::string> got;
  for (const Finding& f : results[0].findings)
    if (f.kind == "call_site") got.push_back(f.written + " " + f.model_source);
  CHECK(got == std::vector<std::string>{"gpt-4.1 config"});
}
