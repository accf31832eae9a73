#include "plan/plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "judge/policy.h"
#include "walk/ignore.h"

namespace modelshift {

namespace {

using ojson = nlohmann::ordered_json;

std::string at_text(const std::string& path, uint32_t line, uint32_t column = 0) {
  if (path.empty()) return "";
  std::string s = path;
  if (line) s += ":" + std::to_string(line);
  if (line && column) s += ":" + std::to_string(column);
  return s;
}

bool paths_match(const std::vector<std::string>& globs, const std::string& path) {
  if (globs.empty()) return true;
  for (const std::string& g : globs)
    if (IgnoreList::from_globs({g}).match(path, false) == IgnoreVerdict::kIgnored) return true;
  return false;
}

bool model_matches(const std::string& glob, const Finding& f) {
  return model_glob_match(glob, f.canonical) || (!f.model.empty() && model_glob_match(glob, f.model));
}

double number_of(const std::string& json_text, bool* ok) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  *ok = j.is_number();
  return *ok ? j.get<double>() : 0;
}

}  // namespace

std::string owner_text(const Usage& u) {
  if (u.owners.empty()) return "unowned";
  std::string s;
  for (const std::string& o : u.owners) s += (s.empty() ? "" : " ") + o;
  return s;
}

std::vector<std::string> usage_facts(const Usage& u, const std::vector<Finding>& findings) {
  std::vector<std::string> facts = {"any"};
  for (const RiskFact& f : u.facts) facts.push_back(f.factor);
  const Finding& a = findings[u.findings[0]];
  if (a.kind == "call_site" && a.model_kind != "embedding" && u.kind != "embedding") facts.push_back("chat");
  for (size_t i : u.findings)
    if (findings[i].kind == "prompt") facts.push_back("prompt");
  bool docs_only = true;
  for (size_t i : u.findings) {
    const std::string& c = findings[i].context;
    docs_only &= c == "docs" || c == "comment" || c == "docstring";
  }
  if (docs_only) facts.push_back("docs_only");
  for (const auto& [name, value] : a.parameters)
    if (name == "temperature") {
      bool ok = false;
      double t = number_of(value, &ok);
      facts.push_back(ok && t == 0 ? "temperature_zero" : "temperature_set");
    }
  return facts;
}

const Finding& Planner::model_finding(const Usage& u) const {
  const std::vector<Finding>& all = in_.inventory->findings;
  const Finding& a = anchor(u);
  if (!a.canonical.empty() || u.kind == "catalogue") return a;
  // A call whose model is not statically known can still compare against,
  // or fall back to, a deprecated id written inside it.
  const Finding* first = nullptr;
  for (size_t i : u.findings) {
    const Finding& f = all[i];
    if (f.kind != "model_reference" || f.canonical.empty()) continue;
    if (f.status == "deprecated" || f.status == "retired") return f;
    if (!first) first = &f;
  }
  return first ? *first : a;
}

bool Planner::planned(const Usage& u) const {
  const Finding& a = anchor(u);
  if (u.kind == "catalogue")
    return a.catalogue_by_status.count("deprecated") || a.catalogue_by_status.count("retired");
  const Finding& m = model_finding(u);
  if (m.canonical.empty()) return false;
  if (m.status == "deprecated" || m.status == "retired") return true;
  for (const MigrationRule& r : in_.settings->migrations)
    if (model_matches(r.from, m) && paths_match(r.paths, m.path)) return true;
  for (const std::string& g : in_.from)
    if (model_matches(g, m)) return true;
  return false;
}

namespace {

// Kinds one request shape serves: a chat model can replace a completion
// model, not an embedding model.
std::string kind_group(const std::string& kind) {
  return kind == "chat" || kind == "responses" || kind == "completion" ? "text" : kind;
}

}  // namespace

MigrationTarget Planner::checked(MigrationTarget t, const Finding& m) const {
  if (t.model.empty()) return t;
  std::optional<Resolution> r = in_.catalog->resolve(t.model);
  if (!r) return t;
  std::optional<Resolution> cur = in_.catalog->resolve(m.canonical);
  if (cur && kind_group(cur->kind()) != kind_group(r->kind()))
    return {"", "unknown",
            t.source + " names " + t.model + ", a " + r->kind() + " model; this usage calls a " + cur->kind() + " model"};
  // A replacement may itself be deprecated: follow the chain to a live model.
  std::vector<std::string> chain = {m.canonical, t.model};
  for (int hop = 0; hop < 8; ++hop) {
    std::string status = Catalog::status(*r, in_.inventory->as_of);
    if (status != "deprecated" && status != "retired") break;
    const std::string& next = r->lifecycle().replacement;
    std::optional<Resolution> nr = next.empty() ? std::nullopt : in_.catalog->resolve(next);
    if (t.source != "catalog" || !nr || std::find(chain.begin(), chain.end(), next) != chain.end()) {
      std::string when = r->lifecycle().shutdown_on.empty() ? "" : " (shutdown " + r->lifecycle().shutdown_on + ")";
      t.reason += (t.reason.empty() ? "" : "; ") + t.model + " is itself " + status + when + ": choose a live model";
      return t;
    }
    chain.push_back(next);
    t.model = next;
    r = nr;
  }
  if (chain.size() > 2) {
    std::string path;
    for (const std::string& c : chain) path += (path.empty() ? "" : " -> ") + c;
    t.reason = "replacements followed to a live model: " + path;
  }
  return t;
}

