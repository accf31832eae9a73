// The walker: turns the paths named on the command line into a sorted list
// of files to scan, honouring git's ignore rules, and records every file it
// will not read (with a reason) instead of dropping it silently.
// Implementation: walk.cc (arguments, rule trees, the sorted result),
// walk_dir.cc (one directory), ignore.h (git's ignore semantics), and the
// internal headers walker.h, paths.h, git_repo.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/types.h"

namespace modelshift {

struct WalkOptions {
  std::vector<std::string> include_globs;  // when non-empty, only files matching one of them
  std::vector<std::string> exclude_globs;  // files or directories matching any are left out
  uint64_t max_filesize = 8ull << 20;       // larger files are Skipped ("too large ...")
  bool use_ignore_files = true;             // .gitignore / .ignore / .git/info/exclude
};

struct WalkResult {
  std::string root;  // absolute, normalised; rel_path of every entry is relative to it
  std::vector<WalkEntry> files;  // sorted by rel_path (byte order), no duplicates
  std::vector<Skipped> skipped;  // sorted by path
  std::vector<Diagnostic> errors;  // a named path that does not exist, ...
};

// Walks `paths` (files or directories; default ".") and returns what to scan.
// The root is the single directory argument when there is one, else the
// current directory. Files named explicitly are scanned even when ignored.
// Thread-compatible; does its own I/O through Boost.Filesystem; never throws.
// (The per-directory hot loop uses POSIX readdir/fstatat directly: Boost 1.74
// would lstat every entry to learn its type.)
//
// Details (see the comment at the top of walk.cc):
//  * "the single directory argument": exactly one path was given and it is a
//    directory (after following symlinks). Otherwise rel_path is relative to
//    the current directory ("../x/y.py" for files outside it).
//  * Ignore rules: git's (.gitignore at every level from the work-tree top,
//    also above the root, then $GIT_DIR/info/exclude) inside a git work tree;
//    .gitignore and .ignore from the root down outside one. A nested
//    repository uses its own rules. The user's/system git config and global
//    excludes file are never read. `.git` is never listed.
//  * Arguments are not filtered: a named file is listed (explicit_arg) even
//    when ignored or excluded by include/exclude globs; a named directory is
//    entered even when ignored, and the rules apply below it.
//  * include/exclude globs use gitignore syntax against rel_path; an
//    --include that names a directory includes the files below it; an
//    --exclude that matches a directory prunes it.
//  * Skipped reasons: "too large (12.3 MiB > 8.0 MiB)", "fifo", "socket",
//    "device", "broken symlink", "symlink loop", "symlink to a directory (not
//    followed)", "symlink out of the scan root (not followed)",
//    "unreadable directory: <why>",
//    "unreadable: <why>", "git directory". Ignored paths are not listed.
//  * Symlinks below an argument: a link to a regular file is followed when
//    its real path lies inside the argument's real path, else skipped
//    ("symlink out of the scan root (not followed)"); a link to a directory
//    is skipped ("symlink to a directory (not followed)"). Loops among named
//    arguments are cut by (device, inode) of the directories on the current
//    path. Nothing is opened except directories and ignore files.
//  * errors: named paths that do not exist ("no such file or directory") and
//    unreadable ignore files.
WalkResult walk(const std::vector<std::string>& paths, const WalkOptions& options);

// Reads an open descriptor to its end, or to max_bytes, into *out (cleared
// first, capacity kept), retrying on EINTR, and closes it. False with an
// errno message in *error.
bool read_and_close(int fd, std::string* out, std::string* error, uint64_t max_bytes = UINT64_MAX);

// Reads the regular file `path` into *out, at most limit + 1 bytes (so the
// caller sees that it is larger than `limit`). Opens without blocking and
// refuses anything but a regular file after following symlinks, so a FIFO,
// a device (/dev/zero) or an endless pseudo-file planted where a settings,
// baseline or source file is expected cannot hang or exhaust the caller.
// False with the reason in *error ("not a regular file", an errno message).
bool read_regular_file(const std::string& path, uint64_t limit, std::string* out, std::string* error);

}  // namespace modelshift
