// Path strings for the walker, worked out lexically (no disk access), and
// the one small-file read it does through the standard library. Internal to
// src/walk/ (walk.cc, walk_dir.cc, git_repo.cc); not part of walk.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace modelshift::walk_detail {

// Lexically normalised absolute form of `p` ('.' and '..' resolved without
// looking at the disk, duplicate and trailing '/' removed). "/" for the root.
// Relative `p` is taken relative to `cwd` (normalised absolute).
std::string normalise_abs(std::string_view p, const std::string& cwd);

// The non-empty '/'-separated parts of `abs`; views into it.
std::vector<std::string_view> split_components(std::string_view abs);

// '/'-separated path of normalised absolute `abs` relative to normalised
// absolute `base`: "" when equal, "a/b" below, "../x" elsewhere.
std::string relative_to(const std::string& abs, const std::string& base);

// `dir` + '/' + `name` (no doubled '/').
std::string join(const std::string& dir, std::string_view name);

// True when one '/'-separated part of `rel` is `name`.
bool has_component(std::string_view rel, std::string_view name);

// Reads a whole (small) file. False when it cannot be opened or read.
bool read_file(const std::string& path, std::string* out);

}  // namespace modelshift::walk_detail
