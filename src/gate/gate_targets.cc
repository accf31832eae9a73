// Which files `check` judges, their new lines and their bytes (see
// gate_targets.h).
#include "gate/gate_targets.h"

#include <sys/stat.h>

#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <future>
#include <map>
#include <set>
#include <sstream>

#include "gate/gate.h"

namespace modelshift {

namespace fs = boost::filesystem;

std::string normal_rel(const std::string& p) {
  std::string s = fs::path(p).lexically_normal().generic_string();
  while (s.rfind("./", 0) == 0) s.erase(0, 2);
  return s;
}

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

namespace {

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

bool is_shallow() {
  std::string out;
  return run_git(".", {"rev-parse", "--is-shallow-repository"}, "", &out) == 0 && out.rfind("true", 0) == 0;
}

// The commit `rev` names, for `what` (the flag or variable it came from).
bool resolve_for(const std::string& what, const std::string& rev, std::string* oid, std::string* failure) {
  std::string why;
  if (resolve_commit(rev, oid, &why)) return true;
  *failure = what + " '" + rev + "': " + why;
  if (!rev.empty() && rev.front() != '-' && is_shallow())
    *failure += " (this clone is shallow or partial and may lack it: fetch it, e.g. `git fetch origin " + rev +
                "`, or clone with full history: actions/checkout `fetch-depth: 0`)";
  return false;
}

// merge-base(from, to) in `*base`; without one, a failure that says what
// to fetch when the clone is shallow (CI checkouts often are).
bool merge_base(const std::string& what, const std::string& from, const std::string& to, const std::string& to_name,
                std::string* base, std::string* failure) {
  std::string out, err;
  int rc = run_git(".", {"merge-base", from, to}, "", &out, &err);
  if (rc == 0 && !out.empty()) {
    *base = out.substr(0, out.find('\n'));
    return true;
  }
  if (is_shallow())
    *failure = what + ": no merge base with " + to_name +
               ": this is a shallow clone, and the commit where the two histories meet was not fetched. "
               "Fetch more history: `git fetch --deepen=200` (repeat until it passes) or `git fetch --unshallow`; "
               "in GitHub Actions, actions/checkout with `fetch-depth: 0`";
  else if (rc == 1 && err.empty())
    *failure = what + ": no merge base with " + to_name + ": the histories are unrelated; name a branch that " +
               to_name + " grew from";
  else
    *failure = what + ": git merge-base failed: " + err;
  return false;
}

// Runs one `git diff` (git_diff_args() then `extra`) in `dir` and adds a
// target for every file it gives new lines; `literal`: pathspecs are paths.
bool diff_into(const std::string& dir, bool literal, const std::vector<std::string>& extra,
               std::vector<Target>* targets, std::string* failure) {
  std::string out, err;
  std::vector<std::string> args = git_diff_args();
  if (literal) args.insert(args.begin(), "--literal-pathspecs");
  args.insert(args.end(), {"--diff-filter=d", "-M"});
  args.insert(args.end(), extra.begin(), extra.end());
  if (run_git(dir, args, "", &out, &err) != 0) {
    *failure = "git diff failed: " + err;
    return false;
  }
  for (DiffFile& f : parse_git_diff(out)) {
    if (f.gitlink || (f.ranges.empty() && !f.whole)) continue;  // only deletions, a rename, a mode
    Target t;
    t.rel = f.path;
    t.object = f.blob;
    t.all_lines = f.whole;
    t.ranges = std::move(f.ranges);
    targets->push_back(std::move(t));
  }
  return true;
}

}  // namespace

bool diff_targets(const Options& o, std::vector<Target>* targets, std::string* failure) {
  std::vector<std::string> extra;
  if (o.staged) {
    extra.push_back("--cached");
  } else {
    std::string since, base;
    if (!resolve_for("--since", o.since, &since, failure)) return false;
    if (!merge_base("--since '" + o.since + "'", since, "HEAD", "HEAD", &base, failure)) return false;
    extra = {base, "HEAD"};
  }
  if (!o.paths.empty()) {
    extra.push_back("--");
    extra.insert(extra.end(), o.paths.begin(), o.paths.end());
  }
  return diff_into(".", false, extra, targets, failure);
}

RefRange precommit_range() {
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return std::string(v ? v : "");
  };
  RefRange r{env("PRE_COMMIT_FROM_REF"), env("PRE_COMMIT_TO_REF")};
  if (r.from.empty() || r.to.empty()) r = {env("PRE_COMMIT_ORIGIN"), env("PRE_COMMIT_SOURCE")};
  if (r.from.empty() || r.to.empty()) r = {};
  return r;
}

