// Prompts: table-driven cases over scan_bytes (so the prefilter, placement
// and linking to call sites run as in a real scan), plus the details of one
// prompt and the rules file's own checks.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "../test_engine.h"
#include "detect/code_context.h"
#include "detect/prompts.h"
#include "pipeline/scan.h"

using namespace modelshift;

namespace {

std::vector<Finding> prompts_in(const std::string& path, const std::string& text) {
  return findings_of(path, text, "prompt");
}

std::string detail(const Finding& f, const std::string& name) {
  for (const auto& [k, v] : f.details)
    if (k == name) return v;
  return "";
}

// "line role few_shot" per prompt, in order.
std::vector<std::string> summary(const std::string& path, const std::string& text) {
  std::vector<std::string> out;
  for (const Finding& f : prompts_in(path, text)) {
    nlohmann::json role = nlohmann::json::parse(detail(f, "role"));
    out.push_back(std::to_string(f.loc.line) + " " + role.get<std::string>() + " " + detail(f, "few_shot"));
  }
  return out;
}

struct Row {
  const char* path;
  std::string text;
  std::vector<std::string> expected;
};

}  // namespace

TEST_CASE("prompts in code: message lists, prompt names, templates", "[prompts]") {
  const std::string call = "client.chat.completions.create(model=\"gpt-4o\", messages=m)\n";
  std::vector<Row> rows = {
      // A list of parts under a list key: its first literal is the prompt;
      // the same key in an embedding call holds texts to embed.
      {"g.py",
       "r = client.models.generate_content(model=\"gemini-2.0-flash\",\n"
       "    contents=[\"Return 5 comma-separated tags for this product.\", d])\n"
       "v = client.models.embed_content(model=\"gemini-embedding-001\", contents=[\"trail running shoes\", \"rain jacket\"])\n",
       {"2 user 0"}},
      // A message list: its first message's role, one prompt per list, few-shot pairs counted.
      {"a.py",
       "m = [\n  {\"role\": \"system\", \"content\": \"You sort mail into folders.\"},\n"
       "  {\"role\": \"user\", \"content\": \"invoice attached\"},\n  {\"role\": \"assistant\", \"content\": \"billing\"},\n"
       "  {\"role\": \"user\", \"content\": x},\n]\n" + call,
       {"2 system 1"}},
      // A user message with variable text only is not a prompt.
      {"a.py", "m = [{\"role\": \"user\", \"content\": question}]\n" + call, {}},
      // Nor is a system message whose text is a variable (the text is the prompt, where it is written).
      {"a.py", "m = [{\"role\": \"system\", \"content\": SYSTEM}]\n" + call, {}},
      // Type declarations hold no prompts.
      {"a.d.ts", "import OpenAI from 'openai';\nexport const x: { role: 'system'; content: string } = { role: 'system', content: 'You answer in French only.' };\n", {}},
      // Names: constants, keyword arguments, annotated names; too short or not a prompt name: nothing.
      {"a.py", "SYSTEM_PROMPT = \"You are a careful reviewer of code.\"\n" + call, {"1 system 0"}},
      {"a.py", "SYSTEM_PROMPT: str = (\n    \"You are a careful \"\n    \"reviewer of code.\"\n)\n" + call, {"2 system 0"}},
      {"a.py", "resp = client.responses.create(model=\"gpt-4.1\", instructions=\"Answer in French, briefly.\")\n",
       {"1 system 0"}},
      {"a.py", "template = \"Hi {name}\"\nlabel = \"You are a careful reviewer of code.\"\n" + call, {}},
      // A prompt variable passed as system= takes the argument's role.
      {"a.py",
       "REVIEW_PROMPT = \"You review pull requests for bugs.\"\n"
       "client.messages.create(model=\"claude-sonnet-4-5\", system=REVIEW_PROMPT, messages=[])\n",
       {"1 system 0"}},
      // Tuples and constructors (LangChain), C# message classes, PHP arrays, Go struct literals.
      {"a.py", "p = ChatPromptTemplate.from_messages([(\"system\", \"Answer from {context}.\"), (\"human\", \"{q}\")])\nllm = ChatOpenAI(model=\"gpt-4o\")\n",
       {"1 system 0"}},
      {"a.ts", "const r = await llm.invoke([new SystemMessage(\"Reply in one word only.\"), new HumanMessage(q)]); // gpt-4o\n",
       {"1 system 0"}},
      {"A.cs", "class X { void F() { chat.CompleteChat(new SystemChatMessage(\"Answer from policy only.\"), new UserChatMessage(q)); } } // gpt-4o\n",
       {"1 system 0"}},
      {"a.php", "<?php\n$c->chat()->create(['model' => 'gpt-4o', 'messages' => [['role' => 'system', 'content' => 'Write short product copy.']]]);\n",
       {"2 system 0"}},
      {"a.go",
       "package p\n\nvar m = []openai.ChatCompletionMessage{\n\t{Role: openai.ChatMessageRoleSystem, Content: \"Classify the ticket now.\"},\n}\n"
       "// gpt-4o\n",
       {"4 system 0"}},
      // Commented-out code and prose are not prompts.
      {"a.py", "# m = [{\"role\": \"system\", \"content\": \"You sort mail into folders.\"}]\n" + call, {}},
      // No LLM keyword: the file is never read for prompts (the prefilter).
      {"a.py", "SYSTEM_PROMPT = \"You are a careful reviewer of code.\"\n", {}},
  };
  for (const Row& row : rows) {
    INFO(row.path << ":\n" << row.text);
    CHECK(summary(row.path, row.text) == row.expected);
  }
}

