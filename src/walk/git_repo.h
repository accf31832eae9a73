// Git discovery for the walker: is a directory the top of a git work tree,
// and where does its info/exclude live. Only `.git` and the files it points
// to are read; git's config and environment never are (see walk.cc).
// Internal to src/walk/.
#pragma once

#include <string>

namespace modelshift::walk_detail {

// If directory `dir` is the top of a git work tree, sets *gitdir to its git
// directory and returns true. A `.git` directory counts when it has a HEAD;
// a `.git` file counts when it says "gitdir: <dir>" and that dir exists.
// A few stats and at most one small read; never throws.
bool git_dir_at(const std::string& dir, std::string* gitdir);

// The directory holding info/exclude: $GIT_DIR, or its "commondir" for a
// linked worktree.
std::string common_git_dir(const std::string& gitdir);

}  // namespace modelshift::walk_detail
