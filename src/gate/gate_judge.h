// The verdict of the gate on a set of targets (gate_targets.h): each file is
// scanned with scan_bytes(), its findings judged by the policies, inline
// suppressions and the baseline applied, and what is left on new lines
// reported. Shared by `check` and by `baseline`, which refuses to accept
// violations that the staged changes add.
//
// Not thread-safe (one CodeParser); costs one scan_bytes() per target.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/types.h"
#include "gate/gate.h"
#include "gate/gate_targets.h"  // Target, and Options (cli.h, an allowed exception there)
#include "judge/policy.h"

namespace modelshift {

struct Engine;

// What a run judges with. `options` supplies the policies, --strict and
// --max-filesize; `baselined` holds accepted fingerprints.
struct GateJudge {
  const Options* options = nullptr;
  const Engine* engine = nullptr;
  SuppressionSyntax syntax;
  std::set<std::string> baselined;
  std::string as_of;  // YYYY-MM-DD
  std::string root;   // the repository's top (or "."), where SDK packages are looked up
};

struct GateVerdict {
  // Violations on new lines, and unused suppressions (kind "suppression",
  // policy "unused-suppression"; the message calls one on an old line
  // stale; severity error with --strict, else warning), sorted by path and
  // position.
  std::vector<Finding> reported;
  size_t blocking = 0;  // reported findings with severity error
  std::set<std::string> seen_fingerprints, checked_paths;  // for stale baseline entries
  std::vector<Diagnostic> warnings, errors;  // errors: a file that could not be read
};

// Judges every target (reading disk-backed ones here; object-backed ones
// must have been loaded with load_objects()). Never fails as a whole: a
// file's trouble is a warning or an error of the verdict.
GateVerdict judge_targets(const GateJudge& judge, std::vector<Target>* targets);

// The settings file at the repository root names models to move away from
// (policies, migrations' `from`, prices), not models in use: of its
// findings, only a migration's target (`to`), which will be put in use, is
// judged. True for a finding the gate judges.
bool judged_in_settings_file(const Finding& f);

// One line per distinct fix of the blocking findings, sorted: "replace
// gpt-5.2 with gpt-5.5", the deny policy's message, or, with neither, a
// request to choose an allowed model. Never the baseline.
std::vector<std::string> fix_hints(const std::vector<Finding>& reported, const PolicyConfig& policies);

}  // namespace modelshift
