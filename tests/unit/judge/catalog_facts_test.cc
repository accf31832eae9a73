// What a target model changes for a request (rules/models/facts.yaml and the
// `facts:` keys of families and models): the built-in facts, the overlay of a
// family's sets by its model's, located load errors and the snapshot.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <tuple>

#include "../test_engine.h"
#include "core/embedded_snapshot.h"
#include "core/rule_files.h"
#include "detect/calls.h"
#include "judge/catalog.h"

using namespace modelshift;

namespace {

const Catalog& catalog() { return *test_engine().catalog; }

ModelFacts facts_of(const std::string& token) {
  std::optional<Resolution> r = catalog().resolve(token);
  REQUIRE(r.has_value());
  return catalog().facts(*r);
}

// The rule for `parameter` that holds for call-site api `api`, or nullptr.
const ParameterRule* rule_for(const ModelFacts& f, const std::string& parameter, const std::string& api) {
  for (const ParameterRule& r : f.parameters)
    if (r.parameter == parameter && (r.apis.empty() || std::count(r.apis.begin(), r.apis.end(), api)))
      return &r;
  return nullptr;
}

bool has_note(const ModelFacts& f, const std::string& words) {
  return std::any_of(f.notes.begin(), f.notes.end(), [&](const ModelNote& n) { return n.text.find(words) != std::string::npos; });
}

// A catalog of one provider file plus a facts.yaml, for load and overlay tests.
std::unique_ptr<Catalog> load_small(const std::string& facts_yaml, const std::string& family_facts,
                                    const std::string& model_facts, std::vector<Diagnostic>* errors) {
  std::string provider =
      "provider: acme\n"
      "families:\n"
      "  - id: acme.widget\n"
      "    name: widget\n"
      "    keywords: [widget-]\n"
      "    pattern: 'widget-[0-9]+'\n"
      "    kind: chat\n" +
      (family_facts.empty() ? "" : "    facts: " + family_facts + "\n") +
      "    examples:\n"
      "      match: [widget-1]\n"
      "models:\n"
      "  - id: widget-2\n"
      "    family: acme.widget\n"
      "    kind: chat\n"
      "    context_window: 1000\n" +
      (model_facts.empty() ? "" : "    facts: " + model_facts + "\n") + "    source: litellm\n";
  std::vector<RuleFile> files = {{"models/acme.yaml", provider, "test/acme.yaml"},
                                 {"models/facts.yaml", facts_yaml, "test/facts.yaml"}};
  return Catalog::load(files, errors);
}

const char* kSmallFacts = R"(
price_source: litellm
references: [litellm, migration-guide]
apis: [chat, responses]
encodings: [o200k_base, cl100k_base]
sets:
  - id: base
    parameters:
      - {parameter: temperature, action: fixed, value: '1', apis: [chat], reason: r, source: litellm}
      - {parameter: temperature, action: remove, apis: [responses], reason: r, source: litellm}
      - {parameter: max_tokens, action: rename, to: max_completion_tokens, apis: [chat], reason: r, source: litellm}
    notes:
      - {text: same note, source: litellm}
    tokenizer: {encoding: cl100k_base, exact: true, source: litellm}
  - id: newer
    parameters:
      - {parameter: temperature, action: recheck, apis: [chat], reason: newer, source: 'https://example.com/x'}
    notes:
      - {text: same note, source: migration-guide}
      - {text: other note, source: migration-guide}
    tokenizer: {encoding: o200k_base, ratio: 0.96, source: migration-guide}
)";

}  // namespace

