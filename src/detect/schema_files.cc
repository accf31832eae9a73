// Loads of JSON schema files (step 2b of find_structures()): a statement
// that names a `.json` path and holds one of its language's load words
// (rules/structured_outputs.yaml, schema_files) becomes a kSchemaFileLoad hit
// with the path as written, the tool name the code gives it and the calls
// that use it. link_across_files() (link/schema_links.cc) later turns each
// into a tool_schema finding at the file.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <set>

#include "detect/structure_scan.h"

namespace modelshift::structures {

using namespace source_text;

namespace {

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

}  // namespace

void find_schema_loads(const FileScan& f, const SchemaFileLoad& load, std::vector<TextHit>* out) {
  const StructureRules& rules = f.rules;
  std::string_view text = f.text;
  const std::string& m = f.m;
  const std::vector<Statement>& st = f.st;
  const std::vector<const TextHit*>& calls = f.calls;
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
    TextHit h = f.hit(b, e, "json_file");
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

}  // namespace modelshift::structures
