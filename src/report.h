// Writers: one per format over the same sorted Inventory. Output is
// deterministic (no timestamps, no absolute paths) so it can be diffed,
// cached and golden-tested.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

#include "scan.h"

namespace modelshift {

// Version of the JSON/YAML report layout (docs/schema/inventory.schema.json).
inline constexpr const char* kSchemaVersion = "1.0";

struct ReportOptions {
  bool color = false;
  bool quiet = false;  // text: findings only, no summary
};

// The whole report as JSON (ordered keys). YAML is written from the same tree.
nlohmann::ordered_json inventory_json(const Inventory& inv, const Catalog& catalog);

void write_json(std::ostream& out, const Inventory& inv, const Catalog& catalog);
void write_yaml(std::ostream& out, const Inventory& inv, const Catalog& catalog);
void write_text(std::ostream& out, const Inventory& inv, const Catalog& catalog, const ReportOptions& options);

// Any JSON tree as YAML (block style, keys in order, strings quoted when
// YAML would read them as something else).
void emit_yaml(std::ostream& out, const nlohmann::ordered_json& value);

}  // namespace modelshift
