// Pre-loaded forms of the embedded rules, made at build time by
// src/tools/snapshot_main.cc (see catalog_snapshot.cc for why). Every
// program that links modelshift_core defines this: the binary and the tests
// with the generated snapshot, the snapshot tool itself with an empty one
// (it is what makes the snapshot).
#pragma once

#include <string_view>

namespace modelshift {

// Catalog::snapshot() of the embedded rules/models/, or "" (load the YAML).
std::string_view embedded_catalog_snapshot();

}  // namespace modelshift
