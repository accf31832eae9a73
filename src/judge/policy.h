// Policies of `modelshift check` (the `policies:` section of
// .modelshift.yaml): which model references block a commit. A verdict is
// written into Finding::severity/policy/message, which SARIF and the text
// report of `check` read.
//
//   policies:
//     deprecated: error        # catalog status deprecated: error|warning|note|off
//     retired: error           # catalog status retired
//     deny:
//       - gpt-5.2*             # a model id or a family glob
//       - {model: "o1-preview", severity: error, message: "use o3"}
//     warn:
//       - {model: "gpt-4o*", message: "prefer gpt-5-mini for new code"}
#pragma once

#include <string>
#include <vector>

#include "core/types.h"

namespace modelshift {

struct PolicyEntry {
  std::string pattern;   // glob over the model id (canonical, as written, or the whole token)
  std::string severity;  // error | warning | note
  std::string message;   // "" = a generated one
};

struct PolicyConfig {
  std::string deprecated = "error";  // error | warning | note | off
  std::string retired = "error";
  std::vector<PolicyEntry> deny, warn;
};

// Case-insensitive glob: `*` any run, `?` one character, `[...]` a class.
bool model_glob_match(const std::string& pattern, const std::string& id);

// Judges one finding: deny entries first, then warn entries, then the
// catalog status. Leaves the verdict fields empty when nothing applies (and
// for findings that name no model). Returns true when a verdict was set.
bool apply_policy(const PolicyConfig& config, Finding* f);

// True when the verdict blocks a commit.
inline bool blocking(const Finding& f) { return f.severity == "error"; }

}  // namespace modelshift
