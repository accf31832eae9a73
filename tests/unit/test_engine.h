// The built-in rules loaded once for all unit tests; a rule error fails the
// test that first asks, with every message.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "detect/code_context.h"
#include "judge/lifecycle.h"
#include "pipeline/scan.h"

namespace modelshift {

inline const Engine& test_engine() {
  static std::unique_ptr<Engine> e = [] {
    std::vector<Diagnostic> errors;
    auto loaded = Engine::load("", &errors);
    for (const Diagnostic& d : errors) UNSCOPED_INFO(d.path << ":" << d.line << ":" << d.column << ": " << d.message);
    REQUIRE(errors.empty());
    return loaded;
  }();
  return *e;
}

// The findings of `kind` in one file scanned with the built-in rules (as of
// 2026-11-25), in the order scan_bytes gives them.
inline std::vector<Finding> findings_of(const std::string& path, const std::string& text, const std::string& kind) {
  CodeParser parser;
  FileResult r = scan_bytes(test_engine(), path, text, parser);
  judge_lifecycle("2026-11-25", &r.findings);
  std::vector<Finding> out;
  for (Finding& f : r.findings)
    if (f.kind == kind) out.push_back(std::move(f));
  return out;
}

// A finding's detail `name` (JSON text in Finding::details), parsed; the
// string "<absent>" when the finding has none.
inline nlohmann::json finding_detail(const Finding& f, const std::string& name) {
  for (const auto& [k, v] : f.details)
    if (k == name) return nlohmann::json::parse(v);
  return nlohmann::json("<absent>");
}

}  // namespace modelshift
