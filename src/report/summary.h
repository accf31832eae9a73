// The counts every human-facing report opens with (the JSON/YAML `summary`,
// the text report's summary). Internal to src/report/.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "pipeline/scan.h"

namespace modelshift {

// Counts over model references; catalogues are counted apart (their entries
// are lists, not uses).
struct Summary {
  std::map<std::string, uint64_t> by_status, by_provider, by_model, by_context;
  std::set<std::string> files, models;
  uint64_t references = 0, catalogues = 0, catalogue_entries = 0, call_sites = 0;
  std::map<std::string, uint64_t> calls_by_sdk, calls_by_model_source;
  std::map<std::string, uint64_t> other_kinds;  // tool_schema, embedding, vector_store, ...
  // Findings in SDKs' own packages: not usage, so only counted here.
  uint64_t sdk_definitions = 0;
  std::map<std::string, uint64_t> sdk_definitions_by_package;  // "openai 4.x" -> findings
};

// Counts over inv.findings. Cost: one pass, O(findings log models).
Summary summarise(const Inventory& inv);

}  // namespace modelshift
