#include "detect/schemas.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "core/yaml_util.h"
#include "detect/source_text.h"
#include "pipeline/scan.h"

namespace modelshift {

using namespace source_text;

namespace {

using json = nlohmann::ordered_json;

// Notes of the link steps left for finish_links().
constexpr const char* kUsedBy = "used_by";
constexpr const char* kEmbeddingLink = "embedding";
constexpr const char* kStoreLink = "vector_stores";  // on an embedding: the stores it feeds

// The longest line_text kept for a fingerprint (as normalise_line in scan.cc).
constexpr size_t kLineText = 512;

// Text from scanned files may hold invalid UTF-8: replaced, never thrown.
std::string dump_json(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// An object schema: type "object" or a properties object.
bool is_schema_object(const json& j) {
  return j.is_object() && ((j.contains("type") && j["type"] == "object") ||
                           (j.contains("properties") && j["properties"].is_object()));
}

void strict_walk(const json& s, const std::string& path, const std::set<std::string>& unsupported,
                 std::vector<std::string>* out) {
  if (!s.is_object()) return;
  for (const auto& [k, v] : s.items())
    if (unsupported.count(k)) out->push_back("unsupported keyword " + k + " at " + path);
  bool is_object = s.contains("properties") || (s.contains("type") && s["type"] == "object");
  if (is_object) {
    auto ap = s.find("additionalProperties");
    if (ap == s.end() || !(ap->is_boolean() && !ap->get<bool>()))
      out->push_back("additionalProperties is not false at " + path);
    std::set<std::string> required;
    if (s.contains("required") && s["required"].is_array())
      for (const json& r : s["required"])
        if (r.is_string()) required.insert(r.get<std::string>());
    std::string missing;
    if (s.contains("properties") && s["properties"].is_object())
      for (const auto& [k, v] : s["properties"].items())
        if (!required.count(k)) missing += (missing.empty() ? "" : ", ") + k;
    if (!missing.empty()) out->push_back("not required: " + missing + " at " + path);
  }
  if (s.contains("properties") && s["properties"].is_object())
    for (const auto& [k, v] : s["properties"].items()) strict_walk(v, path + ".properties." + k, unsupported, out);
  if (s.contains("items")) strict_walk(s["items"], path + ".items", unsupported, out);
  for (const char* key : {"anyOf", "oneOf", "allOf"})
    if (s.contains(key) && s[key].is_array())
      for (size_t n = 0; n < s[key].size(); ++n)
        strict_walk(s[key][n], path + "." + key + "[" + std::to_string(n) + "]", unsupported, out);
  for (const char* key : {"$defs", "definitions"})
    if (s.contains(key) && s[key].is_object())
      for (const auto& [k, v] : s[key].items()) strict_walk(v, path + "." + key + "." + k, unsupported, out);
}

std::string list_json(const std::vector<std::string>& v) {
  json a = json::array();
  for (const std::string& s : v) a.push_back(s);
  return dump_json(a);
}

TextHit schema_hit(size_t b, size_t e, const std::string& language, const std::string& rule, std::string_view text) {
  TextHit h;
  h.begin = static_cast<uint32_t>(b);
  h.end = static_cast<uint32_t>(e);
  h.finding.kind = "tool_schema";
  h.finding.context = "code";
  h.finding.language = language;
  h.finding.rule = rule;
  h.finding.line_text = std::string(line_near(text, b));
  return h;
}

}  // namespace

// The line holding `pos`, for a fingerprint: at most kLineText bytes, and
// looked for only that far on either side, so that a minified file (one long
// line with many findings) costs no more than a short one.
std::string_view line_near(std::string_view text, size_t pos) {
  size_t from = pos > kLineText ? pos - kLineText : 0;
  size_t ls = pos;
  while (ls > from && text[ls - 1] != '\n') --ls;
  if (ls > 0 && text[ls - 1] != '\n') ls = pos;  // no line start near: from `pos`
  size_t le = ls;
  while (le < text.size() && le - ls < kLineText && text[le] != '\n') ++le;
  return text.substr(ls, le - ls);
}

std::string literal_to_json(std::string_view text, size_t pos) {
  json v = read_literal(text, pos);
  return v.is_null() ? std::string() : dump_json(v);
}

std::vector<std::string> strict_issues(const std::string& schema_json, const std::set<std::string>& unsupported) {
  std::vector<std::string> out;
  json s = json::parse(schema_json, nullptr, false);
  if (!s.is_discarded()) strict_walk(s, "$", unsupported, &out);
  return out;
}

std::unique_ptr<StructureRules> StructureRules::load(const std::vector<RuleFile>& files,
                                                     std::vector<Diagnostic>* errors) {
  auto rules = std::make_unique<StructureRules>();
  for (const RuleFile& file : files) {
    if (file.path != "structured_outputs.yaml" && file.path != "vector_stores.yaml") continue;
    YamlReader yr(file.origin, errors);
    std::optional<YAML::Node> doc = yr.parse(file.text);
    if (!doc) continue;
    auto compile = [&](const YAML::Node& at, const std::string& pattern) {
      auto re = std::make_unique<RE2>(pattern);
      if (!re->ok()) yr.error(at, "bad pattern: " + re->error());
      return re;
    };
    if (file.path == "vector_stores.yaml") {
      yr.check_keys(*doc, {"stores", "global_settings"});
      rules->global_settings = yr.str_list(*doc, "global_settings");
      for (const YAML::Node& s : (*doc)["stores"]) {
        yr.check_keys(s, {"id", "pattern"});
        auto id = yr.str(s, "id", true);
        auto pattern = yr.str(s, "pattern", true);
        if (id && pattern) rules->stores.push_back({*id, compile(s["pattern"], *pattern)});
      }
      continue;
    }
    yr.check_keys(*doc, {"keywords", "syntax", "schema_keys", "name_keys", "declarations", "helpers", "tool_parameters",
                         "optional_markers", "unsupported_keywords", "embedding_apis", "dimension_parameters",
                         "schema_files", "pydantic", "string_schemas"});
    for (const YAML::Node& r : (*doc)["string_schemas"]) {
      yr.check_keys(r, {"languages", "call", "name", "strict"});
      StringSchemaRule rule;
      rule.languages = yr.str_list(r, "languages");
      auto call = yr.str(r, "call", true), name = yr.str(r, "name", true), strict = yr.str(r, "strict");
      if (!call || !name) continue;
      rule.call = compile(r["call"], *call);
      rule.name = compile(r["name"], *name);
      if (rule.name->ok() && rule.name->NumberOfCapturingGroups() < 1) yr.error(r["name"], "name needs a group");
      if (strict) rule.strict = compile(r["strict"], *strict);
      rules->string_schemas.push_back(std::move(rule));
    }
    if (const YAML::Node py = (*doc)["pydantic"]) {
      yr.check_keys(py, {"field_constraints", "open_types", "default_keywords"});
      rules->pydantic_open_types = yr.str_list(py, "open_types");
      rules->pydantic_default_keywords = yr.str_list(py, "default_keywords");
      for (const auto& kv : py["field_constraints"]) {
        if (!kv.second.IsScalar()) yr.error(kv.second, "a field constraint maps to one JSON-schema keyword");
        else rules->pydantic_constraints[kv.first.as<std::string>()] = kv.second.as<std::string>();
      }
    }
    if (const YAML::Node sf = (*doc)["schema_files"]) {
      yr.check_keys(sf, {"extension", "not_loads", "fill", "languages"});
      rules->schema_file_extension = yr.str(sf, "extension", true).value_or("");
      rules->schema_file_not_loads = yr.str_list(sf, "not_loads");
      if (auto fill = yr.str(sf, "fill")) rules->schema_file_fill = compile(sf["fill"], *fill);
      for (const auto& kv : sf["languages"]) {
        yr.check_keys(kv.second, {"words", "binds"});
        SchemaFileLoad load;
        load.words = yr.str_list(kv.second, "words");
        for (const std::string& b : yr.str_list(kv.second, "binds")) {
          auto re = compile(kv.second["binds"], b);
          if (re->ok() && re->NumberOfCapturingGroups() < 1) yr.error(kv.second["binds"], "a bind needs a group for the name");
          load.binds.push_back(std::move(re));
        }
        rules->schema_file_loads[kv.first.as<std::string>()] = std::move(load);
      }
    }
    for (const auto& kv : (*doc)["syntax"]) {
      const YAML::Node& s = kv.second;
      yr.check_keys(s, {"line_comment", "block_comment", "quotes", "block_keywords"});
      Syntax syn;
      syn.block_keywords = yr.str_list(s, "block_keywords");
      syn.line_comment = yr.str(s, "line_comment").value_or("");
      std::vector<std::string> block = yr.str_list(s, "block_comment");
      if (block.size() == 2) {
        syn.block_open = block[0];
        syn.block_close = block[1];
      } else if (!block.empty()) {
        yr.error(s["block_comment"], "block_comment is [open, close]");
      }
      syn.quotes = yr.str(s, "quotes", true).value_or("\"'");
      rules->syntax[kv.first.as<std::string>()] = syn;
    }
    rules->schema_keys = yr.str_list(*doc, "schema_keys");
    rules->keywords = yr.str_list(*doc, "keywords");
    rules->name_keys = yr.str_list(*doc, "name_keys");
    rules->helpers = yr.str_list(*doc, "helpers");
    rules->tool_parameters = yr.str_list(*doc, "tool_parameters");
    rules->optional_markers = yr.str_list(*doc, "optional_markers");
    for (const std::string& k : yr.str_list(*doc, "unsupported_keywords")) rules->unsupported.insert(k);
    for (const std::string& k : yr.str_list(*doc, "embedding_apis")) rules->embedding_apis.insert(k);
    for (const std::string& k : yr.str_list(*doc, "dimension_parameters")) rules->dimension_parameters.insert(k);
    for (const YAML::Node& d : (*doc)["declarations"]) {
      yr.check_keys(d, {"id", "languages", "form", "pattern"});
      SchemaDeclaration decl;
      decl.id = yr.str(d, "id", true).value_or("");
      decl.form = yr.str(d, "form", true).value_or("");
      decl.languages = yr.str_list(d, "languages");
      if (decl.form != "fields" && decl.form != "object" && decl.form != "go_definition")
        yr.error(d["form"], "form is one of fields, object, go_definition");
      auto pattern = yr.str(d, "pattern", true);
      if (!pattern) continue;
      decl.pattern = compile(d["pattern"], *pattern);
      if (decl.pattern->ok() && decl.pattern->NumberOfCapturingGroups() < 1)
        yr.error(d["pattern"], "pattern needs a group for the name");
      rules->declarations.push_back(std::move(decl));
    }
    std::string alternation;
    for (const std::string& k : rules->schema_keys) alternation += (alternation.empty() ? "" : "|") + RE2::QuoteMeta(k);
    // `key: {` (Python, JS, Ruby symbols), `'key' => [` (PHP arrays), `"key" => {` (Ruby).
    rules->schema_key = std::make_unique<RE2>("[\"':]?(?:" + alternation + ")[\"']?\\s*(?::|=>)\\s*[\\{\\[]");
  }
  std::string stores;
  for (const VectorStoreRule& r : rules->stores) stores += (stores.empty() ? "(?:" : "|(?:") + r.pattern->pattern() + ")";
  rules->any_store = std::make_unique<RE2>(stores.empty() ? std::string("$^") : stores);
  if (!rules->schema_key) errors->push_back({"rules/structured_outputs.yaml", 0, 0, "missing rule file"});
  return rules;
}

bool StructureRules::wants(std::string_view text) const {
  for (const std::string& k : keywords)
    if (text.find(k) != std::string_view::npos) return true;
  return any_store && any_store->ok() && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *any_store);
}

namespace {

// Names that carry the embedding made at `pos` to other files: the
// module-level variable it is bound to, the function it sits in, and
// module-level names assigned from those.
std::vector<std::string> embedding_carriers(const std::string& m, const std::vector<Statement>& st, size_t pos) {
  static const RE2 def(R"((?:def|function|func)\s+(?:\([^)]*\)\s*)?([A-Za-z_$][\w$]*))");
  auto top_level = [&](const Statement& s) { return s.begin < m.size() && !std::isspace(static_cast<unsigned char>(m[s.begin])); };
  std::set<std::string> names;
  const Statement* s = statement_at(st, pos);
  if (s && !s->target.empty() && top_level(*s)) names.insert(s->target);
  re2::StringPiece in(m.data(), std::min(pos, m.size()));
  std::string fn, last;
  while (RE2::FindAndConsume(&in, def, &fn)) last = fn;
  if (!last.empty()) names.insert(last);
  for (int round = 0; round < 2 && !names.empty(); ++round)
    for (const Statement& t : st) {
      if (t.target.empty() || names.count(t.target) || !top_level(t)) continue;
      for (const std::string& n : std::set<std::string>(names))
        if (has_word(m, t.begin, t.end, n)) names.insert(t.target);
    }
  return {names.begin(), names.end()};
}

// Of the words a store's code uses, those another file defines: names
// imported (or read from an imported module, `config.EMBEDDINGS`) in Python
// and JS; in Go (one package per directory) names the file does not assign.
// Each imported module's words come too, as "@word" (`@config` for
// `from .config import X`, `@embed` for `from "./lib/embed.js"`), so the
// link can check the embedding's file is the one imported.
std::vector<std::string> foreign_names(const std::string& language, std::string_view text, const std::string& m,
                                       const std::vector<Statement>& st, const std::set<std::string>& used) {
  std::set<std::string> out;
  if (language == "go") {
    std::set<std::string> local;
    for (const Statement& s : st)
      if (!s.target.empty()) local.insert(s.target);
    for (const std::string& w : used)
      if (!local.count(w)) out.insert(w);
    return {out.begin(), out.end()};
  }
  std::set<std::string> imported;
  for (const Statement& s : st) {
    size_t w = s.begin;
    while (w < s.end && std::isspace(static_cast<unsigned char>(m[w]))) ++w;
    bool import = m.compare(w, 5, "from ") == 0 || m.compare(w, 7, "import ") == 0 ||
                  m.substr(s.begin, s.end - s.begin).find("require(") != std::string::npos;
    if (!import) continue;
    // From the text: module paths are strings ("./lib/embed.js").
    std::string stmt(text.substr(s.begin, s.end - s.begin));
    std::set<std::string> ws = words(stmt, 0, stmt.size());
    imported.insert(ws.begin(), ws.end());
  }
  for (const std::string& w : imported) out.insert("@" + w);
  for (const std::string& w : used) {
    bool keep = imported.count(w) > 0;
    // module.name: the word before the dot is imported.
    for (size_t p = 0; !keep && (p = m.find(w, p)) != std::string::npos; p += w.size()) {
      if (p < 2 || m[p - 1] != '.' || (p + w.size() < m.size() && id_char(m[p + w.size()]))) continue;
      size_t q = p - 1;
      while (q > 0 && id_char(m[q - 1])) --q;
      keep = imported.count(m.substr(q, p - 1 - q)) > 0;
    }
    if (keep) out.insert(w);
  }
  return {out.begin(), out.end()};
}

// One Pydantic field: `name: type [= default]`, read from masked text
// between `b` (after the colon) and `e`.
struct PydanticField {
  bool has_default = false;
  std::vector<std::string> open_types;  // dict, Any, ... in the type: an open object
  std::vector<std::string> keywords;    // JSON-schema keywords its constraints become
};

PydanticField read_pydantic_field(const StructureRules& rules, std::string_view text, const std::string& m, size_t b,
                                  size_t e) {
  PydanticField out;
  // The type ends at a '=' outside brackets.
  size_t eq = std::string::npos;
  int depth = 0;
  for (size_t i = b; i < e && eq == std::string::npos; ++i) {
    if (opener(m[i])) ++depth;
    else if (closer(m[i])) --depth;
    else if (m[i] == '=' && depth == 0 && (i + 1 >= e || m[i + 1] != '=')) eq = i;
  }
  std::string type = m.substr(b, (eq == std::string::npos ? e : eq) - b);
  std::string value = eq == std::string::npos ? "" : m.substr(eq + 1, e - eq - 1);
  size_t v = value.find_first_not_of(" \t\n");
  value = v == std::string::npos ? "" : value.substr(v);
  for (const std::string& t : rules.pydantic_open_types)
    if (has_word(type, 0, type.size(), t)) out.open_types.push_back(t);
  // Field(...) as the value or inside Annotated[...]: its keyword arguments.
  static const RE2 kwarg(R"(\b([A-Za-z_]\w*)\s*=[^=])");
  auto field_call = [&](const std::string& where, size_t offset, bool is_value) {
    for (size_t f = where.find("Field("); f != std::string::npos; f = where.find("Field(", f + 1)) {
      if (f > 0 && id_char(where[f - 1])) continue;
      size_t open = offset + f + 5;
      size_t close = match_close(m, open);
      if (close == std::string::npos || close > e) continue;
      re2::StringPiece in(m.data() + open + 1, close - open - 1);
      std::string k;
      while (RE2::FindAndConsume(&in, kwarg, &k)) {
        auto c = rules.pydantic_constraints.find(k);
        if (c != rules.pydantic_constraints.end()) out.keywords.push_back(c->second);
        if (std::find(rules.pydantic_default_keywords.begin(), rules.pydantic_default_keywords.end(), k) !=
            rules.pydantic_default_keywords.end())
          out.has_default = true;
      }
      if (!is_value) continue;
      // A first positional argument is the default, unless it is `...`.
      std::string_view args(text.data() + open + 1, close - open - 1);
      size_t a = args.find_first_not_of(" \t\n");
      if (a == std::string_view::npos || args.compare(a, 3, "...") == 0) continue;
      size_t id_end = a;
      while (id_end < args.size() && id_char(args[id_end])) ++id_end;
      size_t after = args.find_first_not_of(" \t\n", id_end);
      bool is_kwarg = id_end > a && after != std::string_view::npos && args[after] == '=' &&
                      (after + 1 >= args.size() || args[after + 1] != '=');
      if (!is_kwarg) out.has_default = true;
    }
  };
  field_call(type, b, false);
  if (!value.empty()) {
    size_t voff = m.find_first_not_of(" \t\n", eq + 1);
    if (value.compare(0, 6, "Field(") == 0 || value.compare(0, 15, "pydantic.Field(") == 0)
      field_call(value, voff, true);
    else
      out.has_default = true;  // a plain default value
  }
  return out;
}

// The string literal (quotes included) that ends just before `pos` in masked
// text, skipping blanks; npos when the code there is not a closing quote.
size_t literal_before(std::string_view text, const std::string& m, size_t pos, size_t* open) {
  size_t k = pos;
  while (k > 0 && std::isspace(static_cast<unsigned char>(m[k - 1]))) --k;
  if (k == 0 || !std::strchr("\"'`", m[k - 1])) return std::string::npos;
  char q = m[k - 1];
  size_t o = k - 1;
  while (o > 0 && !(m[o - 1] == q && text[o - 1] == q)) --o;
  if (o == 0) return std::string::npos;
  *open = o - 1;
  return k;  // one past the closing quote
}

std::string trim_slashes(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  size_t b = 0;
  while (b < s.size() && s[b] == '/') ++b;
  return s.substr(b);
}

// Names the value of statement `origin` takes in the file: its assignment,
// the language's binds, then (three rounds) the targets of statements that
// mention a name and the names they fill through a pointer.
std::set<std::string> loaded_names(const StructureRules& rules, const SchemaFileLoad& load, const std::string& m,
                                   const std::vector<Statement>& st, const Statement& origin) {
  std::set<std::string> names;
  if (!origin.target.empty()) names.insert(origin.target);
  re2::StringPiece code(m.data() + origin.begin, origin.end - origin.begin);
  for (const auto& bind : load.binds) {
    std::string name;
    if (bind->ok() && RE2::PartialMatch(code, *bind, &name)) names.insert(name);
  }
  for (int round = 0; round < 3 && !names.empty(); ++round)
    for (const Statement& s : st) {
      if (&s == &origin) continue;
      bool mentions = false;
      for (const std::string& n : names) mentions = mentions || has_word(m, s.begin, s.end, n);
      if (!mentions) continue;
      if (!s.target.empty()) names.insert(s.target);
      if (rules.schema_file_fill && rules.schema_file_fill->ok()) {
        re2::StringPiece in(m.data() + s.begin, s.end - s.begin);
        std::string filled;
        while (RE2::FindAndConsume(&in, *rules.schema_file_fill, &filled))
          if (!names.count(filled)) names.insert(filled);
      }
    }
  return names;
}

// A statement that loads a schema file: the names its value takes, the tool
// name a literal around a use gives it, the calls that use it.
struct LoadStatement {
  bool loads = false;
  std::string tool_name;
  std::vector<size_t> used_by;  // offsets of call sites
};

void describe_load(const StructureRules& rules, const SchemaFileLoad& load, std::string_view text, const std::string& m,
                   const std::vector<Statement>& st, const std::vector<const TextHit*>& calls, const Statement& s,
                   LoadStatement* info) {
  std::set<std::string> names = loaded_names(rules, load, m, st, s);
  // {"name": "x", "parameters": schema}: the first such literal names it.
  for (const std::string& n : names) {
    size_t p = 0;
    while (info->tool_name.empty() && (p = m.find(n, p)) != std::string::npos) {
      size_t here = p;
      p += n.size();
      if (!has_word(m, here, here + n.size(), n)) continue;
      size_t open = enclosing_open(m, here);
      if (open == std::string::npos || m[open] != '{') continue;
      json holder = read_literal(text, open);
      if (!holder.is_object()) continue;
      bool holds = false;
      for (const std::string& k : rules.schema_keys)
        holds = holds || (holder.contains(k) && holder[k].is_object() && holder[k].value("expr", "") == n);
      for (const std::string& k : rules.name_keys)
        if (holds && holder.contains(k) && holder[k].is_string()) info->tool_name = holder[k].get<std::string>();
    }
  }
  for (const TextHit* c : calls) {
    bool uses = false;
    for (const std::string& n : names) uses = uses || has_word(m, c->begin, c->end, n);
    if (uses) info->used_by.push_back(c->begin);
  }
}

void find_schema_loads(const StructureRules& rules, const SchemaFileLoad& load, const std::string& language,
                       std::string_view text, const std::string& m, const std::vector<Statement>& st,
                       const std::vector<const TextHit*>& calls, std::vector<TextHit>* out) {
  const std::string& ext = rules.schema_file_extension;
  static const RE2 literal(R"re(["'`]([^"'`\n]+)["'`])re");
  re2::StringPiece input(text.data(), text.size()), groups[2];
  size_t pos = 0;
  std::map<size_t, LoadStatement> by_statement;
  while (pos < text.size() && literal.Match(input, pos, text.size(), RE2::UNANCHORED, groups, 2)) {
    size_t b = groups[0].data() - text.data(), e = b + groups[0].size();
    pos = e;
    std::string path(groups[1].data(), groups[1].size());
    // A literal in code: its quotes are code, its inside is masked.
    if (m[b] != text[b] || m[e - 1] != text[e - 1] || (e - b > 2 && m[b + 1] != ' ')) {
      pos = b + 1;
      continue;
    }
    if (path.size() <= ext.size() || path.compare(path.size() - ext.size(), ext.size(), ext) != 0) continue;
    const Statement* s = statement_at(st, b);
    if (!s || b >= s->end) continue;
    // What a statement loads is worked out once, however many literals it
    // holds (a minified bundle is one statement).
    auto [cached, fresh] = by_statement.try_emplace(static_cast<size_t>(s - st.data()));
    LoadStatement& info = cached->second;
    if (fresh) {
      std::string_view code(m.data() + s->begin, s->end - s->begin), stmt = text.substr(s->begin, s->end - s->begin);
      for (const std::string& w : load.words) info.loads = info.loads || code.find(w) != std::string_view::npos;
      for (const std::string& w : rules.schema_file_not_loads) info.loads = info.loads && stmt.find(w) == std::string_view::npos;
      if (info.loads) describe_load(rules, load, text, m, st, calls, *s, &info);
    }
    if (!info.loads) continue;
    // Pieces joined before it: "schemas" / "x.json", join(dir, "schemas", "x.json").
    size_t at = b;
    for (;;) {
      size_t k = at;
      while (k > s->begin && std::isspace(static_cast<unsigned char>(m[k - 1]))) --k;
      if (k == s->begin || !std::strchr("/,+", m[k - 1])) break;
      size_t open = 0, close = literal_before(text, m, k - 1, &open);
      if (close == std::string::npos || open < s->begin) break;
      std::string piece(text.substr(open + 1, close - open - 2));
      path = m[k - 1] == '+' ? piece + path : trim_slashes(piece) + "/" + path;
      at = open;
    }
    TextHit h = schema_hit(b, e, language, "json_file", text);
    h.finding.kind = kSchemaFileLoad;
    h.finding.details.push_back({"file", dump_json(json(path))});
    h.finding.details.push_back({"name", dump_json(json(info.tool_name))});
    h.finding.details.push_back({kUsedBy, ""});
    std::vector<size_t> used_by = info.used_by;
    for (const TextHit* c : calls)  // loaded inside the call itself
      if (b >= c->begin && e <= c->end && std::find(used_by.begin(), used_by.end(), c->begin) == used_by.end())
        used_by.push_back(c->begin);
    for (size_t c : used_by) h.finding.resolution.push_back({"", static_cast<uint32_t>(c), 0, 0, kUsedBy});
    out->push_back(std::move(h));
  }
}

}  // namespace

