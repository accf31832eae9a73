// The walker: turns the paths named on the command line into a sorted list
// of files to scan, honouring git's ignore rules, and records every file it
// will not read (with a reason) instead of dropping it silently.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "types.h"

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
WalkResult walk(const std::vector<std::string>& paths, const WalkOptions& options);

}  // namespace modelshift
