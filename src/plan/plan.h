// The migration plan: a view of the assessed usages that says, for every
// usage of a model being migrated, what to move it to, what must change
// (each parameter to rename, remove or re-check, with its place; schema fixes
// for strict mode; re-embedding and re-indexing), which tests to write, in
// which rollout phase, and what it costs before and after.
//
// Targets: --to, else the first `migrations:` rule of .modelshift.yaml that
// matches the model (and path), else the catalog's replacement, else
// `unknown` with the reason. Which usages are planned: those whose model is
// deprecated or retired on the as-of date, or that a migration rule or
// --from names. Usages whose model is not statically known are listed under
// `review` for a person.
//
// The plan is a JSON tree (YAML on output, docs/schema/plan.schema.json):
// sorted, no timestamps, identical at any -j.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "assess/settings.h"
#include "assess/usages.h"
#include "judge/catalog.h"
#include "pipeline/scan.h"
#include "plan/plan_rules.h"

namespace modelshift {

struct PlanInputs {
  const Inventory* inventory = nullptr;
  const Catalog* catalog = nullptr;
  const PlanRules* rules = nullptr;
  const MigrationSettings* settings = nullptr;
  std::string to;                 // --to
  std::vector<std::string> from;  // --from globs
};

// One change a usage needs before it can move.
struct RequiredChange {
  std::string action;     // set_model | rename_parameter | remove_parameter | fix_parameter | add_parameter |
                          // recheck_parameter | fix_schema | re_embed | re_index | update_table | update_text |
                          // new_migration (a model id in an applied DB migration) | recheck_condition
                          // (code compares against the id)
  std::string path;
  uint32_t line = 0, column = 0;
  std::string detail;     // one line for people
  std::string parameter, to, value;  // parameter changes
  std::string reason, source;        // from the catalog fact
};

// The migration target of a usage whose current model is `model`.
struct MigrationTarget {
  std::string model;   // "" when unknown
  std::string source;  // "--to" | "config" | "catalog" | "unknown"
  std::string reason;  // why unknown, or the config rule's place
};

class Planner {
 public:
  explicit Planner(const PlanInputs& in) : in_(in) {}

  // True when the usage's model is migrated by this plan.
  bool planned(const Usage& u) const;
  MigrationTarget target(const Usage& u) const;
  // Everything the usage must change for `target` (empty target: the model
  // references only).
  std::vector<RequiredChange> required_changes(const Usage& u, const MigrationTarget& target) const;
  // Parameter changes only (for the risk factor parameter_changes).
  size_t parameter_changes(const Usage& u) const;

  // The whole plan.
  nlohmann::ordered_json build(const std::vector<Usage>& usages) const;

 private:
  nlohmann::ordered_json usage_json(const Usage& u) const;
  nlohmann::ordered_json cost_json(const Usage& u, const std::string& current, const std::string& target) const;
  nlohmann::ordered_json targets_json(const std::vector<Usage>& planned) const;
  std::string phase(const Usage& u) const;
  const Finding& anchor(const Usage& u) const { return in_.inventory->findings[u.findings[0]]; }
  // The finding that names the usage's current model: the anchor when it
  // resolved one, else the first deprecated (or any) model reference in it.
  const Finding& model_finding(const Usage& u) const;
  // `t` checked against the catalog: a model of another kind is refused; a
  // catalog replacement that is itself deprecated is followed to a live one.
  MigrationTarget checked(MigrationTarget t, const Finding& current) const;

  PlanInputs in_;
};

// The usage facts the plan's tests select on: the risk factors that hold,
// plus chat, prompt, temperature_zero, temperature_set and any.
std::vector<std::string> usage_facts(const Usage& u, const std::vector<Finding>& findings);

// Counts and cost sums of a plan's usages (as usage_json writes them) by
// risk, phase, owner, model pair and surface.
nlohmann::ordered_json plan_totals(const nlohmann::ordered_json& usages);

// Owners as printed: "@a @b" (space-separated, as CODEOWNERS writes them), or "unowned".
std::string owner_text(const Usage& u);

}  // namespace modelshift
