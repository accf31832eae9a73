// What `check` judges: which files, which of their lines are new (the
// added lines of a git diff, or every line of a file git does not track),
// and where their bytes come from (the disk, or a blob of the git index or
// of HEAD). The git invocations are the hostile part: a repository's
// attributes and a user's git config change what git prints, file names
// may hold newlines, and revisions may look like options (issue 15); see
// git_diff_args() and parse_git_diff() in gate.h.
//
// Each function runs git processes (argv, never a shell) in the current
// directory or the repository's top; nothing of the repository is run.
// Not thread-safe with respect to the current directory only.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cli/cli.h"
#include "core/types.h"

namespace modelshift {

// The git repository around the current directory.
struct Repo {
  bool in_git = false, has_head = false;
  std::string top, prefix;  // prefix: the current directory below top, with a trailing '/'
};
// One `git rev-parse`; in_git false outside a repository (or without git).
Repo find_repo();

// `p` made '/'-separated and normal, without a leading "./".
std::string normal_rel(const std::string& p);

// One file to judge.
struct Target {
  std::string rel;     // repository-relative (what is shown and fingerprinted)
  std::string disk;    // read from disk when set
  std::string object;  // else this blob (object id, from the index or HEAD)
  bool all_lines = false;
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  std::string bytes;
  bool loaded = false;
};

// `check --staged` / `check --since REV`: the files the diff of the index
// (or of merge-base(REV, HEAD) and HEAD) adds or changes, as git objects,
// with their new lines; pure deletions, renames and mode changes give none.
// REV is verified as a commit first. False, with `*failure`, when git fails
// or REV names no commit.
bool diff_targets(const Options& o, std::vector<Target>* targets, std::string* failure);

// `check FILE...`: the files from disk. In a repository with commits a
// tracked file's new lines are those that differ from HEAD (under
// pre-commit, which stashes what is not staged, exactly what the commit
// adds); untracked files and files outside the work tree are new
// throughout. Absolute paths (lint-staged passes them) are made
// repository-relative. Unreadable paths become `errors`, special files
// `warnings`. False (with `*failure`) when git fails.
bool file_targets(const Options& o, const Repo& repo, std::vector<Target>* targets, std::vector<Diagnostic>* errors,
                  std::vector<Diagnostic>* warnings, std::string* failure);

// Reads every object-backed target's bytes with one `git cat-file --batch`
// (sets `bytes` and `loaded`); an object that is missing or not a blob is a
// warning. False when git fails or its answer is cut short.
bool load_objects(std::vector<Target>* targets, std::vector<Diagnostic>* warnings);

}  // namespace modelshift
