// The cross-file step of schemas.h (link_across_files): JSON schema files that
// code loads, and vector stores fed by an embedding of another file. Small
// trees written to a temporary directory and scanned with run_scan.
#include <catch2/catch.hpp>

#include <boost/filesystem.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "../test_engine.h"
#include "pipeline/scan.h"

using namespace modelshift;
using json = nlohmann::json;
namespace fs = boost::filesystem;

namespace {

struct Tree {
  fs::path root;
  explicit Tree(const std::map<std::string, std::string>& files) {
    root = fs::temp_directory_path() / fs::unique_path("modelshift-links-%%%%-%%%%-%%%%");
    for (const auto& [rel, text] : files) {
      fs::create_directories((root / rel).parent_path());
      std::ofstream(( root / rel).string(), std::ios::binary) << text;
    }
  }
  ~Tree() {
    boost::system::error_code ec;
    fs::remove_all(root, ec);
  }
  Inventory scan() const {
    ScanOptions o;
    o.paths = {root.string()};
    o.jobs = 2;
    o.as_of = "2026-11-25";
    o.walk.max_filesize = 1 << 20;
    return run_scan(test_engine(), o);
  }
};

std::vector<const Finding*> of_kind(const Inventory& inv, const std::string& kind) {
  std::vector<const Finding*> out;
  for (const Finding& f : inv.findings)
    if (f.kind == kind) out.push_back(&f);
  return out;
}

}  // namespace

TEST_CASE("JSON schema files that code loads become tool schemas at the file", "[schemas][links]") {
  Tree t({{"app/agent.py", R"(import json
from pathlib import Path
from openai import OpenAI
client = OpenAI()
PARAMS = json.loads((Path(__file__).parent / "schemas" / "weather.json").read_text())
with open("schemas/tools.json") as fh:
    TOOLS = json.load(fh)
UNUSED = json.load(open("schemas/unused.json"))
json.dump({}, open("schemas/out.json", "w"))
resp = client.chat.completions.create(
    model="gpt-4o",
    messages=[],
    tools=[{"type": "function", "function": {"name": "get_weather", "parameters": PARAMS}}, *TOOLS],
)
)"},
          {"app/schemas/weather.json", R"({"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string", "maxProperties": 1}}, "required": ["city"]})"},
          {"app/schemas/tools.json", "[\n {\"type\": \"function\", \"function\": {\"name\": \"a\", \"parameters\": {\"type\": \"object\", \"properties\": {}, \"additionalProperties\": false}}},\n {\"name\": \"b\", \"input_schema\": {\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"integer\"}}, \"required\": [\"x\"], \"additionalProperties\": false}}\n]\n"},
          {"app/schemas/unused.json", R"({"type": "object", "properties": {"q": {"type": "string"}}})"}});
  Inventory inv = t.scan();
  std::vector<const Finding*> schemas = of_kind(inv, "tool_schema");
  REQUIRE(schemas.size() == 3);
  const Finding& w = *schemas[2];
  CHECK(w.path == "app/schemas/weather.json");
  CHECK(w.loc.line == 1);
  CHECK(w.language == "json");
  CHECK(finding_detail(w, "name") == "get_weather");  // from the tool literal that wraps it
  CHECK(finding_detail(w, "source") == "json_file");
  CHECK(finding_detail(w, "properties") == json::parse(R"(["city","unit"])"));
  CHECK(finding_detail(w, "required") == json::parse(R"(["city"])"));
  CHECK(finding_detail(w, "strict_issues") ==
        json::parse(R"(["additionalProperties is not false at $","not required: unit at $","unsupported keyword maxProperties at $.properties.unit"])"));
  CHECK(finding_detail(w, "used_by") == json::parse(R"([{"path":"app/agent.py","line":10,"column":8}])"));
  CHECK(finding_detail(w, "loaded_by")[0]["line"] == 5);
  // An array of tools: one finding per tool, at its own object.
  CHECK(schemas[0]->path == "app/schemas/tools.json");
  CHECK(finding_detail(*schemas[0], "name") == "a");
  CHECK(schemas[0]->loc.line == 2);
  CHECK(finding_detail(*schemas[1], "name") == "b");
  CHECK(schemas[1]->loc.line == 3);
  CHECK(finding_detail(*schemas[1], "strict_issues").empty());
  CHECK(finding_detail(*schemas[1], "loaded_by")[0]["line"] == 6);
  // unused.json is loaded but no call uses it; out.json is written: neither is
  // a schema, and neither is reported missing.
  CHECK(inv.warnings.empty());
  // Internal load records never reach the inventory.
  CHECK(of_kind(inv, kSchemaFileLoad).empty());
}

