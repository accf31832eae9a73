// Identifiers real code uses (issue 12 §3): providers the catalog did not
// know, Hub `org/name` embedding models where a model is expected, strict ids
// (o1, o3-mini, davinci) in constant blocks and enums, and well-shaped ids
// nobody has listed yet, which are reported `unknown` with their provider.
#include <catch2/catch.hpp>

#include <sstream>

#include "../test_engine.h"

using namespace modelshift;

namespace {

// "line:col written provider" for each model reference of one file.
std::vector<std::string> references(const std::string& path, const std::string& text) {
  std::vector<std::string> got;
  for (const Finding& f : findings_of(path, text, "model_reference")) {
    std::ostringstream s;
    s << f.loc.line << ":" << f.loc.column << " " << f.written << " " << f.provider;
    got.push_back(s.str());
  }
  return got;
}

struct Row {
  const char* path;
  const char* text;
  std::vector<std::string> expected;  // empty: a false-positive case, nothing may be found
};

void run_rows(const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    INFO(row.path << ":\n" << row.text);
    CHECK(references(row.path, row.text) == row.expected);
  }
}

}  // namespace

TEST_CASE("strict ids in constant blocks and enums are model references", "[scan][identifiers]") {
  run_rows({
      // A constant or enum member named after the id.
      {"models.py", "class ChatModel(str, Enum):\n    GPT_4O = \"gpt-4o\"\n    O1 = \"o1\"\n    O3_MINI = \"o3-mini\"\n",
       {"2:15 gpt-4o openai", "3:11 o1 openai", "4:16 o3-mini openai"}},
      {"models.go", "package x\n\nconst (\n\tO1Mini20240912 = \"o1-mini-2024-09-12\"\n\tO4Mini = \"o4-mini\"\n)\n",
       {"4:20 o1-mini-2024-09-12 openai", "5:12 o4-mini openai"}},
      {"Models.java", "enum Tier {\n  O1_MINI(\"o1-mini\"),\n  FAST(\"o3\");\n  Tier(String id) {}\n}\n",
       {"2:12 o1-mini openai"}},
      {"models.php", "<?php\nenum Ids: string {\n    case O3 = 'o3';\n}\n", {"3:16 o3 openai"}},
      {"Models.cs", "static class Ids {\n  public const string O1 = \"o1\";\n}\n", {"2:29 o1 openai"}},
      // A table of ids that holds another model, or whose first line says model.
      {"a.py", "CHOICES = [\"gpt-4o\", \"o1\", \"o3-mini\"]\n",
       {"1:13 gpt-4o openai", "1:23 o1 openai", "1:29 o3-mini openai"}},
      {"a.py", "ENGINES = [\n    \"davinci\",\n    \"curie\",\n]\n", {"2:6 davinci openai", "3:6 curie openai"}},
      {"a.ts", "export type ChatModel =\n  | 'o1'\n  | 'o3-mini';\n", {"2:6 o1 openai", "3:6 o3-mini openai"}},
      {"a.py", "ChatModel = Literal[\n    \"o1-pro\",\n    \"o3\",\n]\n", {"2:6 o1-pro openai", "3:6 o3 openai"}},
      {"a.ts", "enum ReasoningModels {\n  Small = 'o4-mini',\n  Big = 'o3',\n}\n",
       {"2:12 o4-mini openai", "3:10 o3 openai"}},
      // Not models: word ids named by a constant, tables of other things.
      {"coins.py", "ADA = \"ada\"\nCURIE = \"curie\"\n", {}},
      {"a.py", "people = [\"ada\", \"curie\", \"turing\"]\nlevels = [\"o1\", \"o2\", \"o3\"]\n", {}},
      {"a.py", "HELLO = \"o1\"\nflag = \"o3\"\n", {}},
      {"a.go", "package x\n\nconst (\n\tOptimize = \"o3\"\n)\n", {}},
      // A word id beside a model in a dict is a name or a key, even where the
      // dict opens with a model word (`model_validate(`).
      {"a.py", "x = Action.model_validate({\n    \"command\": [\"ls\"],\n    \"name\": \"ada\",\n    \"m\": \"gpt-4o\",\n})\n",
       {"4:11 gpt-4o openai"}},
      {"a.py", "row = {\"who\": \"ada\", \"model\": \"gpt-4o\"}\n", {"1:32 gpt-4o openai"}},
  });
}

