// analyze_json on the tree-sitter JSON grammar (src/read/format_json.cc):
// what the walk keeps where the grammar recovers from broken input, and the
// diagnostics it words like the old reader. Small cases live in
// formats_test.cc; these are the recovery and hostile-input ones.
#include <catch2/catch.hpp>

#include <string>

#include "region_probe.h"

using namespace modelshift;
using namespace modelshift::testing;

TEST_CASE("json tree: values outside the broken part keep their key paths", "[json_tree]") {
  check_rows(analyze_json, {
      {"truncated notebook", "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"m = \\\"gpt-4o\\\"\\n\"",
       "gpt-4o", "Value cells[0].source[0] [45,61)", "1:44 malformed JSON: unexpected end of input, unclosed '['"},
      {"truncated nested object", "{\"models\": {\"a\": \"o1\", \"b\": [\"o3\", {\"c\": \"gpt-4.1\"", "gpt-4.1",
       "Value models.b[1].c [42,49)", "1:36 malformed JSON: unexpected end of input, unclosed '{'"},
      {"truncated inside a string", "{\"models\": {\"a\": \"gpt-4o\", \"b\": \"o1", "o1",
       "Value models.b [33,35)", "1:33 malformed JSON: unterminated string"},
      {"stray closer", "{\"a\": [1, 2}, \"m\": \"gpt-4o\"}", "gpt-4o", "Value m [20,26)",
       "1:12 malformed JSON: mismatched '}'"},
      {"missing comma", "{\"a\": 1\n \"m\": \"gpt-4o\"}", "gpt-4o", "Value m [15,21)",
       "2:2 malformed JSON: expected ',' or '}'"},
      {"string running into the next line", "{\"a\": \"x,\n\"m\": \"gpt-4o\"}", "gpt-4o", "Value m [16,22)",
       "1:7 malformed JSON: unterminated string"},
      {"bare word value", "{\"a\": gpt, \"m\": \"o1\"}", "o1", "Value m [17,19)",
       "1:7 malformed JSON: unexpected token 'gpt'"},
      {"JSON5 unquoted key", "{a: 1, b: \"gpt-4o\"}", "b", "Key b [7,8)",
       "1:2 malformed JSON: expected a string key"},
      {"JSON5 unquoted key, value", "{a: 1, b: \"gpt-4o\"}", "gpt-4o", "Value b [11,17)",
       "1:2 malformed JSON: expected a string key"},
      {"empty array slot still counts", "[1,,\"gpt-4o\"]", "gpt-4o", "Value [2] [5,11)",
       "1:4 malformed JSON: expected a value"},
      {"invalid number is one word", "{\"version\": 1.0.0}", "1.0.0", "Value version [12,17)",
       "1:13 malformed JSON: invalid number '1.0.0'"},
      {"missing colon", "{\"a\" 1, \"m\": \"gpt-4o\"}", "gpt-4o", "Value m [14,20)",
       "1:6 malformed JSON: expected ':'"},
      {"missing value", "{\"a\":, \"m\": \"gpt-4o\"}", "gpt-4o", "Value m [13,19)",
       "1:6 malformed JSON: expected a value"},
      {"invalid escape", "{\"a\": \"x\\q\", \"m\": \"gpt-4o\"}", "gpt-4o", "Value m [19,25)",
       "1:9 malformed JSON: invalid escape sequence in string"},
      {"control character", "{\"m\": \"gpt-4o\there\"}", "gpt-4o", "Value m [7,18)",
       "1:14 malformed JSON: control character in string"},
      {"unterminated comment", "{\"m\": \"o1\"} /* gpt-4o", "gpt-4o", "Comment  [12,21)",
       "1:13 malformed JSON: unterminated comment"},
      {"only a comment", "// gpt-4o\n", "gpt-4o", "Comment  [0,9)", "2:1 malformed JSON: no value"},
  });
}

TEST_CASE("json tree: JSONC trailing commas and comments are no diagnostic", "[json_tree]") {
  check_rows(analyze_json, {
      {"trailing comma in an array", "{\"a\": [\"gpt-4o\",]}", "gpt-4o", "Value a[0] [8,14)", ""},
      {"trailing comma, own line", "{\"x\": [\n \"a\",\n \"gpt-4o\",\n ]\n}", "gpt-4o", "Value x[1] [16,22)", ""},
      {"trailing comma before a comment", "{\"a\": [1, // c\n], \"m\": \"gpt-4o\",\n // x\n}", "gpt-4o",
       "Value m [24,30)", ""},
      {"CRLF line comment ends before CR", "{\r\n  // gpt-4o\r\n  \"m\": 1\r\n}", "gpt-4o", "Comment  [5,14)", ""},
      {"BOM", "\xEF\xBB\xBF{\"m\": \"gpt-4o\"}", "gpt-4o", "Value m [10,16)", ""},
      {"JSON Lines", "{\"m\": \"a\"}\n[\"gpt-4o\"]\n", "gpt-4o", "Value [0] [13,19)", ""},
  });
}

TEST_CASE("json tree: nesting past the limit is skipped, the rest is read", "[json_tree]") {
  std::string deep = std::string(600, '[') + "\"gpt-4o\"" + std::string(600, ']');
  std::string text = "{\"deep\": " + deep + ", \"m\": \"o1\"}";
  RegionTable t = analyze_json(text);
  CHECK(probe(t, text, "gpt-4o") == "none");
  CHECK(probe(t, text, "o1") == "Value m [1225,1227)");
  CHECK(first_diagnostic(t) == "1:521 malformed JSON: nesting deeper than 512 levels");

  // 100k unclosed levels: the nesting diagnostic, no crash (an explicit stack).
  std::string open(100000, '[');
  RegionTable u = analyze_json(open);
  CHECK(first_diagnostic(u) == "1:513 malformed JSON: nesting deeper than 512 levels");
  std::string keys;
  for (int i = 0; i < 100000; ++i) keys += "{\"a\":";
  CHECK(first_diagnostic(analyze_json(keys)) == "1:2561 malformed JSON: nesting deeper than 512 levels");
}
