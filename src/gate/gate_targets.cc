// Which files `check` judges, their new lines and their bytes (see
// gate_targets.h).
#include "gate/gate_targets.h"

#include <sys/stat.h>

#include <boost/filesystem.hpp>
#include <cerrno>
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

}  // namespace

bool diff_targets(const Options& o, std::vector<Target>* targets, std::string* failure) {
  std::string out, err;
  std::vector<std::string> args = git_diff_args();
  args.insert(args.end(), {"--diff-filter=d", "-M"});
  if (o.staged) {
    args.push_back("--cached");
  } else {
    std::string since, why;
    if (!resolve_commit(o.since, &since, &why)) {
      *failure = "--since '" + o.since + "': " + why;
      return false;
    }
    if (run_git(".", {"merge-base", since, "HEAD"}, "", &out, &err) != 0) {
      *failure = "--since '" + o.since + "': no merge base with HEAD: " + err;
      return false;
    }
    args.push_back(out.substr(0, out.find('\n')));
    args.push_back("HEAD");
  }
  if (!o.paths.empty()) {
    args.push_back("--");
    args.insert(args.end(), o.paths.begin(), o.paths.end());
  }
  if (run_git(".", args, "", &out, &err) != 0) {
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

}  // namespace modelshift
