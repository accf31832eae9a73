// The gate: `modelshift check`, `baseline` and `install-hook`. Everything
// here is a thin layer over scan_bytes() (one file at a time, no walk), so
// the gate judges exactly what `scan` reports.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli.h"
#include "core/types.h"

namespace modelshift {

struct RuleFile;

// Added or changed lines of the new side of a `git diff -U0` (sorted,
// closed ranges), per new path. Deleted files and pure deletions add nothing.
// File headers are read only between hunks: a hunk's lines are counted from
// its `@@` header, so an added line `++ x` (shown `+++ x`) stays a line.
// New-side names are expected with the `b/` prefix git_diff_args() asks for.
using ChangedLines = std::map<std::string, std::vector<std::pair<uint32_t, uint32_t>>>;
ChangedLines parse_unified_diff(std::string_view diff);
bool line_changed(const std::vector<std::pair<uint32_t, uint32_t>>& ranges, uint32_t line);

// The options of every `git diff` the gate runs, before the revisions: the
// patch is plain text whatever the repository's attributes and the user's
// config say (`--text`, `--no-textconv`, `--no-ext-diff`: nothing of the
// repository is run; explicit `a/` `b/` prefixes; `--no-relative`; no
// colour), -U0, and a NUL-separated `--raw` listing before it (-z).
std::vector<std::string> git_diff_args();

// One file of the output of `git diff` run with git_diff_args(): its new
// path and blob (all zeros on the working tree side), the new side's
// changed lines, and `whole` when git listed a change of content but
// printed no patch for it (which --text should prevent): then every line
// counts as new, so the gate fails closed. Gitlinks (submodules), deleted
// files, pure renames and mode changes have no lines; `gitlink` marks the
// first. Sorted by path. Malformed input gives what could be read.
struct DiffFile {
  std::string path;
  std::string blob;
  bool gitlink = false;
  bool whole = false;
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
};
std::vector<DiffFile> parse_git_diff(std::string_view out);

// Runs git (argv, never a shell) in `dir`, feeding `input` on stdin.
// Returns the exit status (-1 when it could not start); stdout in `out`.
int run_git(const std::string& dir, const std::vector<std::string>& args, const std::string& input, std::string* out,
            std::string* err = nullptr);

// Inline suppressions (`# modelshift: ignore[gpt-4] reason`). Markers come
// from rules/report/gate.yaml.
struct SuppressionSyntax {
  std::string directive = "modelshift: ignore";
  std::vector<std::string> comment_markers;
  std::string baseline_file = ".modelshift-baseline";
  static SuppressionSyntax load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors);
};

struct Suppression {
  uint32_t line = 0, column = 0;  // where the directive starts (1-based bytes)
  uint32_t comment_column = 0;    // where its comment starts: from here on the line is the comment's own text
  std::vector<std::string> targets;  // empty: any finding
  std::string reason;
  bool trailing = false;  // after code on its line: covers what that line holds (and the call it is part of)
  bool used = false;
};
std::vector<Suppression> find_suppressions(const SuppressionSyntax& syntax, std::string_view text);

// The lines a suppression may sit on to cover each finding: the finding's
// own lines, widened to those of every call_site in `calls` that holds the
// finding's start (a model id on the third line of a call is covered from
// the call's first line). Parallel to `findings`; closed ranges.
std::vector<std::pair<uint32_t, uint32_t>> suppression_spans(const std::vector<Finding>& findings,
                                                             const std::vector<Finding>& calls);

// Marks each finding that a suppression covers (Finding::suppressed holds
// the reason, or "suppressed"), and the suppression `used`. A suppression
// covers a finding whose targets match it (model glob, policy id, rule or
// kind; none: any) when it sits on any line of the finding's span (see
// suppression_spans; `calls` defaults to the call sites among `findings`),
// or, alone on its line, on the line above the span. Linear in
// suppressions x findings.
void apply_suppressions(std::vector<Suppression>* sups, std::vector<Finding>* findings,
                        const std::vector<Finding>* calls = nullptr);

// Removes the findings inside a suppression comment's own text (the model
// a `modelshift: ignore[gpt-4]` names is not a use of it).
void drop_suppression_text(const std::vector<Suppression>& sups, std::vector<Finding>* findings);

// `scan`: marks the findings of one file that its inline suppressions cover
// (the findings stay in the report) and drops those inside the comments.
struct Engine;
void mark_suppressed(const Engine& engine, std::string_view text, std::vector<Finding>* findings);

// Baseline file: one `<fingerprint> <path> <model>` per line, sorted by
// path then fingerprint, `#` comments; no timestamps, so two branches'
// baselines merge line by line.
struct BaselineEntry {
  std::string fingerprint, path, what;
};
// The whole file at `path` (binary); false when it cannot be read.
bool read_whole(const std::string& path, std::string* out);

std::string write_baseline(const std::vector<Finding>& findings);
std::vector<BaselineEntry> read_baseline(std::string_view text);

int run_check_command(const Options& options);
int run_baseline_command(const Options& options);
int run_install_hook_command(const Options& options);

// `scan --baseline FILE`: drops baselined findings, reports stale entries
// as warnings. Returns false when the file cannot be read.
bool filter_by_baseline(const std::string& path, std::vector<Finding>* findings, std::vector<Diagnostic>* warnings,
                        std::vector<Diagnostic>* errors);

}  // namespace modelshift
