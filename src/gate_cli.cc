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
#include <map>
#include <set>
#include <tuple>
#include <sstream>

#include "code_context.h"
#include "config.h"
#include "gate.h"
#include "policy.h"
#include "report.h"
#include "sarif.h"
#include "scan.h"
#include "sdk_packages.h"

namespace modelshift {

namespace {

namespace fs = boost::filesystem;


int fail(const std::string& message) {
  print_diagnostic({"", 0, 0, message}, "error");
  return kExitError;
}



std::string normal_rel(const std::string& p) {
  std::string s = fs::path(p).lexically_normal().generic_string();
  while (s.rfind("./", 0) == 0) s.erase(0, 2);
  return s;
}

struct Repo {
  bool in_git = false, has_head = false;
  std::string top, prefix;  // prefix: the current directory below top, with a trailing '/'
};

Repo find_repo() {
  Repo r;
  std::string out;
  // One git process: it prints the top and prefix, then HEAD's id; exit 1
  // (top and prefix printed) is a repository without commits yet.
  int rc = run_git(".", {"rev-parse", "--show-toplevel", "--show-prefix", "--verify", "-q", "HEAD"}, "", &out);
  if ((rc != 0 && rc != 1) || out.empty()) return r;
  r.in_git = true;
  std::istringstream ss(out);
  std::getline(ss, r.top);
  std::getline(ss, r.prefix);
  r.has_head = rc == 0;
  return r;
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

struct Target {
  std::string rel;     // repository-relative (what is shown and fingerprinted)
  std::string disk;    // read from disk when set
  std::string object;  // else this git object (":path" = the index)
  bool all_lines = false;
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  std::string bytes;
  bool loaded = false;
};

// Reads every object-backed target with one `git cat-file --batch`. Targets
// name their blob by object id, never by path: a path with a newline would
// split the request (and git echoes a missing name back, unquoted).
bool load_objects(std::vector<Target>* targets, std::vector<Diagnostic>* warnings) {
  std::string input, out, err;
  std::vector<Target*> wanted;
  for (Target& t : *targets)
    if (!t.object.empty()) {
      input += t.object + '\n';
      wanted.push_back(&t);
    }
  if (wanted.empty()) return true;
  if (run_git(".", {"cat-file", "--batch"}, input, &out, &err) != 0) return false;
  size_t pos = 0;
  for (Target* t : wanted) {
    size_t eol = out.find('\n', pos);
    if (eol == std::string::npos) return false;
    // "<oid> <type> <size>" then the contents, or "<oid> missing".
    std::istringstream header(out.substr(pos, eol - pos));
    pos = eol + 1;
    std::string oid, type;
    size_t size = 0;
    header >> oid >> type;
    if (!(header >> size)) {
      warnings->push_back({t->rel, 0, 0, "not in git (" + type + "); skipped"});
      continue;
    }
    if (pos + size > out.size()) return false;
    if (type == "blob") {
      t->bytes = out.substr(pos, size);
      t->loaded = true;
    } else {
      warnings->push_back({t->rel, 0, 0, "not a file in git (" + type + "); skipped"});
    }
    pos += size + 1;
  }
  return true;
}

// The commit `rev` names, as a full id in `*oid`. `rev` is verified as a
// revision, never passed where git could read it as an option: `--since
// --independent` once made merge-base print HEAD, and check judged nothing.
bool resolve_commit(const std::string& rev, std::string* oid, std::string* why) {
  if (rev.empty() || rev.front() == '-') {
    *why = "not a revision (git would read it as an option)";
    return false;
  }
  std::string out, err;
  if (run_git(".", {"rev-parse", "--verify", "-q", "--end-of-options", rev + "^{commit}"}, "", &out, &err) != 0) {
    *why = "not a commit in this repository";
    return false;
  }
  *oid = out.substr(0, out.find('\n'));
  return true;
}

// The repository-relative form of a path given on the command line, or ""
// when it lies outside the work tree. Absolute paths (lint-staged passes
// them) are compared once their directory's symlinks are resolved, as git's
// top level is.
std::string repo_relative(const Repo& repo, const std::string& p) {
  fs::path given(p);
  std::string rel;
  if (!given.is_absolute()) {
    rel = normal_rel(repo.prefix + p);
  } else {
    boost::system::error_code ec;
    fs::path dir = fs::weakly_canonical(given.parent_path(), ec);
    if (ec) return "";
    fs::path top = fs::canonical(repo.top, ec);
    if (ec) return "";
    rel = normal_rel((dir / given.filename()).lexically_relative(top).generic_string());
  }
  if (rel.empty() || rel == "." || rel == ".." || rel.rfind("../", 0) == 0) return "";
  return rel;
}

// `check FILE...`: the files from disk. In a repository with commits a
// tracked file's new lines are those that differ from HEAD (under
// pre-commit, which stashes what is not staged, exactly what the commit
// adds); untracked files and files outside the work tree are new throughout.
// False (with `*failure`) when git fails.
bool file_targets(const Options& o, const Repo& repo, std::vector<Target>* targets, std::vector<Diagnostic>* errors,
                  std::vector<Diagnostic>* warnings, std::string* failure) {
  std::vector<std::string> rels;  // repository-relative, "" outside; parallel to o.paths
  std::vector<std::string> pathspec = {"--"};
  for (const std::string& p : o.paths) {
    rels.push_back(repo.in_git ? repo_relative(repo, p) : "");
    if (!rels.back().empty()) pathspec.push_back(rels.back());
  }
  std::set<std::string> tracked;
  std::map<std::string, DiffFile> changed;
  if (repo.has_head && pathspec.size() > 1) {
    // Two git processes side by side, from the top with literal paths (the
    // paths are repository-relative now, and may hold glob characters).
    std::vector<std::string> ls = {"--literal-pathspecs", "ls-files", "-z", "--full-name"};
    ls.insert(ls.end(), pathspec.begin(), pathspec.end());
    std::string ls_out, ls_err, out, err;
    std::future<int> listing =
        std::async(std::launch::async, [&] { return run_git(repo.top, ls, "", &ls_out, &ls_err); });
    std::vector<std::string> diff = git_diff_args();
    diff.insert(diff.begin(), "--literal-pathspecs");
    diff.insert(diff.end(), {"--diff-filter=d", "HEAD"});
    diff.insert(diff.end(), pathspec.begin(), pathspec.end());
    int diff_rc = run_git(repo.top, diff, "", &out, &err);
    if (listing.get() != 0) {
      *failure = "git ls-files failed: " + ls_err;
      return false;
    }
    if (diff_rc != 0) {
      *failure = "git diff failed: " + err;
      return false;
    }
    for (size_t b = 0, e; b < ls_out.size(); b = e + 1) {
      e = ls_out.find('\0', b);
      if (e == std::string::npos) e = ls_out.size();
      if (e > b) tracked.insert(ls_out.substr(b, e - b));
    }
    for (DiffFile& f : parse_git_diff(out)) changed[f.path] = std::move(f);
  }
  for (size_t k = 0; k < o.paths.size(); ++k) {
    const std::string& p = o.paths[k];
    struct stat st;
    if (::stat(p.c_str(), &st) != 0) {
      errors->push_back({p, 0, 0, std::string("cannot read: ") + std::strerror(errno)});
      continue;
    }
    if (!S_ISREG(st.st_mode)) {
      warnings->push_back({p, 0, 0, "not a regular file; skipped"});
      continue;
    }
    Target t;
    t.rel = rels[k].empty() ? normal_rel(p) : rels[k];
    t.disk = p;
    t.all_lines = rels[k].empty() || !tracked.count(t.rel);  // new to git, outside it, or no git
    if (auto it = changed.find(t.rel); it != changed.end()) {
      t.ranges = it->second.ranges;
      t.all_lines = t.all_lines || it->second.whole;
    }
    targets->push_back(std::move(t));
  }
  return true;
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
  std::string out, err;
  std::vector<std::string> pathspec;
  if (!o.paths.empty()) {
    pathspec.push_back("--");
    pathspec.insert(pathspec.end(), o.paths.begin(), o.paths.end());
  }
  if (o.staged || !o.since.empty()) {
    std::vector<std::string> args = git_diff_args();
    args.insert(args.end(), {"--diff-filter=d", "-M"});
    if (o.staged) {
      args.push_back("--cached");
    } else {
      std::string since, why;
      if (!resolve_commit(o.since, &since, &why)) return fail("--since '" + o.since + "': " + why);
      if (run_git(".", {"merge-base", since, "HEAD"}, "", &out, &err) != 0)
        return fail("--since '" + o.since + "': no merge base with HEAD: " + err);
      args.push_back(out.substr(0, out.find('\n')));
      args.push_back("HEAD");
    }
    args.insert(args.end(), pathspec.begin(), pathspec.end());
    if (run_git(".", args, "", &out, &err) != 0) return fail("git diff failed: " + err);
    for (DiffFile& f : parse_git_diff(out)) {
      if (f.gitlink || (f.ranges.empty() && !f.whole)) continue;  // only deletions, a rename, a mode
      Target t;
      t.rel = f.path;
      t.object = f.blob;
      t.all_lines = f.whole;
      t.ranges = std::move(f.ranges);
      targets.push_back(std::move(t));
    }
  } else {
    std::string failure;
    if (!file_targets(o, repo, &targets, &errors, &warnings, &failure)) return fail(failure);
  }
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
    f.status = Catalog::status(r, as_of);
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
    FileResult r = scan_bytes(*engine, t.rel, t.bytes, as_of, parser, &focus);
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
          f.context == "sdk_definition")
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
