// `modelshift scan`: walk, read, detect, link and judge the tree, then write
// the inventory in the format asked for (text, json, jsonl, yaml, sarif,
// github, cyclonedx), with the report filters and --fail-on applied.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/config.h"
#include "cli/plan_cli.h"
#include "core/embedded_rules.h"
#include "gate/gate.h"
#include "pipeline/scan.h"
#include "report/report.h"
#include "report/report_cyclonedx.h"

namespace modelshift {

namespace {

// SARIF, with a warning when GitHub code scanning would reject the run for
// its size (the file is still written: other consumers have no such limit).
void write_sarif_checked(std::ostream& out, const Inventory& inv, const Catalog& catalog, const SarifRules& rules,
                         const SarifOptions& options) {
  size_t results = write_sarif(out, inv, catalog, rules, options);
  if (rules.max_results && results > rules.max_results)
    print_diagnostic({"", 0, 0,
                      std::to_string(results) + " SARIF results: GitHub code scanning rejects runs with more than " +
                          std::to_string(rules.max_results) +
                          "; narrow it with --include/--exclude or the report filters (--context code,config)"},
                     "warning");
}

}  // namespace

int run_scan_command(const Options& cli) {
  Options o = cli;
  std::vector<Diagnostic> errors;
  if (!load_config(&o, &errors)) {
    for (const Diagnostic& d : errors) print_diagnostic(d, "error");
    return kExitError;
  }
  std::unique_ptr<Engine> engine = Engine::load(o.rules_dir, &errors);
  // The CI formats' rule metadata is checked before scanning, like all rules.
  SarifRules sarif_rules;
  if (errors.empty()) sarif_rules = SarifRules::load(engine->rule_files, &errors);
  if (!errors.empty()) {
    for (const Diagnostic& d : errors) print_diagnostic(d, "error");
    return kExitError;
  }
  ScanOptions so = scan_options(o, SuppressionSyntax::load(engine->rule_files, &errors).baseline_file);
  so.progress = isatty(STDERR_FILENO) && !o.quiet;
  so.expand_catalogues = o.expand_catalogues || !o.baseline.empty();  // baselines key every id
  Inventory inv = run_scan(*engine, so);
  if (!o.baseline.empty() && !filter_by_baseline(o.baseline, &inv.findings, &inv.warnings, &inv.errors)) {
    for (const Diagnostic& d : inv.errors) print_diagnostic(d, "error");
    return kExitError;
  }

  if (!prepare_scan_report(*engine, o, so, &inv)) return kExitError;
  for (const Diagnostic& d : inv.warnings) print_diagnostic(d, "warning");
  SarifOptions sarif_options;
  sarif_options.command = o.command;
  sarif_options.read_source = disk_source_reader(inv.root);
  sarif_options.judged_only = !o.sarif_all;
  std::ostringstream out;
  if (o.format == "json") write_json(out, inv, *engine->catalog);
  else if (o.format == "jsonl") write_jsonl(out, inv);
  else if (o.format == "sarif") write_sarif_checked(out, inv, *engine->catalog, sarif_rules, sarif_options);
  else if (o.format == "github") {
    SarifOptions gh = sarif_options;  // ::error only for what fails the run (--fail-on)
    std::set<const Finding*> failing;
    for (size_t i : o.fail_on.failing(inv)) failing.insert(&inv.findings[i]);
    gh.fails = [&failing](const Finding& f) { return failing.count(&f) > 0; };
    write_github(out, inv, *engine->catalog, sarif_rules, gh);
  }
  else if (o.format == "yaml") write_yaml(out, inv, *engine->catalog);
  else if (o.format == "cyclonedx") write_cyclonedx(out, inv, *engine->catalog);
  else {
    ReportOptions ro;
    const char* no_color = std::getenv("NO_COLOR");
    bool tty = o.output.empty() && isatty(STDOUT_FILENO);
    ro.color = o.color == "always" || (o.color == "auto" && tty && !(no_color && *no_color));
    ro.quiet = o.quiet;
    ro.verbose = o.verbose;
    ro.list_docs = o.filter.names_docs();
    ro.read_source = sarif_options.read_source;
    LineMasker masker(*engine);
    ro.masker = &masker;
    ro.owners_of = codeowners_lookup(inv);
    write_text(out, inv, *engine->catalog, ro);
  }
  if (!write_output(o.output, out.str())) {
    print_diagnostic({o.output, 0, 0, std::string("cannot write: ") + std::strerror(errno)}, "error");
    return kExitError;
  }
  if (!o.sarif_output.empty()) {
    std::ostringstream sarif;
    write_sarif_checked(sarif, inv, *engine->catalog, sarif_rules, sarif_options);
    if (!write_output(o.sarif_output, sarif.str())) {
      print_diagnostic({o.sarif_output, 0, 0, std::string("cannot write: ") + std::strerror(errno)}, "error");
      return kExitError;
    }
  }
  if (o.stats) {
    const ScanStats& s = inv.stats;
    std::fprintf(stderr,
                 "modelshift: stats: %llu files walked in %.3fs; %llu bytes read; %llu files with keywords; "
                 "%llu parsed; %llu candidates -> %llu findings (dropped: %llu code, %llu strict, %llu tokenizer); "
                 "scan %.3fs\n",
                 (unsigned long long)s.files_walked, s.walk_seconds, (unsigned long long)s.bytes_read,
                 (unsigned long long)s.files_with_keywords, (unsigned long long)s.files_parsed,
                 (unsigned long long)s.candidates, (unsigned long long)s.findings,
                 (unsigned long long)s.dropped_code, (unsigned long long)s.dropped_strict,
                 (unsigned long long)s.dropped_tokenizer, s.scan_seconds);
  }
  if (!inv.errors.empty()) {
    for (const Diagnostic& d : inv.errors) print_diagnostic(d, "error");
    return kExitError;
  }
  return scan_exit_status(o, inv);
}

}  // namespace modelshift
