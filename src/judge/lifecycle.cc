// Lifecycle judgment (lifecycle.h): status from the recorded catalog facts.
#include "judge/lifecycle.h"

namespace modelshift {

std::string lifecycle_status(Listing listing, std::string_view deprecated_on, std::string_view shutdown_on,
                             std::string_view as_of) {
  if (listing == Listing::None) return "";
  // An id the catalog does not know has no dates to judge by.
  if (listing == Listing::Unknown) return "unknown";
  if (!shutdown_on.empty() && shutdown_on <= as_of) return "retired";
  if (!deprecated_on.empty() && deprecated_on <= as_of) return "deprecated";
  return listing == Listing::Model ? "active" : "unknown";
}

void judge_lifecycle(const std::string& as_of, std::vector<Finding>* findings) {
  for (Finding& f : *findings) {
    f.status = lifecycle_status(f.listing, f.deprecated_on, f.shutdown_on, as_of);
    if (f.catalogue_lifecycles.empty()) continue;
    f.catalogue_by_status.clear();
    for (const auto& [facts, count] : f.catalogue_lifecycles) {
      const auto& [listing, deprecated_on, shutdown_on] = facts;
      f.catalogue_by_status[lifecycle_status(listing, deprecated_on, shutdown_on, as_of)] += count;
    }
  }
}

}  // namespace modelshift
