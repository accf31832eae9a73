// Positioned JSON reader (src/read/json_doc.cc): decoded values, source positions,
// escapes, json_source_offset, JSONC, error recovery and the depth limit.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "read/json_doc.h"

using namespace modelshift;

namespace {

std::string slice(const std::string& text, const JsonValue& v) { return text.substr(v.begin, v.end - v.begin); }

// 1-based line of a byte offset.
uint32_t line_of(const std::string& text, uint32_t off) {
  uint32_t line = 1;
  for (uint32_t i = 0; i < off && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

std::string rep(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("json_doc reads values with types and positions", "[json_doc]") {
  const std::string text = R"({"name": "gpt-4o", "n": -2.5e3, "ok": true, "no": false, "x": null, "list": [1, "a"]})";
  JsonParse p = parse_json(text, false);
  REQUIRE(p.ok);
  CHECK(p.diagnostics.empty());
  const JsonValue& root = p.root;
  REQUIRE(root.type == JsonValue::Type::Object);
  CHECK(root.begin == 0);
  CHECK(root.end == text.size());
  REQUIRE(root.keys.size() == 6);
  REQUIRE(root.items.size() == 6);

  struct Row {
    const char* key;
    JsonValue::Type type;
    std::string str;
    std::string source;
  };
  std::vector<Row> rows = {
      {"name", JsonValue::Type::String, "gpt-4o", "\"gpt-4o\""},
      {"n", JsonValue::Type::Number, "-2.5e3", "-2.5e3"},
      {"ok", JsonValue::Type::Bool, "true", "true"},
      {"no", JsonValue::Type::Bool, "false", "false"},
      {"x", JsonValue::Type::Null, "", "null"},
      {"list", JsonValue::Type::Array, "", "[1, \"a\"]"},
  };
  for (const Row& r : rows) {
    INFO(r.key);
    const JsonValue* v = root.get(r.key);
    REQUIRE(v != nullptr);
    CHECK(v->type == r.type);
    CHECK(v->str == r.str);
    CHECK(slice(text, *v) == r.source);
  }
  // Keys are String values with their own positions (quotes included).
  CHECK(root.keys[0].type == JsonValue::Type::String);
  CHECK(slice(text, root.keys[0]) == "\"name\"");
  CHECK(root.get("missing") == nullptr);
  CHECK(root.get("list")->items.at(1).str == "a");
  CHECK(root.get("list")->get("a") == nullptr);  // not an object
}

TEST_CASE("json_doc decodes escapes", "[json_doc]") {
  struct Row {
    const char* name;
    std::string json;
    std::string decoded;
  };
  std::vector<Row> rows = {
      {"simple escapes", R"("a\"b\\c\/d\b\f\n\r\t")", "a\"b\\c/d\b\f\n\r\t"},
      {"BMP \\u", R"("caf\u00e9 \u20ac")", "caf\xc3\xa9 \xe2\x82\xac"},
      {"upper-case hex", R"("\u00E9")", "\xc3\xa9"},
      {"surrogate pair", R"("\ud83d\ude00!")", "\xf0\x9f\x98\x80!"},
      {"lone high surrogate", R"("\ud800x")", "\xef\xbf\xbdx"},
      {"lone low surrogate", R"("\udc00")", "\xef\xbf\xbd"},
      {"high surrogate then non-surrogate", R"("\ud800\u0041")", "\xef\xbf\xbd" "A"},
      {"raw UTF-8 kept", "\"gr\xc3\xbc\xc3\x9f\"", "gr\xc3\xbc\xc3\x9f"},
      {"invalid UTF-8 kept", "\"\xff\xfe\"", "\xff\xfe"},
      {"NUL escape", R"("a\u0000b")", std::string("a\0b", 3)},
  };
  for (const Row& r : rows) {
    INFO(r.name);
    JsonParse p = parse_json(r.json, false);
    CHECK(p.ok);
    CHECK(p.root.type == JsonValue::Type::String);
    CHECK(p.root.str == r.decoded);
  }
}

TEST_CASE("json_source_offset maps decoded bytes back to the source", "[json_doc]") {
  // decoded: a é(2 bytes) b \n c 😀(4 bytes)
  const std::string text = R"(  "a\u00e9b\nc\ud83d\ude00")";
  JsonParse p = parse_json(text, false);
  REQUIRE(p.ok);
  const JsonValue& v = p.root;
  REQUIRE(v.str == "a\xc3\xa9" "b\nc\xf0\x9f\x98\x80");
  struct Row {
    uint32_t decoded;
    uint32_t source;
  };
  const uint32_t q = 2;  // opening quote
  std::vector<Row> rows = {
      {0, q + 1},                            // a
      {1, q + 2}, {2, q + 2},                // é -> its backslash
      {3, q + 8},                            // b
      {4, q + 9},                            // \n -> backslash
      {5, q + 11},                           // c
      {6, q + 12}, {9, q + 12},              // surrogate pair -> first backslash
      {10, q + 24},                          // end -> closing quote
      {99, q + 24},                          // past the end: clamped
  };
  for (const Row& r : rows) {
    INFO("decoded offset " << r.decoded);
    CHECK(json_source_offset(text, v, r.decoded) == r.source);
  }
  CHECK(text[q + 24] == '"');
}

TEST_CASE("json_doc gives notebook sources their physical lines", "[json_doc]") {
  const std::string nb =
      "{\n"
      " \"cells\": [\n"
      "  {\n"
      "   \"cell_type\": \"code\",\n"
      "   \"source\": [\n"
      "    \"import openai\\n\",\n"
      "    \"model = \\\"gpt-4o\\\"\\n\"\n"
      "   ]\n"
      "  }\n"
      " ],\n"
      " \"metadata\": {}\n"
      "}\n";
  JsonParse p = parse_json(nb, false);
  REQUIRE(p.ok);
  const JsonValue* cells = p.root.get("cells");
  REQUIRE(cells);
  const JsonValue* source = cells->items.at(0).get("source");
  REQUIRE(source);
  REQUIRE(source->items.size() == 2);
  const JsonValue& line2 = source->items[1];
  CHECK(line2.str == "model = \"gpt-4o\"\n");
  CHECK(line_of(nb, line2.begin) == 7);
  size_t dec = line2.str.find("gpt-4o");
  uint32_t src = json_source_offset(nb, line2, static_cast<uint32_t>(dec));
  CHECK(nb.substr(src, 6) == "gpt-4o");
  CHECK(line_of(nb, src) == 7);
  // The id's decoded end maps to the escaped quote after it.
  uint32_t end = json_source_offset(nb, line2, static_cast<uint32_t>(dec + 6));
  CHECK(nb.substr(end, 2) == "\\\"");
}

TEST_CASE("json_doc JSONC: comments and trailing commas", "[json_doc]") {
  const std::string text = "// head\n{\n  \"a\": 1, /* b */\n  \"c\": [2, 3,],\n}\n";
  JsonParse jsonc = parse_json(text, true);
  CHECK(jsonc.ok);
  CHECK(jsonc.diagnostics.empty());
  REQUIRE(jsonc.root.type == JsonValue::Type::Object);
  CHECK(jsonc.root.get("c")->items.size() == 2);

  JsonParse strict = parse_json(text, false);
  CHECK_FALSE(strict.ok);
  REQUIRE(strict.diagnostics.size() == 1);
  CHECK(strict.diagnostics[0].line == 1);
  CHECK(strict.diagnostics[0].column == 1);
  CHECK(strict.diagnostics[0].message.find("comments are not allowed") != std::string::npos);
  // Still read completely.
  CHECK(strict.root.get("c")->items.size() == 2);

  JsonParse trailing = parse_json("[1, 2,]", false);
  CHECK_FALSE(trailing.ok);
  CHECK(trailing.diagnostics.at(0).message.find("trailing comma") != std::string::npos);
}

TEST_CASE("json_doc malformed input: best effort plus a positioned diagnostic", "[json_doc]") {
  struct Row {
    const char* name;
    std::string text;
    uint32_t line, column;
    std::string message;
  };
  std::vector<Row> rows = {
      {"empty", "", 1, 1, "no value"},
      {"missing comma", "{\"a\": 1\n  \"b\": 2}", 2, 3, "expected ',' or '}'"},
      {"missing colon", "{\"a\" 1}", 1, 6, "expected ':'"},
      {"unterminated string", "[\"abc\n]", 1, 2, "unterminated string"},
      {"unclosed array", "{\"a\": [1, 2", 1, 7, "unclosed '['"},
      {"mismatched bracket", "[1, 2}", 1, 6, "mismatched '}'"},
      {"bad escape", "\"a\\qb\"", 1, 3, "invalid escape"},
      {"bad number", "[01]", 1, 2, "invalid number"},
      {"bare word", "{\"a\": gpt4}", 1, 7, "unexpected token 'gpt4'"},
      {"trailing content", "{} x", 1, 4, "unexpected content after the JSON value"},
      {"control character", "\"a\tb\"", 1, 3, "control character"},
      {"unterminated comment", "[1] /* x", 1, 5, "unterminated comment"},
  };
  for (const Row& r : rows) {
    INFO(r.name);
    JsonParse p = parse_json(r.text, true);
    CHECK_FALSE(p.ok);
    REQUIRE(p.diagnostics.size() == 1);
    CHECK(p.diagnostics[0].line == r.line);
    CHECK(p.diagnostics[0].column == r.column);
    CHECK(p.diagnostics[0].message.find(r.message) != std::string::npos);
    CHECK(p.diagnostics[0].message.rfind("malformed JSON: ", 0) == 0);
  }

  // Recovery keeps what follows the problem.
  JsonParse p = parse_json("{\"a\": 1 \"b\": \"gpt-4o\", \"c\": [1 2]}", false);
  REQUIRE(p.root.get("b"));
  CHECK(p.root.get("b")->str == "gpt-4o");
  CHECK(p.root.get("c")->items.size() == 2);

  JsonParse unclosed = parse_json("{\"a\": {\"b\": \"gpt-4o\"", false);
  REQUIRE(unclosed.root.get("a"));
  CHECK(unclosed.root.get("a")->get("b")->str == "gpt-4o");
  CHECK(unclosed.root.end == 20);
}

TEST_CASE("json_doc depth limit", "[json_doc]") {
  JsonParse p = parse_json("[[[[\"x\"]]], 2]", false, 3);
  CHECK_FALSE(p.ok);
  REQUIRE(p.diagnostics.size() == 1);
  CHECK(p.diagnostics[0].message.find("nesting deeper than 3 levels") != std::string::npos);
  CHECK(p.diagnostics[0].column == 4);
  // The too-deep container is a Null spanning its source; siblings survive.
  REQUIRE(p.root.items.size() == 2);
  const JsonValue& skipped = p.root.items[0].items[0].items[0];
  CHECK(skipped.type == JsonValue::Type::Null);
  CHECK(skipped.begin == 3);
  CHECK(skipped.end == 8);
  CHECK(p.root.items[1].str == "2");

  // Hostile nesting: no crash, even when the caller asks for a huge limit.
  for (size_t limit : {size_t{256}, size_t{1} << 30}) {
    INFO("limit " << limit);
    std::string deep = rep("[", 100000) + rep("]", 100000);
    JsonParse d = parse_json(deep, false, limit);
    CHECK_FALSE(d.ok);
    std::string deep_obj = rep("{\"a\":", 100000);
    JsonParse o = parse_json(deep_obj, true, limit);
    CHECK_FALSE(o.ok);
    CHECK(o.diagnostics.size() == 1);
  }
}

TEST_CASE("json_doc BOM, CRLF, JSON Lines", "[json_doc]") {
  JsonParse bom = parse_json("\xEF\xBB\xBF{\"a\": \"b\"}", false);
  CHECK(bom.ok);
  CHECK(bom.root.begin == 3);

  JsonParse crlf = parse_json("{\r\n\"a\": \"b\"\r\n}\r\n", false);
  CHECK(crlf.ok);
  CHECK(crlf.root.get("a")->str == "b");

  // One value per document: JSON Lines are analyze_json's (format_json.cc).
  JsonParse lines = parse_json("{\"m\": 1}\n{\"m\": 2}\n", false);
  CHECK_FALSE(lines.ok);
  REQUIRE(lines.root.get("m") != nullptr);
  CHECK(lines.root.get("m")->str == "1");
  REQUIRE(lines.diagnostics.size() == 1);
  CHECK(lines.diagnostics[0].line == 2);
  CHECK(lines.diagnostics[0].message.find("unexpected content after the JSON value") != std::string::npos);
}

TEST_CASE("json_decode_string and json_number_valid, shared with analyze_json", "[json_doc]") {
  struct Row {
    std::string body, decoded;
  };
  for (const Row& r : std::vector<Row>{{"plain", "plain"},
                                       {"a\\\"b", "a\"b"},
                                       {"mod\\u00e8le", "mod\xc3\xa8le"},
                                       {"\\ud83d\\ude00", "\xf0\x9f\x98\x80"},
                                       {"\\ud83d", "\xef\xbf\xbd"},
                                       {"tab\\there", "tab\there"},
                                       {"bad\\q", "badq"}}) {
    INFO(r.body);
    CHECK(json_decode_string(r.body) == r.decoded);
  }
  for (const char* ok : {"0", "-1", "1.5", "2e10", "-0.5E-3"}) CHECK(json_number_valid(ok));
  for (const char* bad : {"", "-", "01", "1.", ".5", "+1", "1e", "1.0.0", "0x10"}) {
    INFO(bad);
    CHECK_FALSE(json_number_valid(bad));
  }
}
