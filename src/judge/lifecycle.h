// Lifecycle judgment: the one step that turns the catalog facts detection
// recorded on each finding (Listing, deprecated_on, shutdown_on) into a
// status for the --as-of day. Detection never sees the date; run_scan calls
// judge_lifecycle after linking and collapsing, `check` after scanning each
// blob, and everything after (policy, assess, plan, writers) reads `status`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace modelshift {

// "retired" when shutdown_on <= as_of, else "deprecated" when deprecated_on
// <= as_of, else "active" for a listed model and "unknown" for a family-only
// or unknown one; "" for Listing::None. Dates are ISO yyyy-mm-dd, compared
// as strings. Pure, O(1), thread-safe.
std::string lifecycle_status(Listing listing, std::string_view deprecated_on, std::string_view shutdown_on,
                             std::string_view as_of);

// Fills `status` of every finding, and `catalogue_by_status` of every
// model_catalogue from its catalogue_lifecycles, as of `as_of`. Overwrites
// earlier judgments, so judging twice on different days is safe. Linear in
// the findings; no failure; thread-safe on distinct vectors.
void judge_lifecycle(const std::string& as_of, std::vector<Finding>* findings);

}  // namespace modelshift
