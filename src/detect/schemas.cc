// find_structures() and what it shares: the public helpers of schemas.h
// (line_near, literal_to_json, strict_issues), the FileScan every step reads
// (structure_scan.h), the order of the steps, and finish_links(). The steps
// themselves live in schema_literals.cc, schema_declarations.cc,
// schema_files.cc and embeddings.cc; the rules' loader in schema_rules.cc.
#include "detect/schemas.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "detect/source_text.h"
#include "detect/structure_scan.h"
#include "pipeline/scan.h"

namespace modelshift {

using namespace source_text;

namespace structures {

std::string dump_json(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string list_json(const std::vector<std::string>& v) {
  json a = json::array();
  for (const std::string& s : v) a.push_back(s);
  return dump_json(a);
}

TextHit FileScan::hit(size_t b, size_t e, const std::string& rule) const {
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

void FileScan::link_calls(TextHit* h, const std::string& name) const {
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
}

}  // namespace structures

using namespace structures;

namespace {

// The longest line_text kept for a fingerprint (as normalise_line in scan.cc).
constexpr size_t kLineText = 512;

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
  const FileScan f{rules, language, text, m, st, calls};
  std::vector<TextHit> out;
  if (full && rules.schema_key) find_json_schemas(f, &out);
  if (full) find_string_schemas(f, &out);
  if (full) find_declared_schemas(f, &out);
  auto load_rule = rules.schema_file_loads.find(language);
  if (full && load_rule != rules.schema_file_loads.end() && !rules.schema_file_extension.empty() &&
      text.find(rules.schema_file_extension) != std::string_view::npos)
    find_schema_loads(f, load_rule->second, &out);
  find_embeddings_and_stores(f, full, &out);
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
