// The per-directory loop of the walker (see walker.h): list a directory
// once, start a new rule tree at a nested repository, read its ignore files,
// add or skip its files, then enter its subdirectories. This is the walker's
// hot path, hence POSIX calls relative to the open directory (walk_dir says
// why).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "walk/git_repo.h"
#include "walk/paths.h"
#include "walk/walker.h"

namespace modelshift::walk_detail {

namespace {

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

// The kind of entry `name` after following a symlink (filling *st and
// *have_stat), or kOther with *problem set when it cannot be followed or
// typed, or is not followed by rule (walk.h: a link to a directory, or to a
// file outside `boundary`, the real path of the directory argument).
Kind follow_entry(int fd, const std::string& dir_abs, const std::string& name, Kind kind, const std::string& boundary,
                  struct stat* st, bool* have_stat, std::string* problem) {
  if (kind == Kind::kUnknown) {  // lstat failed while listing
    struct stat lst;
    const int err = ::fstatat(fd, name.c_str(), &lst, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : errno;
    *problem = err ? "unreadable: " + errno_message(err) : std::string("unsupported file type");
    return Kind::kOther;
  }
  if (kind != Kind::kLink) return kind;
  if (::fstatat(fd, name.c_str(), st, 0) != 0) {
    const int err = errno;
    *problem = err == ENOENT || err == ENOTDIR ? std::string("broken symlink")
               : err == ELOOP                  ? std::string("symlink loop")
                                               : "unreadable: " + errno_message(err);
    return Kind::kOther;
  }
  const Kind target = kind_of_mode(st->st_mode);
  // Directory links are not entered (as git and ripgrep): the real
  // directory is walked where it lives, so no directory is read twice and
  // chains of links cannot multiply the walk.
  if (target == Kind::kDir) {
    *problem = "symlink to a directory (not followed)";
    return Kind::kOther;
  }
  char* real = ::realpath(join(dir_abs, name).c_str(), nullptr);
  const bool inside = real && (boundary == "/" || (std::strncmp(real, boundary.data(), boundary.size()) == 0 &&
                                                   real[boundary.size()] == '/'));
  std::free(real);
  if (!inside) {
    *problem = "symlink out of the scan root (not followed)";
    return Kind::kOther;
  }
  *have_stat = true;
  return target;
}

}  // namespace

bool Walker::ignored(const Tree& tree, const std::vector<const IgnoreList*>& stack,
                     std::string_view path, std::string_view name, bool is_dir) const {
  if (!opt_.use_ignore_files) return false;
  for (size_t i = stack.size(); i-- > 0;) {
    const IgnoreVerdict v = stack[i]->match(path, name, is_dir);
    if (v != IgnoreVerdict::kNone) return v == IgnoreVerdict::kIgnored;
  }
  return tree.exclude.match(path, name, is_dir) == IgnoreVerdict::kIgnored;
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

  Listing listing = list_dir(dir, fd, out_rel);

  // A nested repository starts a new rule tree with its own top.
  const Tree* cur_tree = &tree;
  std::vector<const IgnoreList*>* cur_stack = &stack;
  std::string* cur_top = &top_rel;
  Tree nested_tree;
  std::vector<const IgnoreList*> nested_stack;
  std::string nested_top;
  if (listing.has_git && !(tree.git && top_rel.empty())) {
    std::string gitdir;
    if (git_dir_at(abs, &gitdir)) {
      nested_tree = make_git_tree(gitdir);
      cur_tree = &nested_tree;
      cur_stack = &nested_stack;
      cur_top = &nested_top;
    }
  }

  std::vector<std::unique_ptr<IgnoreList>> own;
  const size_t stack_size = cur_stack->size();
  if (opt_.use_ignore_files) {
    load_dir_ignores(fd, abs, listing, *cur_tree, *cur_top, own);
    for (const auto& l : own) cur_stack->push_back(l.get());
  }

  // Files now (while the directory is open); directories after closing it,
  // so that open descriptors do not grow with the depth.
  const Subdirs subdirs =
      walk_entries(fd, abs, listing.entries, out_rel, *cur_top, *cur_tree, *cur_stack, included);
  ::closedir(closer.d);
  closer.d = nullptr;

  const size_t out_len = out_rel.size();
  const size_t top_len = cur_top->size();
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

Walker::Listing Walker::list_dir(DIR* dir, int fd, const std::string& out_rel) {
  Listing listing;
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
    if (e.name == ".git") listing.has_git = true;
    if (e.kind == Kind::kFile) {
      if (e.name == ".gitignore") listing.has_gitignore = true;
      if (e.name == ".ignore") listing.has_ignore = true;
    }
    listing.entries.push_back(std::move(e));
  }
  return listing;
}

void Walker::load_dir_ignores(int fd, const std::string& abs, const Listing& listing, const Tree& tree,
                              const std::string& top_rel, std::vector<std::unique_ptr<IgnoreList>>& own) {
  std::string text;
  auto load = [&](const char* name) {
    if (read_file_at(fd, name, &text))
      add_ignore_text(text, top_rel, join(abs, name), own);
    else
      error(join(abs, name), "unreadable ignore file");
  };
  if (listing.has_gitignore) load(".gitignore");
  if (listing.has_ignore && !tree.git) load(".ignore");
}

Walker::Subdirs Walker::walk_entries(int fd, const std::string& abs, const std::vector<Entry>& entries,
                                     std::string& out_rel, std::string& top_rel, const Tree& tree,
                                     const std::vector<const IgnoreList*>& stack, bool included) {
  Subdirs subdirs;
  const size_t out_len = out_rel.size();
  const size_t top_len = top_rel.size();
  for (const Entry& e : entries) {
    if (e.name == ".git") continue;
    struct stat st;
    bool have_stat = false;
    std::string problem;  // a symlink that cannot be followed
    const Kind kind = follow_entry(fd, abs, e.name, e.kind, boundary_, &st, &have_stat, &problem);
    const bool is_dir = kind == Kind::kDir;

    out_rel.resize(out_len);
    if (!out_rel.empty()) out_rel += '/';
    out_rel += e.name;
    top_rel.resize(top_len);
    if (!top_rel.empty()) top_rel += '/';
    top_rel += e.name;

    if (ignored(tree, stack, top_rel, e.name, is_dir)) continue;
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
    add_entry(fd, abs, out_rel, e.name, kind, st, have_stat, std::move(problem));
  }
  out_rel.resize(out_len);
  top_rel.resize(top_len);
  return subdirs;
}

void Walker::add_entry(int fd, const std::string& abs, const std::string& out_rel, const std::string& name,
                       Kind kind, struct stat& st, bool have_stat, std::string problem) {
  if (!problem.empty()) {
    skip(out_rel, std::move(problem));
    return;
  }
  switch (kind) {
    case Kind::kFile:
      if (!have_stat && ::fstatat(fd, name.c_str(), &st, 0) != 0) {
        skip(out_rel, "unreadable: " + errno_message(errno));
        break;
      }
      add_sized_file(join(abs, name), out_rel, static_cast<uint64_t>(st.st_size), false);
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

}  // namespace modelshift::walk_detail
