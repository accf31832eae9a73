// `modelshift init`: a commented starter .modelshift.yaml written from what
// a scan finds (the deprecated models in use and their replacements, the
// directories that serve users, the owners file), so a team starts from
// its own repository rather than from a blank page. Every line it writes
// parses back through load_config (tests/e2e/plan.sh checks that).
#include <boost/filesystem.hpp>
#include <map>
#include <set>
#include <sstream>

#include "assess/assess_run.h"
#include "cli/config.h"
#include "cli/plan_cli.h"
#include "gate/gate.h"

namespace modelshift {

namespace {

namespace fs = boost::filesystem;

std::string top_dir(const std::string& path) {
  size_t slash = path.find('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string starter(const Inventory& inv, const Planner& planner, const Catalog& catalog, bool has_codeowners) {
  std::map<std::string, std::string> pairs;  // deprecated model -> live replacement ("" none)
  std::set<std::string> facing, internal, unpriced;
  for (const Usage& u : inv.usages) {
    const Finding& a = inv.findings[u.findings[0]];
    if ((a.status == "deprecated" || a.status == "retired") && !a.canonical.empty() && u.kind != "catalogue") {
      std::string to = planner.target(u).model;
      pairs.emplace(a.canonical, to);
      std::optional<Resolution> r = to.empty() ? std::nullopt : catalog.resolve(to);
      if (r && !catalog.facts(*r).input_cost_per_mtok) unpriced.insert(to);
    }
    std::string dir = top_dir(a.path);
    if (dir.empty()) continue;
    if (u.surface == "customer_facing") facing.insert(dir + "/**");
    else if (u.surface == "internal") internal.insert(dir + "/**");
  }
  for (const std::string& f : facing) internal.erase(f);
  std::ostringstream y;
  y << "# modelshift settings, written by `modelshift init` from a scan as of " << inv.as_of << ".\n"
    << "# Schema: docs/schema/config.schema.json. Review every line; delete what you do not need.\n\n";
  y << "# What each model moves to. Without a rule the catalog's replacement is used;\n"
    << "# `paths:` limits a rule to part of the repository.\n";
  if (pairs.empty()) y << "migrations: []\n";
  else {
    y << "migrations:\n";
    for (const auto& [from, to] : pairs) {
      if (to.empty()) y << "  # " << from << ": the catalog names no replacement; set `to:` and uncomment\n  # - {from: " << quoted(from) << ", to: \"\"}\n";
      else y << "  - {from: " << quoted(from) << ", to: " << quoted(to) << "}\n";
    }
  }
  y << "\n# Risk: weights of rules/risk.yaml to override, and where code serves users.\n"
    << "# Detected from route handlers, controllers and consumers; correct as needed.\nrisk:\n  weights: {}\n";
  auto list = [&](const char* key, const std::set<std::string>& globs) {
    y << "  " << key << ":" << (globs.empty() ? " []\n" : "\n");
    for (const std::string& g : globs) y << "    - " << quoted(g) << "\n";
  };
  list("customer_facing", facing);
  list("internal", internal);
  y << "\n# Owners: " << (has_codeowners ? "CODEOWNERS is read; entries here win over it.\n" : "no CODEOWNERS found; name them here.\n")
    << "owners: []\n#  - {path: \"services/chat/**\", owners: [\"@your-org/chat\"]}\n";
  y << "\n# What each part of the repository declares, for risk and cost.\nmetadata: []\n";
  for (const std::string& g : facing)
    y << "#  - {path: " << quoted(g) << ", sla: \"99.9%\", monthly_calls: 1000000, latency_target_ms: 1500, data_sensitivity: confidential}\n";
  y << "\n# Prices the catalog lacks for the targets (USD per million tokens).\nprices: []\n";
  for (const std::string& to : unpriced) y << "#  - {model: " << quoted(to) << ", input_per_mtok: 0, output_per_mtok: 0}\n";
  y << "\n# The runbook's name, start day and overrides.\nrunbook:\n  name: \"\"\n"
    << "#  start: " << inv.as_of << "\n#  canary_steps: [5, 25, 50, 100]\n"
    << "#  rollback_triggers: {error_rate_increase_pct: 2, p99_latency_increase_ms: 500, quality_score_drop_pct: 5}\n";
  return y.str();
}

}  // namespace

int run_init_command(const Options& cli) {
  Options o = cli;
  std::vector<Diagnostic> errors;
  std::unique_ptr<Engine> engine = Engine::load(o.rules_dir, &errors);
  if (!errors.empty()) {
    for (const Diagnostic& d : errors) print_diagnostic(d, "error");
    return kExitError;
  }
  ScanOptions so = scan_options(o, SuppressionSyntax::load(engine->rule_files, &errors).baseline_file);
  Inventory inv = run_scan(*engine, so);
  if (!inv.errors.empty()) {
    for (const Diagnostic& d : inv.errors) print_diagnostic(d, "error");
    return kExitError;
  }
  Assessment assessed;
  if (!assess_for_report(*engine, o, so, &inv, &assessed)) return kExitError;
  std::string target = o.output.empty() ? (fs::path(inv.root) / ".modelshift.yaml").string() : o.output;
  boost::system::error_code ec;
  if (target != "-" && fs::exists(target, ec) && !o.force) {
    print_diagnostic({target, 0, 0, "exists; use --force to replace it, or -o FILE (- for stdout)"}, "error");
    return kExitError;
  }
  std::string repo = repository_root(inv.root);
  bool has_codeowners = false;
  for (const char* p : {".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"})
    has_codeowners |= fs::exists(fs::path(repo) / p, ec);
  std::string text = starter(inv, *assessed.planner, *engine->catalog, has_codeowners);
  if (!write_output(target == "-" ? "" : target, text)) {
    print_diagnostic({target, 0, 0, "cannot write"}, "error");
    return kExitError;
  }
  if (target != "-") std::fprintf(stderr, "modelshift: wrote %s\n", target.c_str());
  return kExitOk;
}

}  // namespace modelshift
