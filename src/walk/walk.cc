// The repository walker (see walk.h). Rules, in short:
//
//  * Inside a git work tree the ignore rules are git's own: every .gitignore
//    from the work-tree top down to the file (also those above the scan
//    root), then $GIT_DIR/info/exclude, with git's precedence (implemented
//    in ignore.h). A directory that holds its own `.git` (directory with a
//    HEAD, or a file "gitdir: ...") is a separate repository with its own
//    rules; the parent's rules only decide whether the walk enters it.
//    Deliberately NOT read: the user's and the system's git config, hence
//    core.excludesFile / ~/.config/git/ignore, core.ignoreCase, and the
//    GIT_DIR / GIT_WORK_TREE / GIT_CEILING_DIRECTORIES environment. A scan
//    must give the same answer on every machine.
//  * Outside any git work tree .gitignore and .ignore files are read from
//    the scan root down (not above it); .ignore beats .gitignore in the same
//    directory, as in ripgrep. A directory given as an argument that lies
//    outside the scan root starts its own rule tree.
//  * Like git, ignore files are only read when they are regular files (a
//    symlinked .gitignore is not followed). Symlinks met during the walk
//    (issue 15: a scan must never leave its root nor read a directory
//    twice): a link to a regular file is followed only when its real path
//    lies inside the real path of the directory argument; a link to a
//    directory is never entered (as git and ripgrep: the real directory is
//    walked where it lives). Both are listed as skipped with the reason.
//    Symlinks named on the command line are followed (the user chose them).
//  * `.git` (directory or file) is never listed or entered. Other dotfiles
//    are ordinary files.
//  * Arguments are never filtered: a file named on the command line is
//    scanned even when ignored or excluded by --exclude/--include (as in
//    ripgrep), and a directory named on the command line is entered even
//    when it is ignored; the rules still apply to everything below it.
//  * Cost: one readdir pass per directory, one stat per directory (loop
//    detection by device+inode of the ancestor chain), one stat per regular
//    file (its size), one stat and one realpath per symlink and one lstat for
//    entries whose type readdir does not report. Ignore files are read and
//    compiled once per directory visit.
//
// Rooms: this file takes the arguments, finds the rule tree above each
// directory argument and sorts the result; walk_dir.cc walks one directory;
// walker.h declares the Walker they share; paths.h and git_repo.h hold the
// path strings and git discovery.
#include "walk/walk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string_view>
#include <utility>

#include <boost/filesystem.hpp>

#include "walk/git_repo.h"
#include "walk/ignore.h"
#include "walk/paths.h"
#include "walk/walker.h"