TEST_CASE("built-in facts: parameter rules per model", "[catalog][facts]") {
  struct Row {
    const char* token;
    const char* parameter;
    const char* api;
    const char* action;  // "" = no rule holds
    const char* to_or_value;
  };
  const Row rows[] = {
      // reasoning models: max_tokens renamed on chat, sampling fixed or gone
      {"o3", "max_tokens", "chat", "rename", "max_completion_tokens"},
      {"o4-mini", "temperature", "chat", "fixed", "1"},
      {"o1", "logit_bias", "chat", "remove", ""},
      {"o3-mini", "presence_penalty", "chat", "remove", ""},
      {"o3", "top_logprobs", "responses", "remove", ""},
      {"o3", "max_tokens", "responses", "", ""},
      {"gpt-5", "temperature", "responses", "fixed", "1"},
      {"gpt-5-mini", "frequency_penalty", "chat", "remove", ""},
      // from gpt-5.1 on, sampling only at reasoning effort none
      {"gpt-5.1", "temperature", "chat", "recheck", ""},
      {"gpt-5.2", "temperature", "chat", "recheck", ""},
      {"gpt-5.2-pro", "top_p", "responses", "recheck", ""},
      {"gpt-5.5-mini", "logprobs", "chat", "recheck", ""},
      {"gpt-5.2", "max_tokens", "chat", "rename", "max_completion_tokens"},
      {"gpt-5.5", "logit_bias", "chat", "remove", ""},
      {"gpt-5.1-codex", "temperature", "chat", "fixed", "1"},
      // legacy function calling on every OpenAI chat model
      {"gpt-4o", "functions", "chat", "rename", "tools"},
      {"gpt-3.5-turbo", "function_call", "chat", "rename", "tool_choice"},
      {"azure/gpt-35-turbo", "functions", "chat", "rename", "tools"},
      {"gpt-5.2-mini", "functions", "chat", "rename", "tools"},
      {"gpt-4o", "temperature", "chat", "", ""},
      {"gpt-4o", "max_tokens", "chat", "", ""},
      // gpt-5.5 validates tool schemas more strictly
      {"gpt-5.5", "tools", "chat", "recheck", ""},
      {"gpt-5.2", "tools", "chat", "", ""},
      {"gpt-5-chat-latest", "tools", "chat", "recheck", ""},
      // Anthropic
      {"claude-3-5-sonnet-20241022", "max_tokens", "messages", "require", ""},
      {"claude-opus-4-7", "max_tokens", "messages", "require", ""},
      {"claude-sonnet-4-5", "top_p", "messages", "recheck", ""},
      {"claude-haiku-4-5", "top_p", "messages", "recheck", ""},
      {"claude-3-7-sonnet-20250219", "top_p", "messages", "", ""},
      // Gemini 3 is tuned for the default temperature; nothing known for 2.5
      {"gemini-3.1-pro-preview", "temperature", "generate", "recheck", ""},
      {"gemini-3-pro-preview", "temperature", "chat", "recheck", ""},
      {"gemini-2.5-pro", "temperature", "generate", "", ""},
  };
  for (const Row& row : rows) {
    INFO(row.token << " " << row.parameter << " on " << row.api);
    ModelFacts f = facts_of(row.token);
    const ParameterRule* r = rule_for(f, row.parameter, row.api);
    if (!*row.action) {
      CHECK(r == nullptr);
      continue;
    }
    REQUIRE(r != nullptr);
    CHECK(r->action == row.action);
    CHECK((r->action == "rename" ? r->to : r->value) == row.to_or_value);
    CHECK(!r->reason.empty());
    CHECK(!r->source.empty());
  }
}

TEST_CASE("built-in facts: tokenizers", "[catalog][facts]") {
  struct Row {
    const char* token;
    const char* encoding;  // "" = none known
    double ratio;
    bool exact;
  };
  const Row rows[] = {
      {"gpt-4o", "o200k_base", 1.0, true},          {"gpt-4.1-mini", "o200k_base", 1.0, true},
      {"o1", "o200k_base", 1.0, true},              {"o3-mini", "o200k_base", 1.0, true},
      {"gpt-5", "o200k_base", 1.0, true},           {"gpt-4", "cl100k_base", 1.0, true},
      {"gpt-3.5-turbo", "cl100k_base", 1.0, true},  {"text-embedding-3-small", "cl100k_base", 1.0, true},
      {"text-embedding-ada-002", "cl100k_base", 1.0, true},
      {"gpt-oss-20b", "o200k_harmony", 1.0, true},
      {"gpt-5.2", "o200k_base", 1.0, false},        {"gpt-5.2-nano", "o200k_base", 1.0, false},
      {"embedding-5.2", "o200k_base", 1.0, false},  {"gpt-5.5", "o200k_base", 0.96, false},
      {"gpt-5.5-pro", "o200k_base", 0.96, false},   {"embedding-5.5", "o200k_base", 0.96, false},
      {"claude-sonnet-4-5", "", 0, false},          {"gemini-2.5-flash", "", 0, false},
      {"gpt-5.7-mini", "", 0, false},
  };
  for (const Row& row : rows) {
    INFO(row.token);
    ModelFacts f = facts_of(row.token);
    if (!*row.encoding) {
      CHECK(!f.tokenizer);
      continue;
    }
    REQUIRE(f.tokenizer);
    CHECK(f.tokenizer->encoding == row.encoding);
    CHECK(f.tokenizer->ratio == Approx(row.ratio));
    CHECK(f.tokenizer->exact == row.exact);
    CHECK(!f.tokenizer->source.empty());
  }
}

