#include "assess/settings.h"

#include <algorithm>

#include "core/yaml_util.h"
#include "walk/ignore.h"

namespace modelshift {

namespace {

// A bound that config.schema.json states too; no rollout needs more steps.
constexpr size_t kMaxCanarySteps = 10;

}  // namespace

bool valid_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  int year = std::stoi(d.substr(0, 4)), month = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
  if (month < 1 || month > 12 || day < 1) return false;
  // A day the month does not have would roll over into the next (add_days).
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap);
}

namespace {

void read_migrations(YamlReader& yr, const YAML::Node& list, MigrationSettings* out) {
  if (!list.IsSequence()) return yr.error(list, "migrations must be a list of {from, to, paths}");
  for (const YAML::Node& n : list) {
    if (!n.IsMap()) {
      yr.error(n, "a migration is {from: MODEL_GLOB, to: MODEL, paths: [GLOB...]}");
      continue;
    }
    yr.check_keys(n, {"from", "to", "paths"});
    MigrationRule r;
    r.from = yr.str(n, "from", true).value_or("");
    r.to = yr.str(n, "to", true).value_or("");
    r.paths = yr.str_list(n, "paths");
    r.where = {out->config_path, static_cast<uint32_t>(n.Mark().line + 1), static_cast<uint32_t>(n.Mark().column + 1), ""};
    if (!r.from.empty() && !r.to.empty()) out->migrations.push_back(std::move(r));
  }
}

void read_risk(YamlReader& yr, const YAML::Node& risk, const std::vector<std::string>& factor_ids,
               MigrationSettings* out) {
  if (!risk.IsMap()) return yr.error(risk, "risk must be a mapping of weights, customer_facing, internal");
  yr.check_keys(risk, {"weights", "customer_facing", "internal"});
  out->customer_facing_globs = yr.str_list(risk, "customer_facing");
  out->internal_globs = yr.str_list(risk, "internal");
  YAML::Node w = risk["weights"];
  if (!w || w.IsNull()) return;
  if (!w.IsMap()) return yr.error(w, "risk.weights must map factor ids to points");
  for (const auto& kv : w) {
    std::string id = kv.first.Scalar();
    if (std::find(factor_ids.begin(), factor_ids.end(), id) == factor_ids.end()) {
      std::string hint = closest_word(id, factor_ids);
      yr.error(kv.first, "unknown risk factor '" + id + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      continue;
    }
    try {
      out->risk_weights[id] = kv.second.as<double>();
    } catch (const YAML::Exception&) {
      yr.error(kv.second, "a weight must be a number of points");
    }
  }
}

void read_owners(YamlReader& yr, const YAML::Node& list, MigrationSettings* out) {
  if (!list.IsSequence()) return yr.error(list, "owners must be a list of {path, owners}");
  for (const YAML::Node& n : list) {
    if (!n.IsMap()) {
      yr.error(n, "an owners entry is {path: GLOB, owners: [\"@team\"]}");
      continue;
    }
    yr.check_keys(n, {"path", "owners"});
    OwnerOverride o;
    o.glob = yr.str(n, "path", true).value_or("");
    o.owners = yr.str_list(n, "owners");
    if (o.owners.empty()) yr.error(n, "owners needs at least one owner");
    else if (!o.glob.empty()) out->owners.push_back(std::move(o));
  }
}

void read_metadata(YamlReader& yr, const YAML::Node& list, MigrationSettings* out) {
  if (!list.IsSequence()) return yr.error(list, "metadata must be a list of {path, sla, monthly_calls, ...}");
  for (const YAML::Node& n : list) {
    if (!n.IsMap()) {
      yr.error(n, "a metadata entry is {path: GLOB, sla, monthly_calls, latency_target_ms, data_sensitivity}");
      continue;
    }
    yr.check_keys(n, {"path", "sla", "monthly_calls", "latency_target_ms", "data_sensitivity"});
    MetadataRule r;
    r.glob = yr.str(n, "path", true).value_or("");
    r.metadata.sla = yr.str(n, "sla").value_or("");
    r.metadata.monthly_calls = yr.number(n, "monthly_calls");
    r.metadata.latency_target_ms = yr.number(n, "latency_target_ms");
    r.metadata.data_sensitivity = yr.str(n, "data_sensitivity").value_or("");
    for (const auto& [key, v] : {std::pair{"monthly_calls", r.metadata.monthly_calls},
                                 std::pair{"latency_target_ms", r.metadata.latency_target_ms}})
      if (v && *v < 0) yr.error(n[key], std::string(key) + " must not be negative");
    if (!r.glob.empty()) out->metadata.push_back(std::move(r));
  }
}

void read_prices(YamlReader& yr, const YAML::Node& list, MigrationSettings* out) {
  if (!list.IsSequence()) return yr.error(list, "prices must be a list of {model, input_per_mtok, output_per_mtok}");
  for (const YAML::Node& n : list) {
    if (!n.IsMap()) {
      yr.error(n, "a price is {model: ID, input_per_mtok: USD, output_per_mtok: USD}");
      continue;
    }
    yr.check_keys(n, {"model", "input_per_mtok", "output_per_mtok"});
    PriceOverride p;
    p.model = yr.str(n, "model", true).value_or("");
    std::optional<double> in = yr.number(n, "input_per_mtok"), outp = yr.number(n, "output_per_mtok");
    if (!in || !outp) {
      yr.error(n, "a price needs input_per_mtok and output_per_mtok (USD per million tokens)");
      continue;
    }
    if (*in < 0 || *outp < 0) {
      yr.error(n, "a price must not be negative");
      continue;
    }
    p.input_per_mtok = *in;
    p.output_per_mtok = *outp;
    if (!p.model.empty()) out->prices.push_back(std::move(p));
  }
}

void read_runbook(YamlReader& yr, const YAML::Node& rb, MigrationSettings* out) {
  if (!rb.IsMap()) return yr.error(rb, "runbook must be a mapping");
  yr.check_keys(rb, {"name", "start", "canary_steps", "rollback_triggers"});
  RunbookSettings& r = out->runbook;
  r.name = yr.str(rb, "name").value_or("");
  r.start = yr.str(rb, "start").value_or("");
  if (!r.start.empty() && !valid_date(r.start)) yr.error(rb["start"], "runbook.start must be a YYYY-MM-DD date");
  if (YAML::Node steps = rb["canary_steps"]) {
    if (!steps.IsSequence()) yr.error(steps, "canary_steps must be a list of traffic percentages");
    else if (steps.size() > kMaxCanarySteps)
      yr.error(steps, "canary_steps has at most " + std::to_string(kMaxCanarySteps) + " steps");
    else
      for (const YAML::Node& s : steps) {
        int v = -1;
        try {
          v = s.as<int>();
        } catch (const YAML::Exception&) {
        }
        if (v < 1 || v > 100 || (!r.canary_steps.empty() && v <= r.canary_steps.back()))
          yr.error(s, "canary steps are rising percentages from 1 to 100");
        else r.canary_steps.push_back(v);
      }
  }
  if (YAML::Node t = rb["rollback_triggers"]) {
    if (!t.IsMap()) return yr.error(t, "rollback_triggers must map a trigger to its threshold");
    yr.check_keys(t, {"error_rate_increase_pct", "p99_latency_increase_ms", "quality_score_drop_pct"});
    for (const auto& kv : t) try {
        double v = kv.second.as<double>();
        if (v < 0) yr.error(kv.second, "a trigger threshold must not be negative");
        else r.rollback_triggers.emplace_back(kv.first.Scalar(), v);
      } catch (const YAML::Exception&) {
        yr.error(kv.second, "a trigger threshold must be a number");
      }
  }
}

bool glob_matches(const std::string& glob, const std::string& path) {
  return IgnoreList::from_globs({glob}).match(path, false) == IgnoreVerdict::kIgnored;
}

}  // namespace

void read_migration_settings(YamlReader& yr, const YAML::Node& root, const std::vector<std::string>& factor_ids,
                             MigrationSettings* out) {
  // Evidence names the file as the user knows it, never by an absolute path.
  const std::string& origin = yr.origin();
  out->config_path = origin.find('/') == std::string::npos ? origin : origin.substr(origin.rfind('/') + 1);
  if (YAML::Node n = root["migrations"]; n && !n.IsNull()) read_migrations(yr, n, out);
  if (YAML::Node n = root["risk"]; n && !n.IsNull()) read_risk(yr, n, factor_ids, out);
  if (YAML::Node n = root["owners"]; n && !n.IsNull()) read_owners(yr, n, out);
  if (YAML::Node n = root["metadata"]; n && !n.IsNull()) read_metadata(yr, n, out);
  if (YAML::Node n = root["prices"]; n && !n.IsNull()) read_prices(yr, n, out);
  if (YAML::Node n = root["runbook"]; n && !n.IsNull()) read_runbook(yr, n, out);
}

UsageMetadata metadata_for(const MigrationSettings& s, const std::string& rel_path) {
  UsageMetadata m;
  for (const MetadataRule& r : s.metadata) {
    if (!glob_matches(r.glob, rel_path)) continue;
    if (!r.metadata.sla.empty()) m.sla = r.metadata.sla;
    if (r.metadata.monthly_calls) m.monthly_calls = r.metadata.monthly_calls;
    if (r.metadata.latency_target_ms) m.latency_target_ms = r.metadata.latency_target_ms;
    if (!r.metadata.data_sensitivity.empty()) m.data_sensitivity = r.metadata.data_sensitivity;
  }
  return m;
}

const OwnerOverride* owner_override_for(const MigrationSettings& s, const std::string& rel_path) {
  const OwnerOverride* hit = nullptr;
  for (const OwnerOverride& o : s.owners)
    if (glob_matches(o.glob, rel_path)) hit = &o;
  return hit;
}

}  // namespace modelshift
