// judge_lifecycle: status from recorded catalog facts and the --as-of day.
#include "judge/lifecycle.h"

#include <catch2/catch.hpp>

#include "../test_engine.h"

using namespace modelshift;

TEST_CASE("lifecycle_status judges facts on the day", "[lifecycle]") {
  struct Row {
    Listing listing;
    const char *deprecated_on, *shutdown_on, *as_of, *want;
  };
  const Row rows[] = {
      {Listing::None, "2020-01-01", "2020-06-01", "2026-01-01", ""},
      {Listing::Unknown, "", "", "2026-01-01", "unknown"},
      {Listing::Unknown, "2020-01-01", "", "2026-01-01", "unknown"},
      {Listing::Model, "", "", "2026-01-01", "active"},
      {Listing::Model, "2026-01-02", "", "2026-01-01", "active"},
      {Listing::Model, "2026-01-01", "", "2026-01-01", "deprecated"},
      {Listing::Model, "2026-01-01", "2026-03-01", "2026-02-28", "deprecated"},
      {Listing::Model, "2026-01-01", "2026-03-01", "2026-03-01", "retired"},
      {Listing::Model, "", "2026-03-01", "2026-04-01", "retired"},
      {Listing::Family, "", "", "2026-01-01", "unknown"},
      {Listing::Family, "2025-01-01", "", "2026-01-01", "deprecated"},
      {Listing::Family, "2025-01-01", "2025-06-01", "2026-01-01", "retired"},
  };
  for (const Row& r : rows) {
    INFO(static_cast<int>(r.listing) << " " << r.deprecated_on << " " << r.shutdown_on << " on " << r.as_of);
    CHECK(lifecycle_status(r.listing, r.deprecated_on, r.shutdown_on, r.as_of) == r.want);
  }
}

TEST_CASE("judge_lifecycle fills findings and catalogue counts; detection leaves status empty", "[lifecycle]") {
  // gpt-4-0613 is retired on 2026-11-25 in the embedded catalog; detection
  // must not know that yet.
  CodeParser parser;
  FileResult r = scan_bytes(test_engine(), "a.py", "M = 'gpt-4-0613'\nN = 'gpt-4o'\n", parser);
  REQUIRE(r.findings.size() == 2);
  for (const Finding& f : r.findings) {
    CHECK(f.status.empty());
    CHECK(f.listing == Listing::Model);
  }
  judge_lifecycle("2026-11-25", &r.findings);
  CHECK(r.findings[0].status == "retired");
  CHECK(r.findings[1].status == "active");
  judge_lifecycle("2000-01-01", &r.findings);  // judging again overwrites
  CHECK(r.findings[0].status == "active");

  Finding table;
  table.kind = "model_catalogue";
  table.catalogue_lifecycles[{Listing::Model, "2020-01-01", ""}] = 3;
  table.catalogue_lifecycles[{Listing::Model, "", ""}] = 2;
  table.catalogue_lifecycles[{Listing::Family, "", ""}] = 1;
  table.catalogue_by_status["stale"] = 9;
  std::vector<Finding> v{table};
  judge_lifecycle("2026-11-25", &v);
  CHECK(v[0].status.empty());
  CHECK(v[0].catalogue_by_status == std::map<std::string, uint32_t>{{"active", 2}, {"deprecated", 3}, {"unknown", 1}});
}
