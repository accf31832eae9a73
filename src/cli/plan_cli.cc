#include "cli/plan_cli.h"

#include <boost/filesystem.hpp>
#include <cstring>
#include <set>
#include <sstream>

#include "assess/assess_run.h"
#include "cli/config.h"
#include "gate/gate.h"
#include "plan/runbook.h"
#include "report/report.h"

namespace modelshift {

namespace {

namespace fs = boost::filesystem;
using ojson = nlohmann::ordered_json;

// Everything the migration commands share: the config, the rules, the scan
// and its assessment.
struct MigrationRun {
  Options o;
  std::unique_ptr<Engine> engine;
  Inventory inv;
  Assessment assessed;
};

bool fail(const std::vector<Diagnostic>& errors) {
  for (const Diagnostic& d : errors) print_diagnostic(d, "error");
  return false;
}

// A target model the catalog does not know still plans (a brand-new id),
// but its prices and parameter facts are unknown: say so once.
void warn_unknown_targets(const MigrationRun& run) {
  std::set<std::string> targets;
  if (!run.o.to.empty()) targets.insert(run.o.to);
  for (const MigrationRule& r : run.o.migration.migrations) targets.insert(r.to);
  for (const std::string& t : targets)
    if (!run.engine->catalog->resolve(t))
      print_diagnostic({"", 0, 0, "target model '" + t + "' is not in the catalog: its prices and parameter facts are unknown"},
                       "warning");
}

bool prepare(const Options& cli, MigrationRun* run) {
  run->o = cli;
  std::vector<Diagnostic> errors;
  if (!load_config(&run->o, &errors)) return fail(errors);
  run->engine = Engine::load(run->o.rules_dir, &errors);
  if (!errors.empty()) return fail(errors);
  if (!run->o.start.empty() && !valid_date(run->o.start))
    return fail({{"", 0, 0, "--start must be a real YYYY-MM-DD date (got '" + run->o.start + "')"}});
  ScanOptions so = scan_options(run->o, SuppressionSyntax::load(run->engine->rule_files, &errors).baseline_file);
  so.progress = false;
  run->inv = run_scan(*run->engine, so);
  if (!run->inv.errors.empty()) return fail(run->inv.errors);
  warn_unknown_targets(*run);
  if (!assess_for_report(*run->engine, run->o, so, &run->inv, &run->assessed)) return false;
  for (const Diagnostic& d : run->inv.warnings) print_diagnostic(d, "warning");
  return true;
}

std::string render(ojson tree, const std::string& format) {
  integral_numbers(&tree);
  std::ostringstream out;
  if (format == "json") out << tree.dump(2) << "\n";
  else emit_yaml(out, tree);
  return out.str();
}

int write_or_fail(const std::string& path, const std::string& content) {
  if (write_output(path, content)) return kExitOk;
  print_diagnostic({path, 0, 0, std::string("cannot write: ") + std::strerror(errno)}, "error");
  return kExitError;
}

bool plan_format_ok(const Options& o) {
  if (o.format == "text" || o.format == "yaml" || o.format == "json") return true;
  print_diagnostic({"", 0, 0, "--format must be yaml or json for " + o.command}, "error");
  return false;
}

}  // namespace

bool assess_for_report(const Engine& engine, const Options& o, const ScanOptions& so, Inventory* inv, Assessment* out) {
  std::vector<Diagnostic> errors;
  Assessment a;
  a.risk = RiskRules::load(engine.rule_files, &errors);
  a.rules = PlanRules::load(engine.rule_files, &errors);
  if (!errors.empty()) return fail(errors);
  a.planner = std::make_unique<Planner>(PlanInputs{inv, engine.catalog.get(), a.rules.get(), &o.migration, o.to, o.from});
  AssessOptions ao;
  ao.settings = &o.migration;
  ao.walk = so.walk;
  ao.paths = so.paths;
  ao.parameter_changes = [planner = a.planner.get()](const Usage& u) { return planner->parameter_changes(u); };
  if (!assess_inventory(engine, *a.risk, ao, inv, &errors)) return fail(errors);
  if (out) *out = std::move(a);
  return true;
}

int run_plan_command(const Options& cli) {
  if (!plan_format_ok(cli)) return kExitError;
  MigrationRun run;
  if (!prepare(cli, &run)) return kExitError;
  ojson plan = run.assessed.planner->build(run.inv.usages);
  return write_or_fail(run.o.output, render(plan, run.o.format));
}

int run_runbook_command(const Options& cli) {
  if (!plan_format_ok(cli)) return kExitError;
  MigrationRun run;
  if (!prepare(cli, &run)) return kExitError;
  ojson plan = run.assessed.planner->build(run.inv.usages);
  std::string start = !run.o.start.empty() ? run.o.start : !run.o.migration.runbook.start.empty() ? run.o.migration.runbook.start : run.inv.as_of;
  ojson runbook = build_runbook(plan, *run.assessed.rules, run.o.migration.runbook, start);
  if (!run.o.kit.empty()) {
    boost::system::error_code ec;
    fs::create_directories(run.o.kit, ec);
    if (ec) {
      print_diagnostic({run.o.kit, 0, 0, "cannot create the kit directory: " + ec.message()}, "error");
      return kExitError;
    }
    std::map<std::string, std::string> files =
        build_kit(plan, *run.assessed.rules, run.inv, run.inv.usages, *run.engine->prompts());
    files["runbook.yaml"] = render(runbook, "yaml");
    files["plan.yaml"] = render(plan, "yaml");
    for (const auto& [name, content] : files)
      if (int rc = write_or_fail((fs::path(run.o.kit) / name).string(), content)) return rc;
  }
  return write_or_fail(run.o.output, render(runbook, run.o.format));
}

}  // namespace modelshift
