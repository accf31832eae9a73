// Usages: the unit a migration plans. A usage is one call site (or one
// embedding call) with every finding that decides what it sends: the model
// references along its resolution chain (the constant, the .env line, the
// Helm value, the Terraform deployment) and inside the call, the prompts it
// sends, its tool schemas, the vector stores its embeddings fill. A finding
// that no call reaches (a config value read by another service, a doc, a SQL
// seed) is a usage of its own, kind `reference` (`catalogue` for a table of
// ids; `prompt`, `tool_schema`, `vector_store` for those kinds).
//
// Every finding belongs to exactly one usage, except findings in an SDK's own
// package (context "sdk_definition"), which are not usage and belong to none.
// A finding that two calls reach (one constant, two calls) belongs to the
// first of them in report order and is listed in the other's `shared`.
//
// A usage's id is "u-" + its anchor finding's fingerprint: stable when lines
// move, unique because fingerprints are.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "assess/risk.h"
#include "assess/settings.h"
#include "core/types.h"

namespace modelshift {

struct Usage {
  std::string id;
  std::string kind;              // call_site | embedding | reference | catalogue | prompt | tool_schema | vector_store
  std::vector<size_t> findings;  // indices into the findings; [0] is the anchor, the rest in report order
  std::vector<size_t> shared;    // findings of other usages this one depends on too

  // Filled by assess_usages (assess.h).
  std::string surface = "unknown";  // customer_facing | internal | unknown
  std::string surface_reason, surface_path;
  uint32_t surface_line = 0;
  std::vector<std::string> owners;  // empty: unowned
  std::string owner_source;         // "CODEOWNERS:12", ".modelshift.yaml" or ""
  UsageMetadata metadata;
  std::vector<RiskFact> facts;
  RiskResult risk;
};

// Groups sorted findings into usages, in report order of their anchors.
// Cost: O(findings log findings); reads only the findings.
std::vector<Usage> group_usages(const std::vector<Finding>& findings);

// A link stored in Finding::details ({"path","line","column"} objects, or a
// list of them) under `key`.
struct LinkTarget {
  std::string path;
  uint32_t line = 0, column = 0;
};
std::vector<LinkTarget> detail_links(const Finding& f, const std::string& key);

// The JSON text of detail `key`, or "" when the finding has none.
const std::string& detail_text(const Finding& f, const std::string& key);

}  // namespace modelshift
