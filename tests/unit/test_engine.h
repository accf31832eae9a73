// The built-in rules loaded once for all unit tests; a rule error fails the
// test that first asks, with every message.
#pragma once

#include <catch2/catch.hpp>

#include <memory>

#include "scan.h"

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

}  // namespace modelshift
