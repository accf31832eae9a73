// Table-driven tests of scan_bytes: one snippet per language and format,
// with exactly the findings it must give ("line:col model context [key]").
// A row with no expectations is a false-positive case: nothing may be found.
#include <catch2/catch.hpp>
#include <algorithm>
#include <sstream>
#include <tuple>

#include "../test_engine.h"
#include "judge/lifecycle.h"
#include "detect/code_context.h"
#include "pipeline/scan.h"

using namespace modelshift;

namespace {

const Engine& engine() { return test_engine(); }

std::vector<std::string> scan(const std::string& path, const std::string& text, FileResult* out = nullptr) {
  CodeParser parser;
  FileResult r = scan_bytes(engine(), path, text, parser);
  judge_lifecycle("2026-11-25", &r.findings);
  std::vector<std::string> got;
  for (const Finding& f : r.findings) {
    if (f.kind != "model_reference") continue;  // call sites: calls_test.cc
    std::ostringstream s;
    s << f.loc.line << ":" << f.loc.column << " " << f.written << " " << f.context;
    if (!f.key_path.empty()) s << " " << f.key_path;
    if (f.cell) s << " cell" << *f.cell;
    got.push_back(s.str());
  }
  if (out) *out = std::move(r);
  return got;
}

struct Row {
  const char* path;
  const char* text;
  std::vector<std::string> expected;
};

void run_rows(const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    INFO(row.path << ":\n" << row.text);
    CHECK(scan(row.path, row.text) == row.expected);
  }
}

}  // namespace

TEST_CASE("code: strings, comments and docstrings through tree-sitter", "[scan]") {
  run_rows({
      {"a.py", "MODEL = \"gpt-5.2\"\n", {"1:10 gpt-5.2 string"}},
      {"a.py", "x = 1  # try claude-sonnet-4-5 later\n", {"1:14 claude-sonnet-4-5 comment"}},
      {"a.py", "def f():\n    \"\"\"Calls gpt-4o-mini.\"\"\"\n", {"2:14 gpt-4o-mini docstring"}},
      {"a.py", "gpt4_client = make()\nmygpt = 'mygpt-4o'\n", {}},
      {"a.py", "enc = tiktoken.encoding_for_model(\"gpt-4o\")\n", {}},
      {"a.py", "name = f\"gpt-{version}\"\n", {}},
      {"a.py", "m = \"gpt-4o\" if big else \"gpt-4o-mini\"\n", {"1:6 gpt-4o string", "1:27 gpt-4o-mini string"}},
      {"a.js", "const m = `openai/gpt-4.1`;\n", {"1:12 openai/gpt-4.1 string"}},
      {"a.jsx", "const x = <Model name=\"gemini-2.5-pro\" />;\n", {"1:24 gemini-2.5-pro string"}},
      {"a.ts", "const model: string = process.env.M ?? 'gpt-4o';\n", {"1:41 gpt-4o string"}},
      {"a.tsx", "export const A = () => <b>{\"claude-3-5-haiku-20241022\"}</b>;\n", {"1:29 claude-3-5-haiku-20241022 string"}},
      {"a.go", "const m = `gpt-4.1-nano`\n// uses o3-mini? no: prose\n", {"1:12 gpt-4.1-nano string"}},
      {"A.java", "class A { String m = \"gpt-4o\"; }\n", {"1:23 gpt-4o string"}},
      {"A.cs", "var m = @\"gpt-4o\"; // was gpt-4\n", {"1:11 gpt-4o string", "1:27 gpt-4 comment"}},
      {"A.kt", "val m = \"anthropic.claude-3-5-sonnet-20240620-v1:0\"\n", {"1:10 anthropic.claude-3-5-sonnet-20240620-v1:0 string"}},
      {"a.rb", "MODEL = 'gpt-4o' # default\n", {"1:10 gpt-4o string"}},
      {"a.rs", "let m = r#\"{\"model\": \"command-r-plus-08-2024\"}\"#;\n", {"1:23 command-r-plus-08-2024 string"}},
      {"a.php", "<?php\n$m = ['model' => 'omni-moderation-latest'];\n", {"2:19 omni-moderation-latest string"}},
  });
}

TEST_CASE("code outside strings and comments is not a reference", "[scan]") {
  FileResult r;
  CHECK(scan("a.py", "x = gpt - 4\n", &r).empty());
  CHECK(scan("a.c", "int gpt_4o = 1; /* gpt-4o */ const char* s = \"gpt-4o\";\n") ==
        std::vector<std::string>{"1:20 gpt-4o comment", "1:47 gpt-4o string"});
}

