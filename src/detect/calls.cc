#include "detect/calls.h"

#include <tree_sitter/api.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <set>

#include "core/yaml_util.h"
#include "judge/catalog.h"
#include "read/json_doc.h"

namespace modelshift {

// A JSON string literal of `s`. Control characters are always escaped;
// other non-ASCII bytes too unless keep_utf8 (rules and ids are ASCII, so
// escaping keeps the output valid UTF-8 JSON whatever the input; prompt
// excerpts keep their UTF-8 to stay readable).
std::string json_string(std::string_view s, bool keep_utf8) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || (c >= 0x7f && !keep_utf8)) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}


namespace {

constexpr int kMaxDepth = 8;           // resolution hops inside one file
constexpr size_t kMaxStringValue = 200;  // longer string parameters are summarised

std::string_view node_text(std::string_view text, TSNode n) {
  uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (e > text.size() || b > e) return {};
  return text.substr(b, e - b);
}

// The callee as a path: whitespace, argument lists and optional chaining
// removed, so `client.chat().completions()\n  .create` reads
// `client.chat.completions.create`.
std::string normalise_callee(std::string_view s) {
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '(' || c == '[') {
      ++depth;
      continue;
    }
    if (c == ')' || c == ']') {
      if (depth > 0) --depth;
      continue;
    }
    if (depth > 0 || std::isspace(static_cast<unsigned char>(c))) continue;
    if (c == '?' && i + 1 < s.size() && s[i + 1] == '.') continue;
    if (c == '!' && i + 1 < s.size() && s[i + 1] == '.') continue;  // TS non-null
    out += c;
  }
  if (out.rfind("new", 0) == 0 && out.size() > 3 && std::isupper(static_cast<unsigned char>(out[3])))
    out.erase(0, 3);
  if (out.rfind("await", 0) == 0 && out.size() > 5) out.erase(0, 5);
  for (size_t p; (p = out.find("->")) != std::string::npos;) out.replace(p, 2, ".");
  for (size_t p; (p = out.find("::")) != std::string::npos;) out.replace(p, 2, ".");
  return out;
}

bool has_type(const std::vector<std::string>& types, const char* t) {
  return std::find(types.begin(), types.end(), t) != types.end();
}


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

std::unique_ptr<SdkRules> SdkRules::load(const std::vector<RuleFile>& files, const LanguageTable& languages,
                                         std::vector<Diagnostic>* errors, bool eager_queries) {
  auto rules = std::make_unique<SdkRules>();
  RE2::Options opt;
  opt.set_log_errors(false);
  // Built-in patterns compile on first use (the tests compile them all).
  auto compile = [&](YamlReader& yr, const YAML::Node& at, const std::string& pattern) {
    LazyRE2 re(pattern, opt);
    if (eager_queries && !re->ok()) yr.error(at, "bad RE2 pattern: " + re->error());
    return re;
  };
  rules->not_callee_ = LazyRE2("$^", opt);
  rules->secret_parameter_ = LazyRE2("$^", opt);
  rules->model_factory_ = LazyRE2("$^", opt);
  rules->mock_factory_ = LazyRE2("$^", opt);

  // languages.yaml first: the rules name its languages.
  std::vector<const RuleFile*> ordered = rule_files_under(files, "sdk/");
  std::stable_partition(ordered.begin(), ordered.end(), [](const RuleFile* f) { return f->path == "sdk/languages.yaml"; });
  for (const RuleFile* f : ordered) {
    if (f->path.size() < 5 || f->path.compare(f->path.size() - 5, 5, ".yaml") != 0) continue;
    YamlReader yr(f->origin, errors);
    auto root = yr.parse(f->text);
    if (!root) continue;

    if (f->path == "sdk/languages.yaml") {
      yr.check_keys(*root, {"not_callee", "secret_parameters", "model_factories", "languages"});
      if (auto s = yr.str(*root, "model_factories", true))
        rules->model_factory_ = compile(yr, (*root)["model_factories"], *s);
      if (auto s = yr.str(*root, "not_callee", true)) rules->not_callee_ = compile(yr, (*root)["not_callee"], *s);
      if (auto s = yr.str(*root, "secret_parameters", true))
        rules->secret_parameter_ = compile(yr, (*root)["secret_parameters"], *s);
      for (const auto& kv : (*root)["languages"]) {
        const std::string name = kv.first.Scalar();
        const YAML::Node& n = kv.second;
        const Language* lang = languages.by_name(name);
        if (!lang || !lang->ts_language) {
          yr.error(kv.first, "'" + name + "' is not a tree-sitter language in rules/languages.yaml");
          continue;
        }
        yr.check_keys(n, {"calls", "named", "objects", "dicts", "bindings", "parameters", "env", "strings", "names",
                          "fields", "conversions", "config", "implicit_fields"});
        auto cl = std::make_unique<CallLanguage>();
        cl->name = name;
        cl->ts_language = lang->ts_language;
        cl->calls_.source = yr.str(n, "calls", true).value_or("");
        cl->bindings_.source = yr.str(n, "bindings").value_or("");
        cl->parameters_.source = yr.str(n, "parameters").value_or("");
        if (eager_queries)
          for (auto [q, key] : {std::pair{&cl->calls_, "calls"}, {&cl->bindings_, "bindings"}, {&cl->parameters_, "parameters"}})
            std::call_once(q->once, [&] { q->query = compile_query(*lang, q->source, yr, n[key]); });
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
        rules->languages_[name] = std::move(cl);
      }
      continue;
    }

    if (f->path == "sdk/clients.yaml") {
      yr.check_keys(*root, {"clients", "mocks", "lookalikes", "examples"});
      auto read_example = [&](const YAML::Node& ex) {
        yr.check_keys(ex, {"language", "text", "sdk"});
        ClientExample e;
        e.language = yr.str(ex, "language", true).value_or("");
        e.text = yr.str(ex, "text", true).value_or("");
        e.sdk = yr.str(ex, "sdk").value_or("");
        e.origin = f->origin + ":" + std::to_string(ex.Mark().line + 1);
        rules->client_examples_.push_back(std::move(e));
      };
      for (const YAML::Node& n : (*root)["clients"]) {
        yr.check_keys(n, {"id", "sdk", "from", "languages", "callee", "examples"});
        ClientRule c;
        c.id = yr.str(n, "id", true).value_or("");
        c.sdk = yr.str(n, "sdk", true).value_or("");
        c.from = yr.str_list(n, "from");
        c.languages = yr.str_list(n, "languages");
        c.callee = compile(yr, n["callee"], yr.str(n, "callee", true).value_or(""));
        for (const std::string& l : c.languages)
          if (!rules->languages_.count(l))
            yr.error(n["languages"], "no call-site reading for language '" + l + "' in sdk/languages.yaml");
        for (const YAML::Node& ex : n["examples"]) read_example(ex);
        rules->clients_.push_back(std::move(c));
      }
      if (auto m = yr.str(*root, "mocks")) rules->mock_factory_ = compile(yr, (*root)["mocks"], *m);
      rules->lookalikes_ = yr.str_list(*root, "lookalikes");
      for (const YAML::Node& ex : (*root)["examples"]) read_example(ex);
      continue;
    }

    if (f->path == "sdk/constants.yaml") {
      read_constants(yr, *root, [&](const YAML::Node& lang) -> std::unordered_map<std::string, std::string>* {
        auto it = rules->languages_.find(lang.Scalar());
        if (it != rules->languages_.end()) return &it->second->constants;
        yr.error(lang, "no call-site reading for language '" + lang.Scalar() + "' in sdk/languages.yaml");
        return nullptr;
      });
      continue;
    }

    yr.check_keys(*root, {"sdk", "calls"});
    const std::string sdk = yr.str(*root, "sdk", true).value_or("");
    for (const YAML::Node& n : (*root)["calls"]) {
      yr.check_keys(n, {"id", "sdk", "api", "languages", "keywords", "callee", "model", "model_position",
                        "api_by_callee", "require_import", "url", "api_by_url", "body", "builder", "url_client",
                        "url_base", "url_relative", "require_model", "examples"});
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
      for (const std::string& l : r->languages)
        if (!rules->languages_.count(l))
          yr.error(n["languages"], "no call-site reading for language '" + l + "' in sdk/languages.yaml");
      for (const YAML::Node& ex : n["examples"]) {
        yr.check_keys(ex, {"language", "match", "no_match", "model"});
        CallExample e;
        e.language = yr.str(ex, "language", true).value_or("");
        e.match = bool(ex["match"]);
        e.text = yr.str(ex, e.match ? "match" : "no_match", true).value_or("");
        e.model = yr.str(ex, "model").value_or("");
        e.origin = f->origin + ":" + std::to_string(ex.Mark().line + 1);
        r->examples.push_back(std::move(e));
      }
      rules->rules_.push_back(std::move(r));
    }
  }

  for (const auto& r : rules->rules_)
    for (const std::string& l : r->languages) rules->by_language_[l].push_back(r.get());
  for (const auto& [lang, list] : rules->by_language_) {
    std::set<std::string> words;
    for (const CallRule* r : list)
      for (const std::string& k : r->keywords) words.insert(k);
    std::string alt;
    for (const std::string& w : words) alt += (alt.empty() ? "" : "|") + quote_re2(w);
    rules->prefilter_[lang] = std::make_unique<RE2>(alt, opt);
  }
  return rules;
}

