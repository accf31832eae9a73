// The tree-sitter grammars compiled into this binary, by name. The table is
// generated at build time from grammars/grammars.txt (cmake/Grammars.cmake).
#pragma once

#include <tree_sitter/api.h>

#include <vector>

namespace modelshift {

struct GrammarEntry {
  const char* name;
  const TSLanguage* (*language)();
};

const std::vector<GrammarEntry>& grammar_registry();

}  // namespace modelshift