TEST_CASE("strict ids count only as a whole value", "[scan]") {
  run_rows({
      {"a.py", "model = \"o1\"\n", {"1:10 o1 string"}},
      {"a.py", "editor = \"davinci\"\nstyle = \"o1\"\n", {}},
      {"a.py", "m = \"use o1 now\"  # o1\n", {}},
      {"a.yaml", "model: o3-mini\nnote: o3 is fast\n", {"1:8 o3-mini config model"}},
      {"notes.md", "We tried `o3` and o3 again.\n", {"1:11 o3 docs"}},
      // Everyday words need a model word on the line even in backticks.
      {"notes.md", "Pass the `command` argument.\nThe model `command` is retired.\n", {"2:12 command docs"}},
      // Commented-out code keeps its quotes and its model= context.
      {"a.py", "# create(model=\"o3-mini\")\n# say \"o1\" twice\n", {"1:17 o3-mini comment"}},
  });
}

TEST_CASE("provider:model strings and Spring defaults name the id after the colon", "[scan]") {
  run_rows({
      {"a.py", "agent = Agent(\"openai:gpt-4o\")\n", {"1:16 openai:gpt-4o string"}},
      {"a.py", "m = \"acme:gpt-4o\"\n", {"1:11 gpt-4o string"}},
      {"A.java", "class A { @Value(\"${app.model:gpt-4o-mini}\") String m; }\n", {"1:31 gpt-4o-mini string"}},
      {"a.py", "m = \"anthropic.claude-3-haiku-20240307-v1:0\"\n", {"1:6 anthropic.claude-3-haiku-20240307-v1:0 string"}},
  });
}

TEST_CASE("SDK model constants are model references in code", "[scan]") {
  run_rows({
      {"a.go", "package a\nvar m = openai.GPT4oMini\nvar n = openai.GPT4o // openai.GPT4o\nvar s = \"openai.GPT4o\"\n",
       {"2:9 openai.GPT4oMini code", "3:9 openai.GPT4o code", "3:25 openai.GPT4o comment"}},
      {"A.java", "class A { Object m = ChatModel.GPT_4O; Object x = MyChatModel.GPT_4O; }\n", {"1:22 ChatModel.GPT_4O code"}},
  });
}

TEST_CASE("config files carry key paths", "[scan]") {
  run_rows({
      {"c.yaml", "models:\n  default_generation:\n    current: gpt-5.2\n", {"3:14 gpt-5.2 config models.default_generation.current"}},
      {"c.yaml", "model_list:\n  - model_name: x\n    litellm_params:\n      model: azure/gpt-5.2\n",
       {"4:14 azure/gpt-5.2 config model_list[0].litellm_params.model"}},
      {"c.yaml", "# old: gpt-4-0613\nm: gpt-4.1\n", {"1:8 gpt-4-0613 comment", "2:4 gpt-4.1 config m"}},
      {"c.json", "{\"a\": {\"model\": \"gpt-4o\"}}\n", {"1:18 gpt-4o config a.model"}},
      {"c.jsonc", "{\n  // gpt-4\n  \"m\": [\"x\", \"gpt-4o\"],\n}\n", {"2:6 gpt-4 comment", "3:15 gpt-4o config m[1]"}},
      {"p.toml", "[tool.models]\nchat = \"gpt-5.2\"\n", {"2:9 gpt-5.2 config tool.models.chat"}},
      {".env", "CHAT_MODEL=gpt-5.2\n# OLD=gpt-4\n", {"1:12 gpt-5.2 config CHAT_MODEL", "2:7 gpt-4 comment"}},
      {".env.production", "export MODEL=\"gpt-4o\"\n", {"1:15 gpt-4o config MODEL"}},
      {"app.properties", "llm.model=gpt-4o\n", {"1:11 gpt-4o config llm.model"}},
      {"s.ini", "[llm]\nmodel = gpt-4o\n", {"2:9 gpt-4o config llm.model"}},
      {"Dockerfile", "FROM x\nENV CHAT_MODEL=gpt-5.2 A=b\n", {"2:16 gpt-5.2 config CHAT_MODEL"}},
      {"main.tf", "variable \"m\" {\n  default = \"gpt-4o\"\n}\n", {"2:14 gpt-4o config variable.m.default"}},
      {"run.sh", "MODEL=gpt-4o\ncurl -d '{\"model\": \"gpt-4.1\"}' x # gpt-4\n",
       {"1:7 gpt-4o string MODEL", "2:21 gpt-4.1 string", "2:36 gpt-4 comment"}},
      {"q.sql", "-- gpt-4\nSELECT 1 WHERE m = 'gpt-4o';\n", {"1:4 gpt-4 comment", "2:21 gpt-4o string"}},
  });
}

