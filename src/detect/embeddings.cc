// Embeddings and vector stores (steps 3-4 of find_structures()): each
// embedding call site becomes an embedding finding; each store constructor
// (rules/vector_stores.yaml) a vector_store finding, linked to the embedding
// the code passes it (through assignments in the same file). A store left
// without one records the names another file may define (link_names), for
// link_across_files() in link/schema_links.cc.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "detect/structure_scan.h"

namespace modelshift::structures {

using namespace source_text;

namespace {

// `def name`, `function name`, `func (r T) name`: group 1 is the function
// a definition names.
const RE2& function_def() {
  static const RE2 def(R"((?:def|function|func)\s+(?:\([^)]*\)\s*)?([A-Za-z_$][\w$]*))");
  return def;
}

// Names that carry the embedding made at `pos` to other files: the
// module-level variable it is bound to, the function it sits in, and
// module-level names assigned from those.
std::vector<std::string> embedding_carriers(const std::string& m, const std::vector<Statement>& st, size_t pos) {
  const RE2& def = function_def();
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

// 3. One embedding per embedding call site: the call's hit, retyped, with
// its dimensions and the names that carry it. Returns their indexes in `out`.
std::vector<size_t> add_embeddings(const FileScan& fs, std::vector<TextHit>* out) {
  std::vector<size_t> embeddings;
  for (const TextHit* c : fs.calls) {
    if (!fs.rules.embedding_apis.count(c->finding.api)) continue;
    TextHit h = *c;
    Finding& f = h.finding;
    f.kind = "embedding";
    f.resolution.clear();
    f.details.clear();
    std::string dims = "null";
    for (const auto& [k, v] : c->finding.parameters)
      if (fs.rules.dimension_parameters.count(k)) dims = v;
    f.parameters.clear();
    f.details.push_back({"sdk", dump_json(json(f.sdk))});
    f.details.push_back({"api", dump_json(json(c->finding.api))});
    f.details.push_back({"callee", dump_json(json(f.callee))});
    f.details.push_back({"dimensions", dims});
    const Statement* s = statement_at(fs.st, c->begin);
    if (s && !s->target.empty()) f.details.push_back({"variable", dump_json(json(s->target))});
    f.details.push_back({kStoreLink, ""});
    f.link_names = embedding_carriers(fs.m, fs.st, c->begin);
    embeddings.push_back(out->size());
    out->push_back(std::move(h));
  }
  return embeddings;
}

// A store found: its index in `out` and its statement's index.
using StoreAt = std::pair<size_t, size_t>;

// 4a. Store constructors in code, a client passed to a store being that
// store (QdrantVectorStore(new QdrantClient(...))).
std::vector<StoreAt> add_stores(const FileScan& f, std::vector<TextHit>* out) {
  std::string_view text = f.text;
  std::vector<StoreAt> stores;
  for (const VectorStoreRule& rule : f.rules.stores) {
    re2::StringPiece input(text.data(), text.size()), match;
    size_t pos = 0;
    while (pos < text.size() && rule.pattern->Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
      size_t b = match.data() - text.data(), e = b + match.size();
      pos = std::max(e, b + 1);
      if (!f.code_at(b)) continue;
      if (b > 0 && (id_char(text[b - 1]) || text[b - 1] == '.') && text[b] != '.') continue;
      if (std::any_of(stores.begin(), stores.end(), [&](const auto& st_) {
            return b > (*out)[st_.first].begin && b < (*out)[st_.first].end;
          }))
        continue;
      size_t end = e;
      if (e > 0 && text[e - 1] == '(') {
        size_t close = match_close(f.m, e - 1);
        if (close != std::string::npos) end = close + 1;
      }
      TextHit h = f.hit(b, end, rule.id);
      h.finding.kind = "vector_store";
      h.finding.details.push_back({"store", dump_json(json(rule.id))});
      const Statement* s = statement_at(f.st, b);
      if (s && !s->target.empty()) h.finding.details.push_back({"variable", dump_json(json(s->target))});
      stores.push_back({out->size(), static_cast<size_t>(s ? s - f.st.data() : 0)});
      out->push_back(std::move(h));
    }
  }
  return stores;
}

// Names that carry an embedding (its object, the function that makes it,
// results assigned from them) and names bound to each store, each mapped to
// its index in `out`.
struct CarrierNames {
  std::map<std::string, size_t> embeddings, stores;
};

CarrierNames carrier_names(const FileScan& f, const std::vector<TextHit>& out, const std::vector<size_t>& embeddings,
                           const std::vector<StoreAt>& stores) {
  const std::string& m = f.m;
  CarrierNames names;
  const RE2& def = function_def();
  for (size_t ei : embeddings) {
    const TextHit& e = out[ei];
    const Statement* s = statement_at(f.st, e.begin);
    if (s && !s->target.empty()) names.embeddings.emplace(s->target, ei);
    // The function the embedding call sits in.
    std::string before = m.substr(0, e.begin);
    re2::StringPiece in(before);
    std::string fn, last;
    while (RE2::FindAndConsume(&in, def, &fn)) last = fn;
    if (!last.empty()) names.embeddings.emplace(last, ei);
  }
  for (const auto& [oi, si] : stores)
    if (!f.st[si].target.empty()) names.stores.emplace(f.st[si].target, oi);
  for (int round = 0; round < 3; ++round)
    for (const Statement& s : f.st) {
      if (s.target.empty()) continue;
      std::set<std::string> used = words(m, s.begin, s.end);
      used.erase(s.target);
      for (const std::string& w : used) {
        auto ei = names.embeddings.find(w);
        if (ei != names.embeddings.end()) names.embeddings.emplace(s.target, ei->second);
        auto si = names.stores.find(w);
        if (si != names.stores.end()) names.stores.emplace(s.target, si->second);
      }
    }
  return names;
}

// The embedding store `at` is built from: one inside a statement that uses
// the store, else one a name in such a statement carries, else one assigned
// to a global setting. `mentioned` gets the words of those statements.
std::optional<size_t> store_embedding(const FileScan& f, const std::vector<TextHit>& out,
                                      const std::vector<size_t>& embeddings, const CarrierNames& names, StoreAt at,
                                      std::set<std::string>* mentioned) {
  const std::string& m = f.m;
  const auto& [oi, si] = at;
  std::optional<size_t> linked;
  for (size_t k = 0; k < f.st.size() && !linked; ++k) {
    const Statement& s = f.st[k];
    bool mentions = k == si;
    std::set<std::string> used = words(m, s.begin, s.end);
    for (const std::string& w : used) {
      auto it = names.stores.find(w);
      mentions |= it != names.stores.end() && it->second == oi;
    }
    if (!mentions) continue;
    mentioned->insert(used.begin(), used.end());
    for (size_t ei : embeddings)
      if (out[ei].begin >= s.begin && out[ei].begin < s.end) linked = ei;
    for (const std::string& w : used) {
      auto it = names.embeddings.find(w);
      if (!linked && it != names.embeddings.end() && w != s.target) linked = it->second;
    }
  }
  for (size_t ei : embeddings) {
    const Statement* s = statement_at(f.st, out[ei].begin);
    size_t w = s ? s->begin : 0;
    while (s && w < s->end && std::isspace(static_cast<unsigned char>(m[w]))) ++w;
    for (const std::string& g : f.rules.global_settings)
      if (!linked && s && m.compare(w, g.size(), g) == 0) linked = ei;
  }
  return linked;
}

// 4b. Each store linked to its embedding (both sides get a step), or left
// with the names another file may define.
void link_stores(const FileScan& f, const std::vector<size_t>& embeddings, const std::vector<StoreAt>& stores,
                 std::vector<TextHit>* out) {
  CarrierNames names = carrier_names(f, *out, embeddings, stores);
  for (const StoreAt& at : stores) {
    TextHit& store = (*out)[at.first];
    std::set<std::string> mentioned;  // words of the statements that use the store
    std::optional<size_t> linked = store_embedding(f, *out, embeddings, names, at, &mentioned);
    auto& d = store.finding.details;
    if (linked) {
      const Finding& e = (*out)[*linked].finding;
      store.finding.resolution.push_back({"", (*out)[*linked].begin, 0, 0, kEmbeddingLink});
      (*out)[*linked].finding.resolution.push_back({"", store.begin, 0, 0, kStoreLink});
      d.push_back({kEmbeddingLink, ""});
      d.push_back({"embedding_model", e.model.empty() ? "null" : dump_json(json(e.model))});
      d.push_back({"reindex_on_model_change", "true"});
    } else {
      d.push_back({kEmbeddingLink, "null"});
      d.push_back({"embedding_model", "null"});
      d.push_back({"reindex_on_model_change", "false"});
      // Names another file may define (link_across_files).
      store.finding.link_names = foreign_names(f.language, f.text, f.m, f.st, mentioned);
    }
  }
}

}  // namespace

void find_embeddings_and_stores(const FileScan& f, bool full, std::vector<TextHit>* out) {
  std::vector<size_t> embeddings = add_embeddings(f, out);
  if (!full) return;
  std::vector<StoreAt> stores = add_stores(f, out);
  if (!stores.empty()) link_stores(f, embeddings, stores, out);
}

}  // namespace modelshift::structures