TEST_CASE("a prompt's details: placeholders, length, hash, excerpt, feeds", "[prompts]") {
  std::string text =
      "import openai\n"
      "def f(name, topic):\n"
      "    return client.chat.completions.create(\n"
      "        model=\"gpt-4o\",\n"
      "        messages=[{\"role\": \"user\", \"content\": f\"Dear {name}, about {topic}: %s {{ignored}} key sk-proj-"
      "abcdefghijklmnopqrstuvwx\"}],\n"
      "    )\n";
  std::vector<Finding> found = prompts_in("a.py", text);
  REQUIRE(found.size() == 1);
  const Finding& f = found[0];
  CHECK(f.loc.line == 5);
  CHECK(nlohmann::json::parse(detail(f, "placeholders")) ==
        nlohmann::json::array({"ignored", "name", "topic", "%s"}));
  CHECK(detail(f, "few_shot") == "0");
  CHECK(detail(f, "length") == "79");
  CHECK(detail(f, "hash").rfind("\"fnv1a64:", 0) == 0);
  std::string excerpt = nlohmann::json::parse(detail(f, "excerpt")).get<std::string>();
  CHECK(excerpt.find("sk-proj-abc") == std::string::npos);
  CHECK(excerpt.find("[REDACTED]") != std::string::npos);
  nlohmann::json feeds = nlohmann::json::parse(detail(f, "feeds"));
  CHECK(feeds["line"] == 3);
  CHECK(feeds["column"] == 12);

  // The same text elsewhere has the same hash; a changed word changes it.
  std::string same = prompts_in("b.py", text).at(0).details[4].second;
  CHECK(same == detail(f, "hash"));
  std::string changed = text;
  changed.replace(changed.find("Dear"), 4, "Hi!!");
  CHECK(detail(prompts_in("a.py", changed).at(0), "hash") != detail(f, "hash"));
}

TEST_CASE("prompt files by path and prompts in configs", "[prompts]") {
  // No LLM keyword needed: the path makes it a prompt.
  std::vector<Finding> file = prompts_in("app/prompts/summary.j2", "Summarise {{ doc }}\n{% for x in items %}- {{ x }}\n{% endfor %}\n");
  REQUIRE(file.size() == 1);
  CHECK(file[0].loc.line == 1);
  CHECK(file[0].loc.end_line == 3);
  CHECK(nlohmann::json::parse(detail(file[0], "placeholders")) == nlohmann::json::array({"doc", "x", "items"}));
  CHECK(prompts_in("skills/Summarize/skprompt.txt", "Summarize: {{$input}}\n").size() == 1);
  CHECK(prompts_in("notes/summary.txt", "Summarise {{ doc }}\n").empty());

  // promptfoo-style config: a message mapping and a prompt key.
  std::vector<Finding> cfg = prompts_in("promptfooconfig.yaml",
                                        "providers: [openai:gpt-4o-mini]\n"
                                        "prompts:\n  - \"Translate to French: {{text}}\"\n"
                                        "chat:\n  - role: system\n    content: You translate menus for restaurants.\n");
  REQUIRE(cfg.size() == 2);
  std::sort(cfg.begin(), cfg.end(), [](const Finding& a, const Finding& b) { return a.loc.line < b.loc.line; });
  CHECK(cfg[0].loc.line == 3);
  CHECK(detail(cfg[0], "role") == "\"user\"");
  CHECK(cfg[1].loc.line == 5);
  CHECK(detail(cfg[1], "role") == "\"system\"");
}

TEST_CASE("rules/prompts.yaml mistakes are located errors", "[prompts]") {
  std::vector<Diagnostic> errors;
  std::vector<RuleFile> files = {{"prompts.yaml",
                                  "keys:\n  - {pattern: \"(unclosed\", role: system}\nplaceholders: [\"no group\"]\nbogus: 1\n",
                                  "rules/prompts.yaml"}};
  PromptRules::load(files, &errors);
  REQUIRE(errors.size() == 3);
  for (const Diagnostic& d : errors) CHECK(d.path == "rules/prompts.yaml");
}

TEST_CASE("prompts on hostile input stay linear and never crash", "[prompts]") {
  // Deep unclosed nesting, then many messages in one list: one prompt, found fast.
  std::string deep = "MODEL = \"gpt-4o\"\nm = " + std::string(20000, '[') + "\n";
  CHECK(prompts_in("a.py", deep).empty());
  std::string many = "MODEL = \"gpt-4o\"\nm = [\n";
  for (int i = 0; i < 5000; ++i)
    many += "  {\"role\": \"" + std::string(i % 2 ? "assistant" : "user") + "\", \"content\": \"Example number " +
            std::to_string(i) + "\"},\n";
  many += "]\n";
  std::vector<Finding> found = prompts_in("a.py", many);
  REQUIRE(found.size() == 1);
  CHECK(detail(found[0], "few_shot") == "2500");
  // Unterminated strings and a lone role key at the end of the text.
  CHECK_NOTHROW(prompts_in("a.js", "const M = \"gpt-4o\";\nconst m = [{ role: \"system\", content: \"unterminated"));
  CHECK_NOTHROW(prompts_in("a.js", "const M = \"gpt-4o\";\nrole"));
}
