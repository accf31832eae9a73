// Pre-loaded forms of the embedded rules, made at build time by
// src/tools/snapshot_main.cc (see catalog_snapshot.cc for why). Every
// program that links modelshift_core defines this: the binary and the tests
// with the generated snapshot, the snapshot tool itself with an empty one
// (it is what makes the snapshot).
#pragma once

#include <string_view>
#include <vector>

namespace modelshift {

// Catalog::snapshot() of the embedded rules/models/, or "" (load the YAML).
std::string_view embedded_catalog_snapshot();

// Every embedded rules/*.yaml as JSON (scalars as strings, as yaml-cpp holds
// them): YamlReader builds its nodes from this instead of running yaml-cpp's
// scanner, three times slower. Empty in the snapshot tool.
struct PreParsedRule {
  std::string_view path;  // as in embedded_rules(): "sdk/openai.yaml"
  std::string_view json;
};
const std::vector<PreParsedRule>& embedded_rules_json();

}  // namespace modelshift
