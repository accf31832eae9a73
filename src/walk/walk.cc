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
//    symlinked .gitignore is not followed). Unlike git, the walker follows
//    symlinks, and a symlink to a directory counts as a directory for
//    directory-only patterns ("build/").
//  * `.git` (directory or file) is never listed or entered. Other dotfiles
//    are ordinary files.
//  * Arguments are never filtered: a file named on the command line is
//    scanned even when ignored or excluded by --exclude/--include (as in
//    ripgrep), and a directory named on the command line is entered even
//    when it is ignored; the rules still apply to everything below it.
//  * Cost: one readdir pass per directory, one stat per directory (loop
//    detection by device+inode of the ancestor chain), one stat per regular
//    file (its size), one stat per symlink (its target) and one lstat for
//    entries whose type readdir does not report. Ignore files are read and
//    compiled once per directory visit.
#include "walk/walk.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <exception>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>
#include <utility>

#include <boost/filesystem.hpp>

#include "walk/ignore.h"

namespace modelshift {
namespace {

namespace fs = boost::filesystem;
using boost::system::error_code;

// ----------------------------------------------------------- path strings

// Lexically normalised absolute form of `p` ('.' and '..' resolved without
// looking at the disk, duplicate and trailing '/' removed). "/" for the root.
std::string normalise_abs(std::string_view p, const std::string& cwd) {
  std::string joined;
  if (!p.empty() && p[0] == '/') {
    joined.assign(p);
  } else {
    joined = cwd;
    joined += '/';
    joined.append(p);
  }
  std::vector<std::string_view> parts;
  std::string_view rest = joined;
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (std::string_view part : parts) {
    out += '/';
    out.append(part);
  }
  return out.empty() ? std::string("/") : out;
}

std::vector<std::string_view> split_components(std::string_view abs) {
  std::vector<std::string_view> parts;
  while (!abs.empty()) {
    const size_t slash = abs.find('/');
    std::string_view part = abs.substr(0, slash);
    abs = slash == std::string_view::npos ? std::string_view{} : abs.substr(slash + 1);
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// '/'-separated path of normalised absolute `abs` relative to normalised
// absolute `base`: "" when equal, "a/b" below, "../x" elsewhere.
std::string relative_to(const std::string& abs, const std::string& base) {
  if (abs == base) return "";
  if (base == "/") return abs.substr(1);
  if (abs.size() > base.size() && abs.compare(0, base.size(), base) == 0 && abs[base.size()] == '/')
    return abs.substr(base.size() + 1);
  const auto a = split_components(abs);
  const auto b = split_components(base);
  size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  std::string out;
  for (size_t i = common; i < b.size(); ++i) out += out.empty() ? ".." : "/..";
  for (size_t i = common; i < a.size(); ++i) {
    if (!out.empty()) out += '/';
    out.append(a[i]);
  }
  return out;
}

std::string join(const std::string& dir, std::string_view name) {
  std::string out = dir;
  if (out.empty() || out.back() != '/') out += '/';
  out.append(name);
  return out;
}

bool has_component(std::string_view rel, std::string_view name) {
  for (std::string_view part : split_components(rel))
    if (part == name) return true;
  return false;
}

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

// Reads a whole (small) file. False when it cannot be opened or read.
bool read_file(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return false;
  *out = std::move(ss).str();
  return true;
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.pop_back();
  return line;
}

// ----------------------------------------------------------- git discovery

// If directory `dir` is the top of a git work tree, sets *gitdir to its git
// directory and returns true. A `.git` directory counts when it has a HEAD;
// a `.git` file counts when it says "gitdir: <dir>" and that dir exists.
bool git_dir_at(const std::string& dir, std::string* gitdir) {
  error_code ec;
  const std::string dotgit = join(dir, ".git");
  const fs::file_status st = fs::status(dotgit, ec);
  if (ec) return false;
  if (st.type() == fs::directory_file) {
    if (!fs::exists(fs::path(join(dotgit, "HEAD")), ec) || ec) return false;
    *gitdir = dotgit;
    return true;
  }
  if (st.type() == fs::regular_file) {
    std::string text;
    if (!read_file(dotgit, &text)) return false;
    const std::string line = first_line(text);
    constexpr std::string_view kPrefix = "gitdir:";
    if (line.compare(0, kPrefix.size(), kPrefix) != 0) return false;
    std::string target = line.substr(kPrefix.size());
    target.erase(0, target.find_first_not_of(" \t"));
    if (target.empty()) return false;
    target = normalise_abs(target, dir);
    if (!fs::is_directory(fs::path(target), ec) || ec) return false;
    *gitdir = target;
    return true;
  }
  return false;
}

// The directory holding info/exclude: $GIT_DIR, or its "commondir" for a
// linked worktree.
std::string common_git_dir(const std::string& gitdir) {
  std::string text;
  const std::string commondir_file = join(gitdir, "commondir");
  error_code ec;
  if (fs::is_regular_file(fs::path(commondir_file), ec) && read_file(commondir_file, &text)) {
    const std::string line = first_line(text);
    if (!line.empty()) return normalise_abs(line, gitdir);
  }
  return gitdir;
}

// ----------------------------------------------------------- the walker

// One rule tree: a git work tree, or a plain directory tree.
struct Tree {
  bool git = false;
  IgnoreList exclude;  // $GIT_DIR/info/exclude (git only)
};

// Entry types as readdir reports them (d_type), refined by fstatat.
enum class Kind : uint8_t { kUnknown, kFile, kDir, kLink, kFifo, kSocket, kDevice, kOther };

Kind kind_of_mode(mode_t m) {
  if (S_ISREG(m)) return Kind::kFile;
  if (S_ISDIR(m)) return Kind::kDir;
  if (S_ISLNK(m)) return Kind::kLink;
  if (S_ISFIFO(m)) return Kind::kFifo;
  if (S_ISSOCK(m)) return Kind::kSocket;
  if (S_ISCHR(m) || S_ISBLK(m)) return Kind::kDevice;
  return Kind::kOther;
}

Kind kind_of_dtype(unsigned char t) {
  switch (t) {
    case DT_REG: return Kind::kFile;
    case DT_DIR: return Kind::kDir;
    case DT_LNK: return Kind::kLink;
    case DT_FIFO: return Kind::kFifo;
    case DT_SOCK: return Kind::kSocket;
    case DT_CHR:
    case DT_BLK: return Kind::kDevice;
    default: return Kind::kUnknown;
  }
}

std::string errno_message(int err) { return std::system_category().message(err); }

// Reads file `name` in the directory open as `dirfd` without following a
// symlink (git does not follow a symlinked .gitignore) and without blocking.
bool read_file_at(int dirfd, const char* name, std::string* out) {
  const int fd = ::openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return false;
  std::string error;
  return read_and_close(fd, out, &error);
}

class Walker {
 public:
  Walker(const WalkOptions& options, WalkResult& result)
      : opt_(options),
        res_(result),
        includes_(IgnoreList::from_globs(options.include_globs)),
        excludes_(IgnoreList::from_globs(options.exclude_globs)) {}

  void run(std::vector<std::string> paths);

 private:
  struct Entry {
    std::string name;
    Kind kind;  // from d_type; kUnknown when the file system does not say
  };
  struct DirId {
    dev_t dev;
    ino_t ino;
  };

  void add_arg(const std::string& arg);
  void walk_top_dir(const std::string& abs, const std::string& rel);
  // Opens directory `abs` and walks it unless it is its own ancestor (a
  // symlink loop). out_rel / top_rel are its paths relative to the scan
  // root / the rule-tree top; both are restored before returning.
  void enter_dir(const std::string& abs, std::string& out_rel, std::string& top_rel,
                 const Tree& tree, std::vector<const IgnoreList*>& stack, bool included);
  // Walks the open directory `fd` (and closes it).
  void walk_dir(int fd, const std::string& abs, std::string& out_rel, std::string& top_rel,
                const Tree& tree, std::vector<const IgnoreList*>& stack, bool included);
  void add_file(const std::string& abs, const std::string& rel, bool explicit_arg);
  void add_sized_file(std::string abs, const std::string& rel, uint64_t size, bool explicit_arg);
  void skip(std::string_view path, std::string reason) {
    res_.skipped.push_back(Skipped{path.empty() ? std::string(".") : std::string(path),
                                   std::move(reason)});
  }
  void error(std::string path, std::string message) {
    Diagnostic d;
    d.path = std::move(path);
    d.message = std::move(message);
    res_.errors.push_back(std::move(d));
  }
  Tree make_git_tree(const std::string& gitdir);
  // Parses an ignore file's text and appends it to `out` when not empty.
  void add_ignore_text(const std::string& text, const std::string& base, std::string source,
                       std::vector<std::unique_ptr<IgnoreList>>& out);
  bool ignored(const Tree& tree, const std::vector<const IgnoreList*>& stack,
               std::string_view path, std::string_view name, bool is_dir) const;
  bool included_by_dirs(std::string_view rel) const;

  const WalkOptions& opt_;
  WalkResult& res_;
  std::string cwd_;  // normalised absolute current directory
  IgnoreList includes_;
  IgnoreList excludes_;
  std::vector<DirId> ancestors_;
};

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

bool Walker::ignored(const Tree& tree, const std::vector<const IgnoreList*>& stack,
                     std::string_view path, std::string_view name, bool is_dir) const {
  if (!opt_.use_ignore_files) return false;
  for (size_t i = stack.size(); i-- > 0;) {
    const IgnoreVerdict v = stack[i]->match(path, name, is_dir);
    if (v != IgnoreVerdict::kNone) return v == IgnoreVerdict::kIgnored;
  }
  return tree.exclude.match(path, name, is_dir) == IgnoreVerdict::kIgnored;
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

void Walker::enter_dir(const std::string& abs, std::string& out_rel, std::string& top_rel,
                       const Tree& tree, std::vector<const IgnoreList*>& stack, bool included) {
  const int fd = ::open(abs.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    skip(out_rel, err == ELOOP ? std::string("symlink loop")
                               : "unreadable directory: " + errno_message(err));
    return;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    skip(out_rel, "unreadable directory: " + errno_message(err));
    return;
  }
  for (const DirId& id : ancestors_) {
    if (id.dev == st.st_dev && id.ino == st.st_ino) {
      ::close(fd);
      skip(out_rel, "symlink loop");
      return;
    }
  }
  ancestors_.push_back(DirId{st.st_dev, st.st_ino});
  walk_dir(fd, abs, out_rel, top_rel, tree, stack, included);
  ancestors_.pop_back();
}

void Walker::walk_dir(int fd, const std::string& abs, std::string& out_rel, std::string& top_rel,
                      const Tree& tree, std::vector<const IgnoreList*>& stack, bool included) {
  // Why POSIX and not boost::filesystem::directory_iterator here: Boost 1.74
  // does not pass readdir's d_type on, so asking an entry for its type costs
  // one lstat per entry; and fstatat relative to the open directory saves a
  // full path lookup per stat. This loop is the walker's hot path.
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    const int err = errno;
    ::close(fd);
    skip(out_rel, "unreadable directory: " + errno_message(err));
    return;
  }
  struct DirCloser {
    DIR* d;
    ~DirCloser() {
      if (d != nullptr) ::closedir(d);
    }
  } closer{dir};

  // 1. List the directory once.
  std::vector<Entry> entries;
  bool has_git = false, has_gitignore = false, has_ignore = false;
  for (;;) {
    errno = 0;
    const struct dirent* de = ::readdir(dir);
    if (de == nullptr) {
      if (errno != 0) skip(out_rel, "unreadable directory: " + errno_message(errno));
      break;
    }
    const char* n = de->d_name;
    if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0'))) continue;
    Entry e{n, kind_of_dtype(de->d_type)};
    if (e.kind == Kind::kUnknown) {  // some file systems do not fill d_type
      struct stat st;
      if (::fstatat(fd, n, &st, AT_SYMLINK_NOFOLLOW) == 0) e.kind = kind_of_mode(st.st_mode);
    }
    if (e.name == ".git") has_git = true;
    if (e.kind == Kind::kFile) {
      if (e.name == ".gitignore") has_gitignore = true;
      if (e.name == ".ignore") has_ignore = true;
    }
    entries.push_back(std::move(e));
  }

  // 2. A nested repository starts a new rule tree with its own top.
  const Tree* cur_tree = &tree;
  std::vector<const IgnoreList*>* cur_stack = &stack;
  std::string* cur_top = &top_rel;
  Tree nested_tree;
  std::vector<const IgnoreList*> nested_stack;
  std::string nested_top;
  if (has_git && !(tree.git && top_rel.empty())) {
    std::string gitdir;
    if (git_dir_at(abs, &gitdir)) {
      nested_tree = make_git_tree(gitdir);
      cur_tree = &nested_tree;
      cur_stack = &nested_stack;
      cur_top = &nested_top;
    }
  }

  // 3. This directory's own ignore files (.ignore after .gitignore, so it
  //    is consulted first).
  std::vector<std::unique_ptr<IgnoreList>> own;
  const size_t stack_size = cur_stack->size();
  if (opt_.use_ignore_files) {
    std::string text;
    auto load = [&](const char* name) {
      if (read_file_at(fd, name, &text))
        add_ignore_text(text, *cur_top, join(abs, name), own);
      else
        error(join(abs, name), "unreadable ignore file");
    };
    if (has_gitignore) load(".gitignore");
    if (has_ignore && !cur_tree->git) load(".ignore");
    for (const auto& l : own) cur_stack->push_back(l.get());
  }

  // 4. Files now (while the directory is open); directories after closing
  //    it, so that open descriptors do not grow with the depth.
  std::vector<std::pair<std::string, bool>> subdirs;  // name, included
  const size_t out_len = out_rel.size();
  const size_t top_len = cur_top->size();
  for (const Entry& e : entries) {
    if (e.name == ".git") continue;
    Kind kind = e.kind;
    struct stat st;
    bool have_stat = false;
    std::string problem;  // a symlink that cannot be followed
    if (kind == Kind::kUnknown) {  // lstat failed while listing
      struct stat lst;
      const int err = ::fstatat(fd, e.name.c_str(), &lst, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : errno;
      problem = err ? "unreadable: " + errno_message(err) : std::string("unsupported file type");
      kind = Kind::kOther;
    } else if (kind == Kind::kLink) {
      if (::fstatat(fd, e.name.c_str(), &st, 0) == 0) {
        kind = kind_of_mode(st.st_mode);
        have_stat = true;
      } else {
        const int err = errno;
        problem = err == ENOENT || err == ENOTDIR ? std::string("broken symlink")
                  : err == ELOOP                  ? std::string("symlink loop")
                                                  : "unreadable: " + errno_message(err);
        kind = Kind::kOther;
      }
    }
    const bool is_dir = kind == Kind::kDir;

    out_rel.resize(out_len);
    if (!out_rel.empty()) out_rel += '/';
    out_rel += e.name;
    cur_top->resize(top_len);
    if (!cur_top->empty()) *cur_top += '/';
    *cur_top += e.name;

    if (ignored(*cur_tree, *cur_stack, *cur_top, e.name, is_dir)) continue;
    if (!excludes_.empty() && excludes_.match(out_rel, e.name, is_dir) == IgnoreVerdict::kIgnored)
      continue;
    if (is_dir) {
      const bool inc = included || (!includes_.empty() &&
                                    includes_.match(out_rel, e.name, true) == IgnoreVerdict::kIgnored);
      subdirs.emplace_back(e.name, inc);
      continue;
    }
    if (!includes_.empty() && !included &&
        includes_.match(out_rel, e.name, false) != IgnoreVerdict::kIgnored)
      continue;
    if (!problem.empty()) {
      skip(out_rel, std::move(problem));
      continue;
    }
    switch (kind) {
      case Kind::kFile:
        if (!have_stat && ::fstatat(fd, e.name.c_str(), &st, 0) != 0) {
          skip(out_rel, "unreadable: " + errno_message(errno));
          break;
        }
        add_sized_file(join(abs, e.name), out_rel, static_cast<uint64_t>(st.st_size), false);
        break;
      case Kind::kFifo:
        skip(out_rel, "fifo");
        break;
      case Kind::kSocket:
        skip(out_rel, "socket");
        break;
      case Kind::kDevice:
        skip(out_rel, "device");
        break;
      default:
        skip(out_rel, "unsupported file type");
        break;
    }
  }
  out_rel.resize(out_len);
  cur_top->resize(top_len);
  ::closedir(closer.d);
  closer.d = nullptr;

  for (const auto& [name, inc] : subdirs) {
    if (!out_rel.empty()) out_rel += '/';
    out_rel += name;
    if (!cur_top->empty()) *cur_top += '/';
    *cur_top += name;
    enter_dir(join(abs, name), out_rel, *cur_top, *cur_tree, *cur_stack, inc);
    out_rel.resize(out_len);
    cur_top->resize(top_len);
  }
  cur_stack->resize(stack_size);
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

}  // namespace

WalkResult walk(const std::vector<std::string>& paths, const WalkOptions& options) {
  WalkResult result;
  try {
    Walker(options, result).run(paths);
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

bool read_and_close(int fd, std::string* out, std::string* error) {
  out->clear();
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
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

}  // namespace modelshift
