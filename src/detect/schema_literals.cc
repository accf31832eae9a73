// Tool schemas written out as JSON (steps 1 and 1b of find_structures()): a
// JSON-schema literal beside a schema key (`"parameters": {...}`) inside an
// object that names the tool, and a JSON string handed to an SDK call that
// builds a tool (rules/structured_outputs.yaml `string_schemas`, C#'s
// ChatTool.CreateFunctionTool). Both report the same details; what differs
// is how the schema and its name are found.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include "detect/structure_scan.h"

namespace modelshift::structures {

using namespace source_text;

namespace {

// An object schema: type "object" or a properties object.
bool is_schema_object(const json& j) {
  return j.is_object() && ((j.contains("type") && j["type"] == "object") ||
                           (j.contains("properties") && j["properties"].is_object()));
}

// The details of a schema found as JSON: name, source, variable, properties,
// required, strict (a JSON value), strict_issues and the used_by link.
void add_schema_details(const FileScan& f, const json& schema, const std::string& name, const std::string& source,
                        const std::string& variable, const std::string& strict, TextHit* h) {
  std::vector<std::string> props, required;
  const json properties = schema.value("properties", json::object());
  if (properties.is_object())
    for (const auto& [k, v] : properties.items()) props.push_back(k);
  if (schema.contains("required") && schema["required"].is_array())
    for (const json& r : schema["required"])
      if (r.is_string()) required.push_back(r.get<std::string>());
  auto& d = h->finding.details;
  d.push_back({"name", dump_json(json(name))});
  d.push_back({"source", dump_json(json(source))});
  if (!variable.empty()) d.push_back({"variable", dump_json(json(variable))});
  d.push_back({"properties", list_json(props)});
  d.push_back({"required", list_json(required)});
  d.push_back({"strict", strict});
  d.push_back({"strict_issues", list_json(strict_issues(dump_json(schema), f.rules.unsupported))});
  d.push_back({kUsedBy, ""});
}

// The variable the outermost literal around `open` is bound to (TOOLS =
// [...]), not looking past a block's brace: a class body holds constants
// (PHP, Java, C#).
std::string bound_variable(const FileScan& f, size_t open) {
  const std::string& m = f.m;
  size_t top = open;
  auto block = [&](size_t at) {
    if (m[at] != '{') return false;
    size_t k = at;
    while (k > 0 && std::isspace(static_cast<unsigned char>(m[k - 1]))) --k;
    return k == 0 || !std::strchr("=([,:?", m[k - 1]);
  };
  for (size_t up = enclosing_open(m, top); up != std::string::npos && m[up] != '(' && !block(up);
       up = enclosing_open(m, up))
    top = up;
  const Statement* s = statement_at(f.st, top);
  return s ? s->target : "";
}

// The first string between `open` and `close` whose text is a JSON object
// schema, raw or escaped ("{\"type\": ...}"); null when there is none.
json string_schema(const FileScan& f, size_t open, size_t close) {
  std::string_view text = f.text;
  const std::string& m = f.m;
  json schema;
  for (size_t k = open; k < close && !schema.is_object(); ++k) {
    if (m[k] == text[k] || text[k] != '{') continue;  // inside a string only
    schema = read_literal(text, k);
    if (!schema.is_object()) {
      // An escaped string: unescaped up to its end.
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
  return schema;
}

// The first non-empty group of the rule's name pattern over `args`.
std::string string_schema_name(const StringSchemaRule& rule, const std::string& args) {
  std::string name;
  int groups = rule.name->NumberOfCapturingGroups();
  std::vector<std::string> found(groups);
  std::vector<RE2::Arg> argv(groups);
  std::vector<const RE2::Arg*> argp(groups);
  for (int g = 0; g < groups; ++g) {
    argv[g] = &found[g];
    argp[g] = &argv[g];
  }
  if (RE2::PartialMatchN(args, *rule.name, argp.data(), groups))
    for (const std::string& s : found)
      if (name.empty() && !s.empty()) name = s;
  return name;
}

void find_rule_string_schemas(const FileScan& f, const StringSchemaRule& rule, std::vector<TextHit>* out) {
  std::string_view text = f.text;
  re2::StringPiece input(text.data(), text.size()), match;
  size_t pos = 0;
  while (pos < text.size() && rule.call->Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
    size_t b = match.data() - text.data(), open = b + match.size() - 1;
    pos = open + 1;
    if (!f.code_at(b) || text[open] != '(') continue;
    size_t close = match_close(f.m, open);
    if (close == std::string::npos) continue;
    json schema = string_schema(f, open, close);
    if (!schema.is_object()) continue;
    std::string args(text.substr(open + 1, close - open - 1));
    std::string name = string_schema_name(rule, args);
    if (name.empty()) continue;
    std::string strict = "null", flag;
    if (rule.strict && RE2::PartialMatch(args, *rule.strict, &flag)) strict = flag == "true" ? "true" : "false";
    TextHit h = f.hit(b, close + 1, "json_string");
    const Statement* s = statement_at(f.st, b);
    std::string variable = s ? s->target : "";
    add_schema_details(f, schema, name, "json_string", variable, strict, &h);
    f.link_calls(&h, variable);
    out->push_back(std::move(h));
  }
}

}  // namespace

void find_json_schemas(const FileScan& f, std::vector<TextHit>* out) {
  std::string_view text = f.text;
  const std::string& m = f.m;
  re2::StringPiece input(text.data(), text.size()), match;
  size_t pos = 0;
  std::set<size_t> seen;
  while (pos < text.size() && f.rules.schema_key->Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
    size_t b = match.data() - text.data(), brace = b + match.size() - 1;
    pos = brace + 1;
    if (!f.code_at(brace)) continue;
    json schema = read_literal(text, brace);
    if (!schema.is_object() || !(schema.contains("properties") || schema.value("type", json()) == "object")) continue;
    size_t open = enclosing_open(m, b);
    if (open == std::string::npos || (m[open] != '{' && m[open] != '[') || seen.count(open)) continue;
    json holder = read_literal(text, open);
    std::string name;
    for (const std::string& k : f.rules.name_keys)
      if (holder.is_object() && holder.contains(k) && holder[k].is_string()) name = holder[k].get<std::string>();
    if (name.empty()) continue;
    seen.insert(open);
    size_t close = match_close(m, open);
    if (close == std::string::npos) continue;
    TextHit h = f.hit(open, close + 1, "json_schema");
    std::string variable = bound_variable(f, open);
    std::string strict = holder.contains("strict") ? dump_json(holder["strict"]) : "null";
    add_schema_details(f, schema, name, "json_schema", variable, strict, &h);
    f.link_calls(&h, variable);
    out->push_back(std::move(h));
  }
}

void find_string_schemas(const FileScan& f, std::vector<TextHit>* out) {
  for (const StringSchemaRule& rule : f.rules.string_schemas)
    if (std::find(rule.languages.begin(), rule.languages.end(), f.language) != rule.languages.end())
      find_rule_string_schemas(f, rule, out);
}

}  // namespace modelshift::structures
