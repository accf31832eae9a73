// The gate's commands. `check` reads only the files it is given (or that git
// names), never walks a tree, and judges each with scan_bytes().
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <future>
#include <iostream>
#include <set>
#include <tuple>
#include <sstream>

#include "cli/config.h"
#include "detect/code_context.h"
#include "gate/gate.h"
#include "gate/gate_judge.h"
#include "gate/gate_targets.h"
#include "judge/lifecycle.h"
#include "judge/policy.h"
#include "link/sdk_packages.h"
#include "pipeline/scan.h"
#include "report/report.h"
#include "report/sarif.h"

namespace modelshift {

namespace {

namespace fs = boost::filesystem;


int fail(const std::string& message) {
  print_diagnostic({"", 0, 0, message}, "error");
  return kExitError;
}



// Loads .modelshift.yaml from the repository root when no --config is given:
// the copy in `rev` ("" the work tree, ":" the index, "<commit>:") when that
// holds one, so a commit or push is judged by the policy it carries; else
// the work tree's (an untracked settings file still counts). yaml-cpp reads
// files, so a revision's copy goes through a temporary file, and its
// diagnostics name it `.modelshift.yaml (<rev>)`.
bool load_settings(Options* o, const Repo& repo, std::vector<Diagnostic>* errors, const std::string& rev = "") {
  if (!o->config.empty() || !repo.in_git) return load_config(o, errors);
  std::string text;
  if (!rev.empty() && run_git(repo.top, {"cat-file", "blob", rev + ".modelshift.yaml"}, "", &text) == 0) {
    const char* dir = std::getenv("TMPDIR");
    std::string tmp = std::string(dir && *dir ? dir : "/tmp") + "/modelshift-settings-XXXXXX";
    int fd = ::mkstemp(tmp.data());
    if (fd < 0) {
      errors->push_back({"", 0, 0, std::string("cannot create a temporary file: ") + std::strerror(errno)});
      return false;
    }
    bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    o->config = tmp;
    size_t before = errors->size();
    bool ok = written && load_config(o, errors);
    ::unlink(tmp.c_str());
    o->config.clear();
    o->migration.config_path = ".modelshift.yaml";
    for (size_t k = before; k < errors->size(); ++k)
      if ((*errors)[k].path == tmp) (*errors)[k].path = ".modelshift.yaml (" + (rev == ":" ? "staged" : rev) + ")";
    if (!written) errors->push_back({".modelshift.yaml", 0, 0, "cannot write a temporary copy"});
    return ok;
  }
  boost::system::error_code ec;
  fs::path p = fs::path(repo.top) / ".modelshift.yaml";
  if (fs::exists(p, ec)) o->config = p.string();
  return load_config(o, errors);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The baseline: --baseline FILE, else the default file at the repository
// root when present. False (with `*failure`) when a file cannot be read.
bool load_baseline(const Options& o, const Repo& repo, const SuppressionSyntax& syntax,
                   std::vector<BaselineEntry>* entries, std::string* failure) {
  std::string path = o.baseline;
  if (path.empty()) {
    fs::path def = fs::path(repo.in_git ? repo.top : ".") / syntax.baseline_file;
    boost::system::error_code ec;
    if (fs::exists(def, ec)) path = def.string();
  }
  if (path.empty()) return true;
  std::string text;
  if (!read_whole(path, &text)) {
    *failure = "cannot read baseline " + path;
    return false;
  }
  *entries = read_baseline(text);
  return true;
}

// Where the policy of a check comes from: the index for --staged, HEAD for
// --since, the pushed commit under a pre-commit range, else the work tree
// (pre-commit's commit hook has stashed what is not staged).
std::string settings_revision(const Options& o, const Repo& repo) {
  if (!repo.has_head) return o.staged ? ":" : "";
  if (o.staged) return ":";
  if (!o.since.empty()) return "HEAD:";
  if (o.all_lines || o.paths.empty()) return "";
  RefRange range = precommit_range();
  return range.to.empty() || range.to.front() == '-' ? "" : range.to + ":";
}

// Which files, which of their lines are new, and where their bytes come
// from: the mode of check (see its --help).
bool list_targets(const Options& o, const Repo& repo, std::vector<Target>* targets, std::vector<Diagnostic>* errors,
                  std::vector<Diagnostic>* warnings, std::string* failure) {
  if (o.staged || !o.since.empty()) return diff_targets(o, targets, failure);
  RefRange range = o.all_lines || !repo.has_head ? RefRange{} : precommit_range();
  if (!range.from.empty()) return range_targets(repo, range, o.paths, targets, failure);
  return file_targets(o, repo, targets, errors, warnings, failure);
}

// The verdict in --format; text is one `path:line:col: level: message
// [policy]` line a finding.
bool write_verdict(const Options& o, const Repo& repo, const Engine& engine, const SarifRules& sarif_rules,
                   const std::string& as_of, const GateVerdict& v, std::string* failure) {
  std::string s;
  if (o.format == "text") {
    for (const Finding& f : v.reported)
      s += f.path + ":" + std::to_string(f.loc.line) + ":" + std::to_string(f.loc.column) + ": " + f.severity + ": " +
           f.message + " [" + f.policy + "]\n";
    std::fwrite(s.data(), 1, s.size(), stdout);
    std::fflush(stdout);
    return true;
  }
  Inventory inv;
  inv.as_of = as_of;
  inv.root = repo.in_git ? repo.top : ".";
  for (const Finding& f : v.reported)
    if (f.kind != "suppression" || o.format != "json") inv.findings.push_back(f);
  inv.warnings = v.warnings;
  SarifOptions so;
  so.command = "check";
  so.read_source = disk_source_reader(inv.root);
  std::ostringstream os;
  if (o.format == "json") write_json(os, inv, *engine.catalog);
  else if (o.format == "jsonl") write_jsonl(os, inv);
  else if (o.format == "sarif") write_sarif(os, inv, *engine.catalog, sarif_rules, so);
  else write_github(os, inv, *engine.catalog, sarif_rules, so);
  s = os.str();
  if (o.output.empty()) std::fwrite(s.data(), 1, s.size(), stdout);
  else if (std::ofstream f(o.output, std::ios::binary); !(f << s)) {
    *failure = "cannot write " + o.output;
    return false;
  }
  return true;
}

// What to do about a block: the fix of each violation, then how to allow
// one on purpose. Never the baseline: run now, it would accept the very
// violations the gate just stopped.
void print_block_help(const GateVerdict& v, const Options& o, const SuppressionSyntax& syntax) {
  size_t violations = 0;
  for (const Finding& f : v.reported) violations += blocking(f) && f.kind != "suppression";
  std::string text = "modelshift: " + std::to_string(v.blocking) + " blocking finding" + (v.blocking == 1 ? "" : "s") +
                     " on added or changed lines.\n";
  for (const std::string& fix : fix_hints(v.reported, o.policies)) text += "  fix: " + fix + "\n";
  if (violations)
    text += "  allow one on purpose: a comment `" + syntax.directive +
            "[<model or rule>] <reason>` on its line, on any line of its call, or on the line above.\n";
  if (violations < v.blocking) text += "  remove the unused and stale suppressions named above (--strict).\n";
  std::fputs(text.c_str(), stderr);
}

}  // namespace

int run_check_command(const Options& cli) {
  Options o = cli;
  if (o.format == "yaml" || o.format == "cyclonedx") return fail("check supports --format text, json, sarif or github");
  if (o.staged && !o.since.empty()) return fail("--staged and --since exclude each other");
  if (o.all_lines && (o.staged || !o.since.empty() || o.paths.empty()))
    return fail("--all-lines judges the files given; it does not go with --staged or --since");
  if (!o.staged && o.since.empty() && o.paths.empty())
    return fail("check needs --staged, --since REV or file paths; see modelshift check --help");
  Repo repo = find_repo();
  if ((o.staged || !o.since.empty()) && !repo.in_git) return fail("--staged and --since need a git repository");
  std::vector<Diagnostic> errors, warnings;
  if (!load_settings(&o, repo, &errors, settings_revision(o, repo))) {
    for (const Diagnostic& d : errors) print_diagnostic(d, "error");
    return kExitError;
  }
  // The rules load on the second core while git works out what changed:
  // each takes about half of a check's time.
  std::vector<Diagnostic> engine_errors;
  std::future<std::unique_ptr<Engine>> loading =
      std::async(std::launch::async, [&] { return Engine::load(o.rules_dir, &engine_errors); });
  std::vector<Target> targets;
  std::string failure;
  if (!list_targets(o, repo, &targets, &errors, &warnings, &failure)) return fail(failure);
  if (!load_objects(&targets, &warnings)) return fail("git cat-file failed");
  // Join the loader (on the early returns above, the future's destructor
  // waits for it). Only the rules' own errors stop here: a path that could
  // not be read is reported with the verdicts on the others.
  std::unique_ptr<Engine> engine = loading.get();
  GateJudge judge;
  SarifRules sarif_rules;
  if (engine_errors.empty()) judge.syntax = SuppressionSyntax::load(engine->rule_files, &engine_errors);
  if (engine_errors.empty() && (o.format == "sarif" || o.format == "github"))
    sarif_rules = SarifRules::load(engine->rule_files, &engine_errors);
  if (!engine_errors.empty()) {
    for (const Diagnostic& d : engine_errors) print_diagnostic(d, "error");
    return kExitError;
  }
  std::vector<BaselineEntry> baseline;
  if (!load_baseline(o, repo, judge.syntax, &baseline, &failure)) return fail(failure);
  for (const BaselineEntry& e : baseline) judge.baselined.insert(e.fingerprint);
  judge.options = &o;
  judge.engine = engine.get();
  judge.as_of = o.as_of.empty() ? today_utc() : o.as_of;
  judge.root = repo.in_git ? repo.top : ".";
  GateVerdict v = judge_targets(judge, &targets);
  for (const Diagnostic& d : warnings) print_diagnostic(d, "warning");
  for (const Diagnostic& d : v.warnings) print_diagnostic(d, "warning");
  if (!write_verdict(o, repo, *engine, sarif_rules, judge.as_of, v, &failure)) return fail(failure);
  // Stale entries of the files judged here: the finding is gone (fixed), so
  // the baseline can shrink.
  for (const BaselineEntry& e : baseline)
    if (!o.quiet && v.checked_paths.count(e.path) && !v.seen_fingerprints.count(e.fingerprint))
      print_diagnostic({e.path, 0, 0, "stale baseline entry " + e.fingerprint + " (" + e.what +
                                          "): fixed? run `modelshift baseline` to drop it"},
                       "note");
  if (v.blocking) print_block_help(v, o, judge.syntax);
  errors.insert(errors.end(), v.errors.begin(), v.errors.end());
  if (!errors.empty()) {
    for (const Diagnostic& d : errors) print_diagnostic(d, "error");
    return kExitError;
  }
  return v.blocking ? kExitGateFailed : kExitOk;
}

namespace {

// `baseline` must not accept what the staged changes add: that is what the
// gate stops. Returns the verdict on the index (blocking 0 when nothing is
// staged or there is no commit yet).
bool judge_staged(const Options& cli, const Repo& repo, const Engine& engine, const SuppressionSyntax& syntax,
                  GateVerdict* v, std::string* failure) {
  if (!repo.has_head) return true;
  Options o = cli;
  o.paths.clear();
  o.staged = true;
  o.strict = false;
  std::vector<Target> targets;
  std::vector<Diagnostic> warnings;
  if (!diff_targets(o, &targets, failure)) return false;
  if (targets.empty()) return true;
  if (!load_objects(&targets, &warnings)) {
    *failure = "git cat-file failed";
    return false;
  }
  GateJudge judge;
  judge.options = &o;
  judge.engine = &engine;
  judge.syntax = syntax;
  std::vector<BaselineEntry> baseline;
  if (!load_baseline(o, repo, syntax, &baseline, failure)) return false;
  for (const BaselineEntry& e : baseline) judge.baselined.insert(e.fingerprint);
  judge.as_of = o.as_of.empty() ? today_utc() : o.as_of;
  judge.root = repo.top;
  *v = judge_targets(judge, &targets);
  return true;
}

}  // namespace

int run_baseline_command(const Options& cli) {
  Options o = cli;
  Repo repo = find_repo();
  std::vector<Diagnostic> errors;
  if (o.paths.empty()) o.paths.push_back(repo.in_git ? repo.top : ".");
  if (!load_settings(&o, repo, &errors)) {
    for (const Diagnostic& d : errors) print_diagnostic(d, "error");
    return kExitError;
  }
  std::unique_ptr<Engine> engine = Engine::load(o.rules_dir, &errors);
  SuppressionSyntax syntax;
  if (errors.empty()) syntax = SuppressionSyntax::load(engine->rule_files, &errors);
  if (!errors.empty()) {
    for (const Diagnostic& d : errors) print_diagnostic(d, "error");
    return kExitError;
  }
  if (!o.accept_new) {
    GateVerdict staged;
    std::string failure;
    if (!judge_staged(o, repo, *engine, syntax, &staged, &failure)) return fail(failure);
    if (staged.blocking) {
      for (const Finding& f : staged.reported)
        if (blocking(f))
          print_diagnostic({f.path, f.loc.line, f.loc.column, f.message + " [" + f.policy + "]"}, "error");
      std::fprintf(stderr,
                   "modelshift: error: baseline refused: the staged changes add %zu blocking finding%s (above), "
                   "which the gate exists to stop.\n  fix them or unstage them first; to accept them on purpose, "
                   "run `modelshift baseline --accept-new`.\n",
                   staged.blocking, staged.blocking == 1 ? "" : "s");
      return kExitGateFailed;
    }
  }
  ScanOptions so = scan_options(o, syntax.baseline_file);  // never baseline the baseline
  so.expand_catalogues = true;  // `check` judges every id, so the baseline keys every id
  Inventory inv = run_scan(*engine, so);
  for (const Diagnostic& d : inv.warnings) print_diagnostic(d, "warning");
  if (!inv.errors.empty()) {
    for (const Diagnostic& d : inv.errors) print_diagnostic(d, "error");
    return kExitError;
  }
  std::string path = o.output.empty() ? (fs::path(repo.in_git ? repo.top : ".") / syntax.baseline_file).string() : o.output;
  std::string text = write_baseline(inv.findings);
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!(f << text) || !f.flush()) return fail("cannot write " + path);
  if (!o.quiet) std::fprintf(stderr, "modelshift: wrote %zu findings to %s\n", inv.findings.size(), path.c_str());
  return kExitOk;
}

int run_install_hook_command(const Options& o) {
  std::string out, err;
  if (run_git(".", {"rev-parse", "--git-path", "hooks/pre-commit"}, "", &out, &err) != 0)
    return fail("install-hook needs a git repository: " + err);
  std::string hook = out.substr(0, out.find('\n'));
  const std::string marker = "# Installed by `modelshift install-hook`";
  std::string existing;
  if (read_whole(hook, &existing) && existing.find(marker) == std::string::npos && !o.force)
    return fail(hook + " exists and is not modelshift's; keep it (call `modelshift check --staged` from it) or "
                       "replace it with --force");
  char self[4096];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  std::string exe = n > 0 ? std::string(self, static_cast<size_t>(n)) : "modelshift";
  std::string script = "#!/bin/sh\n" + marker +
                       ": blocks commits that add references\n"
                       "# to deprecated, retired or denied LLM models. Delete this file to uninstall.\n"
                       "# MODELSHIFT overrides the binary; else the one that installed the hook, else PATH.\n"
                       "bin=${MODELSHIFT:-" + shell_quote(exe) + "}\n"
                       "[ -x \"$bin\" ] || bin=modelshift\n"
                       "exec \"$bin\" check --staged\n";
  boost::system::error_code ec;
  fs::create_directories(fs::path(hook).parent_path(), ec);
  std::ofstream f(hook, std::ios::binary | std::ios::trunc);
  if (!(f << script) || !f.flush()) return fail("cannot write " + hook);
  f.close();
  ::chmod(hook.c_str(), 0755);
  if (!o.quiet) std::fprintf(stderr, "modelshift: installed %s\n", hook.c_str());
  return kExitOk;
}

}  // namespace modelshift
