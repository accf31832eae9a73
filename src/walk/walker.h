// The Walker's insides, shared by walk.cc (arguments, the rule tree above a
// directory argument, the sorted result) and walk_dir.cc (the per-directory
// loop, the walker's hot path). Internal to src/walk/; walk.h is the
// interface. One Walker per walk() call: not thread-safe.
#pragma once

#include <dirent.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "walk/ignore.h"
#include "walk/walk.h"

namespace modelshift::walk_detail {

// One rule tree: a git work tree, or a plain directory tree.
struct Tree {
  bool git = false;
  IgnoreList exclude;  // $GIT_DIR/info/exclude (git only)
};

// Entry types as readdir reports them (d_type), refined by fstatat.
enum class Kind : uint8_t { kUnknown, kFile, kDir, kLink, kFifo, kSocket, kDevice, kOther };

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

  struct Listing {
    std::vector<Entry> entries;
    bool has_git = false, has_gitignore = false, has_ignore = false;
  };
  using Subdirs = std::vector<std::pair<std::string, bool>>;  // name, included

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
  // Reads the open directory once (without "." and ".."), typing the entries
  // whose type readdir does not report.
  Listing list_dir(DIR* dir, int fd, const std::string& out_rel);
  // Reads the directory's own ignore files into `own` (.ignore after
  // .gitignore, so it is consulted first; .ignore only outside git).
  void load_dir_ignores(int fd, const std::string& abs, const Listing& listing, const Tree& tree,
                        const std::string& top_rel, std::vector<std::unique_ptr<IgnoreList>>& own);
  // Adds or skips the files of the open directory and returns the
  // subdirectories to enter; out_rel and top_rel are restored.
  Subdirs walk_entries(int fd, const std::string& abs, const std::vector<Entry>& entries, std::string& out_rel,
                       std::string& top_rel, const Tree& tree, const std::vector<const IgnoreList*>& stack,
                       bool included);
  // Adds one entry that is not a directory, or skips it with its reason
  // (`problem` when a symlink could not be followed). `st` is its stat when
  // have_stat.
  void add_entry(int fd, const std::string& abs, const std::string& out_rel, const std::string& name, Kind kind,
                 struct stat& st, bool have_stat, std::string problem);
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
  // Real path of the directory argument being walked: symlinks whose target
  // lies outside it are not followed.
  std::string boundary_;
  IgnoreList includes_;
  IgnoreList excludes_;
  std::vector<DirId> ancestors_;
};

}  // namespace modelshift::walk_detail
