// The model catalog: providers, families (RE2 id patterns) and exact model
// entries with lifecycle facts, loaded from rules/models/. Turns a written
// token ("openai/gpt-4o", "anthropic.claude-3-5-sonnet-20240620-v1:0") into
// a Resolution, or says it is not a model id; and says what a resolved model
// changes for a request (parameter rules, notes, tokenizer, limits, prices:
// rules/models/facts.yaml, docs/catalog.md).
//
// Thread-safety: a loaded Catalog is immutable; resolve() may be called from
// any number of threads.
#pragma once

#include <re2/re2.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/lazy_re2.h"
#include "core/rule_files.h"
#include "core/types.h"

namespace YAML {
class Node;
}

namespace modelshift {

class YamlReader;

struct Lifecycle {
  std::string deprecated_on;  // ISO dates or ""
  std::string shutdown_on;
  std::string replacement;
  bool empty() const { return deprecated_on.empty() && shutdown_on.empty() && replacement.empty(); }
};

// One fact about a request parameter for a model or family (a rule of a
// fact set in rules/models/facts.yaml).
struct ParameterRule {
  std::string parameter;          // as the request names it: "max_tokens", "temperature", "functions"
  std::string action;             // "rename" | "remove" | "fixed" | "require" | "recheck"
  std::string to;                 // rename: the new name ("max_completion_tokens")
  std::string value;              // fixed: the only accepted value, JSON text ("1");
                                  // require: a suggested value, JSON text, may be ""
  std::vector<std::string> apis;  // call-site `api` values it holds for ("chat", "responses",
                                  // "messages", ...), sorted; empty = every API
  std::string reason;             // one line for people
  std::string source;             // required: URL or reference file the fact comes from
};

// A change with no parameter ("stricter function-calling schema validation").
struct ModelNote {
  std::string text, source;
};

struct TokenizerFact {
  std::string encoding;  // "o200k_base" | "cl100k_base" | ... : the encoding to count with
  double ratio = 1.0;    // the model's own count relative to `encoding` (0.96 = 4 % fewer) when its
                         // vocabulary is not public
  bool exact = false;    // true when `encoding` IS the model's tokenizer
  std::string source;
};

// What Catalog::facts() gives for one resolved model. Empty optionals and
// lists mean "not known", never "none".
struct ModelFacts {
  std::vector<ParameterRule> parameters;
  std::vector<ModelNote> notes;
  std::optional<TokenizerFact> tokenizer;
  std::optional<double> context_window, max_output_tokens, input_cost_per_mtok, output_cost_per_mtok;
  std::string price_source;  // where the limits and prices come from ("litellm"); "" when none is known
};

// A named set of facts (rules/models/facts.yaml `sets:`), referenced by the
// `facts:` key of families and models so that every reasoning family does not
// repeat the same rules.
struct FactSet {
  std::string id;
  std::vector<ParameterRule> parameters;
  std::vector<ModelNote> notes;
  std::optional<TokenizerFact> tokenizer;
};

struct Examples {
  std::vector<std::string> match, no_match;
};

struct Family {
  std::string id, name, provider, kind;
  std::vector<std::string> keywords;
  LazyRE2 pattern;
  bool strict = false;
  // The bare id is an everyday word (Cohere's `command`): in prose, even in
  // backticks, it counts only with a model word on its line.
  bool word = false;
  bool case_insensitive = false;
  Lifecycle lifecycle;
  Examples examples;
  std::vector<std::string> facts;  // FactSet ids, applied in order
  std::string origin;  // file:line for messages
};

struct Model {
  std::string id, family_id, provider, kind;
  std::vector<std::string> aliases;
  Lifecycle lifecycle;
  std::optional<double> context_window, max_output_tokens, input_cost_per_mtok, output_cost_per_mtok;
  std::vector<std::string> facts;  // FactSet ids, applied after the family's
  bool uncertain = false;
  const Family* family = nullptr;
};

struct Form {
  std::string id;
  LazyRE2 pattern;
  std::vector<std::string> rewrites;
  std::string platform;  // may contain \N
  bool routing = false;
  std::vector<std::string> after;
  std::vector<std::pair<std::string, std::string>> examples;  // token -> bare id
};

struct Resolution {
  const Model* model = nullptr;    // exact entry, when listed
  const Family* family = nullptr;  // always set
  std::string bare;                // the candidate id that resolved
  std::string written_model;       // token minus routing prefixes/suffixes
  std::string platform;            // outermost platform seen, "" when none

