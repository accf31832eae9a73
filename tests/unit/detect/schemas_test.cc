// Tool schemas, embeddings and vector stores (src/schemas.*): table-driven
// cases over small files scanned the way run_scan reads them.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "../test_engine.h"
#include "detect/code_context.h"
#include "detect/schemas.h"
#include "pipeline/scan.h"

using namespace modelshift;
using json = nlohmann::json;

namespace {

std::vector<Finding> scan(const std::string& path, const std::string& text, const std::string& kind) {
  std::vector<Finding> out = findings_of(path, text, kind);
  std::sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) { return a.loc.line < b.loc.line; });
  return out;
}

}  // namespace

TEST_CASE("object literals are read as JSON", "[schemas]") {
  struct Case {
    const char* text;
    const char* json;
  } cases[] = {
      {R"({"a": 1, 'b': True, "c": None,})", R"({"a":1,"b":true,"c":null})"},
      {R"({type: "object", properties: {x: {type: "string"}}, required: ["x"]})",
       R"({"type":"object","properties":{"x":{"type":"string"}},"required":["x"]})"},
      {R"j({"k": some_call(1, 2), "s": "a" "b"})j", R"j({"k":{"expr":"some_call(1, 2)"},"s":"ab"})j"},
      {R"([1, 2, # a comment
           3])", R"([1,2,3])"},
      // PHP arrays with => are objects; Ruby hash rockets and :symbol keys.
      {R"(['type' => 'object', 'required' => ['a'], 'n' => $x])", R"({"type":"object","required":["a"],"n":{"expr":"$x"}})"},
      {R"({ "type" => "object", :strict => true, name: :sym })", R"({"type":"object","strict":true,"name":{"expr":":sym"}})"},
      {"not a literal", ""},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::string got = literal_to_json(c.text, 0);
    if (*c.json == 0) CHECK(got.empty());
    else CHECK(json::parse(got) == json::parse(c.json));
  }
}

TEST_CASE("strict structured-output issues are found with their path", "[schemas]") {
  const std::set<std::string>& unsupported = test_engine().structures()->unsupported;
  CHECK(strict_issues(R"({"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false})",
                      unsupported)
            .empty());
  std::vector<std::string> issues = strict_issues(
      R"({"type":"object","properties":{"a":{"type":"string"},"b":{"type":"object","properties":{"c":{"type":"integer"}},"patternProperties":{}}},"required":["a"]})",
      unsupported);
  REQUIRE(issues.size() == 5);
  CHECK(issues[0] == "additionalProperties is not false at $");
  CHECK(issues[1] == "not required: b at $");
  CHECK(issues[2] == "unsupported keyword patternProperties at $.properties.b");
  CHECK(issues[3] == "additionalProperties is not false at $.properties.b");
  CHECK(issues[4] == "not required: c at $.properties.b");
}

TEST_CASE("tool schemas: JSON-schema tools, Pydantic and zod models, with the calls using them", "[schemas]") {
  std::string py = R"(from openai import OpenAI
from pydantic import BaseModel

class Answer(BaseModel):
    text: str
    score: float = 0.0

class Unused(BaseModel):
    x: int

TOOLS = [{"type": "function", "function": {"name": "lookup", "parameters": {
    "type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"], "additionalProperties": False}}}]

# {"name": "in_comment", "parameters": {"type": "object", "properties": {}}}
doc = '{"name": "in_string", "parameters": {"type": "object", "properties": {}}}'
client = OpenAI()
r = client.chat.completions.create(model="gpt-4o", messages=[], tools=TOOLS)
p = client.beta.chat.completions.parse(model="gpt-4o", messages=[], response_format=Answer)
)";
  std::vector<Finding> found = scan("app.py", py, "tool_schema");
  REQUIRE(found.size() == 2);
  CHECK(finding_detail(found[0], "name") == "Answer");
  CHECK(finding_detail(found[0], "properties") == json({"text", "score"}));
  CHECK(finding_detail(found[0], "required") == json({"text"}));
  CHECK(finding_detail(found[0], "used_by") == json::parse(R"([{"path":"app.py","line":18,"column":5}])"));
  CHECK(finding_detail(found[1], "name") == "lookup");
  CHECK(found[1].loc.line == 11);
  CHECK(finding_detail(found[1], "variable") == "TOOLS");
  CHECK(finding_detail(found[1], "strict_issues") == json::array());
  CHECK(finding_detail(found[1], "used_by") == json::parse(R"([{"path":"app.py","line":17,"column":5}])"));

  std::string ts = R"(import { z } from "zod";