const CallLanguage* SdkRules::language(const std::string& name) const {
  auto it = languages_.find(name);
  return it == languages_.end() ? nullptr : it->second.get();
}

bool SdkRules::wants(const std::string& language, std::string_view text) const {
  auto it = prefilter_.find(language);
  return it != prefilter_.end() && RE2::PartialMatch(text, *it->second);
}

namespace {

struct Binding {
  std::string name;
  TSNode value;
  uint32_t offset;        // of the name
  uint32_t scope_b = 0, scope_e = 0;  // enclosing function; 0,0 at module level
  bool constant = false;
  bool attribute = false;  // self.x / this.x
  // Set only when the name is empty (`if model == "" { model = "gpt-4o" }`):
  // the default of an earlier binding, not a binding of its own.
  bool fallback = false;
};

struct Parameter {
  std::string name;
  TSNode value;  // default; null node when none
  bool has_default = false;
  uint32_t offset;
  uint32_t fn_b, fn_e;
};

struct Resolved {
  bool ok = false;        // a string value was found
  std::string value;
  std::string source = "unresolved";
  std::vector<ResolutionStep> steps;
  std::string symbol, env_var, config_key;
};

// Runs `query` over the tree and calls `fn(captures)` per match, each capture
// as (name, node).
using Captures = std::vector<std::pair<std::string_view, TSNode>>;
// The @call, @callee and @args captures of a call query match; false when one is missing.
bool call_parts(const Captures& caps, TSNode* call, TSNode* callee, TSNode* args) {
  for (const auto& [c, n] : caps) {
    if (c == "call") *call = n;
    else if (c == "callee") *callee = n;
    else if (c == "args") *args = n;
  }
  return !ts_node_is_null(*call) && !ts_node_is_null(*callee) && !ts_node_is_null(*args);
}

void for_each_match(TSQuery* query, TSNode root, const std::function<void(const Captures&)>& fn) {
  TSQueryCursor* cur = ts_query_cursor_new();
  ts_query_cursor_exec(cur, query, root);
  TSQueryMatch m;
  Captures caps;
  while (ts_query_cursor_next_match(cur, &m)) {
    caps.clear();
    for (uint16_t i = 0; i < m.capture_count; ++i) {
      uint32_t len = 0;
      const char* name = ts_query_capture_name_for_id(query, m.captures[i].index, &len);
      caps.emplace_back(std::string_view(name, len), m.captures[i].node);
    }
    fn(caps);
  }
  ts_query_cursor_delete(cur);
}

bool is_scope(const char* type) {
  return std::strstr(type, "function") || std::strstr(type, "method") || std::strstr(type, "lambda") ||
         std::strstr(type, "func_literal") || std::strstr(type, "arrow") || std::strstr(type, "constructor_declaration");
}

void enclosing_scope(TSNode n, uint32_t* b, uint32_t* e) {
  *b = *e = 0;
  for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); p = ts_node_parent(p)) {
    if (is_scope(ts_node_type(p))) {
      *b = ts_node_start_byte(p);
      *e = ts_node_end_byte(p);
      return;
    }
  }
}

bool all_caps(std::string_view name) {
  bool letter = false;
  for (char c : name) {
    if (std::islower(static_cast<unsigned char>(c))) return false;
    letter |= std::isupper(static_cast<unsigned char>(c)) != 0;
  }
  return letter;
}

class FileCalls {
 public:
  FileCalls(const SdkRules& rules, const CallLanguage& cl, TSTree* tree, std::string_view text)
      : rules_(rules), cl_(cl), tree_(tree), text_(text) {}

  void run(const std::vector<const CallRule*>& candidates, std::vector<CallHit>* calls, std::vector<Export>* exports);

 private:
  void collect_bindings();
  void collect_parameters();
  Resolved resolve(TSNode v, uint32_t use, int depth);
  Resolved resolve_name(const std::string& name, bool attribute, uint32_t use, int depth);
  bool fallback_for(const std::string& name, uint32_t from, uint32_t use, int depth, Resolved* r);
  const Binding* find_binding(const std::string& name, bool attribute, uint32_t use);
  TSNode builder_model(TSNode arg, const RE2& setter, std::string* setter_path, std::vector<ResolutionStep>* steps);
  bool string_literal(TSNode n, std::string* out) const;
  void arguments(TSNode args, std::vector<std::pair<std::string, TSNode>>* named, std::vector<TSNode>* positional);
  void spread_object(TSNode obj, const ObjectShape& shape, std::vector<std::pair<std::string, TSNode>>* named);
  const ObjectShape* shape_of(TSNode n, const std::vector<ObjectShape>& shapes) const;
  TSNode find_key(TSNode n, const std::string& key, int depth);
  std::string url_text(TSNode n, uint32_t use, int depth);
  enum class Origin { unknown, client, mock, lookalike };
  Origin client_of(const std::string& path, uint32_t use, const ClientRule** client);
  std::string call_callee(TSNode call);
  bool http_endpoint(const CallRule& rule, const std::string& path, TSNode args, uint32_t use, std::string* endpoint);
  std::string render(const std::string& name, TSNode v);
  std::string key_text(TSNode key) const;
  std::string_view callee_text(TSNode callee) const;
  std::string config_key_of(TSNode v) const;

  const SdkRules& rules_;
  const CallLanguage& cl_;
  TSTree* tree_;
  std::string_view text_;
  bool bindings_ready_ = false;
  std::vector<Binding> bindings_;
  std::vector<Parameter> params_;
  bool params_ready_ = false;
  // Builder setter calls a send found its model through: not call sites of
  // their own.
  std::set<std::pair<uint32_t, uint32_t>> consumed_;
};

