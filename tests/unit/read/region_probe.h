// Test helpers for the tree-sitter reader tests (json_tree_test.cc,
// shell_tree_test.cc): what a RegionTable says about one substring of the
// text it was built from, as one comparable string.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "read/regions.h"

namespace modelshift::testing {

// "Value models.b[1].c [17,23)" for the region holding the first byte of the
// nth occurrence of `needle` (0 = first); "none" when no region holds it;
// "missing" when the needle is not in the text. The range is the region's,
// so a case can check that an id fills its region exactly.
inline std::string probe(const RegionTable& t, const std::string& text, const std::string& needle, int nth = 0) {
  size_t off = text.find(needle);
  for (int i = 0; i < nth && off != std::string::npos; ++i) off = text.find(needle, off + 1);
  if (off == std::string::npos) return "missing";
  const Region* r = t.find(static_cast<uint32_t>(off));
  if (!r) return "none";
  const char* kind = r->kind == RegionKind::Value ? "Value" : r->kind == RegionKind::Key ? "Key" : "Comment";
  return std::string(kind) + " " + r->key_path + " [" + std::to_string(r->begin) + "," + std::to_string(r->end) +
         ")";
}

// "line:column message" of the first diagnostic, or "" when there is none.
inline std::string first_diagnostic(const RegionTable& t) {
  if (t.diagnostics.empty()) return "";
  const Diagnostic& d = t.diagnostics.front();
  return std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.message;
}

// One case of a table: what probe() and first_diagnostic() must say.
struct ProbeRow {
  const char* name;
  std::string text;
  std::string needle;
  std::string want;        // probe() of the needle
  std::string diagnostic;  // first_diagnostic(), "" for none
  int nth = 0;
};

inline void check_rows(RegionTable (*analyze)(std::string_view), const std::vector<ProbeRow>& rows) {
  for (const ProbeRow& r : rows) {
    INFO("case: " << r.name << "\ntext: " << r.text);
    RegionTable t = analyze(r.text);
    CHECK(probe(t, r.text, r.needle, r.nth) == r.want);
    CHECK(first_diagnostic(t) == r.diagnostic);
  }
}

}  // namespace modelshift::testing
