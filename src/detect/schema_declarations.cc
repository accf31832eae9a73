// Declared models (step 2 of find_structures()): a class, object or
// definition that rules/structured_outputs.yaml `declarations` name, read in
// one of three forms -- `fields` (a Pydantic class body: one field a line,
// Field() constraints), `object` (a zod-like object literal), `go_definition`
// (a jsonschema.Definition literal) -- and kept only when a call or a helper
// uses it. Each form's reader says what breaks under strict outputs.
#include <algorithm>

#include "detect/structure_scan.h"

namespace modelshift::structures {

using namespace source_text;

namespace {

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

// What a declaration's body says: its properties, the required ones, what
// breaks under strict outputs, and where the declaration ends.
struct DeclaredShape {
  std::vector<std::string> props, required, issues;
  size_t end = 0;
};

// One field line of a Pydantic class body at [p + 1, q): when it declares a
// field, adds it to `shape` and returns where the field ends (it runs on
// while brackets are open: Field(\n ...\n)); else returns `q`.
size_t read_field_line(const FileScan& f, size_t p, size_t q, size_t ind, std::vector<std::string>* optional,
                       DeclaredShape* shape) {
  std::string_view text = f.text;
  const std::string& m = f.m;
  static const RE2 field(R"(^[ \t]+([A-Za-z_]\w*)\s*:[^=])");
  std::string_view line = text.substr(p + 1, q - p - 1);
  std::string fname;
  if (!(ind < line.size() && m[p + 1 + ind] == text[p + 1 + ind] &&
        RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), field, &fname) && fname != "model_config"))
    return q;
  size_t colon = m.find(':', p + 1 + ind);
  size_t stop = colon + 1;
  int depth = 0;
  while (stop < m.size() && !(m[stop] == '\n' && depth <= 0)) {
    if (opener(m[stop])) ++depth;
    else if (closer(m[stop])) --depth;
    ++stop;
  }
  PydanticField pf = read_pydantic_field(f.rules, text, m, colon + 1, stop);
  shape->props.push_back(fname);
  if (pf.has_default) optional->push_back(fname);
  else shape->required.push_back(fname);
  for (const std::string& open_type : pf.open_types)
    shape->issues.push_back("open type " + open_type + " (additionalProperties is not false) at $.properties." + fname);
  for (const std::string& k : pf.keywords)
    if (f.rules.unsupported.count(k)) shape->issues.push_back("unsupported keyword " + k + " at $.properties." + fname);
  shape->end = stop;
  return std::min(stop, text.size());
}

// form `fields`: the class body, lines indented deeper than the class line
// at `b`, from the line after `e`.
bool read_fields(const FileScan& f, size_t b, size_t e, DeclaredShape* shape) {
  std::string_view text = f.text;
  size_t ls = text.rfind('\n', b);
  ls = ls == std::string_view::npos ? 0 : ls + 1;
  size_t indent = 0;
  while (ls + indent < text.size() && (text[ls + indent] == ' ' || text[ls + indent] == '\t')) ++indent;
  std::vector<std::string> optional;
  size_t p = text.find('\n', e);
  while (p != std::string_view::npos && p + 1 < text.size()) {
    size_t q = text.find('\n', p + 1);
    if (q == std::string_view::npos) q = text.size();
    std::string_view line = text.substr(p + 1, q - p - 1);
    size_t ind = 0;
    while (ind < line.size() && (line[ind] == ' ' || line[ind] == '\t')) ++ind;
    if (ind < line.size() && ind <= indent) break;
    p = read_field_line(f, p, q, ind, &optional, shape);
  }
  if (!optional.empty()) {
    std::string list;
    for (const std::string& o : optional) list += (list.empty() ? "" : ", ") + o;
    shape->issues.insert(shape->issues.begin(), "not required: " + list + " at $");
  }
  return true;
}

// form `object`: the object literal opening at `e`; a property is optional
// when its expression holds an optional marker (`.optional()`).
bool read_object(const FileScan& f, size_t e, DeclaredShape* shape) {
  if (e >= f.text.size() || f.text[e] != '{') return false;
  size_t close = match_close(f.m, e);
  if (close == std::string::npos) return false;
  json body = read_literal(f.text, e);
  if (!body.is_object()) return false;
  std::string optional;
  for (const auto& [k, v] : body.items()) {
    shape->props.push_back(k);
    std::string expr = v.is_object() && v.contains("expr") ? v["expr"].get<std::string>() : dump_json(v);
    bool opt = false;
    for (const std::string& mk : f.rules.optional_markers) opt |= expr.find(mk) != std::string::npos;
    if (opt) optional += (optional.empty() ? "" : ", ") + k;
    else shape->required.push_back(k);
  }
  if (!optional.empty()) shape->issues.push_back("not required: " + optional + " at $");
  shape->end = close + 1;
  return true;
}

