// Where rules come from: the copy compiled into the binary (default), or a
// directory given with --rules (for people editing rules). Either way the
// loaders see a sorted list of (relative path, text).
#pragma once

#include <string>
#include <vector>

#include "core/types.h"

namespace modelshift {

struct RuleFile {
  std::string path;  // relative to the rules root, '/'-separated: "models/openai.yaml"
  std::string text;
  std::string origin;  // "rules/models/openai.yaml" (embedded) or the on-disk path; used in messages
};

// Reads every *.yaml / *.scm file under `dir`, or the embedded copy when
// `dir` is empty. Sorted by path. Errors (unreadable dir) go to `errors`.
std::vector<RuleFile> load_rule_files(const std::string& dir, std::vector<Diagnostic>* errors);

// The files whose path starts with `prefix` ("models/").
std::vector<const RuleFile*> rule_files_under(const std::vector<RuleFile>& files,
                                              const std::string& prefix);

}  // namespace modelshift