namespace modelshift {
namespace walk_detail {
namespace {

namespace fs = boost::filesystem;
using boost::system::error_code;

std::string human_size(uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  static const char* const kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
  double v = static_cast<double>(bytes) / 1024.0;
  size_t u = 0;
  while (v >= 1024.0 && u + 1 < sizeof(kUnits) / sizeof(kUnits[0])) {
    v /= 1024.0;
    ++u;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, kUnits[u]);
  return buf;
}

}  // namespace

Tree Walker::make_git_tree(const std::string& gitdir) {
  Tree tree;
  tree.git = true;
  if (opt_.use_ignore_files) {
    const std::string exclude = join(join(common_git_dir(gitdir), "info"), "exclude");
    error_code ec;
    if (fs::is_regular_file(fs::path(exclude), ec)) {
      std::string text;
      if (read_file(exclude, &text))
        tree.exclude = IgnoreList::parse(text, "", exclude);
      else
        error(exclude, "unreadable ignore file");
    }
  }
  return tree;
}

void Walker::add_ignore_text(const std::string& text, const std::string& base, std::string source,
                             std::vector<std::unique_ptr<IgnoreList>>& out) {
  auto list = std::make_unique<IgnoreList>(IgnoreList::parse(text, base, std::move(source)));
  if (!list->empty()) out.push_back(std::move(list));
}

// True when --include globs are given and one of them names a directory
// that `rel` is in (or `rel` itself as a directory).
bool Walker::included_by_dirs(std::string_view rel) const {
  if (includes_.empty()) return false;
  for (size_t end = rel.find('/');; end = rel.find('/', end + 1)) {
    const std::string_view dir = rel.substr(0, end);
    const size_t slash = dir.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? dir : dir.substr(slash + 1);
    if (!dir.empty() && name != ".." && includes_.match(dir, name, true) == IgnoreVerdict::kIgnored)
      return true;
    if (end == std::string_view::npos) return false;
  }
}

void Walker::add_sized_file(std::string abs, const std::string& rel, uint64_t size,
                            bool explicit_arg) {
  if (size > opt_.max_filesize) {
    skip(rel, "too large (" + human_size(size) + " > " + human_size(opt_.max_filesize) + ")");
    return;
  }
  WalkEntry e;
  e.abs_path = std::move(abs);
  e.rel_path = rel;
  e.size = size;
  e.explicit_arg = explicit_arg;
  res_.files.push_back(std::move(e));
}

void Walker::add_file(const std::string& abs, const std::string& rel, bool explicit_arg) {
  error_code ec;
  const uintmax_t size = fs::file_size(fs::path(abs), ec);
  if (ec) {
    skip(rel, "unreadable: " + ec.message());
    return;
  }
  add_sized_file(abs, rel, size, explicit_arg);
}

void Walker::walk_top_dir(const std::string& abs, const std::string& rel) {
  error_code ec;
  // git discovers the work tree from the real (symlink-free) directory.
  std::string canon = abs;
  {
    const fs::path c = fs::canonical(fs::path(abs), ec);
    if (!ec) canon = normalise_abs(c.string(), "/");
  }
  Tree tree;
  std::string top_abs, top_rel;
  std::string gitdir;
  bool found = false;
  for (std::string dir = canon;;) {
    if (git_dir_at(dir, &gitdir)) {
      found = true;
      top_abs = dir;
      break;
    }
    if (dir == "/") break;
    const size_t slash = dir.rfind('/');
    dir = slash == 0 ? std::string("/") : dir.substr(0, slash);
  }
  if (found) {
    tree = make_git_tree(gitdir);
    top_rel = relative_to(canon, top_abs);
  } else if (rel != ".." && rel.compare(0, 3, "../") != 0) {
    top_abs = res_.root;  // plain tree: rules from the scan root down
    top_rel = rel;
  } else {
    top_abs = abs;
    top_rel.clear();
  }
  if (has_component(top_rel, ".git")) {
    skip(rel, "git directory");
    return;
  }

  // Ignore files of the directories above `abs`, top first.
  std::vector<std::unique_ptr<IgnoreList>> above;
  std::vector<const IgnoreList*> stack;
  if (opt_.use_ignore_files && !top_rel.empty()) {
    // Levels: the top, then each directory between it and `abs`.
    const auto parts = split_components(top_rel);
    std::string dir_abs = top_abs, dir_rel;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) {
        dir_abs = join(dir_abs, parts[i - 1]);
        if (!dir_rel.empty()) dir_rel += '/';
        dir_rel.append(parts[i - 1]);
      }
      for (const char* name : {".gitignore", ".ignore"}) {
        if (tree.git && name[1] == 'i') continue;  // .ignore is not git's
        const std::string path = join(dir_abs, name);
        error_code ec;
        if (fs::symlink_status(fs::path(path), ec).type() != fs::regular_file) continue;
        std::string text;
        if (read_file(path, &text))
          add_ignore_text(text, dir_rel, path, above);
        else
          error(path, "unreadable ignore file");
      }
    }
    for (const auto& l : above) stack.push_back(l.get());
  }

  std::string out_rel = rel;
  boundary_ = canon;
  enter_dir(abs, out_rel, top_rel, tree, stack, included_by_dirs(rel));
}