  const std::string& canonical() const { return model ? model->id : bare; }
  const std::string& provider() const { return family->provider; }
  const std::string& kind() const { return model && !model->kind.empty() ? model->kind : family->kind; }
  // The model's own lifecycle when it has one, else the family's.
  const Lifecycle& lifecycle() const;
  bool strict() const { return family->strict; }
  // What the catalog lists for it: an exact entry or only the family.
  Listing listing() const { return model ? Listing::Model : Listing::Family; }
};

struct FalsePositives {
  std::vector<std::string> tokens;
  std::unique_ptr<RE2> tokenizer_context;
  std::unique_ptr<RE2> model_context;
  std::vector<std::unique_ptr<RE2>> api_url_patterns;
  size_t base64_min_run = 48;
  // Tables of ids collapse into one `model_catalogue` finding (see scan.h).
  uint32_t catalogue_min_distinct = 8;
  uint32_t catalogue_max_line_gap = 2;
  // examples, run by the tests
  std::vector<std::string> ex_tokens, ex_tokenizer, ex_not_tokenizer, ex_api_urls, ex_doc_urls;
  std::vector<std::string> ex_model_context, ex_not_model_context;
};

class Catalog {
 public:
  // Loads every file under models/. Problems are appended to `errors`;
  // the catalog is usable only when no error was added.
  static std::unique_ptr<Catalog> load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors);

  // The loaded catalog as JSON, and back (catalog_snapshot.cc). yaml-cpp
  // needs ~40 ms for rules/models/ on every start; the build writes this
  // snapshot of the embedded catalog once, so a pre-commit check starts in
  // a few. Only the embedded rules use it: --rules DIR always reads YAML.
  std::string snapshot() const;
  static std::unique_ptr<Catalog> from_snapshot(std::string_view json, std::vector<Diagnostic>* errors);

  // Resolves a whole token. nullopt when no candidate derived from it is a
  // model id (or when it is a listed false positive).
  std::optional<Resolution> resolve(std::string_view token) const;

  // "active" | "deprecated" | "retired" | "unknown" on date `as_of` (ISO).
  static std::string status(const Resolution& r, std::string_view as_of);

  // The facts for a resolved model: its family's sets, overlaid by the
  // model's own (a later rule replaces an earlier rule for the same
  // parameter and apis; notes accumulate without repeats; the last tokenizer
  // wins), with the model entry's limits and prices. Cost: a few map lookups
  // and copies. Never fails: an id nothing is known about gets empty facts.
  ModelFacts facts(const Resolution& r) const;

  // Fact sets by id, and the call-site api values / token encodings a
  // rule may name (rules/models/facts.yaml).
  const std::map<std::string, FactSet>& fact_sets() const { return fact_sets_; }
  const std::vector<std::string>& fact_apis() const { return fact_apis_; }
  const std::vector<std::string>& fact_encodings() const { return fact_encodings_; }

  // Lower-case literals every family id contains; the prefilter's input.
  const std::vector<std::string>& keywords() const { return keywords_; }

  const std::vector<std::unique_ptr<Family>>& families() const { return families_; }
  const std::vector<std::unique_ptr<Model>>& models() const { return models_; }
  const std::vector<Form>& forms() const { return forms_; }
  const FalsePositives& false_positives() const { return fp_; }
  const std::unordered_map<std::string, std::string>& provider_names() const { return provider_names_; }

 private:
  std::optional<Resolution> lookup(const std::string& bare) const;
  // Indexes ids and aliases (by_id_, by_lower_id_); clashes go to errors.
  void index_models(std::vector<Diagnostic>* errors);
  // Reads models/facts.yaml into fact_sets_ and the lists (catalog_facts.cc).
  void load_facts(YamlReader& yr, const YAML::Node& root);

  std::vector<std::unique_ptr<Family>> families_;
  std::vector<std::unique_ptr<Model>> models_;
  std::unordered_map<std::string, const Model*> by_id_;        // ids and aliases
  std::unordered_map<std::string, const Model*> by_lower_id_;  // for case-insensitive families
  std::vector<Form> forms_;
  FalsePositives fp_;
  std::vector<std::string> keywords_;
  std::unordered_map<std::string, std::string> provider_names_;
  std::map<std::string, FactSet> fact_sets_;
  std::vector<std::string> fact_apis_, fact_encodings_;
  std::string price_source_;  // facts.yaml `price_source`: who wrote the models' limits and prices
};

}  // namespace modelshift
