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
// or REV names no commit; with no merge base, the failure says whether the
// clone is shallow and how to fetch the history it lacks.
bool diff_targets(const Options& o, std::vector<Target>* targets, std::string* failure);

// The commit range pre-commit hands its hooks in a pre-push run and in
// `pre-commit run --from-ref A --to-ref B`: PRE_COMMIT_FROM_REF and
// PRE_COMMIT_TO_REF, else the older PRE_COMMIT_ORIGIN and PRE_COMMIT_SOURCE.
// Both empty unless both of a pair are set. Reads the environment only.
struct RefRange {
  std::string from, to;
};
RefRange precommit_range();

// `check FILE...` under a pre-commit range: the lines `to` adds since
// merge-base(from, to) in the given files (as git objects of `to`, so what
// is judged is what is pushed, whatever is checked out). Files the range
// does not change give no target. Failures as for diff_targets.
bool range_targets(const Repo& repo, const RefRange& range, const std::vector<std::string>& paths,
                   std::vector<Target>* targets, std::string* failure);

// `check FILE...`: the files from disk. When every file given inside the
// work tree has staged changes, this is a commit (pre-commit's commit hook,
// lint-staged, which stash what is not staged): a tracked file's new lines
// are those that differ from HEAD. Otherwise (`pre-commit run --all-files`
// or `--files`, an audit by hand, a file with nothing staged) and with
// --all-lines, every line is new. Untracked files and files outside the
// work tree are new throughout. Absolute paths (lint-staged passes them)
// are made repository-relative. Unreadable paths become `errors`, special
// files `warnings`. False (with `*failure`) when git fails.
bool file_targets(const Options& o, const Repo& repo, std::vector<Target>* targets, std::vector<Diagnostic>* errors,
                  std::vector<Diagnostic>* warnings, std::string* failure);

// Reads every object-backed target's bytes with one `git cat-file --batch`
// (sets `bytes` and `loaded`); an object that is missing or not a blob is a
// warning. False when git fails or its answer is cut short.
bool load_objects(std::vector<Target>* targets, std::vector<Diagnostic>* warnings);

}  // namespace modelshift