void FileCalls::collect_bindings() {
  if (bindings_ready_) return;
  bindings_ready_ = true;
  TSNode root = ts_tree_root_node(tree_);
  if (TSQuery* q = cl_.bindings()) {
    for_each_match(q, root, [&](const Captures& caps) {
      Binding b{};
      bool have_name = false, have_value = false;
      for (const auto& [c, n] : caps) {
        if (c == "name") {
          b.name = std::string(node_text(text_, n));
          b.offset = ts_node_start_byte(n);
          TSNode parent = ts_node_parent(n);
          const char* pt = ts_node_is_null(parent) ? "" : ts_node_type(parent);
          b.attribute = std::strstr(pt, "attribute") || std::strstr(pt, "member") || std::strstr(pt, "field") ||
                        std::strstr(pt, "literal_element") || std::strstr(pt, "pair") ||
                        has_type(cl_.fields, ts_node_type(n));
          have_name = true;
        } else if (c == "value") {
          b.value = n;
          have_value = true;
        } else if (c == "const") {
          b.constant = true;
        } else if (c == "fallback") {
          b.fallback = true;
        }
      }
      if (!have_name || !have_value) return;
      enclosing_scope(b.value, &b.scope_b, &b.scope_e);
      // The same binding can match two patterns (a const declaration is also
      // a declaration): merge them.
      for (Binding& o : bindings_)
        if (o.offset == b.offset && o.name == b.name) {
          o.constant |= b.constant;
          o.fallback |= b.fallback;
          return;
        }
      bindings_.push_back(b);
    });
  }
}

// Function parameters: compiled and collected only when a name is not bound
// in the file (the parameters query is the costliest to compile).
void FileCalls::collect_parameters() {
  if (params_ready_) return;
  params_ready_ = true;
  TSNode root = ts_tree_root_node(tree_);
  if (TSQuery* q = cl_.parameters()) {
    for_each_match(q, root, [&](const Captures& caps) {
      Parameter p{};
      bool have_name = false, have_fn = false;
      for (const auto& [c, n] : caps) {
        if (c == "name") {
          p.name = std::string(node_text(text_, n));
          p.offset = ts_node_start_byte(n);
          have_name = true;
        } else if (c == "value") {
          p.value = n;
          p.has_default = true;
        } else if (c == "function") {
          p.fn_b = ts_node_start_byte(n);
          p.fn_e = ts_node_end_byte(n);
          have_fn = true;
        }
      }
      if (have_name && have_fn) params_.push_back(p);
    });
  }
}

bool FileCalls::string_literal(TSNode n, std::string* out) const {
  if (!has_type(cl_.strings, ts_node_type(n))) return false;
  // An interpolated string (f"..{x}", `${x}`) is computed, not a literal.
  for (uint32_t i = 0; i < ts_node_named_child_count(n); ++i) {
    const char* t = ts_node_type(ts_node_named_child(n, i));
    if (std::strstr(t, "interpolation") || std::strstr(t, "substitution")) return false;
  }
  std::string_view s = node_text(text_, n);
  size_t b = 0, e = s.size();
  while (b < e && std::strchr("fFrRbBuU@$", s[b])) ++b;
  size_t quotes = 0;
  while (b < e && std::strchr("\"'`", s[b])) ++b, ++quotes;
  while (e > b && quotes > 0 && std::strchr("\"'`", s[e - 1])) --e, --quotes;
  *out = std::string(s.substr(b, e - b));
  return true;
}

const Binding* FileCalls::find_binding(const std::string& name, bool attribute, uint32_t use) {
  collect_bindings();
  const Binding* best = nullptr;
  // 1. The latest binding before the use in the same function.
  for (const Binding& b : bindings_) {
    // A bare name is not the object's field (`self.model = model` binds
    // self.model, not the parameter on its right).
    if (b.name != name || b.offset >= use || b.scope_e == 0 || b.fallback || (b.attribute && !attribute)) continue;
    if (b.scope_b <= use && use < b.scope_e && (!best || b.offset > best->offset)) best = &b;
  }
  // 2. A module-level binding (latest before the use, else the first).
  if (!best)
    for (const Binding& b : bindings_)
      if (b.name == name && b.scope_e == 0 && !b.fallback && (!b.attribute || attribute) && b.offset < use &&
          (!best || b.offset > best->offset))
        best = &b;
  if (!best)
    for (const Binding& b : bindings_)
      if (b.name == name && b.scope_e == 0 && !b.fallback && (!b.attribute || attribute)) {
        best = &b;
        break;
      }
  // 3. An attribute set anywhere in the file (self.model = ... in __init__).
  if (!best && attribute)
    for (const Binding& b : bindings_)
      if (b.name == name && b.attribute && !b.fallback) {
        best = &b;
        break;
      }
  return best;
}

// A value set only when `name` is empty, between its binding at `from` and
// the use, in the same function: the default an environment read or a
// parameter without one gets (`if model == "" { model = "gpt-4o" }`).
bool FileCalls::fallback_for(const std::string& name, uint32_t from, uint32_t use, int depth, Resolved* r) {
  for (const Binding& b : bindings_) {
    if (!b.fallback || b.name != name || b.offset <= from || b.offset >= use) continue;
    if (b.scope_e != 0 && (use < b.scope_b || use >= b.scope_e)) continue;
    Resolved d = resolve(b.value, b.offset, depth + 1);
    if (!d.ok) continue;
    r->ok = true;
    r->value = d.value;
    r->steps.push_back({"", b.offset, 0, 0, "default when unset: " + name + " = " + d.value});
    return true;
  }
  return false;
}

Resolved FileCalls::resolve_name(const std::string& name, bool attribute, uint32_t use, int depth) {
  if (const Binding* best = find_binding(name, attribute, use)) {
    Resolved r = resolve(best->value, best->offset, depth + 1);
    if (r.source == "literal") r.source = best->constant || all_caps(name) ? "constant" : "variable";
    r.steps.insert(r.steps.begin(), ResolutionStep{"", best->offset, 0, 0, name + " = " + std::string(node_text(text_, best->value)).substr(0, 80)});
    if (!r.ok && !attribute) fallback_for(name, best->offset, use, depth, &r);
    return r;
  }
  // 4. A parameter of the function the use is in.
  if (!attribute) {
    collect_parameters();
    const Parameter* p = nullptr;
    for (const Parameter& q : params_)
      if (q.name == name && q.fn_b <= use && use < q.fn_e &&
          (!p || q.fn_b > p->fn_b || (q.fn_b == p->fn_b && q.has_default && !p->has_default)))
        p = &q;
    if (p) {
      Resolved r;
      if (p->has_default) r = resolve(p->value, p->offset, depth + 1);
      // An annotation's string counts only as a config placeholder
      // (Spring's @Value("${k:d}")), never as a default (@Qualifier("x")).
      TSNode holder = p->has_default ? ts_node_parent(p->value) : TSNode{};
      if (!ts_node_is_null(holder) && std::strstr(ts_node_type(holder), "annotation") && r.source != "config")
        r = Resolved{};
      // Injected from config: config, not a parameter.
      if (r.source != "config") r.source = "parameter";
      r.symbol.clear();
      const char* how = !p->has_default ? "" : r.source == "config" ? " (injected from config)" : " (default)";
      r.steps.insert(r.steps.begin(), ResolutionStep{"", p->offset, 0, 0, "parameter " + name + how});
      if (!r.ok) fallback_for(name, p->offset, use, depth, &r);
      return r;
    }
    // Java's `model` for this.model: a field set anywhere in the class.
    if (cl_.implicit_fields) {
      const Binding* field = nullptr;
      for (const Binding& b : bindings_)
        if (b.name == name && b.attribute && !b.fallback) {
          field = &b;
          break;
        }
      if (field) return resolve_name(name, true, use, depth + 1);
    }
  }
  Resolved r;
  r.symbol = name;  // maybe another file defines it
  return r;
}

