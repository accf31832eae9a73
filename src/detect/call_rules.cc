// Loading the call-site rules (rules/sdk/): languages.yaml (how each
// tree-sitter language spells calls, arguments, bindings), clients.yaml
// (constructors, mocks, look-alikes), constants.yaml (SDK constants) and the
// per-SDK call rules, with the keyword prefilter built from them.
#include <tree_sitter/api.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "core/yaml_util.h"
#include "detect/calls.h"

namespace modelshift {

namespace {

TSQuery* compile_query(const Language& lang, const std::string& source, YamlReader& yr, const YAML::Node& at) {
  if (source.empty()) return nullptr;
  uint32_t error_offset = 0;
  TSQueryError error = TSQueryErrorNone;
  TSQuery* q = ts_query_new(lang.ts_language, source.data(), static_cast<uint32_t>(source.size()), &error_offset,
                            &error);
  if (!q) {
    static const char* kinds[] = {"none", "syntax", "node type", "field", "capture", "structure", "language"};
    const char* kind = static_cast<int>(error) < 7 ? kinds[error] : "unknown";
    yr.error(at, "bad tree-sitter query for " + lang.name + " (" + kind + " error at offset " +
                     std::to_string(error_offset) + ")");
  }
  return q;
}

ObjectShape read_shape(YamlReader& yr, const YAML::Node& n) {
  yr.check_keys(n, {"node", "body", "pair", "key", "value", "shorthand"});
  ObjectShape s;
  s.node = yr.str(n, "node", true).value_or("");
  s.body = yr.str(n, "body").value_or("");
  s.pair = yr.str(n, "pair", true).value_or("");
  // No key/value fields (PHP's array_element_initializer): the key is the
  // first named child and the value the last.
  s.key = yr.str(n, "key").value_or("");
  s.value = yr.str(n, "value").value_or("");
  s.shorthand = yr.str(n, "shorthand").value_or("");
  return s;
}

std::string quote_re2(const std::string& literal) { return RE2::QuoteMeta(literal); }

}  // namespace

SdkRules::~SdkRules() {
  for (auto& [name, l] : languages_) {
    // tsx aliases typescript's YAML but owns its own compiled queries.
    for (const CallLanguage::LazyQuery* q : {&l->calls_, &l->bindings_, &l->parameters_})
      if (q->query) ts_query_delete(q->query);
  }
}

TSQuery* CallLanguage::compiled(const LazyQuery& q) const {
  std::call_once(q.once, [&] {
    if (q.source.empty()) return;
    uint32_t error_offset = 0;
    TSQueryError error = TSQueryErrorNone;
    q.query = ts_query_new(ts_language, q.source.data(), static_cast<uint32_t>(q.source.size()), &error_offset, &error);
  });
  return q.query;
}

namespace {

// rules/sdk/constants.yaml, read by load_constants() (the engine's model
// references) and by load() (resolving call arguments): `table(language)`
// gives the map a language's constants go into, or null to pass over it.
template <class Table>
void read_constants(YamlReader& yr, const YAML::Node& root, Table table) {
  yr.check_keys(root, {"constants"});
  for (const auto& kv : root["constants"]) {
    if (!kv.second.IsMap()) {
      yr.error(kv.second, "constants of '" + kv.first.Scalar() + "' must be a mapping");
      continue;
    }
    if (std::unordered_map<std::string, std::string>* into = table(kv.first))
      for (const auto& c : kv.second) (*into)[c.first.Scalar()] = c.second.Scalar();
  }
}

}  // namespace

std::map<std::string, std::unordered_map<std::string, std::string>> SdkRules::load_constants(
    const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors) {
  std::map<std::string, std::unordered_map<std::string, std::string>> out;
  for (const RuleFile* f : rule_files_under(files, "sdk/constants.yaml")) {
    YamlReader yr(f->origin, errors);
    if (auto root = yr.parse(f->text)) read_constants(yr, *root, [&](const YAML::Node& lang) { return &out[lang.Scalar()]; });
  }
  return out;
}

// Fills one SdkRules from the files of rules/sdk/, one method a file kind (a
// friend of SdkRules: it writes the private tables load() returns).
class SdkRulesReader {
 public:
  SdkRulesReader(SdkRules* rules, bool eager_queries) : rules_(rules), eager_(eager_queries) {
    opt_.set_log_errors(false);
  }

  // Built-in patterns compile on first use (the tests compile them all).
  LazyRE2 compile(YamlReader& yr, const YAML::Node& at, const std::string& pattern) const {
    LazyRE2 re(pattern, opt_);
    if (eager_ && !re->ok()) yr.error(at, "bad RE2 pattern: " + re->error());
    return re;
  }

