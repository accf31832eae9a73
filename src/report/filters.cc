#include "report/filters.h"

#include <algorithm>
#include <cstdint>
#include <map>

#include "core/yaml_util.h"

namespace modelshift {

namespace {

// Risk level names come from rules/risk.yaml's `levels` (high, medium) plus
// the floor every score reaches (low); the order is what --min-risk compares.
const std::vector<std::string> kRiskLevels = {"low", "medium", "high"};
const std::vector<std::string> kStatuses = {"active", "deprecated", "retired", "unknown"};
const std::vector<std::string> kKinds = {"model_reference", "call_site", "model_catalogue", "prompt",
                                         "tool_schema",     "embedding", "vector_store"};
const std::vector<std::string> kContexts = {"code",    "config",    "docs", "string",
                                            "comment", "docstring", "sdk_definition"};

bool holds(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::vector<std::string> split_commas(const std::string& value) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    if (comma == std::string::npos) comma = value.size();
    std::string item = value.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

std::string unknown(const std::string& flag, const char* what, const std::string& item,
                    const std::vector<std::string>& known) {
  std::string hint = closest_word(item, known);
  std::string list;
  for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
  return flag + ": unknown " + what + " '" + item + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
         "; one of " + list;
}

bool status_passes(const std::vector<std::string>& statuses, const Finding& f) {
  if (statuses.empty()) return true;
  if (f.kind == "model_catalogue") {
    for (const auto& [status, n] : f.catalogue_by_status)
      if (n && holds(statuses, status)) return true;
    return false;
  }
  return holds(statuses, f.status);
}

bool model_passes(const std::vector<std::string>& globs, const Finding& f) {
  if (globs.empty()) return true;
  for (const std::string& g : globs) {
    if (f.kind == "model_catalogue") {
      for (const std::string& m : f.catalogue_models)
        if (model_glob_match(g, m)) return true;
      continue;
    }
    for (const std::string* id : {&f.canonical, &f.model, &f.written})
      if (!id->empty() && model_glob_match(g, *id)) return true;
  }
  return false;
}

bool context_passes(const std::vector<std::string>& contexts, const Finding& f) {
  if (contexts.empty()) return true;
  return holds(contexts, context_class(f)) || holds(contexts, f.context) ||
         (f.context == "sdk_definition" && holds(contexts, f.syntax));
}

}  // namespace

bool ReportFilter::empty() const {
  return statuses.empty() && models.empty() && providers.empty() && kinds.empty() && contexts.empty() &&
         min_risk.empty();
}

bool ReportFilter::names_docs() const { return holds(contexts, "docs"); }

bool ReportFilter::keep(const Finding& f) const {
  return status_passes(statuses, f) && model_passes(models, f) &&
         (providers.empty() || holds(providers, f.provider)) && (kinds.empty() || holds(kinds, f.kind)) &&
         context_passes(contexts, f);
}

std::string context_class(const Finding& f) {
  const std::string& c = f.context == "sdk_definition" ? f.syntax : f.context;
  if (c == "docs" || c == "config") return c;
  return "code";
}

std::string add_filter_values(const std::string& flag, const std::string& value, std::vector<std::string>* out) {
  std::vector<std::string> items = split_commas(value);
  if (items.empty()) return flag + " needs a value";
  for (std::string& item : items) {
    if (flag == "--status" && !holds(kStatuses, item)) return unknown(flag, "status", item, kStatuses);
    if (flag == "--kind" && !holds(kKinds, item)) return unknown(flag, "kind", item, kKinds);
    if (flag == "--context" && !holds(kContexts, item)) return unknown(flag, "context", item, kContexts);
    if (!holds(*out, item)) out->push_back(std::move(item));
  }
  return "";
}

int risk_rank(const std::string& level) {
  auto it = std::find(kRiskLevels.begin(), kRiskLevels.end(), level);
  return it == kRiskLevels.end() ? -1 : static_cast<int>(it - kRiskLevels.begin());
}

void apply_filter(const ReportFilter& filter, Inventory* inv) {
  if (filter.empty()) return;
  std::vector<bool> keep(inv->findings.size());
  for (size_t i = 0; i < keep.size(); ++i) keep[i] = filter.keep(inv->findings[i]);
  if (!filter.min_risk.empty()) {
    // A finding's risk is its usage's (the highest of the usages it is in).
    std::vector<bool> risky(keep.size());
    int floor = risk_rank(filter.min_risk);
    for (const Usage& u : inv->usages) {
      if (risk_rank(u.risk.level) < floor) continue;
      for (size_t i : u.findings) risky[i] = true;
      for (size_t i : u.shared) risky[i] = true;
    }
    for (size_t i = 0; i < keep.size(); ++i) keep[i] = keep[i] && risky[i];
  }
  std::vector<size_t> renumber(keep.size(), SIZE_MAX);
  std::vector<Finding> kept;
  for (size_t i = 0; i < keep.size(); ++i) {
    if (!keep[i]) continue;
    renumber[i] = kept.size();
    kept.push_back(std::move(inv->findings[i]));
  }
  inv->findings = std::move(kept);
  auto remap = [&](std::vector<size_t>* list) {
    std::vector<size_t> out;
    for (size_t i : *list)
      if (renumber[i] != SIZE_MAX) out.push_back(renumber[i]);
    *list = std::move(out);
  };
  std::vector<Usage> usages;
  for (Usage& u : inv->usages) {
    remap(&u.findings);
    remap(&u.shared);
    if (!u.findings.empty()) usages.push_back(std::move(u));
  }
  inv->usages = std::move(usages);
}

void apply_scan_policies(const PolicyConfig& config, std::vector<Finding>* findings) {
  if (config.deny.empty() && config.warn.empty()) return;
  PolicyConfig only_lists = config;
  only_lists.deprecated = only_lists.retired = "off";
  for (Finding& f : *findings)
    if (f.context != "sdk_definition") apply_policy(only_lists, &f);
}

int urgency(const Finding& f) {
  if (!f.suppressed.empty() || f.context == "sdk_definition") return 4;
  if (f.kind == "model_catalogue") return 3;  // a table lists ids; it calls none
  if (f.status == "retired") return 0;
  if (f.status == "deprecated") return 1;
  if (f.policy == "denied-model") return 2;
  return 3;
}

const char* urgency_title(int rank) {
  static const char* const titles[] = {"Retired models", "Deprecated models", "Denied by policy", "Inventory",
                                       "Suppressed"};
  return titles[std::clamp(rank, 0, 4)];
}

std::string FailOn::parse(const std::string& value) {
  std::vector<std::string> items = split_commas(value);
  if (items.empty()) return "--fail-on needs a value";
  std::vector<std::string> known = kStatuses;
  known.insert(known.end(), {"denied", "warned"});
  known.insert(known.end(), kRiskLevels.begin(), kRiskLevels.end());
  for (const std::string& item : items) {
    if (holds(kStatuses, item)) {
      if (!holds(statuses, item)) statuses.push_back(item);
    } else if (item == "denied") {
      denied = true;
    } else if (item == "warned") {
      warned = true;
    } else if (risk_rank(item) >= 0) {
      if (min_risk.empty() || risk_rank(item) < risk_rank(min_risk)) min_risk = item;
    } else {
      return unknown("--fail-on", "value", item, known);
    }
  }
  return "";
}

std::vector<size_t> FailOn::failing(const Inventory& inv) const {
  std::vector<bool> fails(inv.findings.size());
  for (size_t i = 0; i < fails.size(); ++i) {
    const Finding& f = inv.findings[i];
    bool model = f.kind != "model_catalogue";  // a table of ids is not a use
    fails[i] = (model && holds(statuses, f.status)) || (denied && f.policy == "denied-model") ||
               (warned && f.policy == "warned-model");
  }
  if (!min_risk.empty())
    for (const Usage& u : inv.usages)
      if (risk_rank(u.risk.level) >= risk_rank(min_risk))
        for (size_t i : u.findings) fails[i] = true;
  std::vector<size_t> out;
  for (size_t i = 0; i < fails.size(); ++i) {
    const Finding& f = inv.findings[i];
    if (fails[i] && f.suppressed.empty() && f.context != "sdk_definition") out.push_back(i);
  }
  return out;
}

}  // namespace modelshift