// The keys of a Go `Properties: map[string]jsonschema.Definition{...}`
// between `open` and `close`, at its top level.
void read_go_properties(const FileScan& f, size_t open, size_t close, std::vector<std::string>* props) {
  const std::string& m = f.m;
  static const RE2 prop(R"re("([^"]+)"\s*:\s*\{)re");
  size_t pp = m.find("Properties:", open);
  if (pp == std::string::npos || pp >= close) return;
  size_t mo = m.find('{', pp);
  size_t mc = mo == std::string::npos ? mo : match_close(m, mo);
  int depth = 0;
  for (size_t k = mo; mc != std::string::npos && k < mc; ++k) {
    if (opener(m[k])) ++depth;
    else if (closer(m[k])) --depth;
    else if (depth == 1 && f.text[k] == '"') {
      std::string key;
      re2::StringPiece in(f.text.data() + k, mc - k);
      if (RE2::Consume(&in, prop, &key)) props->push_back(key);
    }
  }
}

// form `go_definition`: the jsonschema.Definition literal whose '{' ends the
// match at `e`.
bool read_go_definition(const FileScan& f, size_t e, DeclaredShape* shape) {
  size_t open = e - 1;
  size_t close = match_close(f.m, open);
  if (close == std::string::npos) return false;
  static const RE2 req(R"re(Required:\s*\[\]string\{([^}]*)\})re");
  read_go_properties(f, open, close, &shape->props);
  re2::StringPiece body(f.text.data() + open, close - open);
  std::string reqs;
  // The last Required: list at the top level is the object's own.
  static const RE2 quoted(R"re("([^"]+)")re");
  if (RE2::PartialMatch(body, req, &reqs)) {
    re2::StringPiece rin(reqs);
    std::string r;
    while (RE2::FindAndConsume(&rin, quoted, &r)) shape->required.push_back(r);
  }
  shape->end = close + 1;
  std::string missing;
  for (const std::string& p : shape->props)
    if (std::find(shape->required.begin(), shape->required.end(), p) == shape->required.end())
      missing += (missing.empty() ? "" : ", ") + p;
  if (!missing.empty()) shape->issues.push_back("not required: " + missing + " at $");
  if (f.m.substr(open, close - open).find("AdditionalProperties") == std::string::npos)
    shape->issues.push_back("additionalProperties is not false at $");
  return true;
}

// True when one of the rules' helpers (`pydantic_function_tool(`) is called
// with `name` as an argument word.
bool helper_uses(const FileScan& f, const std::string& name) {
  const std::string& m = f.m;
  for (const std::string& helper : f.rules.helpers) {
    size_t hp = 0;
    while ((hp = m.find(helper + "(", hp)) != std::string::npos) {
      size_t close = match_close(m, hp + helper.size());
      if (close != std::string::npos && has_word(m, hp + helper.size(), close, name)) return true;
      hp += helper.size();
    }
  }
  return false;
}

// Every declaration of `decl` in the file that a call or a helper uses.
void find_declarations(const FileScan& f, const SchemaDeclaration& decl, std::vector<TextHit>* out) {
  std::string_view text = f.text;
  re2::StringPiece input(text.data(), text.size()), groups[2];
  size_t pos = 0;
  while (pos < text.size() && decl.pattern->Match(input, pos, text.size(), RE2::UNANCHORED, groups, 2)) {
    size_t b = groups[0].data() - text.data(), e = b + groups[0].size();
    pos = std::max(e, b + 1);
    size_t name_at = groups[1].data() - text.data();
    if (!f.code_at(name_at)) continue;
    std::string name(groups[1].data(), groups[1].size());
    DeclaredShape shape;
    shape.end = e;
    bool read = decl.form == "fields"   ? read_fields(f, b, e, &shape)
                : decl.form == "object" ? read_object(f, e, &shape)
                                        : read_go_definition(f, e, &shape);
    if (!read) continue;
    TextHit h = f.hit(b, shape.end, decl.id);
    f.link_calls(&h, name);
    bool used = !h.finding.resolution.empty() || decl.form == "go_definition";
    if (!used && !helper_uses(f, name)) continue;
    auto& d = h.finding.details;
    d.push_back({"name", dump_json(json(name))});
    d.push_back({"source", dump_json(json(decl.id))});
    d.push_back({"properties", list_json(shape.props)});
    d.push_back({"required", list_json(shape.required)});
    d.push_back({"strict_issues", list_json(shape.issues)});
    d.push_back({kUsedBy, ""});
    out->push_back(std::move(h));
  }
}

}  // namespace

void find_declared_schemas(const FileScan& f, std::vector<TextHit>* out) {
  for (const SchemaDeclaration& decl : f.rules.declarations)
    if (std::find(decl.languages.begin(), decl.languages.end(), f.language) != decl.languages.end())
      find_declarations(f, decl, out);
}

}  // namespace modelshift::structures
