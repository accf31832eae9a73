// Planner::required_changes: what a usage must change to move to its target,
// from the findings of the usage and the target's facts in the catalog.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <tuple>

#include "assess/risk.h"
#include "plan/plan.h"
#include "walk/ignore.h"

namespace modelshift {

namespace {

bool applies(const ParameterRule& rule, const std::string& api) {
  return rule.apis.empty() || std::find(rule.apis.begin(), rule.apis.end(), api) != rule.apis.end();
}

RequiredChange at(const Finding& f, std::string action, std::string detail) {
  RequiredChange c;
  c.action = std::move(action);
  c.path = f.path;
  c.line = f.loc.line;
  c.column = f.loc.column;
  c.detail = std::move(detail);
  return c;
}

// The parameter changes `facts` ask of a call with these parameters.
void parameter_changes_for(const Finding& call, const ModelFacts& facts, const std::string& target,
                           std::vector<RequiredChange>* out) {
  for (const ParameterRule& rule : facts.parameters) {
    if (!applies(rule, call.api)) continue;
    const std::pair<std::string, std::string>* found = nullptr;
    for (const auto& p : call.parameters)
      if (parameter_key(p.first) == parameter_key(rule.parameter)) found = &p;
    RequiredChange c = at(call, "", "");
    c.parameter = found ? found->first : rule.parameter;
    c.reason = rule.reason;
    c.source = rule.source;
    if (rule.action == "rename" && found) {
      c.action = "rename_parameter";
      c.to = rule.to;
      c.detail = "rename " + found->first + " to " + rule.to + " for " + target;
    } else if (rule.action == "remove" && found) {
      c.action = "remove_parameter";
      c.detail = "remove " + found->first + ": " + target + " does not accept it";
    } else if (rule.action == "fixed" && found && found->second != rule.value) {
      c.action = "fix_parameter";
      c.value = rule.value;
      c.detail = found->first + " must be " + rule.value + " for " + target + " (found " + found->second + ")";
    } else if (rule.action == "require" && !found) {
      c.action = "add_parameter";
      c.value = rule.value;
      c.detail = "add " + rule.parameter + (rule.value.empty() ? "" : " (e.g. " + rule.value + ")") + ": " + target +
                 " requires it";
    } else if (rule.action == "recheck" && found) {
      c.action = "recheck_parameter";
      c.detail = "re-check " + found->first + " on " + target;
    } else {
      continue;
    }
    out->push_back(std::move(c));
  }
}

std::optional<ModelFacts> facts_of(const Catalog& catalog, const std::string& model) {
  if (model.empty()) return std::nullopt;
  std::optional<Resolution> r = catalog.resolve(model);
  if (!r) return std::nullopt;
  return catalog.facts(*r);
}

}  // namespace

size_t Planner::parameter_changes(const Usage& u) const {
  MigrationTarget t = target(u);
  if (t.model.empty()) return 0;
  std::optional<ModelFacts> facts = facts_of(*in_.catalog, t.model);
  if (!facts) return 0;
  std::vector<RequiredChange> changes;
  const Finding& a = anchor(u);
  if (a.kind == "call_site" || a.kind == "embedding") parameter_changes_for(a, *facts, t.model, &changes);
  return changes.size();
}

std::vector<RequiredChange> Planner::required_changes(const Usage& u, const MigrationTarget& t) const {
  const std::vector<Finding>& all = in_.inventory->findings;
  std::vector<RequiredChange> out;
  const std::string to = t.model.empty() ? "the target model" : t.model;
  IgnoreList immutable_list = IgnoreList::from_globs(in_.rules->immutable_paths);
  auto immutable = [&](const std::string& path) {
    return immutable_list.match(path, false) == IgnoreVerdict::kIgnored;
  };
  auto model_refs = [&](const std::vector<size_t>& ids, const char* note) {
    for (size_t i : ids) {
      const Finding& f = all[i];
      if (f.kind != "model_reference") continue;
      if (f.context == "comment" || f.context == "docs" || f.context == "docstring") {
        out.push_back(at(f, "update_text", "update the mention of " + f.written + " (" + f.context + ")" + note));
        continue;
      }
      std::string where = f.key_path.empty() ? "" : " (" + f.key_path + ")";
      // A platform id (Bedrock, a fine-tune, a router prefix) is not the
      // target's bare id: the platform's own spelling of the target is needed.
      std::string platform;
      if (!f.platform.empty() && f.written != f.canonical)
        platform = f.platform.find("fine-tune") != std::string::npos
                       ? "; a fine-tune of " + f.canonical + ": fine-tune " + to + " on the same data and use the new id"
                       : "; written for " + f.platform + ": use " + f.platform + "'s id for " + to;
      if (in_.rules->compared(f.line_text, f.written)) {
        out.push_back(at(f, "recheck_condition", "code compares against " + f.written + ": re-check the condition for " +
                                                     to + " (replacing the id would change what it tests)" + note));
        continue;
      }
      if (immutable(f.path))
        out.push_back(at(f, "new_migration", "this migration has been applied: add a new one that replaces " + f.written +
                                                 " with " + to + where + platform + note));
      else out.push_back(at(f, "set_model", "replace " + f.written + " with " + to + where + platform + note));
    }
  };
  model_refs(u.findings, "");
  model_refs(u.shared, "; shared with another usage");
  const Finding& a = anchor(u);
  if (u.kind == "catalogue") {
    // Each deprecated entry of the table gets its own replacement.
    std::string list;
    size_t moving = 0;
    for (const std::string& m : a.catalogue_models) {
      std::optional<Resolution> r = in_.catalog->resolve(m);
      if (!r) continue;
      std::string status = Catalog::status(*r, in_.inventory->as_of);
      if (status != "deprecated" && status != "retired") continue;
      const std::string& repl = r->lifecycle().replacement;
      list += (list.empty() ? "" : ", ") + m + " -> " + (repl.empty() ? "?" : repl);
      ++moving;
    }
    out.push_back(at(a, "update_table", "update " + std::to_string(moving) + " of the table's " + std::to_string(a.entries) +
                                            " entries: " + list));
  }
  if ((a.kind == "call_site" || a.kind == "embedding") && !t.model.empty())
    if (std::optional<ModelFacts> facts = facts_of(*in_.catalog, t.model)) parameter_changes_for(a, *facts, t.model, &out);
  for (size_t i : u.findings) {
    const Finding& f = all[i];
    if (f.kind == "tool_schema") {
      nlohmann::json issues = nlohmann::json::parse(detail_text(f, "strict_issues").empty() ? "[]" : detail_text(f, "strict_issues"), nullptr, false);
      if (issues.is_array())
        for (const auto& issue : issues)
          if (issue.is_string()) out.push_back(at(f, "fix_schema", "strict mode: " + issue.get<std::string>()));
    } else if (f.kind == "embedding") {
      out.push_back(at(f, "re_embed", "re-embed every stored vector with " + to + " (vectors of two models do not mix)"));
      for (const LinkTarget& s : detail_links(f, "vector_stores")) {
        RequiredChange c;
        c.action = "re_index";
        c.path = s.path;
        c.line = s.line;
        c.column = s.column;
        c.detail = "rebuild this vector store's index from the new embeddings";
        out.push_back(std::move(c));
      }
    } else if (f.kind == "vector_store") {
      // A store an embedding of this usage links is re-indexed once, there.
      bool listed = false;
      for (size_t j : u.findings)
        for (const LinkTarget& s : detail_links(all[j], "vector_stores"))
          listed |= s.path == f.path && s.line == f.loc.line && s.column == f.loc.column;
      if (!listed) out.push_back(at(f, "re_index", "rebuild this vector store's index from the new embeddings"));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const RequiredChange& x, const RequiredChange& y) {
    return std::tie(x.path, x.line, x.column) < std::tie(y.path, y.line, y.column);
  });
  return out;
}

}  // namespace modelshift
