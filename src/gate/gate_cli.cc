// The gate's commands. `check` reads only the files it is given (or that git
// names), never walks a tree, and judges each with scan_bytes().
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstdio>
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



// Loads .modelshift.yaml from the repository root when no --config is given.
bool load_settings(Options* o, const Repo& repo, std::vector<Diagnostic>* errors) {
  if (o->config.empty() && repo.in_git) {
    boost::system::error_code ec;
    fs::path p = fs::path(repo.top) / ".modelshift.yaml";
    if (fs::exists(p, ec)) o->config = p.string();
  }
  return load_config(o, errors);
}

bool by_position(const Finding& a, const Finding& b) {
  return std::tie(a.loc.line, a.loc.column, a.kind, a.loc.end_line, a.loc.end_column) <
         std::tie(b.loc.line, b.loc.column, b.kind, b.loc.end_line, b.loc.end_column);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

int run_check_command(const Options& cli) {
  Options o = cli;
  if (o.format == "yaml") return fail("check supports --format text, json, sarif or github");
  if (o.staged && !o.since.empty()) return fail("--staged and --since exclude each other");
  if (!o.staged && o.since.empty() && o.paths.empty())
    return fail("check needs --staged, --since REV or file paths; see modelshift check --help");
  Repo repo = find_repo();
  if ((o.staged || !o.since.empty()) && !repo.in_git) return fail("--staged and --since need a git repository");
  std::vector<Diagnostic> errors, warnings;
  if (!load_settings(&o, repo, &errors)) {
    for (const Diagnostic& d : errors) print_diagnostic(d, "error");
    return kExitError;
  }
  // The rules load on the second core while git works out what changed:
  // each takes about half of a check's time.
  std::vector<Diagnostic> engine_errors;
  std::future<std::unique_ptr<Engine>> loading =
      std::async(std::launch::async, [&] { return Engine::load(o.rules_dir, &engine_errors); });
  std::string as_of = o.as_of.empty() ? today_utc() : o.as_of;

  // Which files, which of their lines are new, and where their bytes come from.
  std::vector<Target> targets;
  std::string failure;
  bool listed = o.staged || !o.since.empty() ? diff_targets(o, &targets, &failure)
                                             : file_targets(o, repo, &targets, &errors, &warnings, &failure);
  if (!listed) return fail(failure);
  if (!load_objects(&targets, &warnings)) return fail("git cat-file failed");
  // Join the loader (on the early returns above, the future's destructor
  // waits for it). Only the rules' own errors stop here: a path that could
  // not be read is reported with the verdicts on the others.
  std::unique_ptr<Engine> engine = loading.get();
  SuppressionSyntax syntax;
  SarifRules sarif_rules;
  if (engine_errors.empty()) syntax = SuppressionSyntax::load(engine->rule_files, &engine_errors);
  if (engine_errors.empty() && (o.format == "sarif" || o.format == "github"))
    sarif_rules = SarifRules::load(engine->rule_files, &engine_errors);
  if (!engine_errors.empty()) {
    for (const Diagnostic& d : engine_errors) print_diagnostic(d, "error");
    return kExitError;
  }

  // Baseline: --baseline FILE, else the default file at the repository root.
  std::set<std::string> baselined;
  std::vector<BaselineEntry> baseline;
  {
    std::string path = o.baseline;
    if (path.empty()) {
      fs::path def = fs::path(repo.in_git ? repo.top : ".") / syntax.baseline_file;
      boost::system::error_code ec;
      if (fs::exists(def, ec)) path = def.string();
    }
    if (!path.empty()) {
      std::string text;
      if (!read_whole(path, &text)) return fail("cannot read baseline " + path);
      baseline = read_baseline(text);
      for (const BaselineEntry& e : baseline) baselined.insert(e.fingerprint);
    }
  }

  // Call sites are worked out only in files naming a model the policy flags
  // (ScanFocus says why); the verdict itself is apply_policy's, below.
  ScanFocus focus;
  focus.flags = [&](const Resolution& r, std::string_view token) {
    Finding f;
    f.kind = "model_reference";
    f.written = std::string(token);
    f.model = r.written_model;
    f.canonical = r.canonical();
    f.listing = r.listing();
    const Lifecycle& life = r.lifecycle();
    f.status = lifecycle_status(f.listing, life.deprecated_on, life.shutdown_on, as_of);
    return apply_policy(o.policies, &f);
  };
  CodeParser parser;
  // Findings in an SDK's own package are its definition, never a violation.
  std::unique_ptr<SdkPackageRules> sdk_rules = SdkPackageRules::load(engine->rule_files, &errors);
  SdkPackageIndex sdk_index = SdkPackageIndex::on_disk(*sdk_rules, repo.in_git ? repo.top : ".");
  std::vector<Finding> reported;
  std::set<std::string> seen_fingerprints, checked_paths;
  size_t blocking_count = 0;
  for (Target& t : targets) {
    if (t.object.empty() && !read_whole(t.disk, &t.bytes)) {
      errors.push_back({t.disk, 0, 0, std::string("cannot read: ") + std::strerror(errno)});
      continue;
    }
    if (t.object.empty()) t.loaded = true;
    if (!t.loaded) continue;
    if (t.bytes.size() > o.max_filesize) {
      warnings.push_back({t.rel, 0, 0, "too large; skipped"});
      continue;
    }
    if (fs::path(t.rel).filename() == syntax.baseline_file) continue;  // ids listed, not used
    checked_paths.insert(t.rel);
    FileResult r = scan_bytes(*engine, t.rel, t.bytes, parser, &focus);
    judge_lifecycle(as_of, &r.findings);  // before the policies read status
    mark_sdk_definitions(sdk_index, &r.findings);
    for (Diagnostic& d : sdk_index.take_warnings()) warnings.push_back(std::move(d));
    for (Diagnostic& d : r.warnings) warnings.push_back(std::move(d));
    for (const Skipped& s : r.skipped) warnings.push_back({s.path, 0, 0, "skipped: " + s.reason});
    std::sort(r.findings.begin(), r.findings.end(), by_position);
    assign_fingerprints(&r.findings);
    std::vector<Finding> judged;
    for (Finding& f : r.findings) {
      seen_fingerprints.insert(f.fingerprint);
      if (apply_policy(o.policies, &f)) judged.push_back(std::move(f));
    }
    std::vector<Suppression> sups = find_suppressions(syntax, t.bytes);
    apply_suppressions(&sups, &judged);
    auto is_new = [&](uint32_t line) { return t.all_lines || line_changed(t.ranges, line); };
    // The id literal inside a call that names it is one violation, not two:
    // the call site (with its API and parameters) speaks for it.
    auto inside_call = [&](const Finding& ref) {
      if (ref.kind != "model_reference") return false;
      for (const Finding& c : judged)
        if (c.kind == "call_site" && c.canonical == ref.canonical && c.suppressed.empty() &&
            std::tie(c.loc.line, c.loc.column) <= std::tie(ref.loc.line, ref.loc.column) &&
            std::tie(ref.loc.end_line, ref.loc.end_column) <= std::tie(c.loc.end_line, c.loc.end_column))
          return true;
      return false;
    };
    std::vector<bool> covered(judged.size());  // decided before the loop below moves findings out
    for (size_t k = 0; k < judged.size(); ++k) covered[k] = inside_call(judged[k]);
    for (size_t k = 0; k < judged.size(); ++k) {
      Finding& f = judged[k];
      if (!f.suppressed.empty() || baselined.count(f.fingerprint) || !is_new(f.loc.line) || covered[k] ||
          f.context == "sdk_definition" || !o.filter.keep(f))  // --status, --model, ...: report filters
        continue;
      blocking_count += blocking(f);
      reported.push_back(std::move(f));
    }
    for (const Suppression& s : sups) {
      if (s.used || !is_new(s.line)) continue;
      Finding u;
      u.kind = "suppression";
      u.path = t.rel;
      u.loc = {s.line, s.column, s.line, s.column + static_cast<uint32_t>(syntax.directive.size())};
      u.policy = "unused-suppression";
      u.severity = "warning";
      u.message = "unused suppression: no finding that it matches on this line or the next";
      reported.push_back(std::move(u));
    }
  }
  std::stable_sort(reported.begin(), reported.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.path, a.loc.line, a.loc.column) < std::tie(b.path, b.loc.line, b.loc.column);
  });

  for (const Diagnostic& d : warnings) print_diagnostic(d, "warning");
  if (o.format == "text") {
    std::string text;
    for (const Finding& f : reported)
      text += f.path + ":" + std::to_string(f.loc.line) + ":" + std::to_string(f.loc.column) + ": " + f.severity +
              ": " + f.message + " [" + f.policy + "]\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  } else {
    Inventory inv;
    inv.as_of = as_of;
    inv.root = repo.in_git ? repo.top : ".";
    for (const Finding& f : reported)
      if (f.kind != "suppression" || o.format != "json") inv.findings.push_back(f);
    inv.warnings = warnings;
    SarifOptions so;
    so.command = "check";
    so.read_source = disk_source_reader(inv.root);
    std::ostringstream os;
    if (o.format == "json") write_json(os, inv, *engine->catalog);
    else if (o.format == "jsonl") write_jsonl(os, inv);
    else if (o.format == "sarif") write_sarif(os, inv, *engine->catalog, sarif_rules, so);
    else if (o.format == "github") write_github(os, inv, *engine->catalog, sarif_rules, so);
    else return fail("check supports --format text, json, sarif or github");
    std::string s = os.str();
    if (o.output.empty()) std::fwrite(s.data(), 1, s.size(), stdout);
    else if (std::ofstream f(o.output, std::ios::binary); !(f << s)) return fail("cannot write " + o.output);
  }
  // Stale entries of the files judged here: the finding is gone (fixed), so
  // the baseline can shrink.
  size_t stale = 0;
  for (const BaselineEntry& e : baseline)
    if (checked_paths.count(e.path) && !seen_fingerprints.count(e.fingerprint)) {
      if (!o.quiet) print_diagnostic({e.path, 0, 0, "stale baseline entry " + e.fingerprint + " (" + e.what + "): fixed? run `modelshift baseline` to drop it"}, "note");
      ++stale;
    }
  if (blocking_count) {
    std::fprintf(stderr,
                 "modelshift: %zu blocking finding%s on added or changed lines.\n"
                 "  fix: use the replacement named above;\n"
                 "  allow one on purpose: a comment `%s[<model or rule>] <reason>` on that line or the line above;\n"
                 "  accept all existing ones: `modelshift baseline` and commit %s.\n",
                 blocking_count, blocking_count == 1 ? "" : "s", syntax.directive.c_str(), syntax.baseline_file.c_str());
  }
  if (!errors.empty()) {
    for (const Diagnostic& d : errors) print_diagnostic(d, "error");
    return kExitError;
  }
  return blocking_count ? kExitGateFailed : kExitOk;
}

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