void Walker::add_arg(const std::string& arg) {
  const std::string abs = normalise_abs(arg, cwd_);
  const std::string rel = relative_to(abs, res_.root);
  error_code ec;
  const fs::file_status lst = fs::symlink_status(fs::path(abs), ec);
  if (lst.type() == fs::file_not_found) {
    error(arg, "no such file or directory");
    return;
  }
  if (ec) {
    error(arg, ec.message());
    return;
  }
  const std::string_view base = std::string_view(abs).substr(abs.rfind('/') + 1);
  if (base == ".git" || has_component(rel, ".git")) {
    skip(rel, "git directory");
    return;
  }
  fs::file_type type = lst.type();
  if (type == fs::symlink_file) {
    const fs::file_status st = fs::status(fs::path(abs), ec);
    if (st.type() == fs::file_not_found) {
      skip(rel, "broken symlink");
      return;
    }
    if (ec) {
      skip(rel, ec.value() == ELOOP ? std::string("symlink loop") : "unreadable: " + ec.message());
      return;
    }
    type = st.type();
  }
  switch (type) {
    case fs::directory_file:
      walk_top_dir(abs, rel);
      break;
    case fs::regular_file:
      add_file(abs, rel, true);
      break;
    case fs::fifo_file:
      skip(rel, "fifo");
      break;
    case fs::socket_file:
      skip(rel, "socket");
      break;
    case fs::block_file:
    case fs::character_file:
      skip(rel, "device");
      break;
    default:
      skip(rel, "unsupported file type");
      break;
  }
}

void Walker::run(std::vector<std::string> paths) {
  if (paths.empty()) paths.push_back(".");
  error_code ec;
  const fs::path cwd_path = fs::current_path(ec);
  cwd_ = normalise_abs(ec ? std::string("/") : cwd_path.string(), "/");
  const std::string& cwd = cwd_;
  res_.root = cwd;
  if (paths.size() == 1) {
    const std::string abs = normalise_abs(paths[0], cwd);
    if (fs::is_directory(fs::path(abs), ec) && !ec) res_.root = abs;
  }
  for (const std::string& p : paths) add_arg(p);

  // Sorted by rel_path, duplicates merged (explicit wins).
  auto& files = res_.files;
  std::stable_sort(files.begin(), files.end(), [](const WalkEntry& a, const WalkEntry& b) {
    return a.rel_path < b.rel_path;
  });
  size_t out = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    if (out > 0 && files[out - 1].rel_path == files[i].rel_path) {
      files[out - 1].explicit_arg = files[out - 1].explicit_arg || files[i].explicit_arg;
      continue;
    }
    if (out != i) files[out] = std::move(files[i]);
    ++out;
  }
  files.resize(out);

  auto& skipped = res_.skipped;
  std::sort(skipped.begin(), skipped.end(), [](const Skipped& a, const Skipped& b) {
    return a.path != b.path ? a.path < b.path : a.reason < b.reason;
  });
  skipped.erase(std::unique(skipped.begin(), skipped.end(),
                            [](const Skipped& a, const Skipped& b) {
                              return a.path == b.path && a.reason == b.reason;
                            }),
                skipped.end());
}

}  // namespace walk_detail

WalkResult walk(const std::vector<std::string>& paths, const WalkOptions& options) {
  WalkResult result;
  try {
    walk_detail::Walker(options, result).run(paths);
  } catch (const std::exception& e) {
    Diagnostic d;
    d.path = result.root.empty() ? "." : result.root;
    d.message = std::string("walk failed: ") + e.what();
    result.errors.push_back(std::move(d));
  } catch (...) {
    Diagnostic d;
    d.path = result.root.empty() ? "." : result.root;
    d.message = "walk failed";
    result.errors.push_back(std::move(d));
  }
  return result;
}

bool read_and_close(int fd, std::string* out, std::string* error, uint64_t max_bytes) {
  out->clear();
  char buf[1 << 16];
  while (out->size() < max_bytes) {
    const ssize_t n = ::read(fd, buf, static_cast<size_t>(std::min<uint64_t>(sizeof buf, max_bytes - out->size())));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    out->append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return true;
}

bool read_regular_file(const std::string& path, uint64_t limit, std::string* out, std::string* error) {
  out->clear();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    *error = std::strerror(errno);
    return false;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    *error = "not a regular file";
    ::close(fd);
    return false;
  }
  const uint64_t max_bytes = limit == UINT64_MAX ? limit : limit + 1;  // one past: the caller sees "too large"
  if (st.st_size > 0) out->reserve(static_cast<size_t>(std::min<uint64_t>(st.st_size, limit) + 1));
  return read_and_close(fd, out, error, max_bytes);
}

}  // namespace modelshift
