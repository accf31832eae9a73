// .modelshift.yaml: project settings that fill the same Options struct as
// the command line. Flags win over the file; lists (include/exclude) add up.
//
//   scan:
//     include: ["src/**"]
//     exclude: ["tests/fixtures/**"]
//     max_filesize: 4M
//     no_ignore: false
#pragma once

#include <vector>

#include "cli/cli.h"
#include "core/types.h"

namespace modelshift {

// Reads --config FILE, or .modelshift.yaml at the scan root when present.
// Returns false (with located errors) on a malformed or unknown setting.
bool load_config(Options* options, std::vector<Diagnostic>* errors);

}  // namespace modelshift
