#include "assess/usages.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

namespace modelshift {

namespace {

using Key = std::tuple<std::string, uint32_t, uint32_t>;  // path, line, column
using LineKey = std::pair<std::string, uint32_t>;

void add_link(const nlohmann::json& j, std::vector<LinkTarget>* out) {
  if (!j.is_object() || !j.contains("path") || !j.contains("line")) return;
  LinkTarget t;
  t.path = j["path"].get<std::string>();
  t.line = j["line"].get<uint32_t>();
  t.column = j.value("column", 0u);
  out->push_back(std::move(t));
}

bool is_anchor(const Finding& f) { return f.kind == "call_site" || f.kind == "embedding"; }

std::string usage_kind(const Finding& f) {
  if (f.kind == "model_reference") return "reference";
  if (f.kind == "model_catalogue") return "catalogue";
  return f.kind;
}

// Indexes of findings by exact location and by line, usage findings only.
struct Index {
  std::map<Key, std::vector<size_t>> at;
  std::map<LineKey, std::vector<size_t>> on_line;
  explicit Index(const std::vector<Finding>& findings) {
    for (size_t i = 0; i < findings.size(); ++i) {
      const Finding& f = findings[i];
      if (f.context == "sdk_definition") continue;
      at[{f.path, f.loc.line, f.loc.column}].push_back(i);
      on_line[{f.path, f.loc.line}].push_back(i);
    }
  }
};

// Every finding an anchor depends on, in no particular order.
std::vector<size_t> dependencies(const std::vector<Finding>& findings, const Index& index, size_t anchor) {
  const Finding& a = findings[anchor];
  std::vector<size_t> deps;
  auto add_kind_at = [&](const LinkTarget& t, const char* kind) {
    auto it = index.at.find({t.path, t.line, t.column});
    if (it != index.at.end())
      for (size_t j : it->second)
        if (findings[j].kind == kind) deps.push_back(j);
  };
  // Model references inside the call, and along its resolution chain.
  for (uint32_t line = a.loc.line; line <= std::max(a.loc.line, a.loc.end_line); ++line)
    if (auto it = index.on_line.find({a.path, line}); it != index.on_line.end())
      for (size_t j : it->second)
        if (findings[j].kind == "model_reference") deps.push_back(j);
  for (const ResolutionStep& s : a.resolution)
    if (auto it = index.on_line.find({s.path.empty() ? a.path : s.path, s.line}); it != index.on_line.end())
      for (size_t j : it->second)
        if (findings[j].kind == "model_reference") deps.push_back(j);
  // The embedding (or call site) at the same place, and what the call uses.
  if (auto it = index.at.find({a.path, a.loc.line, a.loc.column}); it != index.at.end())
    for (size_t j : it->second)
      if (j != anchor && is_anchor(findings[j])) deps.push_back(j);
  for (const LinkTarget& t : detail_links(a, "prompts")) add_kind_at(t, "prompt");
  for (const LinkTarget& t : detail_links(a, "tool_schemas")) add_kind_at(t, "tool_schema");
  for (const LinkTarget& t : detail_links(a, "vector_stores")) add_kind_at(t, "vector_store");
  return deps;
}

}  // namespace

const std::string& detail_text(const Finding& f, const std::string& key) {
  static const std::string none;
  for (const auto& [k, v] : f.details)
    if (k == key) return v;
  return none;
}

std::vector<LinkTarget> detail_links(const Finding& f, const std::string& key) {
  std::vector<LinkTarget> out;
  const std::string& text = detail_text(f, key);
  if (text.empty()) return out;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& e : j) add_link(e, &out);
  else add_link(j, &out);
  return out;
}

std::vector<Usage> group_usages(const std::vector<Finding>& findings) {
  Index index(findings);
  std::vector<Usage> usages;
  std::vector<long> owner(findings.size(), -1);  // usage index of each finding
  // Anchors: call sites, and embeddings that no call site stands at.
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    if (f.context == "sdk_definition" || !is_anchor(f) || owner[i] >= 0) continue;
    Usage u;
    u.id = "u-" + f.fingerprint;
    u.kind = f.kind;
    u.findings.push_back(i);
    owner[i] = static_cast<long>(usages.size());
    usages.push_back(std::move(u));
    // The embedding at a call site's place is the same usage.
    for (size_t j : index.at.at({f.path, f.loc.line, f.loc.column}))
      if (j != i && is_anchor(findings[j]) && owner[j] < 0) {
        owner[j] = owner[i];
        if (findings[j].kind == "embedding") usages.back().kind = "embedding";
      }
  }
  // Members: what each anchor depends on; first anchor in order takes it.
  for (size_t u = 0; u < usages.size(); ++u) {
    size_t anchor = usages[u].findings[0];
    std::vector<size_t> deps = dependencies(findings, index, anchor);
    for (size_t j : index.at.at({findings[anchor].path, findings[anchor].loc.line, findings[anchor].loc.column}))
      if (j != anchor && owner[j] == static_cast<long>(u)) {
        std::vector<size_t> more = dependencies(findings, index, j);
        deps.insert(deps.end(), more.begin(), more.end());
      }
    for (size_t j : deps) {
      if (owner[j] < 0) owner[j] = static_cast<long>(u);
      else if (owner[j] != static_cast<long>(u)) usages[u].shared.push_back(j);
    }
  }
  // Prompts name the call they feed, schemas the calls that use them.
  for (size_t i = 0; i < findings.size(); ++i) {
    if (owner[i] >= 0 || findings[i].context == "sdk_definition") continue;
    for (const char* key : {"feeds", "used_by", "embedding"}) {
      for (const LinkTarget& t : detail_links(findings[i], key)) {
        auto it = index.at.find({t.path, t.line, t.column});
        if (it == index.at.end()) continue;
        for (size_t j : it->second)
          if (owner[j] >= 0 && is_anchor(findings[j])) {
            owner[i] = owner[j];
            break;
          }
        if (owner[i] >= 0) break;
      }
      if (owner[i] >= 0) break;
    }
  }
  // Everything left is a usage of its own.
  for (size_t i = 0; i < findings.size(); ++i) {
    if (owner[i] >= 0 || findings[i].context == "sdk_definition") continue;
    Usage u;
    u.id = "u-" + findings[i].fingerprint;
    u.kind = usage_kind(findings[i]);
    owner[i] = static_cast<long>(usages.size());
    usages.push_back(std::move(u));
  }
  for (size_t i = 0; i < findings.size(); ++i)
    if (owner[i] >= 0 && (usages[owner[i]].findings.empty() || usages[owner[i]].findings[0] != i))
      usages[owner[i]].findings.push_back(i);
  for (Usage& u : usages) {
    std::sort(u.findings.begin() + 1, u.findings.end());
    std::sort(u.shared.begin(), u.shared.end());
    u.shared.erase(std::unique(u.shared.begin(), u.shared.end()), u.shared.end());
  }
  // Report order: by anchor position.
  std::sort(usages.begin(), usages.end(), [](const Usage& a, const Usage& b) { return a.findings[0] < b.findings[0]; });
  return usages;
}

}  // namespace modelshift