TEST_CASE("a missing or malformed schema file is a warning naming it; the scan goes on", "[schemas][links]") {
  Tree t({{"web/tools.ts", R"(import OpenAI from "openai";
import broken from "./broken.json";
const gone = require("../gone.json");
const client = new OpenAI();
await client.chat.completions.create({ model: "gpt-4o", messages: [], tools: [broken, gone] });
)"},
          {"web/broken.json", "{\"type\": \"object\", \"properties\": {\n"}});
  Inventory inv = t.scan();
  CHECK(of_kind(inv, "tool_schema").empty());
  REQUIRE(inv.warnings.size() == 2);
  std::sort(inv.warnings.begin(), inv.warnings.end(), [](const Diagnostic& a, const Diagnostic& b) { return a.path < b.path; });
  CHECK(inv.warnings[0].path == "web/broken.json");
  CHECK_THAT(inv.warnings[0].message, Catch::Contains("web/tools.ts:2"));
  CHECK(inv.warnings[1].path == "web/tools.ts");
  CHECK(inv.warnings[1].line == 3);
  CHECK_THAT(inv.warnings[1].message, Catch::Contains("../gone.json"));
  CHECK(of_kind(inv, "call_site").size() == 1);
}

TEST_CASE("a store is linked to the embedding another module of its package makes", "[schemas][links]") {
  Tree t({{"pkg/config.py", "from langchain_openai import OpenAIEmbeddings\n"
                            "EMB = OpenAIEmbeddings(model=\"text-embedding-3-small\")\n"},
          {"pkg/factory.py", "from langchain_openai import OpenAIEmbeddings\n"
                             "def make():\n"
                             "    return OpenAIEmbeddings(model=\"text-embedding-3-large\")\n"},
          {"pkg/other.py", "from langchain_openai import OpenAIEmbeddings\n"
                           "emb = OpenAIEmbeddings(model=\"text-embedding-ada-002\")\n"},
          {"pkg/stores.py", "from langchain_community.vectorstores import Chroma, FAISS\n"
                            "from .config import EMB\n"
                            "from . import factory\n"
                            "a = Chroma(embedding_function=EMB)\n"
                            "b = FAISS.from_texts([], factory.make())\n"
                            "def c(emb):\n"
                            "    return Chroma(embedding_function=emb)\n"}});
  Inventory inv = t.scan();
  std::vector<const Finding*> stores = of_kind(inv, "vector_store");
  REQUIRE(stores.size() == 3);
  CHECK(finding_detail(*stores[0], "embedding") == json::parse(R"({"path":"pkg/config.py","line":2,"column":7})"));
  CHECK(finding_detail(*stores[0], "embedding_model") == "text-embedding-3-small");
  CHECK(finding_detail(*stores[0], "reindex_on_model_change") == true);
  CHECK(finding_detail(*stores[1], "embedding")["path"] == "pkg/factory.py");
  // `emb` is a parameter here; other.py's module-level `emb` is not imported.
  CHECK(finding_detail(*stores[2], "embedding").is_null());
  CHECK(finding_detail(*stores[2], "reindex_on_model_change") == false);
  // The other side: each embedding lists the stores it feeds.
  std::vector<const Finding*> emb = of_kind(inv, "embedding");
  REQUIRE(emb.size() == 3);
  CHECK(finding_detail(*emb[0], "vector_stores") == json::parse(R"([{"path":"pkg/stores.py","line":4,"column":5}])"));
  CHECK(finding_detail(*emb[1], "vector_stores")[0]["line"] == 5);
  CHECK(finding_detail(*emb[2], "vector_stores").empty());
}

TEST_CASE("hostile schema files: too deep is a warning, a minified file of many tools is read whole", "[schemas][links]") {
  std::string deep, many = "[";
  for (int i = 0; i < 200; ++i) deep += "{\"type\":\"object\",\"properties\":{\"x\":";
  deep += "{}";
  for (int i = 0; i < 200; ++i) deep += "}}";
  for (int i = 0; i < 2000; ++i)
    many += std::string(i ? "," : "") + "{\"name\":\"t" + std::to_string(i) +
            "\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}";
  many += "]";
  Tree t({{"a.py", "import json\nimport anthropic\nclient = anthropic.Anthropic()\n"
                   "D = json.load(open(\"deep.json\"))\nM = json.load(open(\"many.json\"))\n"
                   "B = json.load(open(\"bin.json\"))\n"
                   "client.messages.create(model=\"claude-sonnet-4-5\", max_tokens=10, messages=[], tools=[D, *M, B])\n"},
          {"deep.json", deep},
          {"many.json", many},
          {"bin.json", std::string("{\"type\": \"object\", \"properties\": {}}\0\1", 38)}});
  Inventory inv = t.scan();
  std::vector<const Finding*> schemas = of_kind(inv, "tool_schema");
  REQUIRE(schemas.size() == 2000);
  // One line of 150 KB, not copied into each finding.
  CHECK(std::all_of(schemas.begin(), schemas.end(),
                    [](const Finding* f) { return f->path == "many.json" && f->line_text.size() <= 512; }));
  REQUIRE(inv.warnings.size() == 2);
  std::sort(inv.warnings.begin(), inv.warnings.end(), [](const Diagnostic& a, const Diagnostic& b) { return a.path < b.path; });
  CHECK(inv.warnings[0].path == "bin.json");
  CHECK_THAT(inv.warnings[0].message, Catch::Contains("binary"));
  CHECK(inv.warnings[1].path == "deep.json");
  CHECK_THAT(inv.warnings[1].message, Catch::Contains("a.py:4"));
}