TEST_CASE("the gpt-5.2 -> gpt-5.5 pair carries what the migration guide says", "[catalog][facts]") {
  for (const char* id : {"gpt-5.5", "gpt-5.5-mini", "gpt-5.5-nano", "gpt-5.5-pro", "openai/gpt-5.5"}) {
    INFO(id);
    ModelFacts f = facts_of(id);
    CHECK(has_note(f, "larger context window"));
    CHECK(has_note(f, "3-5 % fewer tokens"));
    CHECK(has_note(f, "stricter function-calling schema validation"));
    CHECK(has_note(f, "safety flags"));
    for (const ModelNote& n : f.notes) CHECK(n.source == "migration-guide");
    CHECK(!f.context_window);  // no source gives a number yet
  }
  for (const char* id : {"gpt-5.2", "gpt-5.2-mini", "gpt-5.2-nano", "gpt-5.2-pro", "embedding-5.2"}) {
    INFO(id);
    ModelFacts f = facts_of(id);
    REQUIRE(f.tokenizer);
    CHECK(f.notes.empty());
  }
  CHECK(has_note(facts_of("embedding-5.5"), "3-5 % fewer tokens"));
}

TEST_CASE("built-in facts: limits and prices come with their source", "[catalog][facts]") {
  ModelFacts f = facts_of("gpt-4o");
  REQUIRE(f.context_window);
  CHECK(*f.context_window == 128000);
  CHECK(*f.max_output_tokens == 16384);
  CHECK(*f.input_cost_per_mtok == Approx(2.5));
  CHECK(*f.output_cost_per_mtok == Approx(10.0));
  CHECK(f.price_source == "litellm");
  ModelFacts claude = facts_of("claude-sonnet-4-5");
  CHECK(*claude.input_cost_per_mtok == Approx(3.0));
  // A family-only resolution has no limits or prices, and says so.
  ModelFacts unknown = facts_of("gpt-5.7-mini");
  CHECK(!unknown.context_window);
  CHECK(!unknown.input_cost_per_mtok);
  CHECK(unknown.price_source.empty());
}

TEST_CASE("every fact is sourced and every referenced set exists", "[catalog][facts]") {
  const Catalog& cat = catalog();
  REQUIRE(cat.fact_sets().size() >= 10);
  for (const auto& [id, set] : cat.fact_sets()) {
    INFO("set " << id);
    for (const ParameterRule& r : set.parameters) {
      CHECK(!r.source.empty());
      CHECK(!r.reason.empty());
      CHECK(std::is_sorted(r.apis.begin(), r.apis.end()));
    }
    for (const ModelNote& n : set.notes) CHECK(!n.source.empty());
    if (set.tokenizer) CHECK(!set.tokenizer->source.empty());
  }
  size_t refs = 0;
  for (const auto& fam : cat.families())
    for (const std::string& id : fam->facts) {
      CHECK(cat.fact_sets().count(id));
      ++refs;
    }
  for (const auto& m : cat.models())
    for (const std::string& id : m->facts) {
      CHECK(cat.fact_sets().count(id));
      ++refs;
    }
  CHECK(refs > 50);
}

TEST_CASE("the apis of facts.yaml are the call-site apis of the SDK rules", "[catalog][facts]") {
  // A rule limited to an api no call site has would never apply.
  std::vector<Diagnostic> errors;
  const Engine& e = test_engine();
  auto sdk = SdkRules::load(e.rule_files, e.languages, &errors, /*eager_queries=*/false);
  REQUIRE(errors.empty());
  std::set<std::string> used;
  for (const auto& rule : sdk->rules()) {
    if (!rule->api.empty()) used.insert(rule->api);
    for (const auto& [re, api] : rule->api_by_callee) used.insert(api);
    for (const auto& [re, api] : rule->api_by_url) used.insert(api);
  }
  std::set<std::string> declared(catalog().fact_apis().begin(), catalog().fact_apis().end());
  CHECK(declared == used);
}

TEST_CASE("a model's sets overlay its family's", "[catalog][facts]") {
  std::vector<Diagnostic> errors;
  auto cat = load_small(kSmallFacts, "[base]", "[newer]", &errors);
  for (const Diagnostic& d : errors) INFO(d.path << ":" << d.line << ": " << d.message);
  REQUIRE(errors.empty());

  ModelFacts family_only = cat->facts(*cat->resolve("widget-1"));
  REQUIRE(family_only.parameters.size() == 3);
  CHECK(family_only.parameters[0].action == "fixed");
  CHECK(family_only.tokenizer->encoding == "cl100k_base");
  CHECK(!family_only.context_window);
  CHECK(family_only.price_source.empty());

  ModelFacts model = cat->facts(*cat->resolve("widget-2"));
  REQUIRE(model.parameters.size() == 3);
  // Same parameter and apis: replaced in place. Other apis: kept.
  CHECK(model.parameters[0].action == "recheck");
  CHECK(model.parameters[0].reason == "newer");
  CHECK(model.parameters[1].action == "remove");
  CHECK(model.parameters[2].to == "max_completion_tokens");
  // Notes accumulate without repeats; the last tokenizer wins.
  REQUIRE(model.notes.size() == 2);
  CHECK(model.notes[0].source == "litellm");
  CHECK(model.tokenizer->encoding == "o200k_base");
  CHECK(model.tokenizer->ratio == Approx(0.96));
  CHECK(!model.tokenizer->exact);
  CHECK(*model.context_window == 1000);
  CHECK(model.price_source == "litellm");
}

