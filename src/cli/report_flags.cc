// The report flags of `scan` and `check` (src/report/filters.h) and the
// steps `scan` runs between the scan and the writers: policy verdicts, risk
// when a flag needs it, the filter, and the --fail-on exit status.
#include <memory>

#include "assess/assess_run.h"
#include "assess/owners.h"
#include "cli/cli.h"
#include "cli/plan_cli.h"

namespace modelshift {

const std::vector<std::string>& report_flag_names() {
  static const std::vector<std::string> names = {"--status",    "--model",   "--provider",  "--kind",
                                                 "--context",   "--min-risk", "--fail-on", "--sarif-all",
                                                 "--verbose"};
  return names;
}

bool parse_report_flag(const std::string& name, const std::function<std::string()>& take, Options* o,
                       std::string* error) {
  ReportFilter& f = o->filter;
  if (name == "--status") *error = add_filter_values(name, take(), &f.statuses);
  else if (name == "--model") *error = add_filter_values(name, take(), &f.models);
  else if (name == "--provider") *error = add_filter_values(name, take(), &f.providers);
  else if (name == "--kind") *error = add_filter_values(name, take(), &f.kinds);
  else if (name == "--context") *error = add_filter_values(name, take(), &f.contexts);
  else if (name == "--min-risk") {
    f.min_risk = take();
    if (risk_rank(f.min_risk) < 0) *error = "--min-risk must be low, medium or high (got '" + f.min_risk + "')";
  } else if (name == "--fail-on") *error = o->fail_on.parse(take());
  else if (name == "--sarif-all") o->sarif_all = true;
  else if (name == "-v" || name == "--verbose") o->verbose = true;
  else return false;
  return true;
}

bool prepare_scan_report(const Engine& engine, const Options& o, const ScanOptions& so, Inventory* inv) {
  apply_scan_policies(o.policies, &inv->findings);
  // The machine formats are risk-tagged (usages with risk, owner, surface);
  // the others only when a flag reads risk.
  bool risk = !o.filter.min_risk.empty() || !o.fail_on.min_risk.empty();
  if ((o.format == "json" || o.format == "yaml" || risk) && !assess_for_report(engine, o, so, inv)) return false;
  apply_filter(o.filter, inv);
  return true;
}

int scan_exit_status(const Options& o, const Inventory& inv) {
  if (o.fail_on.empty()) return kExitOk;
  size_t n = o.fail_on.failing(inv).size();
  if (!n) return kExitOk;
  print_diagnostic({"", 0, 0, std::to_string(n) + " finding" + (n == 1 ? "" : "s") + " match --fail-on"}, "error");
  return kExitGateFailed;
}

std::function<std::vector<std::string>(const std::string&)> codeowners_lookup(const Inventory& inv) {
  // As the assess stage reads it: the repository's CODEOWNERS, else one at
  // the scan root; report paths are relative to the scan root.
  std::string repo = repository_root(inv.root);
  auto owners = std::make_shared<CodeOwners>(CodeOwners::load(repo, nullptr));
  if (owners->empty() && repo != inv.root) {
    *owners = CodeOwners::load(inv.root, nullptr);
    repo = inv.root;
  }
  if (owners->empty()) return {};
  std::string prefix;
  if (repo != inv.root && inv.root.size() > repo.size() + 1) prefix = inv.root.substr(repo.size() + 1) + "/";
  return [owners, prefix](const std::string& path) { return owners->owners_of(prefix + path).owners; };
}

}  // namespace modelshift