void find_structures(const StructureRules& rules, const std::string& language, std::string_view text,
                     std::vector<TextHit>* hits) {
  // Languages without a syntax entry get embeddings only (derived from call
  // sites); schemas and stores need masked text.
  static const Syntax none;
  auto found = rules.syntax.find(language);
  const bool full = found != rules.syntax.end();
  const Syntax& syn = full ? found->second : none;
  const std::string m = mask(text, syn);
  const std::vector<Statement> st = statements(text, m, syn.block_keywords);
  std::vector<const TextHit*> calls;
  for (const TextHit& h : *hits)
    if (h.finding.kind == "call_site") calls.push_back(&h);
  std::vector<TextHit> out;

  // Links a schema to the call sites that use it: calls whose span holds its
  // definition (inline) or names its variable as a word.
  auto link_calls = [&](TextHit* h, const std::string& name) {
    // The name and the names assigned from it (tools := []Tool{{... name}}).
    std::set<std::string> names;
    if (!name.empty()) names.insert(name);
    for (int round = 0; round < 2 && !names.empty(); ++round)
      for (const Statement& s : st)
        if (!s.target.empty() && !names.count(s.target))
          for (const std::string& n : std::set<std::string>(names))
            if (has_word(m, s.begin, s.end, n)) names.insert(s.target);
    for (const TextHit* c : calls) {
      bool uses = h->begin >= c->begin && h->end <= c->end;
      for (const std::string& n : names) uses |= has_word(m, c->begin, c->end, n);
      if (uses) h->finding.resolution.push_back({"", c->begin, 0, 0, kUsedBy});
    }
  };
  auto code_at = [&](size_t p) { return p < m.size() && m[p] == text[p]; };

  // 1. JSON-schema literals beside a name.
  if (full && rules.schema_key) {
    re2::StringPiece input(text.data(), text.size()), match;
    size_t pos = 0;
    std::set<size_t> seen;
    while (pos < text.size() && rules.schema_key->Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
      size_t b = match.data() - text.data(), brace = b + match.size() - 1;
      pos = brace + 1;
      if (!code_at(brace)) continue;
      json schema = read_literal(text, brace);
      if (!schema.is_object() || !(schema.contains("properties") || schema.value("type", json()) == "object")) continue;
      size_t open = enclosing_open(m, b);
      if (open == std::string::npos || (m[open] != '{' && m[open] != '[') || seen.count(open)) continue;
      json holder = read_literal(text, open);
      std::string name;
      for (const std::string& k : rules.name_keys)
        if (holder.is_object() && holder.contains(k) && holder[k].is_string()) name = holder[k].get<std::string>();
      if (name.empty()) continue;
      seen.insert(open);
      size_t close = match_close(m, open);
      if (close == std::string::npos) continue;
      TextHit h = schema_hit(open, close + 1, language, "json_schema", text);
      // The variable the outermost literal is bound to (TOOLS = [...]).
      size_t top = open;
      // Not past a block's brace: a class body holds constants (PHP, Java, C#).
      auto block = [&](size_t at) {
        if (m[at] != '{') return false;
        size_t k = at;
        while (k > 0 && std::isspace(static_cast<unsigned char>(m[k - 1]))) --k;
        return k == 0 || !std::strchr("=([,:?", m[k - 1]);
      };
      for (size_t up = enclosing_open(m, top); up != std::string::npos && m[up] != '(' && !block(up);
           up = enclosing_open(m, up))
        top = up;
      const Statement* s = statement_at(st, top);
      std::string variable = s ? s->target : "";
      std::vector<std::string> props, required;
      if (schema.contains("properties") && schema["properties"].is_object())
        for (const auto& [k, v] : schema["properties"].items()) props.push_back(k);
      if (schema.contains("required") && schema["required"].is_array())
        for (const json& r : schema["required"])
          if (r.is_string()) required.push_back(r.get<std::string>());
      auto& d = h.finding.details;
      d.push_back({"name", dump_json(json(name))});
      d.push_back({"source", dump_json(json("json_schema"))});
      if (!variable.empty()) d.push_back({"variable", dump_json(json(variable))});
      d.push_back({"properties", list_json(props)});
      d.push_back({"required", list_json(required)});
      d.push_back({"strict", holder.contains("strict") ? dump_json(holder["strict"]) : "null"});
      d.push_back({"strict_issues", list_json(strict_issues(dump_json(schema), rules.unsupported))});
      d.push_back({kUsedBy, ""});
      link_calls(&h, variable);
      out.push_back(std::move(h));
    }
  }

  // 1b. Schemas written as JSON strings in an SDK call (C# raw strings).
  for (const StringSchemaRule& rule : rules.string_schemas) {
    if (!full || std::find(rule.languages.begin(), rule.languages.end(), language) == rule.languages.end()) continue;
    re2::StringPiece input(text.data(), text.size()), match;
    size_t pos = 0;
    while (pos < text.size() && rule.call->Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
      size_t b = match.data() - text.data(), open = b + match.size() - 1;
      pos = open + 1;
      if (!code_at(b) || text[open] != '(') continue;
      size_t close = match_close(m, open);
      if (close == std::string::npos) continue;
      // The first string in the call whose text is a JSON object.
      json schema;
      for (size_t k = open; k < close && !schema.is_object(); ++k) {
        if (m[k] == text[k] || text[k] != '{') continue;  // inside a string only
        schema = read_literal(text, k);
        if (!schema.is_object()) {
          // An escaped string ("{\"type\": ...}"): unescaped up to its end.
          size_t e = k;
          while (e < close && m[e] != '"') ++e;  // the string's inside is blank in masked text
          std::string raw;
          for (size_t j = k; j < e; ++j) {
            if (text[j] == '\\' && j + 1 < e) ++j;
            raw += text[j];
          }
          schema = read_literal(raw, 0);
        }
        if (!is_schema_object(schema)) schema = json();
      }
      if (!schema.is_object()) continue;
      std::string args(text.substr(open + 1, close - open - 1)), name;
      int groups = rule.name->NumberOfCapturingGroups();
      std::vector<std::string> found(groups);
      std::vector<RE2::Arg> argv(groups);
      std::vector<const RE2::Arg*> argp(groups);
      for (int g = 0; g < groups; ++g) {
        argv[g] = &found[g];
        argp[g] = &argv[g];
      }
      if (RE2::PartialMatchN(args, *rule.name, argp.data(), groups))
        for (const std::string& f : found)
          if (name.empty() && !f.empty()) name = f;
      if (name.empty()) continue;
      std::string strict = "null", flag;
      if (rule.strict && RE2::PartialMatch(args, *rule.strict, &flag)) strict = flag == "true" ? "true" : "false";
      TextHit h = schema_hit(b, close + 1, language, "json_string", text);
      const Statement* s = statement_at(st, b);
      std::string variable = s ? s->target : "";
      std::vector<std::string> props, required;
      const json properties = schema.value("properties", json::object());
      if (properties.is_object())
        for (const auto& [k, v] : properties.items()) props.push_back(k);
      if (schema.contains("required") && schema["required"].is_array())
        for (const json& r : schema["required"])
          if (r.is_string()) required.push_back(r.get<std::string>());
      auto& d = h.finding.details;
      d.push_back({"name", dump_json(json(name))});
      d.push_back({"source", dump_json(json("json_string"))});
      if (!variable.empty()) d.push_back({"variable", dump_json(json(variable))});
      d.push_back({"properties", list_json(props)});
      d.push_back({"required", list_json(required)});
      d.push_back({"strict", strict});
      d.push_back({"strict_issues", list_json(strict_issues(dump_json(schema), rules.unsupported))});
      d.push_back({kUsedBy, ""});
      link_calls(&h, variable);
      out.push_back(std::move(h));
    }
  }

  // 2. Declared models (Pydantic, zod, Go jsonschema.Definition) that a call
  //    or a helper uses.
  for (const SchemaDeclaration& decl : rules.declarations) {
    if (!full || std::find(decl.languages.begin(), decl.languages.end(), language) == decl.languages.end()) continue;
    re2::StringPiece input(text.data(), text.size()), groups[2];
    size_t pos = 0;
    while (pos < text.size() && decl.pattern->Match(input, pos, text.size(), RE2::UNANCHORED, groups, 2)) {
      size_t b = groups[0].data() - text.data(), e = b + groups[0].size();
      pos = std::max(e, b + 1);
      size_t name_at = groups[1].data() - text.data();
      if (!code_at(name_at)) continue;
      std::string name(groups[1].data(), groups[1].size());
      std::vector<std::string> props, required, issues;
      size_t end = e;
      if (decl.form == "fields") {
        // The class body: lines indented deeper than the class line.
        size_t ls = text.rfind('\n', b);
        ls = ls == std::string_view::npos ? 0 : ls + 1;
        size_t indent = 0;
        while (ls + indent < text.size() && (text[ls + indent] == ' ' || text[ls + indent] == '\t')) ++indent;
        static const RE2 field(R"(^[ \t]+([A-Za-z_]\w*)\s*:[^=])");
        std::vector<std::string> optional;
        size_t p = text.find('\n', e);
        while (p != std::string_view::npos && p + 1 < text.size()) {
          size_t q = text.find('\n', p + 1);
          if (q == std::string_view::npos) q = text.size();
          std::string_view line = text.substr(p + 1, q - p - 1);
          size_t ind = 0;
          while (ind < line.size() && (line[ind] == ' ' || line[ind] == '\t')) ++ind;
          if (ind < line.size() && ind <= indent) break;
          std::string fname;
          if (ind < line.size() && m[p + 1 + ind] == text[p + 1 + ind] &&
              RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), field, &fname) && fname != "model_config") {
            // The field runs on while brackets are open (Field(\n ...\n)).
            size_t colon = m.find(':', p + 1 + ind);
            size_t stop = colon + 1;
            int depth = 0;
            while (stop < m.size() && !(m[stop] == '\n' && depth <= 0)) {
              if (opener(m[stop])) ++depth;
              else if (closer(m[stop])) --depth;
              ++stop;
            }
            PydanticField pf = read_pydantic_field(rules, text, m, colon + 1, stop);
            props.push_back(fname);
            if (pf.has_default) optional.push_back(fname);
            else required.push_back(fname);
            for (const std::string& open_type : pf.open_types)
              issues.push_back("open type " + open_type + " (additionalProperties is not false) at $.properties." + fname);
            for (const std::string& k : pf.keywords)
              if (rules.unsupported.count(k)) issues.push_back("unsupported keyword " + k + " at $.properties." + fname);
            end = stop;
            q = std::min(stop, text.size());
          }
          p = q;
        }
        if (!optional.empty()) {
          std::string list;
          for (const std::string& o : optional) list += (list.empty() ? "" : ", ") + o;
          issues.insert(issues.begin(), "not required: " + list + " at $");
        }
      } else if (decl.form == "object") {
        if (e >= text.size() || text[e] != '{') continue;
        size_t close = match_close(m, e);
        if (close == std::string::npos) continue;
        json body = read_literal(text, e);
        if (!body.is_object()) continue;
        std::string optional;
        for (const auto& [k, v] : body.items()) {
          props.push_back(k);
          std::string expr = v.is_object() && v.contains("expr") ? v["expr"].get<std::string>() : dump_json(v);
          bool opt = false;
          for (const std::string& mk : rules.optional_markers) opt |= expr.find(mk) != std::string::npos;
          if (opt) optional += (optional.empty() ? "" : ", ") + k;
          else required.push_back(k);
        }
        if (!optional.empty()) issues.push_back("not required: " + optional + " at $");
        end = close + 1;
      } else {  // go_definition
        size_t open = e - 1;
        size_t close = match_close(m, open);
        if (close == std::string::npos) continue;
        static const RE2 prop(R"re("([^"]+)"\s*:\s*\{)re");
        static const RE2 req(R"re(Required:\s*\[\]string\{([^}]*)\})re");
        size_t pp = m.find("Properties:", open);
        if (pp != std::string::npos && pp < close) {
          size_t mo = m.find('{', pp);
          size_t mc = mo == std::string::npos ? mo : match_close(m, mo);
          int depth = 0;
          for (size_t k = mo; mc != std::string::npos && k < mc; ++k) {
            if (opener(m[k])) ++depth;
            else if (closer(m[k])) --depth;
            else if (depth == 1 && text[k] == '"') {
              std::string key;
              re2::StringPiece in(text.data() + k, mc - k);
              if (RE2::Consume(&in, prop, &key)) props.push_back(key);
            }
          }
        }
        re2::StringPiece body(text.data() + open, close - open);
        std::string reqs;
        // The last Required: list at the top level is the object's own.
        static const RE2 quoted(R"re("([^"]+)")re");
        size_t depth1 = 0;
        (void)depth1;
        if (RE2::PartialMatch(body, req, &reqs)) {
          re2::StringPiece rin(reqs);
          std::string r;
          while (RE2::FindAndConsume(&rin, quoted, &r)) required.push_back(r);
        }
        end = close + 1;
        std::string missing;
        for (const std::string& p : props)
          if (std::find(required.begin(), required.end(), p) == required.end())
            missing += (missing.empty() ? "" : ", ") + p;
        if (!missing.empty()) issues.push_back("not required: " + missing + " at $");
        if (m.substr(open, close - open).find("AdditionalProperties") == std::string::npos)
          issues.push_back("additionalProperties is not false at $");
      }
      TextHit h = schema_hit(b, end, language, decl.id, text);
      link_calls(&h, name);
      bool used = !h.finding.resolution.empty() || decl.form == "go_definition";
      for (const std::string& helper : rules.helpers) {
        size_t hp = 0;
        while (!used && (hp = m.find(helper + "(", hp)) != std::string::npos) {
          size_t close = match_close(m, hp + helper.size());
          if (close != std::string::npos && has_word(m, hp + helper.size(), close, name)) used = true;
          hp += helper.size();
        }
      }
      if (!used) continue;
      auto& d = h.finding.details;
      d.push_back({"name", dump_json(json(name))});
      d.push_back({"source", dump_json(json(decl.id))});
      d.push_back({"properties", list_json(props)});
      d.push_back({"required", list_json(required)});
      d.push_back({"strict_issues", list_json(issues)});
      d.push_back({kUsedBy, ""});
      out.push_back(std::move(h));
    }
  }

  // 2b. Loads of JSON schema files, left for link_across_files().
  auto load_rule = rules.schema_file_loads.find(language);
  if (full && load_rule != rules.schema_file_loads.end() && !rules.schema_file_extension.empty() &&
      text.find(rules.schema_file_extension) != std::string_view::npos)
    find_schema_loads(rules, load_rule->second, language, text, m, st, calls, &out);

  // 3. Embeddings: derived from the embedding call sites.
  std::vector<size_t> embeddings;  // indexes into out
  for (const TextHit* c : calls) {
    if (!rules.embedding_apis.count(c->finding.api)) continue;
    TextHit h = *c;
    Finding& f = h.finding;
    f.kind = "embedding";
    f.resolution.clear();
    f.details.clear();
    std::string dims = "null";
    for (const auto& [k, v] : c->finding.parameters)
      if (rules.dimension_parameters.count(k)) dims = v;
    f.parameters.clear();
    f.details.push_back({"sdk", dump_json(json(f.sdk))});
    f.details.push_back({"api", dump_json(json(c->finding.api))});
    f.details.push_back({"callee", dump_json(json(f.callee))});
    f.details.push_back({"dimensions", dims});
    const Statement* s = statement_at(st, c->begin);
    if (s && !s->target.empty()) f.details.push_back({"variable", dump_json(json(s->target))});
    f.details.push_back({kStoreLink, ""});
    f.link_names = embedding_carriers(m, st, c->begin);
    embeddings.push_back(out.size());
    out.push_back(std::move(h));
  }

  // 4. Vector stores, linked to embeddings through names the code passes.
  std::vector<std::pair<size_t, size_t>> stores;  // (out index, statement)
  for (const VectorStoreRule& rule : rules.stores) {
    if (!full) break;
    re2::StringPiece input(text.data(), text.size()), match;
    size_t pos = 0;
    while (pos < text.size() && rule.pattern->Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
      size_t b = match.data() - text.data(), e = b + match.size();
      pos = std::max(e, b + 1);
      if (!code_at(b)) continue;
      if (b > 0 && (id_char(text[b - 1]) || text[b - 1] == '.') && text[b] != '.') continue;
      // A client passed to a store (QdrantVectorStore(new QdrantClient(...))) is that store.
      if (std::any_of(stores.begin(), stores.end(), [&](const auto& st_) {
            return b > out[st_.first].begin && b < out[st_.first].end;
          }))
        continue;
      size_t end = e;
      if (e > 0 && text[e - 1] == '(') {
        size_t close = match_close(m, e - 1);
        if (close != std::string::npos) end = close + 1;
      }
      TextHit h = schema_hit(b, end, language, rule.id, text);
      h.finding.kind = "vector_store";
      h.finding.details.push_back({"store", dump_json(json(rule.id))});
      const Statement* s = statement_at(st, b);
      if (s && !s->target.empty()) h.finding.details.push_back({"variable", dump_json(json(s->target))});
      stores.push_back({out.size(), static_cast<size_t>(s ? s - st.data() : 0)});
      out.push_back(std::move(h));
    }
  }
  if (!stores.empty()) {
    // Names that carry an embedding (its object, the function that makes it,
    // results assigned from them) and names bound to each store.
    std::map<std::string, size_t> emb_names;  // name -> index into out
    std::map<std::string, size_t> store_names;
    static const RE2 def(R"((?:def|function|func)\s+(?:\([^)]*\)\s*)?([A-Za-z_$][\w$]*))");
    for (size_t ei : embeddings) {
      const TextHit& e = out[ei];
      const Statement* s = statement_at(st, e.begin);
      if (s && !s->target.empty()) emb_names.emplace(s->target, ei);
      // The function the embedding call sits in.
      std::string before = m.substr(0, e.begin);
      re2::StringPiece in(before);
      std::string fn, last;
      while (RE2::FindAndConsume(&in, def, &fn)) last = fn;
      if (!last.empty()) emb_names.emplace(last, ei);
    }
    for (const auto& [oi, si] : stores)
      if (!st[si].target.empty()) store_names.emplace(st[si].target, oi);
    for (int round = 0; round < 3; ++round)
      for (const Statement& s : st) {
        if (s.target.empty()) continue;
        std::set<std::string> used = words(m, s.begin, s.end);
        used.erase(s.target);
        for (const std::string& w : used) {
          auto ei = emb_names.find(w);
          if (ei != emb_names.end()) emb_names.emplace(s.target, ei->second);
          auto si = store_names.find(w);
          if (si != store_names.end()) store_names.emplace(s.target, si->second);
        }
      }
    for (const auto& [oi, si] : stores) {
      TextHit& store = out[oi];
      std::optional<size_t> linked;
      std::set<std::string> mentioned;  // words of the statements that use the store
      for (size_t k = 0; k < st.size() && !linked; ++k) {
        const Statement& s = st[k];
        bool mentions = k == si;
        std::set<std::string> used = words(m, s.begin, s.end);
        for (const std::string& w : used) {
          auto it = store_names.find(w);
          mentions |= it != store_names.end() && it->second == oi;
        }
        if (!mentions) continue;
        mentioned.insert(used.begin(), used.end());
        for (size_t ei : embeddings)
          if (out[ei].begin >= s.begin && out[ei].begin < s.end) linked = ei;
        for (const std::string& w : used) {
          auto it = emb_names.find(w);
          if (!linked && it != emb_names.end() && w != s.target) linked = it->second;
        }
      }
      for (size_t ei : embeddings) {
        const Statement* s = statement_at(st, out[ei].begin);
        size_t w = s ? s->begin : 0;
        while (s && w < s->end && std::isspace(static_cast<unsigned char>(m[w]))) ++w;
        for (const std::string& g : rules.global_settings)
          if (!linked && s && m.compare(w, g.size(), g) == 0) linked = ei;
      }
      auto& d = store.finding.details;
      if (linked) {
        const Finding& e = out[*linked].finding;
        store.finding.resolution.push_back({"", out[*linked].begin, 0, 0, kEmbeddingLink});
        out[*linked].finding.resolution.push_back({"", store.begin, 0, 0, kStoreLink});
        d.push_back({kEmbeddingLink, ""});
        d.push_back({"embedding_model", e.model.empty() ? "null" : dump_json(json(e.model))});
        d.push_back({"reindex_on_model_change", "true"});
      } else {
        d.push_back({kEmbeddingLink, "null"});
        d.push_back({"embedding_model", "null"});
        d.push_back({"reindex_on_model_change", "false"});
        // Names another file may define (link_across_files).
        store.finding.link_names = foreign_names(language, text, m, st, mentioned);
      }
    }
  }
  for (TextHit& h : out) hits->push_back(std::move(h));
}

void finish_links(Finding* f) {
  if (f->kind == "embedding") {
    // Only the store links: steps added later resolve its model.
    json stores = json::array();
    std::vector<ResolutionStep> rest;
    for (ResolutionStep& s : f->resolution) {
      if (s.note != kStoreLink) rest.push_back(std::move(s));
      else stores.push_back({{"path", s.path}, {"line", s.line}, {"column", s.column}});
    }
    f->resolution = std::move(rest);
    for (auto& [name, value] : f->details)
      if (name == kStoreLink && value.empty()) value = dump_json(stores);
    return;
  }
  if (f->kind != "tool_schema" && f->kind != "vector_store" && f->kind != kSchemaFileLoad) return;
  json used = json::array();
  json emb;
  for (const ResolutionStep& s : f->resolution) {
    json at = {{"path", s.path}, {"line", s.line}, {"column", s.column}};
    if (s.note == kUsedBy) {
      if (std::find(used.begin(), used.end(), at) == used.end()) used.push_back(at);
    } else if (s.note == kEmbeddingLink) {
      emb = at;
    }
  }
  for (auto& [name, value] : f->details) {
    if (name == kUsedBy && value.empty()) value = dump_json(used);
    if (name == kEmbeddingLink && value.empty()) value = dump_json(emb);
  }
  f->resolution.clear();
}

}  // namespace modelshift