// CONFIG["models"]["chat"], settings.models.chat: the dotted key read from a
// loaded config ("" when `v` is not such a chain), left for
// resolve_across_files() to find in the repository's config files. Two keys
// at least, so `self.model` is not taken for one.
std::string FileCalls::config_key_of(TSNode v) const {
  std::vector<std::string> keys;
  TSNode n = v;
  while (!ts_node_is_null(n) && (std::strstr(ts_node_type(n), "subscript") || std::strstr(ts_node_type(n), "attribute") ||
                                 std::strstr(ts_node_type(n), "member_expression"))) {
    TSNode obj = ts_node_child_by_field_name(n, "value", 5);
    if (ts_node_is_null(obj)) obj = ts_node_child_by_field_name(n, "object", 6);
    TSNode key = ts_node_child_by_field_name(n, "subscript", 9);
    if (ts_node_is_null(key)) key = ts_node_child_by_field_name(n, "attribute", 9);
    if (ts_node_is_null(key)) key = ts_node_child_by_field_name(n, "property", 8);
    if (ts_node_is_null(key)) key = ts_node_child_by_field_name(n, "index", 5);
    if (ts_node_is_null(obj) || ts_node_is_null(key)) return "";
    std::string k;
    if (!string_literal(key, &k)) {
      if (std::strstr(ts_node_type(n), "subscript")) return "";
      k = std::string(node_text(text_, key));
    }
    keys.insert(keys.begin(), k);
    n = obj;
  }
  if (keys.size() < 2 || ts_node_is_null(n) || !has_type(cl_.names, ts_node_type(n))) return "";
  const std::string_view root = node_text(text_, n);
  if (root == "self" || root == "this") return "";
  std::string out;
  for (const std::string& k : keys) out += (out.empty() ? "" : ".") + k;
  return out;
}

