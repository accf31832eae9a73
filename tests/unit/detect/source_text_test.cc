// The literal reader of src/detect/source_text.h on malformed input (issue 15,
// point 1): every literal ends (a stray or missing closer once made a list
// loop forever), and what it returns is the same whatever the language.
#include <catch2/catch.hpp>

#include <string>

#include "detect/source_text.h"

using namespace modelshift;

namespace {

// read_literal as text: "" for null (not a literal).
std::string read(const std::string& text) {
  nlohmann::ordered_json v = source_text::read_literal(text, text.find_first_of("{["));
  return v.is_null() ? std::string() : v.dump();
}

}  // namespace

TEST_CASE("literal reader: malformed literals end, with what can be read", "[source_text]") {
  struct Case {
    const char* text;
    const char* json;
  } cases[] = {
      // A stray closer in a list: the list is no literal; its holder keeps it as an expression.
      {R"j({"parameters": {"a": [}}})j", R"j({"parameters":{"a":{"expr":"[}"}}})j"},
      {R"j({"parameters": {"a": [}})j", ""},  // the outer object is not closed
      {R"j({"a": [)})j", R"j({"a":{"expr":"[)"}})j"},
      {R"j({"a": [1, }, 2]})j", ""},
      {"[}", ""},
      {"[)", ""},
      {"[1, 2)", ""},
      {"[,,,,}", ""},
      // The same in a PHP keyed array, before and after `=>`.
      {"['k' => }]", ""},
      {"['k' => 'v', ), 'j' => ]", ""},
      {R"j({"p": ['k' => }})j", R"j({"p":{"expr":"['k' => }"}})j"},
      // Objects with a stray closer, a spread or a symbol colon before it.
      {R"j({"a": {]})j", R"j({"a":{"expr":"{]"}})j"},
      {"{...]", ""},
      {"{:]", ""},
      {"{**}", "{}"},
      {R"j({"a": (}]})j", ""},
      // Unclosed: brackets deeper than the reader goes, strings, lists.
      {"[[[[[[[[[[[[}", ""},
      {R"j({"a": "b" "c" "d)j", ""},
      {"[1, 2", ""},
      {R"j({"a": 1)j", ""},
      {"{", ""},
      {"[", ""},
      // Well-formed input still reads as before.
      {R"j({"a": [1, 2], "b": {"c": "d" 'e'}})j", R"j({"a":[1,2],"b":{"c":"de"}})j"},
      {"[ ]", "[]"},
      {R"j({"a": [,1,,2,]})j", R"j({"a":[1,2]})j"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(read(c.text) == c.json);
  }
}

TEST_CASE("literal reader: long runs stay bounded", "[source_text]") {
  // Adjacent strings concatenate in a loop, not by recursion: a long run
  // cannot exhaust the stack of a scan thread.
  std::string run = "[\"x\"";
  for (int k = 0; k < 200000; ++k) run += " \"x\"";
  run += "]";
  std::string expect = "[\"" + std::string(200001, 'x') + "\"]";
  CHECK(read(run) == expect);
  // Brackets nested past the depth bound: the innermost are an expression.
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  std::string got = read(deep);
  CAPTURE(got.substr(0, 80));
  CHECK(got.find_first_not_of('[') == 65);
  CHECK(got.compare(65, 10, "{\"expr\":\"[") == 0);
  // A stray closer after many items.
  std::string items = "[";
  for (int k = 0; k < 1000; ++k) items += "1, ";
  CHECK(read(items + "}").empty());
  CHECK(read("{\"a\": " + items + "}}") == "{\"a\":{\"expr\":\"" + items + "}\"}}");
}
