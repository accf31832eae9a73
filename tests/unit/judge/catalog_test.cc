// Every example carried by the catalog and its forms is a test case: a rule
// author adds an example and this file runs it.
#include <boost/filesystem.hpp>
#include <nlohmann/json.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "../test_engine.h"
#include "core/embedded_snapshot.h"
#include "core/rule_files.h"
#include "core/yaml_util.h"
#include "detect/calls.h"
#include "detect/code_context.h"
#include "detect/prompts.h"
#include "detect/schemas.h"
#include "judge/catalog.h"
#include "pipeline/scan.h"

using namespace modelshift;

namespace {

const Engine& engine() { return test_engine(); }

}  // namespace

TEST_CASE("the built-in rules load without errors", "[catalog]") {
  std::vector<Diagnostic> errors;
  auto e = Engine::load("", &errors);
  for (const Diagnostic& d : errors) INFO(d.path << ":" << d.line << ": " << d.message);
  REQUIRE(errors.empty());
  REQUIRE(e->catalog->families().size() > 20);
  REQUIRE(e->catalog->models().size() > 200);
  // The call-site rules are loaded lazily from the embedded copy (nobody sees
  // their errors then): load them here the way --rules does, queries and all.
  auto sdk = SdkRules::load(e->rule_files, e->languages, &errors, /*eager_queries=*/true);
  for (const Diagnostic& d : errors) INFO(d.path << ":" << d.line << ": " << d.message);
  REQUIRE(errors.empty());
  REQUIRE(!sdk->rules().empty());
  auto prompts = PromptRules::load(e->rule_files, &errors);
  auto structures = StructureRules::load(e->rule_files, &errors);
  for (const Diagnostic& d : errors) INFO(d.path << ":" << d.line << ": " << d.message);
  REQUIRE(errors.empty());
  REQUIRE(!e->sdk_constant_ids.at("go").empty());
}

TEST_CASE("the rules directory and the embedded copy agree", "[catalog]") {
  std::vector<Diagnostic> errors;
  auto from_dir = Engine::load(std::string(MODELSHIFT_SOURCE_DIR) + "/rules", &errors);
  REQUIRE(errors.empty());
  REQUIRE(from_dir->catalog->models().size() == engine().catalog->models().size());
  REQUIRE(from_dir->catalog->families().size() == engine().catalog->families().size());
}

TEST_CASE("the build's catalog snapshot is the YAML catalog field for field", "[catalog]") {
  // The binary loads the snapshot (embedded_snapshot.h); --rules reads YAML.
  std::vector<Diagnostic> errors;
  std::vector<RuleFile> files = load_rule_files("", &errors);
  auto from_yaml = Catalog::load(files, &errors);
  REQUIRE(errors.empty());
  REQUIRE(!embedded_catalog_snapshot().empty());
  // Family origins carry YAML line numbers, which the embedded rules (read
  // from their pre-parsed JSON) do not have; everything else must agree.
  auto without_origins = [](std::string_view text) {
    nlohmann::json j = nlohmann::json::parse(text);
    for (auto& f : j["families"]) f.erase("origin");
    return j;
  };
  REQUIRE(without_origins(from_yaml->snapshot()) == without_origins(embedded_catalog_snapshot()));
  auto from_snapshot = Catalog::from_snapshot(embedded_catalog_snapshot(), &errors);
  REQUIRE(errors.empty());
  REQUIRE(from_snapshot->snapshot() == std::string(embedded_catalog_snapshot()));
  // And they resolve alike (compiled patterns, forms, alias indexes).
  for (const auto& fam : from_yaml->families())
    for (const std::string& token : fam->examples.match) {
      auto a = from_yaml->resolve(token), b = from_snapshot->resolve(token);
      INFO(token);
      REQUIRE(a.has_value() == b.has_value());
      if (a) CHECK(a->canonical() == b->canonical());
    }
  for (const std::string& token : {"openai/gpt-4o", "azure/my-deploy", "anthropic.claude-3-5-sonnet-20240620-v1:0"}) {
    auto a = from_yaml->resolve(token), b = from_snapshot->resolve(token);
    REQUIRE(a.has_value() == b.has_value());
    if (a) CHECK(a->canonical() == b->canonical());
  }
}

TEST_CASE("a damaged snapshot is an error, not a crash", "[catalog]") {
  for (const char* text : {"", "[1]", "{\"families\": 3}", "{\"families\": [{\"id\": 1}]}"}) {
    std::vector<Diagnostic> errors;
    auto cat = Catalog::from_snapshot(text, &errors);
    REQUIRE(cat);
    CHECK(!errors.empty());
  }
}