import { zodResponseFormat } from "openai/helpers/zod";
const Invoice = z.object({ vendor: z.string(), note: z.string().optional() });
const Other = z.object({ a: z.string() });
export const format = zodResponseFormat(Invoice, "invoice");
)";
  found = scan("x.ts", ts, "tool_schema");
  REQUIRE(found.size() == 1);
  CHECK(finding_detail(found[0], "name") == "Invoice");
  CHECK(finding_detail(found[0], "required") == json({"vendor"}));
  CHECK(finding_detail(found[0], "strict_issues") == json({"not required: note at $"}));
}

TEST_CASE("Pydantic models: what strict structured outputs cannot take", "[schemas]") {
  std::string py = R"(from typing import Annotated, Any, Optional
from openai import OpenAI
from pydantic import BaseModel, Field

class Ticket(BaseModel):
    title: str
    body: str = Field(description="text")
    priority: int = Field(3, ge=1, le=5)
    tags: list[str] = Field(default_factory=list)
    code: Annotated[str, Field(min_length=3)]
    owner: Optional[str] = None
    extra: dict[str, int]
    summary: str = Field(
        ...,
        max_length=200,
    )
    done: bool = False

client = OpenAI()
r = client.beta.chat.completions.parse(model="gpt-4o", messages=[], response_format=Ticket)
)";
  std::vector<Finding> found = scan("t.py", py, "tool_schema");
  REQUIRE(found.size() == 1);
  CHECK(finding_detail(found[0], "properties") ==
        json({"title", "body", "priority", "tags", "code", "owner", "extra", "summary", "done"}));
  // Field(description=...) and Field(...) have no default; Field(3) and
  // default_factory do.
  CHECK(finding_detail(found[0], "required") == json({"title", "body", "code", "extra", "summary"}));
  CHECK(finding_detail(found[0], "strict_issues") ==
        json({"not required: priority, tags, owner, done at $", "unsupported keyword minLength at $.properties.code",
              "open type dict (additionalProperties is not false) at $.properties.extra",
              "unsupported keyword maxLength at $.properties.summary"}));
  // ge/le become minimum/maximum, which strict mode accepts: no issue.
  CHECK(found[0].loc.end_line == 17);
}

TEST_CASE("C#: schemas written as JSON strings in SDK calls", "[schemas]") {
  std::string cs = R"cs(using OpenAI.Chat;
static class T {
    static readonly ChatTool Tool = ChatTool.CreateFunctionTool(
        functionName: nameof(Lookup),
        functionParameters: BinaryData.FromBytes("""
            { "type": "object", "properties": { "id": { "type": "string", "minLength": 2 } }, "required": ["id"] }
            """u8.ToArray()));
    static readonly ChatTool Plain = ChatTool.CreateFunctionTool("plain", "no schema");
    // ChatTool.CreateFunctionTool(functionName: "in_comment", functionParameters: BinaryData.FromString("{\"type\":\"object\"}"));
    static ChatResponseFormat F() => ChatResponseFormat.CreateJsonSchemaFormat("answer",
        BinaryData.FromString("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}, \"additionalProperties\": false}"), jsonSchemaIsStrict: true);
}
)cs";
  std::vector<Finding> found = scan("T.cs", cs, "tool_schema");
  REQUIRE(found.size() == 2);
  CHECK(finding_detail(found[0], "name") == "Lookup");
  CHECK(finding_detail(found[0], "variable") == "Tool");
  CHECK(finding_detail(found[0], "source") == "json_string");
  CHECK(finding_detail(found[0], "required") == json({"id"}));
  CHECK(finding_detail(found[0], "strict").is_null());
  CHECK(finding_detail(found[0], "strict_issues") ==
        json({"additionalProperties is not false at $", "unsupported keyword minLength at $.properties.id"}));
  CHECK(found[1].loc.line == 10);
  CHECK(finding_detail(found[1], "name") == "answer");
  CHECK(finding_detail(found[1], "strict") == true);
  CHECK(finding_detail(found[1], "properties") == json({"a"}));  // an escaped JSON string is unescaped
  CHECK(finding_detail(found[1], "strict_issues") == json({"not required: a at $"}));
}

