// Checks shared by toml_tree_test.cc and hcl_tree_test.cc: a readable dump of
// a region table, and the property that a reader's recovery (for a file with
// a syntax error) reads the well-formed part as its tree walk does.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "read/regions.h"

namespace modelshift::testing {

inline std::string show_regions(const RegionTable& t, const std::string& text) {
  std::string s;
  for (const Region& r : t.regions)
    s += std::to_string(r.begin) + "-" + std::to_string(r.end) + " " + "VKC"[static_cast<int>(r.kind)] + " " +
         r.key_path + " '" + text.substr(r.begin, r.end - r.begin) + "'\n";
  return s;
}

inline std::string repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// For each document and each broken tail: the text doc + tail gets exactly
// one diagnostic starting with `prefix`, and the regions inside doc are the
// ones doc alone gets.
inline void check_recovery_agrees(RegionTable (*analyze)(std::string_view), const std::vector<std::string>& docs,
                                  const std::vector<std::string>& tails, const std::string& prefix) {
  for (const std::string& doc : docs) {
    for (const std::string& tail : tails) {
      std::string text = doc + tail;
      INFO(text);
      RegionTable good = analyze(doc);
      RegionTable bad = analyze(text);
      REQUIRE(bad.diagnostics.size() == 1);
      CHECK(bad.diagnostics[0].message.rfind(prefix, 0) == 0);
      RegionTable prefix_regions;
      for (const Region& r : bad.regions)
        if (r.end <= doc.size()) prefix_regions.regions.push_back(r);
      CHECK(show_regions(prefix_regions, text) == show_regions(good, doc));
    }
  }
}

}  // namespace modelshift::testing