  void read_file(const RuleFile& f, const LanguageTable& languages, std::vector<Diagnostic>* errors);
  void build_prefilters();
  void link_bindings(std::vector<Diagnostic>* errors);

 private:
  void read_languages(YamlReader& yr, const YAML::Node& root, const LanguageTable& languages);
  std::unique_ptr<CallLanguage> read_language(YamlReader& yr, const std::string& name, const YAML::Node& n,
                                              const Language& lang);
  void read_clients(YamlReader& yr, const YAML::Node& root, const std::string& origin);
  void read_calls(YamlReader& yr, const YAML::Node& root, const std::string& origin);
  std::unique_ptr<CallRule> read_call_rule(YamlReader& yr, const YAML::Node& n, const std::string& sdk,
                                           const std::string& origin);
  void check_languages(YamlReader& yr, const YAML::Node& n, const std::vector<std::string>& languages) const;

  SdkRules* rules_;
  bool eager_;
  RE2::Options opt_;
};

std::unique_ptr<SdkRules> SdkRules::load(const std::vector<RuleFile>& files, const LanguageTable& languages,
                                         std::vector<Diagnostic>* errors, bool eager_queries) {
  auto rules = std::make_unique<SdkRules>();
  SdkRulesReader reader(rules.get(), eager_queries);
  RE2::Options opt;
  opt.set_log_errors(false);
  rules->not_callee_ = LazyRE2("$^", opt);
  rules->secret_parameter_ = LazyRE2("$^", opt);
  rules->model_factory_ = LazyRE2("$^", opt);
  rules->mock_factory_ = LazyRE2("$^", opt);
  rules->provider_creator_ = LazyRE2("$^", opt);
  rules->provider_imports_ = LazyRE2("($^)", opt);

  // languages.yaml first: the rules name its languages.
  std::vector<const RuleFile*> ordered = rule_files_under(files, "sdk/");
  std::stable_partition(ordered.begin(), ordered.end(), [](const RuleFile* f) { return f->path == "sdk/languages.yaml"; });
  for (const RuleFile* f : ordered) {
    if (f->path.size() < 5 || f->path.compare(f->path.size() - 5, 5, ".yaml") != 0) continue;
    reader.read_file(*f, languages, errors);
  }
  reader.build_prefilters();
  reader.link_bindings(errors);
  return rules;
}

void SdkRulesReader::read_file(const RuleFile& f, const LanguageTable& languages, std::vector<Diagnostic>* errors) {
  YamlReader yr(f.origin, errors);
  auto root = yr.parse(f.text);
  if (!root) return;
  if (f.path == "sdk/languages.yaml") {
    read_languages(yr, *root, languages);
  } else if (f.path == "sdk/clients.yaml") {
    read_clients(yr, *root, f.origin);
  } else if (f.path == "sdk/constants.yaml") {
    read_constants(yr, *root, [&](const YAML::Node& lang) -> std::unordered_map<std::string, std::string>* {
      auto it = rules_->languages_.find(lang.Scalar());
      if (it != rules_->languages_.end()) return &it->second->constants;
      yr.error(lang, "no call-site reading for language '" + lang.Scalar() + "' in sdk/languages.yaml");
      return nullptr;
    });
  } else {
    read_calls(yr, *root, f.origin);
  }
}

void SdkRulesReader::read_languages(YamlReader& yr, const YAML::Node& root, const LanguageTable& languages) {
  yr.check_keys(root, {"not_callee", "secret_parameters", "model_factories", "provider_creators", "provider_imports",
                       "languages"});
  if (auto s = yr.str(root, "model_factories", true)) rules_->model_factory_ = compile(yr, root["model_factories"], *s);
  if (auto s = yr.str(root, "provider_creators")) rules_->provider_creator_ = compile(yr, root["provider_creators"], *s);
  if (auto s = yr.str(root, "provider_imports")) rules_->provider_imports_ = compile(yr, root["provider_imports"], *s);
  if (auto s = yr.str(root, "not_callee", true)) rules_->not_callee_ = compile(yr, root["not_callee"], *s);
  if (auto s = yr.str(root, "secret_parameters", true))
    rules_->secret_parameter_ = compile(yr, root["secret_parameters"], *s);
  for (const auto& kv : root["languages"]) {
    const std::string name = kv.first.Scalar();
    const Language* lang = languages.by_name(name);
    if (!lang || !lang->ts_language) {
      yr.error(kv.first, "'" + name + "' is not a tree-sitter language in rules/languages.yaml");
      continue;
    }
    rules_->languages_[name] = read_language(yr, name, kv.second, *lang);
  }
}

std::unique_ptr<CallLanguage> SdkRulesReader::read_language(YamlReader& yr, const std::string& name,
                                                            const YAML::Node& n, const Language& lang) {
  yr.check_keys(n, {"calls", "named", "objects", "dicts", "bindings", "parameters", "env", "strings", "names",
                    "fields", "conversions", "config", "implicit_fields"});
  auto cl = std::make_unique<CallLanguage>();
  cl->name = name;
  cl->ts_language = lang.ts_language;
  cl->calls_.source = yr.str(n, "calls", true).value_or("");
  cl->bindings_.source = yr.str(n, "bindings").value_or("");
  cl->parameters_.source = yr.str(n, "parameters").value_or("");
  if (eager_)
    for (auto [q, key] : {std::pair{&cl->calls_, "calls"}, {&cl->bindings_, "bindings"}, {&cl->parameters_, "parameters"}})
      std::call_once(q->once, [&] { q->query = compile_query(lang, q->source, yr, n[key]); });
  if (YAML::Node named = n["named"]) {
    // Without name/value fields the name is the first named child and
    // the value the second.
    yr.check_keys(named, {"node", "name", "value"});
    cl->named_node = yr.str(named, "node", true).value_or("");
    cl->named_name = yr.str(named, "name").value_or("");
    cl->named_value = yr.str(named, "value").value_or("");
  }
  for (const YAML::Node& o : n["objects"]) cl->objects.push_back(read_shape(yr, o));
  for (const YAML::Node& o : n["dicts"]) cl->dicts.push_back(read_shape(yr, o));
  for (const std::string& e : yr.str_list(n, "env")) cl->env.push_back(compile(yr, n["env"], e));
  for (const std::string& e : yr.str_list(n, "config")) cl->config.push_back(compile(yr, n["config"], e));
  if (YAML::Node i = n["implicit_fields"]) cl->implicit_fields = i.IsScalar() && i.Scalar() == "true";
  cl->strings = yr.str_list(n, "strings");
  if (n["names"]) cl->names = yr.str_list(n, "names");
  cl->fields = yr.str_list(n, "fields");
  cl->conversions = yr.str_list(n, "conversions");
  return cl;
}

// Each language a rule names must have a call-site reading in languages.yaml.
void SdkRulesReader::check_languages(YamlReader& yr, const YAML::Node& n,
                                     const std::vector<std::string>& languages) const {
  for (const std::string& l : languages)
    if (!rules_->languages_.count(l))
      yr.error(n["languages"], "no call-site reading for language '" + l + "' in sdk/languages.yaml");
}

void SdkRulesReader::read_clients(YamlReader& yr, const YAML::Node& root, const std::string& origin) {
  yr.check_keys(root, {"clients", "mocks", "lookalikes", "examples"});
  auto read_example = [&](const YAML::Node& ex) {
    yr.check_keys(ex, {"language", "text", "sdk"});
    ClientExample e;
    e.language = yr.str(ex, "language", true).value_or("");
    e.text = yr.str(ex, "text", true).value_or("");
    e.sdk = yr.str(ex, "sdk").value_or("");
    e.origin = origin + ":" + std::to_string(ex.Mark().line + 1);
    rules_->client_examples_.push_back(std::move(e));
  };
  for (const YAML::Node& n : root["clients"]) {
    yr.check_keys(n, {"id", "sdk", "from", "languages", "callee", "examples"});
    ClientRule c;
    c.id = yr.str(n, "id", true).value_or("");
    c.sdk = yr.str(n, "sdk", true).value_or("");
    c.from = yr.str_list(n, "from");
    c.languages = yr.str_list(n, "languages");
    c.callee = compile(yr, n["callee"], yr.str(n, "callee", true).value_or(""));
    check_languages(yr, n, c.languages);
    for (const YAML::Node& ex : n["examples"]) read_example(ex);
    rules_->clients_.push_back(std::move(c));
  }
  if (auto m = yr.str(root, "mocks")) rules_->mock_factory_ = compile(yr, root["mocks"], *m);
  rules_->lookalikes_ = yr.str_list(root, "lookalikes");
  for (const YAML::Node& ex : root["examples"]) read_example(ex);
}

void SdkRulesReader::read_calls(YamlReader& yr, const YAML::Node& root, const std::string& origin) {
  yr.check_keys(root, {"sdk", "calls"});
  const std::string sdk = yr.str(root, "sdk", true).value_or("");
  for (const YAML::Node& n : root["calls"]) rules_->rules_.push_back(read_call_rule(yr, n, sdk, origin));
}

std::unique_ptr<CallRule> SdkRulesReader::read_call_rule(YamlReader& yr, const YAML::Node& n, const std::string& sdk,
                                                         const std::string& origin) {
  yr.check_keys(n, {"id", "sdk", "api", "languages", "keywords", "callee", "model", "model_position",
                    "api_by_callee", "require_import", "url", "api_by_url", "body", "builder", "url_client",
                    "url_base", "url_relative", "require_model", "bound_by", "binding_only", "examples"});
  auto r = std::make_unique<CallRule>();
  r->id = yr.str(n, "id", true).value_or("");
  r->sdk = yr.str(n, "sdk").value_or(sdk);
  r->api = yr.str(n, "api", true).value_or("");
  r->languages = yr.str_list(n, "languages");
  r->keywords = yr.str_list(n, "keywords");
  if (r->keywords.empty()) yr.error(n, "a call rule needs keywords (the prefilter)");
  r->model_args = yr.str_list(n, "model");
  r->body_args = yr.str_list(n, "body");
  if (auto p = yr.number(n, "model_position")) r->model_position = static_cast<int>(*p);
  if (YAML::Node rm = n["require_model"]) r->require_model = rm.IsScalar() && rm.Scalar() == "true";
  if (YAML::Node bo = n["binding_only"]) r->binding_only = bo.IsScalar() && bo.Scalar() == "true";
  r->bound_by_ids = yr.str_list(n, "bound_by");
  r->callee = compile(yr, n["callee"], yr.str(n, "callee", true).value_or(""));
  if (auto u = yr.str(n, "url")) r->url = compile(yr, n["url"], *u);
  if (auto c = yr.str(n, "url_client")) r->url_client = compile(yr, n["url_client"], *c);
  r->url_base = yr.str_list(n, "url_base");
  if (auto u = yr.str(n, "url_relative")) r->url_relative = compile(yr, n["url_relative"], *u);
  if (bool(r->url_client) != !r->url_base.empty())
    yr.error(n, "url_client and url_base go together (the client's constructor and its base-URL argument)");
  if (auto ri = yr.str(n, "require_import")) r->require_import = compile(yr, n["require_import"], *ri);
  if (auto b = yr.str(n, "builder")) r->builder = compile(yr, n["builder"], *b);
  for (const char* key : {"api_by_callee", "api_by_url"}) {
    auto& target = std::strcmp(key, "api_by_callee") == 0 ? r->api_by_callee : r->api_by_url;
    for (const auto& kv : n[key]) target.emplace_back(compile(yr, kv.first, kv.first.Scalar()), kv.second.Scalar());
  }
  check_languages(yr, n, r->languages);
  for (const YAML::Node& ex : n["examples"]) {
    yr.check_keys(ex, {"language", "match", "no_match", "model"});
    CallExample e;
    e.language = yr.str(ex, "language", true).value_or("");
    e.match = bool(ex["match"]);
    e.text = yr.str(ex, e.match ? "match" : "no_match", true).value_or("");
    e.model = yr.str(ex, "model").value_or("");
    e.origin = origin + ":" + std::to_string(ex.Mark().line + 1);
    r->examples.push_back(std::move(e));
  }
  return r;
}

// Per language, one RE2 alternation of every keyword its rules need.
void SdkRulesReader::build_prefilters() {
  for (const auto& r : rules_->rules_)
    for (const std::string& l : r->languages) rules_->by_language_[l].push_back(r.get());
  for (const auto& [lang, list] : rules_->by_language_) {
    std::set<std::string> words;
    for (const CallRule* r : list)
      for (const std::string& k : r->keywords) words.insert(k);
    std::string alt;
    for (const std::string& w : words) alt += (alt.empty() ? "" : "|") + quote_re2(w);
    rules_->prefilter_[lang] = std::make_unique<RE2>(alt, opt_);
  }
}

// `bound_by` ids to the rules they name; an unknown id, or a send bound by
// another send, is a rule error.
void SdkRulesReader::link_bindings(std::vector<Diagnostic>* errors) {
  std::map<std::string, const CallRule*> by_id;
  for (const auto& r : rules_->rules_) by_id[r->id] = r.get();
  for (const auto& r : rules_->rules_)
    for (const std::string& id : r->bound_by_ids) {
      auto it = by_id.find(id);
      if (it == by_id.end() || !it->second->bound_by_ids.empty()) {
        errors->push_back({"rules/sdk", 0, 0, "call rule '" + r->id + "': bound_by '" + id +
                                                   "' is not a binding rule (no such id, or a send itself)"});
        continue;
      }
      r->bound_by.push_back(it->second);
    }
}

const CallLanguage* SdkRules::language(const std::string& name) const {
  auto it = languages_.find(name);
  return it == languages_.end() ? nullptr : it->second.get();
}

bool SdkRules::wants(const std::string& language, std::string_view text) const {
  auto it = prefilter_.find(language);
  return it != prefilter_.end() && RE2::PartialMatch(text, *it->second);
}

}  // namespace modelshift