TEST_CASE("embeddings come from embedding call sites, stores link to them", "[schemas]") {
  std::string py = R"(import faiss
from openai import OpenAI
client = OpenAI()

def embed(texts):
    resp = client.embeddings.create(model="text-embedding-3-small", input=texts, dimensions=256)
    return [d.embedding for d in resp.data]

index = faiss.IndexFlatL2(256)
vectors = embed(["a"])
index.add(vectors)
other = faiss.IndexFlatIP(8)
chat = client.chat.completions.create(model="gpt-4o", messages=[])
)";
  std::vector<Finding> emb = scan("rag.py", py, "embedding");
  REQUIRE(emb.size() == 1);
  CHECK(emb[0].model == "text-embedding-3-small");
  CHECK(emb[0].loc.line == 6);
  CHECK(finding_detail(emb[0], "dimensions") == 256);
  // The link is recorded on the embedding's side too.
  CHECK(finding_detail(emb[0], "vector_stores") == json::parse(R"([{"path":"rag.py","line":9,"column":9}])"));
  std::vector<Finding> stores = scan("rag.py", py, "vector_store");
  REQUIRE(stores.size() == 2);
  CHECK(finding_detail(stores[0], "store") == "faiss");
  CHECK(finding_detail(stores[0], "embedding") == json::parse(R"({"path":"rag.py","line":6,"column":12})"));
  CHECK(finding_detail(stores[0], "embedding_model") == "text-embedding-3-small");
  CHECK(finding_detail(stores[0], "reindex_on_model_change") == true);
  CHECK(finding_detail(stores[1], "embedding").is_null());
  CHECK(finding_detail(stores[1], "reindex_on_model_change") == false);
  // Only embedding calls: the chat call makes none.
  CHECK(scan("rag.py", "x = 1\n", "embedding").empty());
}

TEST_CASE("line_near: the line of an offset, bounded for minified files", "[schemas]") {
  CHECK(line_near("a = 1\nb = {x}\nc", 8) == "b = {x}");
  CHECK(line_near("only", 0) == "only");
  std::string longline(5000, 'x');
  longline += "\nnext";
  std::string_view got = line_near(longline, 3000);
  CHECK(got.size() == 512);  // no line start within 512 bytes: from the offset, 512 bytes
  CHECK(got.data() == longline.data() + 3000);
  CHECK(line_near(longline, 5001) == "next");
}

TEST_CASE("rule files with mistakes are located errors", "[schemas]") {
  std::vector<RuleFile> files = {
      {"structured_outputs.yaml", "schema_keys: [parameters]\nbogus: 1\ndeclarations:\n  - {id: x, form: nope, pattern: '('}\n",
       "rules/structured_outputs.yaml"},
      {"vector_stores.yaml", "stores:\n  - {id: s}\n", "rules/vector_stores.yaml"}};
  std::vector<Diagnostic> errors;
  StructureRules::load(files, &errors);
  CHECK(errors.size() >= 4);  // unknown key, bad form, bad pattern, missing pattern
  for (const Diagnostic& d : errors) CHECK(d.line > 0);
}

TEST_CASE("hostile bytes in a schema do not stop the scan", "[schemas]") {
  std::string py = "TOOLS = [{\"name\": \"bad\xff\xfe\", \"input_schema\": {\"type\": \"object\", \"properties\": "
                   "{\"\xc3\": {}}}}]\n";
  std::vector<Finding> found;
  REQUIRE_NOTHROW(found = scan("h.py", py, "tool_schema"));
  REQUIRE(found.size() == 1);
  CHECK(finding_detail(found[0], "name").get<std::string>().rfind("bad", 0) == 0);
  // Unbalanced brackets: no schema, no crash.
  CHECK(scan("u.py", "T = {\"name\": \"x\", \"input_schema\": {\"type\": \"object\", \"properties\": {\n", "tool_schema").empty());
}