TEST_CASE("docs: lower-case ids count, display names and links do not", "[scan]") {
  run_rows({
      {"README.md", "Runs on gpt-5.2 today.\n", {"1:9 gpt-5.2 docs"}},
      {"README.md", "GPT-4 and Claude 3.5 Sonnet are names.\n", {}},
      {"CHANGELOG.md", "- Bug fixes for Llama2 and Llama-3 on Replicate\n", {}},
      {"README.md", "Try meta-llama/Llama-3.3-70B-Instruct or Llama-3.3-70B-Instruct.\n",
       {"1:5 meta-llama/Llama-3.3-70B-Instruct docs", "1:42 Llama-3.3-70B-Instruct docs"}},
      {"a.py", "# Llama2 was slow\nm = 'Llama2'\n", {"2:6 Llama2 string"}},
      {"README.md", "See https://platform.openai.com/docs/models/gpt-4o and https://openai.com/index/hello-gpt-4o/.\n", {}},
      {"doc.rst", "Use ``claude-3-opus-20240229``.\n", {"1:7 claude-3-opus-20240229 docs"}},
      {"notes.txt", "moved to gemini-2.0-flash.\n", {"1:10 gemini-2.0-flash docs"}},
      {"README.md", "![diagram](img/gpt-4o-diagram.png) and gpt-3-encoder and cl100k_base\n", {}},
  });
}

TEST_CASE("base64 blobs and glued identifiers are not ids", "[scan]") {
  std::string blob = "data = \"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGAgpt-4o+Xb3Q2AAAAAElFTkSuQmCC\"\n";
  CHECK(scan("a.py", blob).empty());
  CHECK(scan("a.py", "x = 'foo-gpt-4o'\ny = 'gpt-4o_client'\n").empty());
}

TEST_CASE("shebang picks the language of a file without an extension", "[scan]") {
  FileResult r;
  CHECK(scan("bin/tool", "#!/usr/bin/env python3\n# gpt-4\nm = 'gpt-4o'\n", &r) ==
        std::vector<std::string>{"2:3 gpt-4 comment", "3:6 gpt-4o string"});
  REQUIRE(r.findings.size() == 2);
  CHECK(r.findings[0].language == "python");
}

TEST_CASE("notebooks report the physical line of the .ipynb and the cell", "[scan]") {
  const char* nb =
      "{\n"
      " \"cells\": [\n"
      "  {\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": [\"Compare `gpt-5.2`\\n\"]},\n"
      "  {\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [{\"text\": [\"gpt-4o-2024-08-06\"]}],\n"
      "   \"source\": [\"import x\\n\",\n"
      "              \"m = \\\"gpt-4o\\\"  # or claude-3-haiku-20240307\\n\"]}\n"
      " ],\n"
      " \"metadata\": {\"kernelspec\": {\"language\": \"python\"}}\n"
      "}\n";
  CHECK(scan("n.ipynb", nb) == std::vector<std::string>{"3:66 gpt-5.2 docs cell0", "6:22 gpt-4o string cell1",
                                                        "6:37 claude-3-haiku-20240307 comment cell1"});
}

TEST_CASE("binary and malformed input: a clear result, never a crash", "[scan]") {
  FileResult r;
  std::string bin("PK\x03\x04\0\0gpt-4o", 12);
  CHECK(scan("a.zip", bin, &r).empty());
  REQUIRE(r.skipped.size() == 1);
  CHECK(r.skipped[0].reason == "binary");

  CHECK(scan("bad.ipynb", "{\"cells\": [ {\"source\": [\"m = 'gpt-4o'\"", &r) ==
        std::vector<std::string>{"1:31 gpt-4o config cells[0].source[0]"});
  REQUIRE(!r.warnings.empty());
  CHECK(r.warnings[0].path == "bad.ipynb");

  std::string deep(100000, '[');
  deep += "\"gpt-4o\"";
  CHECK(scan("deep.json", deep, &r).size() == 1);
  std::string deep_yaml(50000, '[');
  CHECK(scan("deep.yaml", deep_yaml + "gpt-4o", &r).size() <= 1);
  CHECK(scan("bad.py", "def (((( 'gpt-4o'\n", &r).size() == 1);
  std::string invalid_utf8 = "m = \"gpt-4o\" # \xff\xfe\xc3\n";
  CHECK(scan("u.py", invalid_utf8, &r).size() == 1);
}

TEST_CASE("fingerprints survive moved lines and differ for repeated lines", "[scan]") {
  CodeParser parser;
  FileResult a = scan_bytes(engine(), "f.py", "m = 'gpt-4o'\nn = 'gpt-4o'\nm = 'gpt-4o'\n", parser);
  FileResult b = scan_bytes(engine(), "f.py", "\n\n# moved\nm = 'gpt-4o'\nn = 'gpt-4o'\nm = 'gpt-4o'\n", parser);
  assign_fingerprints(&a.findings);
  assign_fingerprints(&b.findings);
  REQUIRE(a.findings.size() == 3);
  REQUIRE(b.findings.size() == 3);
  for (size_t i = 0; i < 3; ++i) CHECK(a.findings[i].fingerprint == b.findings[i].fingerprint);
  CHECK(a.findings[0].fingerprint != a.findings[2].fingerprint);
  CHECK(a.findings[0].fingerprint != a.findings[1].fingerprint);
}

namespace {

// Scans, sorts like run_scan, collapses tables; "L:C-EL entries/models" for a
// catalogue, "L:C model" for a reference.
std::vector<std::string> collapsed(const std::string& path, const std::string& text) {
  CodeParser parser;
  FileResult r = scan_bytes(engine(), path, text, parser);
  std::sort(r.findings.begin(), r.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.loc.line, a.loc.column) < std::tie(b.loc.line, b.loc.column);
  });
  collapse_catalogues(engine().catalog->false_positives(), &r.findings);
  judge_lifecycle("2026-11-25", &r.findings);
  std::vector<std::string> got;
  for (const Finding& f : r.findings) {
    if (f.kind == "call_site") continue;  // calls_test.cc covers them
    std::ostringstream s;
    if (f.kind == "model_catalogue")
      s << f.loc.line << ":" << f.loc.column << "-" << f.loc.end_line << " catalogue " << f.entries << "/"
        << f.catalogue_models.size();
    else
      s << f.loc.line << ":" << f.loc.column << " " << f.written;
    got.push_back(s.str());
  }
  return got;
}