TEST_CASE("mistakes in facts are located errors", "[catalog][facts]") {
  struct Row {
    std::string from, to;       // an edit of kSmallFacts ("" = none)
    std::string family_facts;   // the family's facts: key
    std::string expected;       // part of the message
  };
  const Row rows[] = {
      {"action: recheck", "action: recheck_it", "[newer]", "unknown action 'recheck_it' (did you mean 'recheck'?)"},
      {"apis: [chat], reason: newer", "apis: [chta], reason: newer", "[newer]", "unknown api 'chta'"},
      {"reason: newer, source: 'https://example.com/x'", "reason: newer", "[newer]", "missing required key 'source'"},
      {"source: 'https://example.com/x'", "source: somewhere", "[newer]", "source must be a URL or one of the references"},
      {"value: '1'", "value: '{1'", "[base]", "value must be JSON text"},
      {"to: max_completion_tokens, ", "", "[base]", "a rename needs 'to'"},
      {"action: remove, apis: [responses]", "action: remove, value: '2', apis: [responses]", "[base]",
       "'value' is only for actions fixed and require"},
      {"ratio: 0.96, source", "ratio: 0.96, exact: true, source", "[newer]", "an exact tokenizer has ratio 1"},
      {"encoding: cl100k_base", "encoding: cl100k", "[base]", "unknown encoding 'cl100k'"},
      {"  - id: newer", "  - id: base", "[base]", "duplicate fact set id 'base'"},
      {"tokenizer: {encoding: cl100k_base", "tokeniser: {encoding: cl100k_base", "[base]", "unknown key 'tokeniser'"},
      {"", "", "[bsae]", "unknown fact set 'bsae' (did you mean 'base'?)"},
      {"", "", "[base, base]", "fact set 'base' is listed twice"},
  };
  for (const Row& row : rows) {
    std::string text = kSmallFacts;
    if (!row.from.empty()) {
      size_t at = text.find(row.from);
      REQUIRE(at != std::string::npos);
      text.replace(at, row.from.size(), row.to);
    }
    std::vector<Diagnostic> errors;
    load_small(text, row.family_facts, "", &errors);
    INFO(row.expected);
    REQUIRE(!errors.empty());
    bool found = false;
    for (const Diagnostic& d : errors) {
      INFO(d.path << ":" << d.line << ": " << d.message);
      if (d.message.find(row.expected) == std::string::npos) continue;
      found = true;
      CHECK(d.path.starts_with("test/"));
      CHECK(d.line > 0);
    }
    CHECK(found);
  }
}

TEST_CASE("facts survive the snapshot round trip", "[catalog][facts]") {
  std::vector<Diagnostic> errors;
  auto from_yaml = Catalog::load(load_rule_files("", &errors), &errors);
  auto from_snapshot = Catalog::from_snapshot(embedded_catalog_snapshot(), &errors);
  REQUIRE(errors.empty());
  REQUIRE(from_yaml->fact_sets().size() == from_snapshot->fact_sets().size());
  for (const char* token : {"o3", "gpt-5.5-pro", "gpt-5.2", "gpt-4o", "claude-sonnet-4-5", "embedding-5.5"}) {
    INFO(token);
    ModelFacts a = from_yaml->facts(*from_yaml->resolve(token));
    ModelFacts b = from_snapshot->facts(*from_snapshot->resolve(token));
    REQUIRE(a.parameters.size() == b.parameters.size());
    for (size_t i = 0; i < a.parameters.size(); ++i) {
      const ParameterRule &x = a.parameters[i], &y = b.parameters[i];
      CHECK(std::tie(x.parameter, x.action, x.to, x.value, x.apis, x.reason, x.source) ==
            std::tie(y.parameter, y.action, y.to, y.value, y.apis, y.reason, y.source));
    }
    REQUIRE(a.notes.size() == b.notes.size());
    for (size_t i = 0; i < a.notes.size(); ++i) CHECK(a.notes[i].text == b.notes[i].text);
    REQUIRE(a.tokenizer.has_value() == b.tokenizer.has_value());
    if (a.tokenizer) {
      CHECK(a.tokenizer->encoding == b.tokenizer->encoding);
      CHECK(a.tokenizer->ratio == b.tokenizer->ratio);
      CHECK(a.tokenizer->exact == b.tokenizer->exact);
      CHECK(a.tokenizer->source == b.tokenizer->source);
    }
    CHECK(a.context_window == b.context_window);
    CHECK(a.input_cost_per_mtok == b.input_cost_per_mtok);
    CHECK(a.price_source == b.price_source);
  }
}
