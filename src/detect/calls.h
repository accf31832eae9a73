// Call sites: where code calls an LLM API, with which model and parameters.
//
// Data in rules/sdk/: languages.yaml says how each tree-sitter language spells
// calls, named arguments, bindings, parameters and environment reads; the
// other files hold SDK rules (callee pattern, api, which argument carries the
// model) with examples the tests run; constants.yaml maps SDK constants
// (Go's openai.GPT4o) to ids.
//
// find_calls() works on one parsed file. What it cannot resolve inside the
// file (a constant from another module, an environment variable set in a
// .env file) it leaves as `symbol` / `env_var` for resolve_across_files(),
// which run_scan() calls once all files are read.
//
// Where the code lives: SdkRules::load() in call_rules.cc; find_calls() in
// calls.cc, which drives the per-file reader FileCalls (file_calls.h lists
// its seams, one call_*.cc file each).
#pragma once

#include <re2/re2.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/lazy_re2.h"
#include "core/rule_files.h"
#include "core/types.h"
#include "read/language.h"

struct TSQuery;
struct TSTree;

namespace modelshift {

class Catalog;

struct ObjectShape {  // a literal with key/value entries (JS object, Go struct literal, Python dict)
  std::string node, body, pair, key, value, shorthand;
};

struct CallLanguage {
  std::string name;
  // The queries, each compiled on first use: tree-sitter spends milliseconds
  // analysing any query against the grammar's parse table, and compiling
  // every language's queries took 70% of a `check` of a few files. A file
  // whose calls pass literal models never needs the bindings query. With
  // --rules they are compiled at load time instead, so mistakes stop the
  // run there. Thread-safe; the built-in queries are checked by the tests.
  TSQuery* calls() const { return compiled(calls_); }
  TSQuery* bindings() const { return compiled(bindings_); }
  TSQuery* parameters() const { return compiled(parameters_); }
  struct LazyQuery {
    std::string source;
    mutable TSQuery* query = nullptr;
    mutable std::once_flag once;
  };
  LazyQuery calls_, bindings_, parameters_;
  const TSLanguage* ts_language = nullptr;
  TSQuery* compiled(const LazyQuery& q) const;
  std::string named_node, named_name, named_value;  // keyword arguments
  std::vector<ObjectShape> objects;                 // spread as named arguments
  std::vector<ObjectShape> dicts;                   // searched for a body's model key
  std::vector<LazyRE2> env;
  // Reads of a config key, as env (group 1 the key, group 2 an optional
  // default): Laravel's config('k', 'd'), Spring's "${k:d}" placeholder.
  std::vector<LazyRE2> config;
  bool implicit_fields = false;  // a bare name may be the object's field (Java `model` for this.model)
  std::vector<std::string> strings;
  std::vector<std::string> names = {"identifier"};  // node types of a plain name to look up
  std::vector<std::string> fields;                  // names of the object's own field (Ruby @ivar)
  std::vector<std::string> conversions;             // calls that pass a string through (`.to_string()`)
  std::unordered_map<std::string, std::string> constants;  // "openai.GPT4o" -> "gpt-4o"
};

struct CallExample {
  std::string language, text, model;
  bool match = true;
  std::string origin;  // file:line for messages
};

struct CallRule {
  std::string id, sdk, api;
  std::vector<std::string> languages, keywords, model_args, body_args;
  int model_position = -1;
  // A constructor that binds no model (`AzureOpenAI(api_key=...)`) is not a
  // call site; the calls on the client are.
  bool require_model = false;
  LazyRE2 callee, url, require_import;
  // Raw HTTP through a client made with a base URL (`axios.create({baseURL})`,
  // `httpx.Client(base_url=...)`): the constructor's callee and the argument
  // names that carry the base, joined with a relative request path.
  LazyRE2 url_client;
  std::vector<std::string> url_base;
  // Callees trusted with a path without a host (`client.post("/v1/messages")`);
  // other receivers need a whole URL or a base-URL client (an SDK's own
  // `this._client.post("/v1/messages")` is its definition, not a use).
  LazyRE2 url_relative;
  // A request builder's model setter (`ChatCompletionCreateParams.builder.model`):
  // the call is a send whose argument is, or names, a builder chain; the
  // setter's first argument is the model.
  LazyRE2 builder;
  std::vector<std::pair<LazyRE2, std::string>> api_by_callee, api_by_url;
  // A send through a bound object (issue 12 §7): `llm.invoke(...)`,
  // `Runner.run(agent)`, `kernel.InvokePromptAsync(...)`. The call is a call
  // site only when its receiver or an argument leads, through the file's
  // bindings, to a call of one of these rules (the binding: `ChatOpenAI(...)`,
  // `Agent(model=...)`), whose model it takes; the binding is then no call
  // site of its own. Ids as written in `bound_by`, linked at load.
  std::vector<std::string> bound_by_ids;
  std::vector<const CallRule*> bound_by;
  // Only a binding: never a call site alone (an `Agent(...)` never run sends
  // nothing), only the model of the sends that use it.
  bool binding_only = false;
  std::vector<CallExample> examples;
};

// A constructor that decides the SDK of calls on the client it made
// (rules/sdk/clients.yaml).
struct ClientRule {
  std::string id, sdk;
  std::vector<std::string> from, languages;
  LazyRE2 callee;
};

// A file's text and the SDK of its one call site ("" when none).
struct ClientExample {
  std::string language, text, sdk;
  std::string origin;  // file:line for messages
};

// A JSON string literal of `s` (see calls.cc for which bytes are escaped).
std::string json_string(std::string_view s, bool keep_utf8 = false);

class SdkRules {
 public:
  // eager_queries: compile every query now and report mistakes (rules from a
  // directory); else each language's on first use (the built-in rules).
  // rules/sdk/constants.yaml: language -> SDK constant -> model id (Go's
  // openai.GPT4o). Also read by load(), which checks the languages.
  static std::map<std::string, std::unordered_map<std::string, std::string>> load_constants(
      const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors);
  static std::unique_ptr<SdkRules> load(const std::vector<RuleFile>& files, const LanguageTable& languages,
                                        std::vector<Diagnostic>* errors, bool eager_queries = true);
  ~SdkRules();

