// StructureRules::load: reads rules/structured_outputs.yaml (tool schemas,
// declarations, schema files, Pydantic, syntax) and rules/vector_stores.yaml
// into the tables find_structures() runs on. One loader per section, so a new
// rule key has one place to be read. `doc` is passed as a handle (not const):
// yaml-cpp's const and non-const operator[] differ on malformed files.
#include <yaml-cpp/yaml.h>

#include "core/yaml_util.h"
#include "detect/schemas.h"

namespace modelshift {

namespace {

std::unique_ptr<RE2> compile(YamlReader& yr, const YAML::Node& at, const std::string& pattern) {
  auto re = std::make_unique<RE2>(pattern);
  if (!re->ok()) yr.error(at, "bad pattern: " + re->error());
  return re;
}

void load_stores(YamlReader& yr, YAML::Node doc, StructureRules* rules) {
  yr.check_keys(doc, {"stores", "global_settings"});
  rules->global_settings = yr.str_list(doc, "global_settings");
  for (const YAML::Node& s : doc["stores"]) {
    yr.check_keys(s, {"id", "pattern"});
    auto id = yr.str(s, "id", true);
    auto pattern = yr.str(s, "pattern", true);
    if (id && pattern) rules->stores.push_back({*id, compile(yr, s["pattern"], *pattern)});
  }
}

void load_string_schemas(YamlReader& yr, YAML::Node doc, StructureRules* rules) {
  for (const YAML::Node& r : doc["string_schemas"]) {
    yr.check_keys(r, {"languages", "call", "name", "strict"});
    StringSchemaRule rule;
    rule.languages = yr.str_list(r, "languages");
    auto call = yr.str(r, "call", true), name = yr.str(r, "name", true), strict = yr.str(r, "strict");
    if (!call || !name) continue;
    rule.call = compile(yr, r["call"], *call);
    rule.name = compile(yr, r["name"], *name);
    if (rule.name->ok() && rule.name->NumberOfCapturingGroups() < 1) yr.error(r["name"], "name needs a group");
    if (strict) rule.strict = compile(yr, r["strict"], *strict);
    rules->string_schemas.push_back(std::move(rule));
  }
}

void load_pydantic(YamlReader& yr, YAML::Node doc, StructureRules* rules) {
  const YAML::Node py = doc["pydantic"];
  if (!py) return;
  yr.check_keys(py, {"field_constraints", "open_types", "default_keywords"});
  rules->pydantic_open_types = yr.str_list(py, "open_types");
  rules->pydantic_default_keywords = yr.str_list(py, "default_keywords");
  for (const auto& kv : py["field_constraints"]) {
    if (!kv.second.IsScalar()) yr.error(kv.second, "a field constraint maps to one JSON-schema keyword");
    else rules->pydantic_constraints[kv.first.as<std::string>()] = kv.second.as<std::string>();
  }
}

void load_schema_files(YamlReader& yr, YAML::Node doc, StructureRules* rules) {
  const YAML::Node sf = doc["schema_files"];
  if (!sf) return;
  yr.check_keys(sf, {"extension", "not_loads", "fill", "languages"});
  rules->schema_file_extension = yr.str(sf, "extension", true).value_or("");
  rules->schema_file_not_loads = yr.str_list(sf, "not_loads");
  if (auto fill = yr.str(sf, "fill")) rules->schema_file_fill = compile(yr, sf["fill"], *fill);
  for (const auto& kv : sf["languages"]) {
    yr.check_keys(kv.second, {"words", "binds"});
    SchemaFileLoad load;
    load.words = yr.str_list(kv.second, "words");
    for (const std::string& b : yr.str_list(kv.second, "binds")) {
      auto re = compile(yr, kv.second["binds"], b);
      if (re->ok() && re->NumberOfCapturingGroups() < 1) yr.error(kv.second["binds"], "a bind needs a group for the name");
      load.binds.push_back(std::move(re));
    }
    rules->schema_file_loads[kv.first.as<std::string>()] = std::move(load);
  }
}

void load_syntax(YamlReader& yr, YAML::Node doc, StructureRules* rules) {
  for (const auto& kv : doc["syntax"]) {
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
}

void load_declarations(YamlReader& yr, YAML::Node doc, StructureRules* rules) {
  for (const YAML::Node& d : doc["declarations"]) {
    yr.check_keys(d, {"id", "languages", "form", "pattern"});
    SchemaDeclaration decl;
    decl.id = yr.str(d, "id", true).value_or("");
    decl.form = yr.str(d, "form", true).value_or("");
    decl.languages = yr.str_list(d, "languages");
    if (decl.form != "fields" && decl.form != "object" && decl.form != "go_definition")
      yr.error(d["form"], "form is one of fields, object, go_definition");
    auto pattern = yr.str(d, "pattern", true);
    if (!pattern) continue;
    decl.pattern = compile(yr, d["pattern"], *pattern);
    if (decl.pattern->ok() && decl.pattern->NumberOfCapturingGroups() < 1)
      yr.error(d["pattern"], "pattern needs a group for the name");
    rules->declarations.push_back(std::move(decl));
  }
}

// rules/structured_outputs.yaml, section by section, in the order the
// loader has always read them (errors come out in that order).
void load_structured_outputs(YamlReader& yr, YAML::Node doc, StructureRules* rules) {
  yr.check_keys(doc, {"keywords", "syntax", "schema_keys", "name_keys", "declarations", "helpers", "tool_parameters",
                      "optional_markers", "unsupported_keywords", "embedding_apis", "dimension_parameters",
                      "schema_files", "pydantic", "string_schemas"});
  load_string_schemas(yr, doc, rules);
  load_pydantic(yr, doc, rules);
  load_schema_files(yr, doc, rules);
  load_syntax(yr, doc, rules);
  rules->schema_keys = yr.str_list(doc, "schema_keys");
  rules->keywords = yr.str_list(doc, "keywords");
  rules->name_keys = yr.str_list(doc, "name_keys");
  rules->helpers = yr.str_list(doc, "helpers");
  rules->tool_parameters = yr.str_list(doc, "tool_parameters");
  rules->optional_markers = yr.str_list(doc, "optional_markers");
  for (const std::string& k : yr.str_list(doc, "unsupported_keywords")) rules->unsupported.insert(k);
  for (const std::string& k : yr.str_list(doc, "embedding_apis")) rules->embedding_apis.insert(k);
  for (const std::string& k : yr.str_list(doc, "dimension_parameters")) rules->dimension_parameters.insert(k);
  load_declarations(yr, doc, rules);
  std::string alternation;
  for (const std::string& k : rules->schema_keys) alternation += (alternation.empty() ? "" : "|") + RE2::QuoteMeta(k);
  // `key: {` (Python, JS, Ruby symbols), `'key' => [` (PHP arrays), `"key" => {` (Ruby).
  rules->schema_key = std::make_unique<RE2>("[\"':]?(?:" + alternation + ")[\"']?\\s*(?::|=>)\\s*[\\{\\[]");
}

}  // namespace

std::unique_ptr<StructureRules> StructureRules::load(const std::vector<RuleFile>& files,
                                                     std::vector<Diagnostic>* errors) {
  auto rules = std::make_unique<StructureRules>();
  for (const RuleFile& file : files) {
    if (file.path != "structured_outputs.yaml" && file.path != "vector_stores.yaml") continue;
    YamlReader yr(file.origin, errors);
    std::optional<YAML::Node> doc = yr.parse(file.text);
    if (!doc) continue;
    if (file.path == "vector_stores.yaml") load_stores(yr, *doc, rules.get());
    else load_structured_outputs(yr, *doc, rules.get());
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

}  // namespace modelshift