TEST_CASE("every family's match examples resolve to that family", "[catalog]") {
  const Catalog& cat = *engine().catalog;
  size_t checked = 0;
  for (const auto& fam : cat.families()) {
    for (const std::string& ex : fam->examples.match) {
      INFO("family " << fam->id << " (" << fam->origin << ") example '" << ex << "'");
      std::optional<Resolution> r = cat.resolve(ex);
      REQUIRE(r.has_value());
      CHECK(r->family->id == fam->id);
      ++checked;
    }
    for (const std::string& ex : fam->examples.no_match) {
      INFO("family " << fam->id << " (" << fam->origin << ") no_match example '" << ex << "'");
      std::optional<Resolution> r = cat.resolve(ex);
      CHECK((!r || r->family->id != fam->id));
      ++checked;
    }
  }
  REQUIRE(checked > 100);
}

TEST_CASE("every family's keywords appear in what it matches", "[catalog]") {
  // The prefilter only looks for keywords; an id without one would be missed.
  const Catalog& cat = *engine().catalog;
  auto has_keyword = [&](const Family& fam, std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& k : fam.keywords)
      if (s.find(k) != std::string::npos) return true;
    return false;
  };
  for (const auto& fam : cat.families())
    for (const std::string& ex : fam->examples.match) {
      INFO("family " << fam->id << " example " << ex);
      CHECK(has_keyword(*fam, ex));
    }
  for (const auto& m : cat.models()) {
    INFO("model " << m->id);
    CHECK(has_keyword(*m->family, m->id));
  }
}

TEST_CASE("every listed model and alias resolves to itself", "[catalog]") {
  const Catalog& cat = *engine().catalog;
  for (const auto& m : cat.models()) {
    std::vector<std::string> names = m->aliases;
    names.push_back(m->id);
    for (const std::string& n : names) {
      INFO("model " << m->id << " name " << n);
      std::optional<Resolution> r = cat.resolve(n);
      REQUIRE(r.has_value());
      CHECK(r->model == m.get());
    }
  }
}

TEST_CASE("form examples reduce tokens to the expected bare id", "[catalog]") {
  const Catalog& cat = *engine().catalog;
  size_t checked = 0;
  for (const Form& form : cat.forms()) {
    for (const auto& [token, bare] : form.examples) {
      INFO("form " << form.id << ": " << token << " -> " << bare);
      std::optional<Resolution> r = cat.resolve(token);
      REQUIRE(r.has_value());
      CHECK((r->canonical() == bare || r->bare == bare));
      ++checked;
    }
  }
  REQUIRE(checked >= 15);
}

TEST_CASE("routing prefixes leave the written model; platform forms keep it", "[catalog]") {
  const Catalog& cat = *engine().catalog;
  struct Row {
    const char* token;
    const char* model;
    const char* platform;
  };
  const Row rows[] = {
      {"openai/gpt-4o", "gpt-4o", "openai"},
      {"azure/gpt-4o-2024-08-06", "gpt-4o-2024-08-06", "azure"},
      {"openai:gpt-4o-mini", "gpt-4o-mini", "openai"},
      {"anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-5-sonnet-20240620-v1:0", "bedrock"},
      {"bedrock/anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1:0", "bedrock"},
      {"claude-3-5-sonnet@20240620", "claude-3-5-sonnet@20240620", "vertex"},
      {"ft:gpt-4o-mini:org::id", "ft:gpt-4o-mini:org::id", "openai-fine-tune"},
      {"gpt-4o", "gpt-4o", ""},
  };
  for (const Row& row : rows) {
    INFO(row.token);
    std::optional<Resolution> r = cat.resolve(row.token);
    REQUIRE(r.has_value());
    CHECK(r->written_model == row.model);
    CHECK(r->platform == row.platform);
  }
}

TEST_CASE("the mission's pair: gpt-5.2 is deprecated and replaced by gpt-5.5", "[catalog]") {
  const Catalog& cat = *engine().catalog;
  for (const char* id : {"gpt-5.2", "gpt-5.2-mini", "gpt-5.2-pro", "openai/gpt-5.2", "azure/gpt-5.2"}) {
    INFO(id);
    std::optional<Resolution> r = cat.resolve(id);
    REQUIRE(r.has_value());
    CHECK(r->lifecycle().deprecated_on == "2026-06-12");
    CHECK(r->lifecycle().replacement.rfind("gpt-5.5", 0) == 0);
    CHECK(Catalog::status(*r, "2026-11-25") == "deprecated");
    CHECK(Catalog::status(*r, "2026-01-01") == "active");
  }
  std::optional<Resolution> e = cat.resolve("embedding-5.2");
  REQUIRE(e.has_value());
  CHECK(e->lifecycle().replacement == "embedding-5.5");
  std::optional<Resolution> next = cat.resolve("gpt-5.5");
  REQUIRE(next.has_value());
  CHECK(Catalog::status(*next, "2026-11-25") == "active");
}