Resolved FileCalls::resolve(TSNode v, uint32_t use, int depth) {
  Resolved r;
  if (ts_node_is_null(v) || depth > kMaxDepth) return r;
  const char* type = ts_node_type(v);
  std::string_view vt = node_text(text_, v);
  // Parentheses, await, type assertions: look through.
  if ((std::strstr(type, "parenthesized") || std::strcmp(type, "await") == 0 ||
       std::strcmp(type, "await_expression") == 0 || std::strcmp(type, "as_expression") == 0 ||
       std::strcmp(type, "non_null_expression") == 0 || std::strcmp(type, "satisfies_expression") == 0) &&
      ts_node_named_child_count(v) > 0)
    return resolve(ts_node_named_child(v, 0), use, depth + 1);
  // An argument wrapper (C# `argument`, Kotlin `value_argument`), named or
  // not: its value is the last named child.
  if ((std::strcmp(type, "argument") == 0 || std::strcmp(type, "value_argument") == 0) &&
      ts_node_named_child_count(v) > 0)
    return resolve(ts_node_named_child(v, ts_node_named_child_count(v) - 1), use, depth + 1);

  // A config read, before literals: Spring's "${key:default}" is a string.
  for (const auto& re : cl_.config) {
    std::string key, def;
    if (!RE2::FullMatch(vt, *re, &key, &def) && !RE2::FullMatch(vt, *re, &key)) continue;
    if (def.size() >= 2 && std::strchr("\"'", def.front()) && def.back() == def.front())
      def = def.substr(1, def.size() - 2);
    r.source = "config";
    r.config_key = key;
    r.ok = !def.empty();
    r.value = def;
    r.steps.push_back({"", ts_node_start_byte(v), 0, 0, "config key " + key + (r.ok ? " (default in code)" : "")});
    return r;
  }
  std::string s;
  if (string_literal(v, &s)) {
    r.ok = true;
    r.value = s;
    r.source = "literal";
    return r;
  }
  std::string compact;
  for (char c : vt)
    if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
  if (auto it = cl_.constants.find(compact); it != cl_.constants.end()) {
    r.ok = true;
    r.value = it->second;
    r.source = "constant";
    r.steps.push_back({"", ts_node_start_byte(v), 0, 0, "SDK constant " + compact});
    return r;
  }
  for (const auto& env : cl_.env) {
    std::string var, def;
    if (RE2::FullMatch(vt, *env, &var, &def) || RE2::FullMatch(vt, *env, &var)) {
      r.source = "env";
      r.env_var = var;
      if (!def.empty() && def.size() >= 2) {
        r.ok = true;
        r.value = def.substr(1, def.size() - 2);
      }
      r.steps.push_back({"", ts_node_start_byte(v), 0, 0, "environment variable " + var +
                                                              (r.ok ? " (default in code)" : "")});
      return r;
    }
  }
  // a or b, a ?? b, a || b: an environment read with a literal fallback.
  if (ts_node_named_child_count(v) == 2 &&
      (std::strstr(type, "boolean_operator") || std::strstr(type, "binary_expression"))) {
    TSNode op = ts_node_child_by_field_name(v, "operator", 8);
    std::string_view ot = ts_node_is_null(op) ? std::string_view() : node_text(text_, op);
    if (ot == "or" || ot == "||" || ot == "??") {
      Resolved left = resolve(ts_node_named_child(v, 0), use, depth + 1);
      if (left.ok) return left;
      Resolved right = resolve(ts_node_named_child(v, 1), use, depth + 1);
      if (right.ok) {
        if (left.source == "env") {
          right.source = "env";
          right.env_var = left.env_var;
          right.steps.insert(right.steps.begin(), left.steps.begin(), left.steps.end());
        }
        return right;
      }
      return left;
    }
  }
  if (has_type(cl_.names, type) || std::strstr(type, "shorthand_property_identifier"))
    return resolve_name(std::string(vt), false, use, depth);
  if (has_type(cl_.fields, type)) return resolve_name(std::string(vt), true, use, depth);
  // MODELS.fast, MODELS["fast"], cfg.models.chat: a key of an object or dict
  // literal bound to a name in this file.
  {
    TSNode obj = ts_node_child_by_field_name(v, "object", 6);
    if (ts_node_is_null(obj)) obj = ts_node_child_by_field_name(v, "value", 5);  // python subscript
    if (ts_node_is_null(obj)) obj = ts_node_child_by_field_name(v, "operand", 7);  // go selector
    TSNode key = ts_node_child_by_field_name(v, "property", 8);
    if (ts_node_is_null(key)) key = ts_node_child_by_field_name(v, "attribute", 9);
    if (ts_node_is_null(key)) key = ts_node_child_by_field_name(v, "subscript", 9);
    if (ts_node_is_null(key)) key = ts_node_child_by_field_name(v, "index", 5);
    if (!ts_node_is_null(obj) && !ts_node_is_null(key) && std::strcmp(ts_node_type(obj), "identifier") == 0) {
      collect_bindings();
      const std::string obj_name(node_text(text_, obj));
      const std::string key_name = key_text(key);
      for (const Binding& b : bindings_) {
        TSNode table = b.value;
        // `{...} as const`, `({...})`
        while (ts_node_named_child_count(table) > 0 &&
               (std::strstr(ts_node_type(table), "as_expression") || std::strstr(ts_node_type(table), "satisfies") ||
                std::strstr(ts_node_type(table), "parenthesized")))
          table = ts_node_named_child(table, 0);
        if (b.name != obj_name || !shape_of(table, cl_.dicts)) continue;
        TSNode found = find_key(table, key_name, 3);  // this level only
        if (ts_node_is_null(found)) continue;
        Resolved inner = resolve(found, ts_node_start_byte(found), depth + 1);
        if (inner.source == "literal") inner.source = b.constant || all_caps(obj_name) ? "constant" : "variable";
        inner.steps.insert(inner.steps.begin(), ResolutionStep{"", b.offset, 0, 0, obj_name + "." + key_name});
        return inner;
      }
    }
  }
  // self.model, this.model, settings.CHAT_MODEL, cfg.model: the last name.
  // PHP: $this->model, self::MODEL, static::$model.
  if (std::strstr(type, "attribute") || std::strstr(type, "member_expression") ||
      std::strstr(type, "selector_expression") || std::strstr(type, "field_access") ||
      std::strstr(type, "member_access") || std::strstr(type, "constant_access") ||
      std::strstr(type, "scoped_property_access")) {
    for (size_t p; (p = compact.find("->")) != std::string::npos;) compact.replace(p, 2, ".");
    for (size_t p; (p = compact.find("::")) != std::string::npos;) compact.replace(p, 2, ".");
    while (compact.find(".$") != std::string::npos) compact.erase(compact.find(".$") + 1, 1);
    size_t dot = compact.find_last_of('.');
    if (dot != std::string::npos && dot + 1 < compact.size()) {
      std::string last = compact.substr(dot + 1);
      bool word = std::all_of(last.begin(), last.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
      if (word) {
        Resolved a = resolve_name(last, true, use, depth);
        if (a.ok || !a.steps.empty()) return a;
        if (std::string key = config_key_of(v); !key.empty()) {
          r.config_key = key;
          r.steps.push_back({"", ts_node_start_byte(v), 0, 0, "config key " + key});
          return r;
        }
        return a;
      }
    }
    return r;
  }
  if (std::string key = config_key_of(v); !key.empty()) {
    r.config_key = key;
    r.steps.push_back({"", ts_node_start_byte(v), 0, 0, "config key " + key});
    return r;
  }
  // A provider factory such as openai("gpt-4o") or openai.embedding(MODEL):
  // the model is its first argument. A conversion (`"gpt-4o".to_string()`,
  // `String::from(MODEL)`) passes its receiver or argument through.
  if (std::strstr(type, "call")) {
    TSNode fn = ts_node_child_by_field_name(v, "function", 8);
    TSNode args = ts_node_child_by_field_name(v, "arguments", 9);
    // Kotlin's call_expression has no fields: the callee, then value_arguments.
    if (ts_node_is_null(fn) && ts_node_named_child_count(v) == 2 &&
        std::strcmp(ts_node_type(ts_node_named_child(v, 1)), "value_arguments") == 0) {
      fn = ts_node_named_child(v, 0);
      args = ts_node_named_child(v, 1);
    }
    if (!ts_node_is_null(fn) && !cl_.conversions.empty()) {
      const std::string callee = normalise_callee(node_text(text_, fn));
      const size_t dot = callee.find_last_of('.');
      const std::string method = dot == std::string::npos ? callee : callee.substr(dot + 1);
      TSNode receiver = ts_node_child_by_field_name(fn, "value", 5);
      if (ts_node_is_null(receiver)) receiver = ts_node_child_by_field_name(fn, "object", 6);
      const uint32_t nargs = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
      if (!ts_node_is_null(receiver) && nargs == 0 && has_type(cl_.conversions, method.c_str()))
        return resolve(receiver, use, depth + 1);
      if (nargs == 1 && has_type(cl_.conversions, callee.c_str()))
        return resolve(ts_node_named_child(args, 0), use, depth + 1);
    }
    if (ts_node_is_null(fn) || ts_node_is_null(args) || ts_node_named_child_count(args) == 0) return r;
    const std::string factory = normalise_callee(node_text(text_, fn));
    if (!RE2::FullMatch(factory, rules_.model_factory())) return r;
    Resolved inner = resolve(ts_node_named_child(args, 0), use, depth + 1);
    inner.steps.insert(inner.steps.begin(), ResolutionStep{"", ts_node_start_byte(v), 0, 0, "provider " + factory + "(...)"});
    return inner;
  }
  return r;
}

const ObjectShape* FileCalls::shape_of(TSNode n, const std::vector<ObjectShape>& shapes) const {
  const char* t = ts_node_type(n);
  for (const ObjectShape& s : shapes)
    if (s.node == t) return &s;
  return nullptr;
}

// The callee's text without a trailing block: where the callee is the whole
// call (Ruby), `x.stream(...) { |e| ... }` / `do ... end` would otherwise read
// into it.
std::string_view FileCalls::callee_text(TSNode callee) const {
  std::string_view t = node_text(text_, callee);
  TSNode block = ts_node_child_by_field_name(callee, "block", 5);
  if (!ts_node_is_null(block) && ts_node_start_byte(block) >= ts_node_start_byte(callee))
    t = t.substr(0, ts_node_start_byte(block) - ts_node_start_byte(callee));
  return t;
}

std::string FileCalls::key_text(TSNode key) const {
  std::string k;
  if (string_literal(key, &k)) return k;
  std::string_view kt = node_text(text_, key);
  // Go literal_element wraps the identifier.
  while (!kt.empty() && std::strchr("\"'`", kt.front())) kt.remove_prefix(1);
  while (!kt.empty() && std::strchr("\"'`", kt.back())) kt.remove_suffix(1);
  return std::string(kt);
}

void FileCalls::spread_object(TSNode obj, const ObjectShape& shape, std::vector<std::pair<std::string, TSNode>>* named) {
  TSNode body = obj;
  if (!shape.body.empty()) body = ts_node_child_by_field_name(obj, shape.body.c_str(), static_cast<uint32_t>(shape.body.size()));
  if (ts_node_is_null(body)) return;
  for (uint32_t i = 0; i < ts_node_named_child_count(body); ++i) {
    TSNode e = ts_node_named_child(body, i);
    const char* t = ts_node_type(e);
    if (shape.pair == t) {
      TSNode k{}, v{};
      if (!shape.key.empty()) {
        k = ts_node_child_by_field_name(e, shape.key.c_str(), static_cast<uint32_t>(shape.key.size()));
        v = ts_node_child_by_field_name(e, shape.value.c_str(), static_cast<uint32_t>(shape.value.size()));
      } else if (ts_node_named_child_count(e) == 2) {
        k = ts_node_named_child(e, 0);
        v = ts_node_named_child(e, 1);
      }
      if (ts_node_is_null(k) || ts_node_is_null(v)) continue;
      // Go wraps values in literal_element.
      if (std::strcmp(ts_node_type(v), "literal_element") == 0 && ts_node_named_child_count(v) == 1)
        v = ts_node_named_child(v, 0);
      named->emplace_back(key_text(k), v);
    } else if (!shape.shorthand.empty() && shape.shorthand == t) {
      named->emplace_back(std::string(node_text(text_, e)), e);
    }
  }
}

void FileCalls::arguments(TSNode args, std::vector<std::pair<std::string, TSNode>>* named, std::vector<TSNode>* positional) {
  for (uint32_t i = 0; i < ts_node_named_child_count(args); ++i) {
    TSNode a = ts_node_named_child(args, i);
    const char* t = ts_node_type(a);
    if (std::strstr(t, "comment")) continue;
    if (!cl_.named_node.empty() && !cl_.named_name.empty() && cl_.named_node == t) {
      TSNode k = ts_node_child_by_field_name(a, cl_.named_name.c_str(), static_cast<uint32_t>(cl_.named_name.size()));
      TSNode v = ts_node_child_by_field_name(a, cl_.named_value.c_str(), static_cast<uint32_t>(cl_.named_value.size()));
      if (!ts_node_is_null(k) && !ts_node_is_null(v)) named->emplace_back(std::string(node_text(text_, k)), v);
      continue;
    }
    // A named argument without fields (Kotlin `model = x` is a value_argument
    // holding the name, then the value).
    if (!cl_.named_node.empty() && cl_.named_name.empty() && cl_.named_node == t &&
        ts_node_named_child_count(a) == 2) {
      named->emplace_back(std::string(node_text(text_, ts_node_named_child(a, 0))), ts_node_named_child(a, 1));
      continue;
    }
    // C# / PHP `model: "gpt-4o"`: an argument with a `name` field; the value
    // is its last named child. Named, so a credential is never taken for the
    // model by position and is redacted by name.
    if (std::strcmp(t, "argument") == 0 && ts_node_named_child_count(a) >= 2) {
      TSNode nm = ts_node_child_by_field_name(a, "name", 4);
      if (!ts_node_is_null(nm)) {
        named->emplace_back(std::string(node_text(text_, nm)), ts_node_named_child(a, ts_node_named_child_count(a) - 1));
        continue;
      }
    }
    // A positional argument wrapper (C#, PHP `argument`): its expression.
    if (std::strcmp(t, "argument") == 0 && ts_node_named_child_count(a) == 1) a = ts_node_named_child(a, 0);
    if (const ObjectShape* s = shape_of(a, cl_.objects)) spread_object(a, *s, named);
    positional->push_back(a);
  }
}

TSNode FileCalls::find_key(TSNode n, const std::string& key, int depth) {
  if (ts_node_is_null(n) || depth > 4) return TSNode{};
  if (const ObjectShape* s = shape_of(n, cl_.dicts)) {
    std::vector<std::pair<std::string, TSNode>> entries;
    spread_object(n, *s, &entries);
    for (auto& [k, v] : entries)
      if (k == key) return v;
    for (auto& [k, v] : entries) {
      TSNode f = find_key(v, key, depth + 1);
      if (!ts_node_is_null(f)) return f;
    }
    return TSNode{};
  }
  // JSON.stringify({...}), json.dumps({...}): look into the arguments.
  if (std::strstr(ts_node_type(n), "call")) {
    TSNode args = ts_node_child_by_field_name(n, "arguments", 9);
    for (uint32_t i = 0; !ts_node_is_null(args) && i < ts_node_named_child_count(args); ++i) {
      TSNode f = find_key(ts_node_named_child(args, i), key, depth + 1);
      if (!ts_node_is_null(f)) return f;
    }
  }
  if (std::strcmp(ts_node_type(n), "identifier") == 0) {
    // body = {...} bound earlier in the file
    collect_bindings();
    std::string name(node_text(text_, n));
    for (const Binding& b : bindings_)
      if (b.name == name && b.offset < ts_node_start_byte(n)) {
        TSNode f = find_key(b.value, key, depth + 1);
        if (!ts_node_is_null(f)) return f;
      }
  }
  return TSNode{};
}

// A parameter's value as JSON: literals as themselves, everything else as a
// description. Secrets never leave: a parameter named like a credential, or a
// string that looks like a key, is redacted.
std::string FileCalls::render(const std::string& name, TSNode v) {
  if (RE2::PartialMatch(name, rules_.secret_parameter())) return "{\"redacted\":true}";
  const char* t = ts_node_type(v);
  std::string_view vt = node_text(text_, v);
  std::string s;
  if (string_literal(v, &s)) {
    static const RE2 secretish("(?:sk-[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|xox[abp]-|ghp_[A-Za-z0-9]{20,}|AIza[0-9A-Za-z_-]{20,}|-----BEGIN)");
    if (RE2::PartialMatch(s, secretish)) return "{\"redacted\":true}";
    if (s.size() > kMaxStringValue) return "{\"string_length\":" + std::to_string(s.size()) + "}";
    return json_string(s);
  }
  if (vt == "true" || vt == "True") return "true";
  if (vt == "false" || vt == "False") return "false";
  if (vt == "None" || vt == "null" || vt == "nil" || vt == "undefined") return "null";
  if (std::strstr(t, "integer") || std::strstr(t, "float") || std::strstr(t, "number") || std::strstr(t, "int_literal")) {
    std::string num;
    for (char c : vt)
      if (c != '_') num += c;
    static const RE2 json_number("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
    if (RE2::FullMatch(num, json_number)) return num;
  }
  if (std::strcmp(t, "unary_operator") == 0 || std::strcmp(t, "unary_expression") == 0) {
    std::string num;
    for (char c : vt)
      if (!std::isspace(static_cast<unsigned char>(c))) num += c;
    static const RE2 json_number("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
    if (RE2::FullMatch(num, json_number)) return num;
  }
  if (std::strcmp(t, "identifier") == 0 || has_type(cl_.names, t) || has_type(cl_.fields, t) || std::strstr(t, "shorthand"))
    return "{\"expr\":" + json_string(vt.substr(0, 80)) + "}";
  if (std::strcmp(t, "list") == 0 || std::strcmp(t, "array") == 0 || std::strstr(t, "array_expression"))
    return "{\"kind\":\"list\",\"items\":" + std::to_string(ts_node_named_child_count(v)) + "}";
  return "{\"kind\":" + json_string(t) + "}";
}

// A URL as far as the file tells: a literal, a name bound to one, a template
// or f-string whose holes are resolved where they can be
// (`${OPENAI_BASE}/chat/completions`), a `+` concatenation. Holes that stay
// unknown read "{?}", so the endpoint after them can still be recognised.
std::string FileCalls::url_text(TSNode n, uint32_t use, int depth) {
  if (ts_node_is_null(n) || depth > kMaxDepth) return "";
  Resolved r = resolve(n, use, depth + 1);
  if (r.ok) return r.value;
  const char* t = ts_node_type(n);
  if (std::strcmp(t, "template_string") == 0 || has_type(cl_.strings, t)) {
    std::string out;
    for (uint32_t i = 0; i < ts_node_named_child_count(n); ++i) {
      TSNode c = ts_node_named_child(n, i);
      const char* ct = ts_node_type(c);
      if (std::strstr(ct, "interpolation") || std::strstr(ct, "substitution")) {
        std::string hole = ts_node_named_child_count(c) > 0 ? url_text(ts_node_named_child(c, 0), use, depth + 1) : "";
        out += hole.empty() ? "{?}" : hole;
      } else if (std::strstr(ct, "fragment") || std::strstr(ct, "content") || std::strstr(ct, "escape")) {
        out += node_text(text_, c);
      }
    }
    return out;
  }
  if ((std::strstr(t, "binary") || std::strstr(t, "concatenat")) && ts_node_named_child_count(n) == 2) {
    TSNode op = ts_node_child_by_field_name(n, "operator", 8);
    if (!ts_node_is_null(op) && node_text(text_, op) != "+") return "";
    return url_text(ts_node_named_child(n, 0), use, depth + 1) + url_text(ts_node_named_child(n, 1), use, depth + 1);
  }
  if (has_type(cl_.names, t)) {
    if (const Binding* b = find_binding(std::string(node_text(text_, n)), false, use))
      return url_text(b->value, b->offset, depth + 1);
  }
  return "";
}

// True when a raw HTTP call goes to one of the rule's endpoints; `endpoint`
// gets the path the rule's url pattern captured. The URL is the first
// argument, or a relative path joined to the base URL of the client the
// receiver was made with (`api = axios.create({baseURL})`, `async with
// httpx.AsyncClient(base_url=...) as http`).
bool FileCalls::http_endpoint(const CallRule& rule, const std::string& path, TSNode args, uint32_t use,
                              std::string* endpoint) {
  std::vector<std::pair<std::string, TSNode>> named;
  std::vector<TSNode> positional;
  arguments(args, &named, &positional);
  if (positional.empty()) return false;
  const std::string url = url_text(positional[0], use, 0);
  if (url.empty()) return false;
  const bool whole = url.find("://") != std::string::npos;
  if ((whole || !rule.url_relative || RE2::FullMatch(path, *rule.url_relative)) &&
      RE2::PartialMatch(url, *rule.url, endpoint))
    return true;
  const size_t dot = path.find_last_of('.');
  if (!rule.url_client || whole || dot == std::string::npos) return false;
  std::string receiver = path.substr(0, dot);
  bool attribute = false;
  for (const char* self : {"self.", "this."})
    if (receiver.rfind(self, 0) == 0) {
      receiver.erase(0, 5);
      attribute = true;
    }
  if (receiver.find('.') != std::string::npos) return false;
  const Binding* b = find_binding(receiver, attribute, use);
  if (!b) return false;
  TSNode client = b->value;
  while (ts_node_named_child_count(client) == 1 && !std::strstr(ts_node_type(client), "call") &&
         !std::strstr(ts_node_type(client), "new"))
    client = ts_node_named_child(client, 0);  // await, parentheses
  TSNode fn = ts_node_child_by_field_name(client, "function", 8);
  if (ts_node_is_null(fn)) fn = ts_node_child_by_field_name(client, "constructor", 11);
  TSNode client_args = ts_node_child_by_field_name(client, "arguments", 9);
  if (ts_node_is_null(fn) || ts_node_is_null(client_args) ||
      !RE2::FullMatch(normalise_callee(node_text(text_, fn)), *rule.url_client))
    return false;
  named.clear();
  positional.clear();
  arguments(client_args, &named, &positional);
  for (const auto& [k, v] : named) {
    if (std::find(rule.url_base.begin(), rule.url_base.end(), k) == rule.url_base.end()) continue;
    std::string base = url_text(v, b->offset, 0);
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (!base.empty() && RE2::PartialMatch(base + (url.front() == '/' ? "" : "/") + url, *rule.url, endpoint))
      return true;
  }
  return false;
}

// The callee path of `call` when it is a call the language's call query
// reads ("" otherwise).
std::string FileCalls::call_callee(TSNode call) {
  std::string out;
  for_each_match(cl_.calls(), call, [&](const Captures& caps) {
    TSNode c{}, callee{}, args{};
    if (!out.empty() || !call_parts(caps, &c, &callee, &args) || !ts_node_eq(c, call)) return;
    out = normalise_callee(callee_text(callee));
  });
  return out;
}

// What made the object a call at `path` is made on (rules/sdk/clients.yaml):
// the receiver's first name, or its self./this. attribute, followed through
// the file's bindings. `client` gets the client rule when one matched.
FileCalls::Origin FileCalls::client_of(const std::string& path, uint32_t use, const ClientRule** client) {
  *client = nullptr;
  size_t dot = path.find('.');
  if (dot == std::string::npos) return Origin::unknown;
  std::string name = path.substr(0, dot);
  bool attribute = false;
  if (name == "self" || name == "this" || name == "$this") {
    size_t next = path.find('.', dot + 1);
    if (next == std::string::npos) return Origin::unknown;
    name = path.substr(dot + 1, next - dot - 1);
    attribute = true;
    dot = next;
  }
  // The member used on the receiver: a literal is a lookalike only when it
  // has that member (`chat = {completions: ...}` for chat.completions.create;
  // not a table of clients, `clients["openai"].chat...`).
  const size_t member_end = path.find('.', dot + 1);
  const std::string member = path.substr(dot + 1, member_end == std::string::npos ? std::string::npos : member_end - dot - 1);
  auto classify = [&](const std::string& constructor) {
    if (RE2::FullMatch(constructor, rules_.mock_factory())) return Origin::mock;
    for (const ClientRule& c : rules_.clients())
      if (std::find(c.languages.begin(), c.languages.end(), cl_.name) != c.languages.end() &&
          RE2::FullMatch(constructor, *c.callee)) {
        *client = &c;
        return Origin::client;
      }
    return Origin::unknown;
  };
  // Made inline: `new AzureOpenAIClient(...).GetChatClient(...)`.
  if (!attribute)
    if (Origin o = classify(name); o != Origin::unknown) return o;
  std::set<uint32_t> seen;
  for (int hop = 0; hop < 4; ++hop) {
    const Binding* b = find_binding(name, attribute, use);
    if (!b || !seen.insert(b->offset).second) return Origin::unknown;
    TSNode v = b->value;
    while (ts_node_named_child_count(v) == 1 &&
           (std::strstr(ts_node_type(v), "await") || std::strstr(ts_node_type(v), "parenthesized")))
      v = ts_node_named_child(v, 0);
    if (has_type(rules_.lookalikes(), ts_node_type(v))) {
      std::vector<std::pair<std::string, TSNode>> entries;
      if (const ObjectShape* shape = shape_of(v, cl_.dicts)) spread_object(v, *shape, &entries);
      for (const auto& [k, e] : entries)
        if (k == member) return Origin::lookalike;
      return Origin::unknown;
    }
    std::string next = has_type(cl_.names, ts_node_type(v)) ? std::string(node_text(text_, v)) : call_callee(v);
    // C#'s target-typed `AzureOpenAIClient c = new(...)`: the declared type.
    if (next.empty() && std::strstr(ts_node_type(v), "implicit_object_creation"))
      for (TSNode p = ts_node_parent(v); !ts_node_is_null(p) && next.empty(); p = ts_node_parent(p)) {
        TSNode type = ts_node_child_by_field_name(p, "type", 4);
        if (!ts_node_is_null(type)) next = normalise_callee(node_text(text_, type));
      }
    if (next.empty()) return Origin::unknown;
    if (Origin o = classify(next); o != Origin::unknown) return o;
    // `client = make()` where `make` is itself bound (`with patch(...) as make`).
    if (next.find('.') != std::string::npos) return Origin::unknown;
    name = next;
    attribute = false;
    use = b->offset;
  }
  return Origin::unknown;
}

// The model set on a request builder that `arg` is or names:
// `ChatCompletionCreateParams.builder().model(M)...build()` inline, or a
// variable bound to such a chain earlier (`params`, `request?`). Returns the
// setter's first argument (null when there is none) and the setter's callee
// path, which says which request class it is.
TSNode FileCalls::builder_model(TSNode arg, const RE2& setter, std::string* setter_path,
                                std::vector<ResolutionStep>* steps) {
  TSNode chain = arg;
  // Wrappers around a name: `request?`, `(params)`, Kotlin's value_argument.
  for (int i = 0; i < 4 && ts_node_named_child_count(chain) == 1 && !std::strstr(ts_node_type(chain), "call") &&
                  !std::strstr(ts_node_type(chain), "invocation");
       ++i)
    chain = ts_node_named_child(chain, 0);
  const char* t = ts_node_type(chain);
  if (std::strcmp(t, "identifier") == 0 || std::strcmp(t, "simple_identifier") == 0) {
    const Binding* b = find_binding(std::string(node_text(text_, chain)), false, ts_node_start_byte(chain));
    if (!b) return TSNode{};
    steps->push_back({"", b->offset, 0, 0, "request " + std::string(node_text(text_, chain)) + " built here"});
    chain = b->value;
  }
  TSNode found{};
  for_each_match(cl_.calls(), chain, [&](const Captures& caps) {
    if (!ts_node_is_null(found)) return;
    TSNode call{}, callee{}, args{};
    if (!call_parts(caps, &call, &callee, &args)) return;
    const std::string path = normalise_callee(callee_text(callee));
    if (!RE2::PartialMatch(path, setter)) return;
    consumed_.insert({ts_node_start_byte(call), ts_node_end_byte(call)});
    for (uint32_t i = 0; i < ts_node_named_child_count(args); ++i) {
      TSNode a = ts_node_named_child(args, i);
      if (std::strstr(ts_node_type(a), "comment")) continue;
      found = a;
      *setter_path = path;
      break;
    }
  });
  return found;
}

void FileCalls::run(const std::vector<const CallRule*>& candidates, std::vector<CallHit>* calls,
                    std::vector<Export>* exports) {
  const size_t first_hit = calls ? calls->size() : 0;
  // No candidate rule (or no call wanted): only the exports are needed.
  if (calls && !candidates.empty()) for_each_match(cl_.calls(), ts_tree_root_node(tree_), [&](const Captures& caps) {
    TSNode call{}, callee{}, args{};
    if (!call_parts(caps, &call, &callee, &args)) return;
    const std::string path = normalise_callee(callee_text(callee));
    if (path.empty() || RE2::PartialMatch(path, rules_.not_callee())) return;
    // The first rule whose callee matches; a raw HTTP rule only when the
    // URL names one of its endpoints (`client.post` is a call of many kinds).
    const CallRule* rule = nullptr;
    std::string endpoint;
    for (const CallRule* r : candidates)
      if (RE2::PartialMatch(path, *r->callee) &&
          (!r->url || http_endpoint(*r, path, args, ts_node_start_byte(call), &endpoint))) {
        rule = r;
        break;
      }
    if (!rule) return;
    const ClientRule* client = nullptr;
    const Origin origin = client_of(path, ts_node_start_byte(call), &client);

    std::vector<std::pair<std::string, TSNode>> named;
    std::vector<TSNode> positional;
    arguments(args, &named, &positional);
    CallHit hit;
    hit.begin = ts_node_start_byte(call);
    hit.end = ts_node_end_byte(call);
    hit.rule = rule;
    hit.sdk = rule->sdk;
    if (client && std::find(client->from.begin(), client->from.end(), rule->sdk) != client->from.end())
      hit.sdk = client->sdk;
    hit.api = rule->api;
    hit.callee = path;
    for (const auto& [re, api] : rule->api_by_callee)
      if (RE2::PartialMatch(path, *re)) {
        hit.api = api;
        break;
      }

    TSNode model_node{};
    // The first of the rule's model keys found inside `n` (a dict, a request
    // object, a name bound to one), `depth` levels down at most.
    auto model_key_in = [&](TSNode n, int depth) {
      for (const std::string& key : rule->model_args) {
        TSNode found = find_key(n, key, depth);
        if (!ts_node_is_null(found)) return found;
      }
      return TSNode{};
    };
    if (rule->url) {
      // Raw HTTP: the first argument is the URL, the model sits in the body.
      for (const auto& [re, api] : rule->api_by_url)
        if (RE2::PartialMatch(endpoint, *re)) {
          hit.api = api;
          break;
        }
      for (const auto& [k, v] : named)
        if (std::find(rule->body_args.begin(), rule->body_args.end(), k) != rule->body_args.end())
          model_node = model_key_in(v, 0);
      for (size_t i = 1; ts_node_is_null(model_node) && i < positional.size(); ++i)
        model_node = model_key_in(positional[i], 0);
    } else {
      for (const std::string& key : rule->model_args) {
        for (const auto& [k, v] : named)
          if (k == key) {
            model_node = v;
            break;
          }
        if (!ts_node_is_null(model_node)) break;
      }
      if (ts_node_is_null(model_node) && rule->model_position >= 0 &&
          static_cast<size_t>(rule->model_position) < positional.size()) {
        TSNode p = positional[rule->model_position];
        // A positional options object is not the model.
        if (!shape_of(p, cl_.objects)) model_node = p;
      }
      // A request built beforehand: `req := openai.ChatCompletionRequest{Model: ...}`
      // then `CreateChatCompletion(ctx, req)`; `params = {model: ...}` then
      // `create(params)`.
      // Options nested one level down: ruby-openai's `parameters: { model: ... }`,
      // openai-php's `create(['model' => ...])`.
      for (size_t i = 0; ts_node_is_null(model_node) && i < named.size(); ++i)
        model_node = model_key_in(named[i].second, 3);
      for (size_t i = 0; ts_node_is_null(model_node) && i < positional.size(); ++i)
        if (shape_of(positional[i], cl_.dicts)) model_node = model_key_in(positional[i], 3);
      for (size_t i = 0; ts_node_is_null(model_node) && i < positional.size(); ++i) {
        TSNode p = positional[i];
        // `create(**request)`, `create(...opts)`: the dict or object spread.
        if ((std::strstr(ts_node_type(p), "splat") || std::strstr(ts_node_type(p), "spread")) &&
            ts_node_named_child_count(p) == 1)
          p = ts_node_named_child(p, 0);
        if (std::strcmp(ts_node_type(p), "identifier") == 0) model_node = model_key_in(p, 0);
      }
    }
    // A send (`client.chat().completions().create(params)`) whose request
    // was built with a model setter: the builder says the model and the api.
    std::vector<ResolutionStep> builder_steps;
    for (size_t i = 0; rule->builder && ts_node_is_null(model_node) && i < positional.size(); ++i) {
      std::string setter_path;
      model_node = builder_model(positional[i], *rule->builder, &setter_path, &builder_steps);
      if (ts_node_is_null(model_node)) {
        builder_steps.clear();
        continue;
      }
      for (const auto& [re, api] : rule->api_by_callee)
        if (RE2::PartialMatch(setter_path, *re)) {
          hit.api = api;
          break;
        }
    }
    if (ts_node_is_null(model_node)) {
      if (rule->require_model) return;
      hit.model_source = "absent";
    } else {
      Resolved res = resolve(model_node, ts_node_start_byte(model_node), 0);
      hit.model = res.ok ? res.value : "";
      hit.model_source = res.source;
      hit.steps = std::move(builder_steps);
      hit.steps.insert(hit.steps.end(), res.steps.begin(), res.steps.end());
      hit.symbol = res.symbol;
      hit.env_var = res.env_var;
      hit.config_key = res.config_key;
      if (res.source == "unresolved" && res.symbol.empty() && hit.steps.empty())
        hit.steps.push_back({"", ts_node_start_byte(model_node), 0, 0,
                             "computed: " + std::string(node_text(text_, model_node)).substr(0, 60)});
    }
    // Dropped only now, so that the request builder it sends is consumed
    // with it rather than reported on its own.
    if (origin == Origin::mock || origin == Origin::lookalike) return;
    for (const auto& [k, v] : named) hit.parameters.emplace_back(k, render(k, v));
    calls->push_back(std::move(hit));
  });

  if (calls && !consumed_.empty())
    calls->erase(std::remove_if(calls->begin() + static_cast<std::ptrdiff_t>(first_hit), calls->end(),
                                [&](const CallHit& h) { return consumed_.count({h.begin, h.end}) > 0; }),
                 calls->end());

  // Module-level names bound to literals: other files may use them.
  if (exports) {
    collect_bindings();
    for (const Binding& b : bindings_) {
      if (b.scope_e != 0 || b.attribute) continue;
      Resolved r = resolve(b.value, b.offset, 1);
      if (!r.ok && r.source != "env") continue;
      Export e;
      e.name = b.name;
      e.value = r.ok ? r.value : "";
      e.source = r.source == "literal" ? (b.constant || all_caps(b.name) ? "constant" : "variable") : r.source;
      e.env_var = r.env_var;
      e.offset = b.offset;
      exports->push_back(std::move(e));
    }
  }
}

}  // namespace

void find_calls(const SdkRules& rules, const Language& lang, TSTree* tree, std::string_view text,
                std::vector<CallHit>* calls, std::vector<Export>* exports) {
  const CallLanguage* cl = rules.language(lang.name);
  if (!cl || !tree) return;
  if (cl->calls_.source.empty()) return;  // compiled below only when a call is looked for
  std::vector<const CallRule*> candidates;
  for (const auto& r : rules.rules()) {
    if (std::find(r->languages.begin(), r->languages.end(), lang.name) == r->languages.end()) continue;
    bool keyword = false;
    for (const std::string& k : r->keywords)
      if (text.find(k) != std::string_view::npos) keyword = true;
    if (!keyword) continue;
    if (r->require_import && !RE2::PartialMatch(text, *r->require_import)) continue;
    candidates.push_back(r.get());
  }
  FileCalls(rules, *cl, tree, text).run(candidates, calls, exports);
}

void describe_call_model(const Catalog& catalog, const std::string& as_of, Finding* f) {
  f->canonical.clear();
  f->provider.clear();
  f->family.clear();
  f->platform.clear();
  f->status.clear();
  f->deprecated_on.clear();
  f->shutdown_on.clear();
  f->replacement.clear();
  f->model_kind.clear();
  if (f->model.empty()) return;
  f->written = f->model;
  if (auto r = catalog.resolve(f->model)) {
    f->model = r->written_model;
    f->canonical = r->canonical();
    f->provider = r->provider();
    f->family = r->family->id;
    f->platform = r->platform;
    f->model_kind = r->kind();
    f->status = Catalog::status(*r, as_of);
    const Lifecycle& life = r->lifecycle();
    f->deprecated_on = life.deprecated_on;
    f->shutdown_on = life.shutdown_on;
    f->replacement = life.replacement;
  } else {
    f->status = "unknown";  // a deployment name or an id the catalog does not know
  }
}

}  // namespace modelshift