TEST_CASE("Hub org/name embedding models and new providers are found", "[scan][identifiers]") {
  run_rows({
      {"e.py", "m = SentenceTransformer(\"sentence-transformers/all-MiniLM-L6-v2\")\n",
       {"1:26 sentence-transformers/all-MiniLM-L6-v2 huggingface"}},
      {"e.py", "emb = HuggingFaceEmbeddings(model_name=\"BAAI/bge-small-en-v1.5\")\n",
       {"1:41 BAAI/bge-small-en-v1.5 huggingface"}},
      {"e.ts", "const e = await pipeline('feature-extraction', 'intfloat/e5-large-v2');\n",
       {"1:49 intfloat/e5-large-v2 huggingface"}},
      {"e.py", "OllamaEmbeddings(model=\"nomic-embed-text\")\n", {"1:25 nomic-embed-text huggingface"}},
      {"v.py", "vo.embed(texts, model=\"voyage-3.5\")\nvo.rerank(q, docs, model=\"rerank-2\")\n",
       {"1:24 voyage-3.5 voyage", "2:27 rerank-2 voyage"}},
      {"p.py", "client.chat.completions.create(model=\"sonar-pro\")\nMODEL = \"llama-3.1-sonar-large-128k-online\"\n",
       {"1:39 sonar-pro perplexity", "2:10 llama-3.1-sonar-large-128k-online perplexity"}},
      {"g.py", "MODELS = [\"llama-3.3-70b-versatile\", \"moonshotai/kimi-k2-instruct\", \"qwen/qwen3-32b\"]\n",
       {"1:12 llama-3.3-70b-versatile meta", "1:39 moonshotai/kimi-k2-instruct moonshot",
        "1:70 qwen/qwen3-32b alibaba"}},
      // Look-alikes: SonarQube, packages, any other a/b path, a bare rerank-N.
      {"ci.yaml", "steps:\n  - uses: sonarsource/sonar-scanner\n    with: {tool: sonar}\n", {}},
      {"a.ts", "import { voyage } from 'voyage-ai-provider';\nconst out = 'results/gpt-4o';\n", {}},
      {"a.py", "step = \"rerank-2\"\n", {}},
  });
}

TEST_CASE("an unlisted well-shaped id of a known provider is unknown, with its provider", "[scan][identifiers]") {
  struct Case {
    const char* token;
    const char* provider;
  };
  const std::vector<Case> cases = {
      {"gpt-5.6-mini", "openai"},         {"gpt-5.6-tts", "openai"},       {"tts-2-hd", "openai"},
      {"gpt-6-transcribe", "openai"},     {"text-embedding-4-small", "openai"},
      {"claude-haiku-6", "anthropic"},     {"gemini-3.5-flash-tts", "google"}, {"lyria-3-preview", "google"},
      {"veo-4.0-generate-001", "google"}, {"grok-5-mini", "xai"},          {"deepseek-v4", "deepseek"},
      {"command-a-05-2026", "cohere"},    {"mistral-large-2612", "mistral"}, {"nova-3-lite", "amazon"},
      {"llama-5-70b-instruct", "meta"},   {"qwen4-72b", "alibaba"},        {"voyage-4-lite", "voyage"},
      {"kimi-k3", "moonshot"},            {"minimax-m3", "minimax"},       {"pplx-8b-online", "perplexity"},
      {"bge-m3-unsupervised", "huggingface"},
  };
  for (const Case& c : cases) {
    INFO(c.token);
    std::vector<Finding> found = findings_of("a.py", std::string("MODEL = \"") + c.token + "\"\n", "model_reference");
    REQUIRE(found.size() == 1);
    CHECK(found[0].provider == c.provider);
    CHECK(found[0].listing == Listing::Family);  // not listed: the family's catch-all took it
    CHECK(found[0].status == "unknown");
  }
}