TEST_CASE("well-shaped ids the catalog does not list yet resolve by family as unknown", "[catalog]") {
  const Catalog& cat = *engine().catalog;
  for (const char* id : {"gpt-5.7-mini", "claude-sonnet-7-1", "gemini-4.5-flash"}) {
    INFO(id);
    std::optional<Resolution> r = cat.resolve(id);
    REQUIRE(r.has_value());
    CHECK(r->model == nullptr);
    CHECK(Catalog::status(*r, "2026-11-25") == "unknown");
  }
}

TEST_CASE("false-positive examples in the rules hold", "[catalog]") {
  const Engine& e = engine();
  const FalsePositives& fp = e.catalog->false_positives();
  REQUIRE(!fp.ex_tokens.empty());
  for (const std::string& t : fp.ex_tokens) {
    INFO(t);
    CHECK(!e.catalog->resolve(t));
  }
  for (const std::string& before : fp.ex_tokenizer) {
    std::string text = before + "gpt-4\")";
    INFO(text);
    CHECK(e.matcher->in_tokenizer_context(text, static_cast<uint32_t>(before.size())));
  }
  for (const std::string& before : fp.ex_not_tokenizer) {
    std::string text = before + "gpt-4\")";
    INFO(text);
    CHECK(!e.matcher->in_tokenizer_context(text, static_cast<uint32_t>(before.size())));
  }
  for (const std::string& before : fp.ex_model_context) {
    std::string text = before + "o1\"";
    INFO(text);
    CHECK(e.matcher->in_model_context(text, static_cast<uint32_t>(before.size()), ""));
  }
  REQUIRE(!fp.ex_not_model_context.empty());
  for (const std::string& before : fp.ex_not_model_context) {
    std::string text = before + "o1\"";
    INFO(text);
    CHECK(!e.matcher->in_model_context(text, static_cast<uint32_t>(before.size()), ""));
  }
  for (const std::string& url : fp.ex_api_urls) {
    INFO(url);
    CHECK(e.matcher->find(url).size() == 1);
  }
  for (const std::string& url : fp.ex_doc_urls) {
    INFO(url);
    CHECK(e.matcher->find(url).empty());
  }
}

TEST_CASE("no model id is written in a C++ string literal", "[catalog]") {
  // Model names are data in rules/, never C++ literals: scan our own sources
  // with our own scanner and accept nothing in string context.
  namespace fs = boost::filesystem;
  const Engine& e = engine();
  CodeParser parser;
  size_t files = 0;
  for (fs::recursive_directory_iterator it(std::string(MODELSHIFT_SOURCE_DIR) + "/src"), end; it != end; ++it) {
    std::string ext = it->path().extension().string();
    if (ext != ".cc" && ext != ".h") continue;
    std::ifstream in(it->path().string());
    std::stringstream ss;
    ss << in.rdbuf();
    // Read as C++ (lexical strings and comments).
    FileResult r = scan_bytes(e, "src/" + it->path().filename().string(), ss.str(), parser);
    for (const Finding& f : r.findings) {
      INFO(f.path << ":" << f.loc.line << " " << f.written << " [" << f.context << "]");
      CHECK(f.context == "comment");
    }
    ++files;
  }
  REQUIRE(files > 10);
}

namespace {

// Same shape, same scalars, same key order (first-match rules depend on it).
bool same_yaml(const YAML::Node& a, const YAML::Node& b, std::string* where) {
  if (a.Type() != b.Type()) return false;
  if (a.IsScalar()) return a.Scalar() == b.Scalar();
  if (a.size() != b.size()) return false;
  if (a.IsSequence()) {
    for (size_t i = 0; i < a.size(); ++i)
      if (!same_yaml(a[i], b[i], where)) return *where += "[" + std::to_string(i) + "]", false;
    return true;
  }
  if (a.IsMap()) {
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
      if (ia->first.Scalar() != ib->first.Scalar()) return *where += " key order at " + ia->first.Scalar(), false;
      if (!same_yaml(ia->second, ib->second, where)) return *where += "." + ia->first.Scalar(), false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("pre-parsed embedded rules read exactly as yaml-cpp reads the YAML", "[catalog]") {
  std::vector<Diagnostic> errors;
  size_t checked = 0;
  for (const RuleFile& f : load_rule_files("", &errors)) {
    if (!f.path.ends_with(".yaml")) continue;
    YamlReader yr(f.origin, &errors);
    std::optional<YAML::Node> fast = yr.parse(f.text);
    REQUIRE(fast);
    std::string where;
    INFO(f.path);
    CHECK(same_yaml(YAML::Load(f.text), *fast, &where));
    INFO(where);
    ++checked;
  }
  REQUIRE(errors.empty());
  REQUIRE(checked >= 20);
  REQUIRE(embedded_rules_json().size() == checked);
}
