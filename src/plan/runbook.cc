#include "plan/runbook.h"

#include <ctime>
#include <set>

namespace modelshift {

namespace {

using ojson = nlohmann::ordered_json;

// Usage ids of the plan in phases other than the first (those go through a
// canary or shadow traffic).
std::vector<std::string> ids_in_phases(const ojson& plan, const std::set<std::string>& phases) {
  std::vector<std::string> ids;
  for (const ojson& u : plan["usages"])
    if (phases.count(u["phase"].get<std::string>())) ids.push_back(u["id"].get<std::string>());
  return ids;
}

// Each owner of a usage signs off on it; a usage with none needs one found.
std::vector<std::string> owners_of(const ojson& usage) {
  std::vector<std::string> out = usage["owners"].get<std::vector<std::string>>();
  if (out.empty()) out.push_back("unowned");
  return out;
}

ojson checklist(const ojson& plan) {
  ojson items = ojson::array();
  // Sign-offs, one per owner set (any one of a CODEOWNERS line's owners may
  // approve, as on the forges), naming their usages.
  std::map<std::string, std::vector<std::string>> by_owner;
  for (const ojson& u : plan["usages"]) by_owner[u["owner"].get<std::string>()].push_back(u["id"].get<std::string>());
  for (const auto& [owner, ids] : by_owner)
    items.push_back({{"item", owner == "unowned" ? "find an owner and get sign-off"
                              : owner.find(' ') != std::string::npos ? "sign-off (any one of the owners)" : "sign-off"},
                     {"owner", owner},
                     {"usages", ids}});
  for (const ojson& u : plan["usages"]) {
    for (const ojson& c : u["required_changes"]) {
      std::string action = c["action"].get<std::string>();
      if (action == "re_index" || action == "re_embed")
        items.push_back({{"item", action == "re_index" ? "re-index vector store" : "re-embed corpus"},
                         {"owner", u["owner"]},
                         {"usage", u["id"]},
                         {"at", c["at"]}});
    }
    size_t params = 0, schemas = 0;
    for (const ojson& c : u["required_changes"]) {
      std::string action = c["action"].get<std::string>();
      params += action.find("_parameter") != std::string::npos;
      schemas += action == "fix_schema";
    }
    if (params)
      items.push_back({{"item", "parameter changes merged (" + std::to_string(params) + ")"}, {"owner", u["owner"]}, {"usage", u["id"]}});
    if (schemas)
      items.push_back({{"item", "schemas pass strict mode (" + std::to_string(schemas) + " issues)"}, {"owner", u["owner"]}, {"usage", u["id"]}});
    if (u["phase"] == "shadow-canary")
      items.push_back({{"item", "shadow traffic compared before canary"}, {"owner", u["owner"]}, {"usage", u["id"]}});
  }
  return items;
}

}  // namespace

std::string add_days(const std::string& date, int days) {
  std::tm tm{};
  tm.tm_year = std::stoi(date.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(date.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(date.substr(8, 2)) + days;
  std::time_t t = timegm(&tm);
  std::tm out{};
  gmtime_r(&t, &out);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &out);
  return buf;
}

ojson build_runbook(const ojson& plan, const PlanRules& rules, const RunbookSettings& settings, const std::string& start) {
  ojson rb;
  rb["schema_version"] = "1.0";
  std::string name = settings.name;
  if (name.empty()) {
    std::set<std::string> pairs;
    for (const ojson& m : plan["migrations"]) pairs.insert(m["from"].get<std::string>() + " -> " + m["to"].get<std::string>());
    for (const std::string& p : pairs) name += (name.empty() ? "" : ", ") + p;
    name = name.empty() ? "model migration" : "migrate " + name;
  }
  rb["migration"] = {{"name", name}, {"pairs", plan["migrations"]}};
  ojson owners = ojson::array();
  std::map<std::string, std::pair<size_t, size_t>> counts;
  for (const ojson& u : plan["usages"])
    for (const std::string& o : owners_of(u)) {
      auto& c = counts[o];
      ++c.first;
      c.second += u["risk"]["level"] == "high";
    }
  for (const auto& [owner, c] : counts) owners.push_back({{"owner", owner}, {"usages", c.first}, {"high_risk", c.second}});
  rb["owners"] = owners;
  std::vector<int> steps = settings.canary_steps.empty() ? rules.canary_steps : settings.canary_steps;
  ojson phases = ojson::array();
  std::string day = start;
  std::string rollout_end;
  std::set<std::string> later;
  for (size_t i = 1; i < rules.phases.size(); ++i)
    if (rules.phases[i].id != rules.phases[0].id) later.insert(rules.phases[i].id);
  for (const PlanRules::RunbookPhase& p : rules.runbook_phases) {
    std::string end = add_days(day, p.days);
    ojson pj = {{"id", p.id}, {"start", day}, {"end", end}};
    if (p.id == "testing") pj["usages"] = ids_in_phases(plan, {rules.phases.empty() ? "" : rules.phases[0].id});
    if (p.id == "canary") {
      pj["traffic_steps_pct"] = steps;
      pj["usages"] = ids_in_phases(plan, later);
    }
    phases.push_back(std::move(pj));
    day = end;
    rollout_end = end;
  }
  rb["phases"] = phases;
  ojson triggers = ojson::object();
  for (const auto& [k, v] : rules.rollback_triggers) triggers[k] = v;
  for (const auto& [k, v] : settings.rollback_triggers) triggers[k] = v;
  rb["rollback_triggers"] = triggers;
  rb["checklist"] = checklist(plan);
  ojson warnings = ojson::array();
  std::set<std::string> warned;
  for (const ojson& u : plan["usages"]) {
    const ojson& cur = u["current"];
    if (!cur.contains("shutdown_on")) continue;
    std::string shutdown = cur["shutdown_on"].get<std::string>(), model = cur["model"].get<std::string>();
    if (!warned.insert(model).second) continue;
    if (cur.value("status", std::string()) == "retired" || shutdown <= plan.value("as_of", std::string()))
      warnings.push_back(model + " was shut down on " + shutdown + ": its calls fail today; migrate these first");
    else if (shutdown < rollout_end)
      warnings.push_back(model + " shuts down on " + shutdown + ", before full rollout ends on " + rollout_end +
                         ": start earlier or shorten the phases");
  }
  for (const ojson& t : plan.value("targets", ojson::array())) {
    if (!t.contains("shutdown_on")) continue;
    std::string shutdown = t["shutdown_on"].get<std::string>();
    if (shutdown < rollout_end && warned.insert("target:" + t["model"].get<std::string>()).second)
      warnings.push_back("target " + t["model"].get<std::string>() + " itself shuts down on " + shutdown +
                         ", before full rollout ends on " + rollout_end + ": choose another target");
  }
  for (const ojson& u : plan["usages"])
    if (u["target"]["model"] == "unknown" && warned.insert("target:" + u["id"].get<std::string>()).second)
      warnings.push_back(u["id"].get<std::string>() + " has no target model: " + u["target"].value("reason", std::string()));
  rb["warnings"] = warnings;
  return rb;
}

}  // namespace modelshift