MigrationTarget Planner::target(const Usage& u) const {
  const Finding& m = model_finding(u);
  if (u.kind == "catalogue") return {"per-entry", "catalog", "a table of models: each entry moves to its own replacement"};
  // --to is for the usages --from names; without --from, for every usage planned.
  bool from_match = in_.from.empty();
  for (const std::string& g : in_.from) from_match |= model_matches(g, m);
  if (!in_.to.empty() && from_match) return checked({in_.to, "--to", ""}, m);
  for (const MigrationRule& r : in_.settings->migrations)
    if (model_matches(r.from, m) && paths_match(r.paths, m.path))
      return checked({r.to, "config", at_text(r.where.path, r.where.line, r.where.column)}, m);
  if (!m.replacement.empty()) return checked({m.replacement, "catalog", ""}, m);
  return {"", "unknown",
          "the catalog names no replacement for " + (m.canonical.empty() ? m.model : m.canonical) +
              "; name one with --to or a migrations: rule in .modelshift.yaml"};
}

std::string Planner::phase(const Usage& u) const {
  auto in = [](const std::vector<std::string>& list, const std::string& v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  std::vector<std::string> facts = usage_facts(u, in_.inventory->findings);
  auto any_fact = [&](const std::vector<std::string>& wanted) {
    if (wanted.empty()) return true;
    for (const std::string& w : wanted)
      if (std::find(facts.begin(), facts.end(), w) != facts.end()) return true;
    return false;
  };
  for (const PlanRules::Phase& p : in_.rules->phases)
    if (in(p.risk, u.risk.level) && in(p.surface, u.surface) && any_fact(p.facts)) return p.id;
  return in_.rules->phases.empty() ? "" : in_.rules->phases.back().id;
}

ojson Planner::usage_json(const Usage& u) const {
  const std::vector<Finding>& all = in_.inventory->findings;
  const Finding& a = anchor(u);
  MigrationTarget t = target(u);
  ojson j;
  j["id"] = u.id;
  j["kind"] = u.kind;
  j["phase"] = phase(u);
  for (const PlanRules::Phase& p : in_.rules->phases)
    if (p.id == j["phase"]) j["rollout"] = p.rollout;
  ojson reasons = ojson::array();
  for (const RiskReason& r : u.risk.reasons) {
    ojson rj = {{"factor", r.factor}, {"points", r.points}, {"text", r.text}};
    if (!r.detail.empty()) rj["detail"] = r.detail;
    if (!r.path.empty()) rj["at"] = at_text(r.path, r.line);
    reasons.push_back(std::move(rj));
  }
  j["risk"] = {{"level", u.risk.level}, {"score", u.risk.score}, {"reasons", reasons}};
  j["owner"] = owner_text(u);
  j["owners"] = u.owners;
  if (!u.owner_source.empty()) j["owner_source"] = u.owner_source;
  j["surface"] = {{"value", u.surface}, {"reason", u.surface_reason}};
  if (!u.surface_path.empty()) j["surface"]["at"] = at_text(u.surface_path, u.surface_line);
  if (!u.metadata.empty()) {
    ojson m = ojson::object();
    if (!u.metadata.sla.empty()) m["sla"] = u.metadata.sla;
    if (u.metadata.monthly_calls) m["monthly_calls"] = *u.metadata.monthly_calls;
    if (u.metadata.latency_target_ms) m["latency_target_ms"] = *u.metadata.latency_target_ms;
    if (!u.metadata.data_sensitivity.empty()) m["data_sensitivity"] = u.metadata.data_sensitivity;
    j["metadata"] = m;
  }
  const Finding& m = model_finding(u);
  ojson cur = {{"model", u.kind == "catalogue" ? "table" : m.canonical}};
  if (u.kind == "catalogue") {
    cur["models"] = a.catalogue_models;
  } else {
    cur["provider"] = m.provider;
    cur["status"] = m.status;
    if (!m.deprecated_on.empty()) cur["deprecated_on"] = m.deprecated_on;
    if (!m.shutdown_on.empty()) cur["shutdown_on"] = m.shutdown_on;
    if (&m != &a) cur["from"] = at_text(m.path, m.loc.line, m.loc.column);
  }
  j["current"] = cur;
  j["target"] = {{"model", t.model.empty() ? "unknown" : t.model}, {"source", t.source}};
  if (!t.reason.empty()) j["target"]["reason"] = t.reason;
  if (a.kind == "call_site" || a.kind == "embedding") {
    ojson call = {{"sdk", a.sdk}, {"api", a.api}, {"callee", a.callee}, {"model_source", a.model_source}};
    ojson chain = ojson::array();
    for (const ResolutionStep& s : a.resolution)
      chain.push_back({{"at", at_text(s.path.empty() ? a.path : s.path, s.line, s.column)}, {"note", s.note}});
    if (!chain.empty()) call["resolution"] = chain;
    j["call"] = call;
  }
  ojson locs = ojson::array();
  for (size_t i : u.findings) locs.push_back({{"kind", all[i].kind}, {"at", at_text(all[i].path, all[i].loc.line, all[i].loc.column)}});
  for (size_t i : u.shared)
    locs.push_back({{"kind", all[i].kind}, {"at", at_text(all[i].path, all[i].loc.line, all[i].loc.column)}, {"shared", true}});
  j["locations"] = locs;
  ojson changes = ojson::array();
  for (const RequiredChange& c : required_changes(u, t)) {
    ojson cj = {{"action", c.action}, {"at", at_text(c.path, c.line, c.column)}, {"detail", c.detail}};
    if (!c.parameter.empty()) cj["parameter"] = c.parameter;
    if (!c.to.empty()) cj["to"] = c.to;
    if (!c.value.empty()) cj["value"] = c.value;
    if (!c.reason.empty()) cj["reason"] = c.reason;
    if (!c.source.empty()) cj["source"] = c.source;
    changes.push_back(std::move(cj));
  }
  j["required_changes"] = changes;
  std::vector<std::string> facts = usage_facts(u, all);
  ojson tests = ojson::array();
  for (const PlanRules::Test& test : in_.rules->tests)
    for (const std::string& w : test.when)
      if (std::find(facts.begin(), facts.end(), w) != facts.end()) {
        tests.push_back({{"id", test.id}, {"why", w}, {"what", test.what}});
        break;
      }
  j["tests"] = tests;
  j["cost"] = cost_json(u, m.canonical, t.model);
  return j;
}

ojson Planner::build(const std::vector<Usage>& usages) const {
  const Inventory& inv = *in_.inventory;
  std::vector<const Usage*> planned_usages, review;
  for (const Usage& u : usages) {
    if (planned(u)) planned_usages.push_back(&u);
    else if (anchor(u).kind == "call_site" && model_finding(u).canonical.empty()) review.push_back(&u);
  }
  // Rollout order: each usage's phase is judged once, not in every comparison.
  std::map<std::string, size_t> phase_order;
  for (size_t i = 0; i < in_.rules->phases.size(); ++i) phase_order[in_.rules->phases[i].id] = i;
  std::map<const Usage*, size_t> rank;
  for (const Usage* u : planned_usages) rank[u] = phase_order[phase(*u)];
  std::stable_sort(planned_usages.begin(), planned_usages.end(), [&](const Usage* x, const Usage* y) {
    size_t px = rank[x], py = rank[y];
    if (px != py) return px < py;
    if (x->risk.score != y->risk.score) return x->risk.score > y->risk.score;
    return x->findings[0] < y->findings[0];
  });
  ojson plan;
  plan["schema_version"] = "1.0";
  plan["tool"] = {{"name", "modelshift"}, {"version", MODELSHIFT_VERSION}};
  plan["as_of"] = inv.as_of;
  if (!in_.settings->config_path.empty()) plan["config"] = ".modelshift.yaml";
  // Pairs first: what moves where, how often.
  std::map<std::pair<std::string, std::string>, size_t> pairs;
  std::vector<Usage> planned_copies;
  for (const Usage* u : planned_usages) {
    MigrationTarget t = target(*u);
    if (u->kind != "catalogue") pairs[{model_finding(*u).canonical, t.model.empty() ? "unknown" : t.model}]++;
    planned_copies.push_back(*u);
  }
  ojson migrations = ojson::array();
  for (const auto& [pair, n] : pairs) migrations.push_back({{"from", pair.first}, {"to", pair.second}, {"usages", n}});
  plan["migrations"] = migrations;
  plan["targets"] = targets_json(planned_copies);
  ojson list = ojson::array();
  for (const Usage* u : planned_usages) list.push_back(usage_json(*u));
  plan["usages"] = list;
  ojson rev = ojson::array();
  for (const Usage* u : review) {
    const Finding& a = anchor(*u);
    rev.push_back({{"id", u->id},
                   {"at", at_text(a.path, a.loc.line, a.loc.column)},
                   {"callee", a.callee},
                   {"owner", owner_text(*u)},
                   {"reason", "model not statically known (" + a.model_source + "): check which model it sends"}});
  }
  plan["review"] = rev;
  plan["totals"] = plan_totals(list);
  size_t sdk = 0;
  for (const Finding& f : inv.findings) sdk += f.context == "sdk_definition";
  plan["excluded"] = {{"sdk_definition_findings", sdk}};
  return plan;
}

}  // namespace modelshift