  // The call-site rules of `language` ("" when it has none).
  const CallLanguage* language(const std::string& name) const;
  // True when `text` holds a keyword some call rule of `language` needs: the
  // prefilter that keeps files without LLM calls from being parsed.
  bool wants(const std::string& language, std::string_view text) const;

  const std::vector<std::unique_ptr<CallRule>>& rules() const { return rules_; }
  const RE2& not_callee() const { return *not_callee_; }
  const RE2& secret_parameter() const { return *secret_parameter_; }
  const RE2& model_factory() const { return *model_factory_; }
  // Provider instances (languages.yaml): a name bound to a creator's call
  // (`createOpenAICompatible({...})`) or imported by `provider_imports`
  // (group 1 the imported names) is a model factory too.
  const RE2& provider_creator() const { return *provider_creator_; }
  const RE2& provider_imports() const { return *provider_imports_; }
  const std::vector<ClientRule>& clients() const { return clients_; }
  const RE2& mock_factory() const { return *mock_factory_; }
  const std::vector<std::string>& lookalikes() const { return lookalikes_; }
  const std::vector<ClientExample>& client_examples() const { return client_examples_; }

 private:
  friend class SdkRulesReader;  // call_rules.cc: load() fills these tables through it
  std::map<std::string, std::unique_ptr<CallLanguage>> languages_;
  std::map<std::string, std::vector<const CallRule*>> by_language_;
  std::map<std::string, std::unique_ptr<RE2>> prefilter_;
  std::vector<std::unique_ptr<CallRule>> rules_;
  LazyRE2 not_callee_, secret_parameter_, model_factory_, mock_factory_, provider_creator_, provider_imports_;
  std::vector<ClientRule> clients_;
  std::vector<std::string> lookalikes_;
  std::vector<ClientExample> client_examples_;
};

// A call site found in one text, before lines and columns are known.
struct CallHit {
  uint32_t begin = 0, end = 0;
  const CallRule* rule = nullptr;
  std::string sdk, api, callee;
  std::string model;         // as resolved so far ("" unknown)
  std::string model_source;  // literal | constant | variable | env | config | parameter | unresolved | absent
  std::vector<ResolutionStep> steps;  // offsets into the text (path empty)
  std::string symbol, env_var;        // left for resolve_across_files()
  std::string config_key;             // `CONFIG["models"]["chat"]` -> models.chat, likewise
  std::vector<std::pair<std::string, std::string>> parameters;  // name -> JSON text
};

// A module-level name bound to a literal, for other files to resolve through.
struct Export {
  std::string name, value, source;  // source: constant | variable | env
  std::string env_var;
  uint32_t offset = 0;
};

void find_calls(const SdkRules& rules, const Language& lang, TSTree* tree, std::string_view text,
                std::vector<CallHit>* calls, std::vector<Export>* exports);

// Fills the model fields of a call_site finding from its `model` string.
void describe_call_model(const Catalog& catalog, Finding* f);

}  // namespace modelshift
