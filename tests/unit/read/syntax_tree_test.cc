// read/syntax_tree: grammars by name, parse, and the first error's offset.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "read/syntax_tree.h"

using namespace modelshift;

TEST_CASE("syntax_tree: every data and document grammar is registered", "[syntax_tree]") {
  for (const char* name : {"yaml", "json", "toml", "hcl", "markdown", "bash", "python"}) {
    INFO(name);
    CHECK(grammar_by_name(name) != nullptr);
  }
  CHECK(grammar_by_name("no-such-grammar") == nullptr);
  CHECK_FALSE(parse_syntax(nullptr, "x"));
}

TEST_CASE("syntax_tree: first_syntax_error finds the first broken byte", "[syntax_tree]") {
  struct Case {
    const char* grammar;
    std::string text;
    long want;  // -1: no error; else the broken byte, which the error node must cover
  };
  std::vector<Case> cases = {
      {"json", R"({"model": "gpt-4o"})", -1},
      {"json", R"({"a": 1, "b": ])", 14},
      {"yaml", "a: 1\nb:\n  - x\n", -1},
      {"toml", "[a]\nmodel = \"gpt-4o\"\n", -1},
      {"toml", "[a]\nmodel = = 1\n", 12},
  };
  for (const Case& c : cases) {
    INFO(c.grammar << ": " << c.text);
    SyntaxTree t = parse_syntax(grammar_by_name(c.grammar), c.text);
    REQUIRE(t);
    uint32_t at = 0;
    bool err = first_syntax_error(t.root(), &at);
    CHECK(err == (c.want >= 0));
    // tree-sitter's recovery may wrap more than the bad token in the ERROR
    // node, so the reported start is at or before the broken byte.
    if (err && c.want >= 0) CHECK(at <= static_cast<uint32_t>(c.want));
  }
}

TEST_CASE("syntax_tree: threads parse at once with their own parsers", "[syntax_tree]") {
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&ok, i] {
      for (int k = 0; k < 50; ++k) {
        SyntaxTree t = parse_syntax(grammar_by_name(i % 2 ? "json" : "yaml"), i % 2 ? "[1, 2]" : "- 1\n- 2\n");
        if (t && !ts_node_has_error(t.root())) ++ok[i];
      }
    });
  for (auto& t : threads) t.join();
  for (int n : ok) CHECK(n == 50);
}