bool range_targets(const Repo& repo, const RefRange& range, const std::vector<std::string>& paths,
                   std::vector<Target>* targets, std::string* failure) {
  std::string from, to, base;
  if (!resolve_for("PRE_COMMIT_FROM_REF", range.from, &from, failure)) return false;
  if (!resolve_for("PRE_COMMIT_TO_REF", range.to, &to, failure)) return false;
  if (!merge_base("PRE_COMMIT_FROM_REF '" + range.from + "'", from, to, "PRE_COMMIT_TO_REF '" + range.to + "'", &base,
                  failure))
    return false;
  // From the top with literal paths: they are repository-relative now and
  // may hold glob characters. No path inside the work tree: nothing to judge.
  std::vector<std::string> extra = {base, to, "--"};
  for (const std::string& p : paths)
    if (std::string rel = repo_relative(repo, p); !rel.empty()) extra.push_back(rel);
  if (extra.size() == 3) return true;
  return diff_into(repo.top, true, extra, targets, failure);
}

bool load_objects(std::vector<Target>* targets, std::vector<Diagnostic>* warnings) {
  // Blobs are named by object id, never by path: a path with a newline
  // would split the request (and git echoes a missing name back, unquoted).
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

namespace {

// What git knows of the given (repository-relative) paths: which are
// tracked, their lines that differ from HEAD, and which have staged
// changes. Three git processes side by side, from the top with literal
// paths (the paths may hold glob characters).
struct Listings {
  std::set<std::string> tracked, staged;
  std::map<std::string, DiffFile> changed;
};

void add_nul_separated(const std::string& out, std::set<std::string>* into) {
  for (size_t b = 0, e; b < out.size(); b = e + 1) {
    e = out.find('\0', b);
    if (e == std::string::npos) e = out.size();
    if (e > b) into->insert(out.substr(b, e - b));
  }
}

bool list_paths(const Repo& repo, const std::vector<std::string>& pathspec, Listings* l, std::string* failure) {
  std::vector<std::string> ls = {"--literal-pathspecs", "ls-files", "-z", "--full-name"};
  ls.insert(ls.end(), pathspec.begin(), pathspec.end());
  std::vector<std::string> staged = {"--literal-pathspecs", "diff", "--cached", "--name-only", "-z",
                                     "--no-renames", "--no-relative", "--diff-filter=d"};
  staged.insert(staged.end(), pathspec.begin(), pathspec.end());
  std::vector<std::string> diff = git_diff_args();
  diff.insert(diff.begin(), "--literal-pathspecs");
  diff.insert(diff.end(), {"--diff-filter=d", "HEAD"});
  diff.insert(diff.end(), pathspec.begin(), pathspec.end());
  std::string ls_out, ls_err, st_out, st_err, out, err;
  std::future<int> listing = std::async(std::launch::async, [&] { return run_git(repo.top, ls, "", &ls_out, &ls_err); });
  std::future<int> staging =
      std::async(std::launch::async, [&] { return run_git(repo.top, staged, "", &st_out, &st_err); });
  int diff_rc = run_git(repo.top, diff, "", &out, &err);
  int ls_rc = listing.get(), st_rc = staging.get();
  if (ls_rc != 0) *failure = "git ls-files failed: " + ls_err;
  else if (st_rc != 0) *failure = "git diff --cached failed: " + st_err;
  else if (diff_rc != 0) *failure = "git diff failed: " + err;
  if (ls_rc || st_rc || diff_rc) return false;
  add_nul_separated(ls_out, &l->tracked);
  add_nul_separated(st_out, &l->staged);
  for (DiffFile& f : parse_git_diff(out)) l->changed[f.path] = std::move(f);
  return true;
}

}  // namespace

bool file_targets(const Options& o, const Repo& repo, std::vector<Target>* targets, std::vector<Diagnostic>* errors,
                  std::vector<Diagnostic>* warnings, std::string* failure) {
  std::vector<std::string> rels;  // repository-relative, "" outside; parallel to o.paths
  std::vector<std::string> pathspec = {"--"};
  for (const std::string& p : o.paths) {
    rels.push_back(repo.in_git ? repo_relative(repo, p) : "");
    if (!rels.back().empty()) pathspec.push_back(rels.back());
  }
  Listings git;
  if (repo.has_head && pathspec.size() > 1 && !o.all_lines && !list_paths(repo, pathspec, &git, failure))
    return false;
  // A commit passes only files with staged changes; any other file given
  // means an audit of the files, where every line counts.
  bool commit = !o.all_lines && pathspec.size() > 1;
  for (const std::string& rel : rels)
    if (!rel.empty() && !git.staged.count(rel)) commit = false;
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
    t.all_lines = !commit || rels[k].empty() || !git.tracked.count(t.rel);  // an audit, new to git, outside it
    if (auto it = git.changed.find(t.rel); it != git.changed.end()) {
      t.ranges = it->second.ranges;
      t.all_lines = t.all_lines || it->second.whole;
    }
    targets->push_back(std::move(t));
  }
  return true;
}

}  // namespace modelshift
