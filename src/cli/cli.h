// Command line: one table of subcommands drives dispatch and help; flags and
// .modelshift.yaml fill the same Options struct, so they cannot drift.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "assess/settings.h"
#include "judge/policy.h"
#include "pipeline/scan.h"
#include "report/filters.h"

namespace modelshift {

// Exit codes (docs/design.md): 0 success, 1 a gate failed, 2 usage/config/I/O error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitGateFailed = 1;
inline constexpr int kExitError = 2;

struct Options {
  std::string command;
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;       // -o FILE; "" = stdout
  std::string sarif_output; // --sarif-output FILE: SARIF too, beside the main format
  unsigned jobs = 0;
  std::vector<std::string> include, exclude;
  std::string config;       // --config FILE; "" = .modelshift.yaml at the root when present
  uint64_t max_filesize = 8ull << 20;
  bool max_filesize_set = false;
  std::string color = "auto";
  bool quiet = false;
  bool stats = false;
  bool expand_catalogues = false;
  bool no_ignore = false;
  std::string rules_dir;    // --rules DIR; "" = rules compiled in
  std::string as_of;        // --as-of yyyy-mm-dd; "" = today (UTC)
  // The gate (check, baseline, install-hook).
  bool staged = false;      // check --staged: judge the git index
  std::string since;        // check --since REV: judge what changed since merge-base(REV, HEAD)
  std::string baseline;     // --baseline FILE (check, scan)
  bool all_lines = false;   // check --all-lines: every line of the files given is new (a full audit)
  bool strict = false;      // check --strict: unused and stale suppressions are errors
  bool accept_new = false;  // baseline --accept-new: also accept violations the staged changes add
  bool force = false;       // install-hook --force
  PolicyConfig policies;    // .modelshift.yaml `policies:`
  // plan, runbook, init (src/plan/plan_cli.cc)
  std::string to;           // plan --to MODEL: the target of every usage planned
  std::vector<std::string> from;  // plan --from GLOB: also plan usages of these models
  std::string start;        // runbook --start YYYY-MM-DD
  std::string kit;          // runbook --kit DIR
  MigrationSettings migration;  // .modelshift.yaml migrations, risk, owners, metadata, prices, runbook
  // Reports (src/cli/report_flags.cc): what every format shows, and when scan fails.
  ReportFilter filter;      // --status, --model, --provider, --kind, --context, --min-risk
  FailOn fail_on;           // scan --fail-on
  bool sarif_all = false;   // --sarif-all: the whole inventory in SARIF/GitHub, not only judged findings
  bool verbose = false;     // -v, --verbose: text lists skipped files and docs findings
};

// Report flags (report_flags.cc). Consumes `name` when it is one (taking its
// value through `take`) and returns true; throws nothing, returns a usage
// message in *error for a bad value.
bool parse_report_flag(const std::string& name, const std::function<std::string()>& take, Options* o,
                       std::string* error);
// Their names, for "did you mean".
const std::vector<std::string>& report_flag_names();

// `scan` after run_scan: policies' deny/warn verdicts, risk when a flag needs
// it, the filter; false after printing an error.
bool prepare_scan_report(const Engine& engine, const Options& o, const ScanOptions& so, Inventory* inv);
// `scan --fail-on`: prints the failing count and returns kExitGateFailed,
// or kExitOk.
int scan_exit_status(const Options& o, const Inventory& inv);
// Owners of report paths from the CODEOWNERS of the scan's repository (the
// assess stage's rule); empty when there is none.
std::function<std::vector<std::string>(const std::string&)> codeowners_lookup(const Inventory& inv);

// Runs the tool; returns the process exit code.
int run_cli(int argc, char** argv);

// `modelshift scan` (scan_cli.cc). Returns the exit code.
int run_scan_command(const Options& options);

// Shared by the commands (cli.cc, gate_cli.cc).
// "modelshift: LEVEL: path:line:col: message" on stderr.
void print_diagnostic(const Diagnostic& d, const char* level);
std::string today_utc();  // yyyy-mm-dd
// Writes `content` to `path` ("" = stdout) through a temporary file and a
// rename; special files (/dev/null, FIFOs) are written in place.
bool write_output(const std::string& path, const std::string& content);
// The walk and scan settings of the command line and config; the baseline
// file is never scanned.
ScanOptions scan_options(const Options& o, const std::string& baseline_file);

}  // namespace modelshift