std::string ids_joined(const char* open, const char* sep, const char* close, int per_line_gap = 0) {
  static const char* ids[] = {"gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-3.5-turbo",
                              "gpt-4-turbo", "claude-3-haiku-20240307", "claude-3-opus-20240229",
                              "gemini-2.0-flash", "o3-mini"};
  std::string s = open;
  for (int i = 0; i < 10; ++i) {
    s += std::string(i ? sep : "") + "\"" + ids[i] + "\"";
    for (int g = 0; g < per_line_gap; ++g) s += "\n";
  }
  return s + close;
}

}  // namespace

TEST_CASE("tables of ids collapse into one model_catalogue finding", "[scan][catalogue]") {
  // A Python dict spread over many lines, values far apart: one table by syntax.
  std::string py = "MODEL_CONTEXT = {\n";
  const char* ids[] = {"gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-3.5-turbo",
                       "gpt-4-turbo", "claude-3-haiku-20240307", "claude-3-opus-20240229"};
  for (const char* id : ids) py += std::string("    \"") + id + "\": {\n        \"ctx\": 1,\n\n\n\n    },\n";
  py += "}\nresp = client.chat.completions.create(model=\"gpt-5.2\")\n";
  CHECK(collapsed("limits.py", py) == std::vector<std::string>{"2:6-44 catalogue 8/8", "51:46 gpt-5.2"});

  // A TypeScript union type (nested union_type nodes) is one table; the bare
  // "o3-mini" counts too, since the table holds other models (issue 12 §3).
  CHECK(collapsed("models.ts", "export type ChatModel =\n  | " + ids_joined("", "\n  | ", ";\n")) ==
        std::vector<std::string>{"2:6-11 catalogue 10/10"});
  // A JSON price table keyed by id.
  std::string json = "{\n";
  for (int i = 0; i < 8; ++i) json += std::string(i ? ",\n" : "") + "  \"" + ids[i] + "\": {\"input_cost\": 1}";
  CHECK(collapsed("prices.json", json + "\n}\n") == std::vector<std::string>{"2:4-9 catalogue 8/8"});
  // A dense list in docs: a run of lines.
  std::string md = "Supported:\n";
  for (const char* id : ids) md += std::string("- `") + id + "`\n";
  CHECK(collapsed("README.md", md) == std::vector<std::string>{"2:4-9 catalogue 8/8"});

  // Not tables: seven distinct ids (one short of the threshold), or eight
  // spread out in separate calls.
  std::string few = "M = [";
  for (int i = 0; i < 7; ++i) few += std::string(i ? ", " : "") + "\"" + ids[i] + "\"";
  CHECK(collapsed("few.py", few + "]\n").size() == 7);
  std::string calls;
  for (const char* id : ids) calls += std::string("client.create(model=\"") + id + "\")\n\n\n\n";
  CHECK(collapsed("calls.py", calls).size() == 8);
  // Repeating one id does not make a table.
  std::string same = "M = [";
  for (int i = 0; i < 20; ++i) same += std::string(i ? ", " : "") + "\"gpt-4o\"";
  CHECK(collapsed("same.py", same + "]\n").size() == 20);
}
