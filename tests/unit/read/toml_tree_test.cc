// analyze_toml on the tree-sitter tree (format_toml.cc) and its recovery for
// broken files (toml_recover.cc): the two paths must agree on well-formed
// text, recovery must keep the values outside the broken part, and hostile
// input must keep the region invariants.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "read/regions.h"
#include "tree_reader_checks.h"

using namespace modelshift;
using modelshift::testing::repeat;

namespace {

const std::vector<std::string> kDocuments = {
    "model = \"gpt-4o\"\n",
    "# c\n[models]\ndefault = \"gpt-4o\" # trailing\nfast = 'o1-mini'\n",
    "[tool.llm.settings]\nmodel = 'gpt-4o'\n\"quoted.key\" = 1\na.'b c'.d = true\n",
    "[[providers]]\nname = \"a\"\n[[providers]]\nmodel = \"gpt-4o\"\n[providers.extra]\nx = 1\n",
    "[[a]]\n[[a.b]]\n[[a.b]]\nm = \"gpt-4o\"\n[[a]]\n[[a.b]]\nm = \"o1\"\n",
    "p = \"\"\"\nuse gpt-4o\nplease\"\"\"\nq = '''\nraw ''\n'''\nr = \"\"\"x\"\"\"\"\"\n",
    "models = [\n  \"a\", # gpt-3\n  \"gpt-4o\",\n  [1, 2.5, -3],\n]\n",
    "llm = { model = \"gpt-4o\", t = 0.1, nested = { a = [1, { b = \"c\" }] } }\n",
    "d1 = 1979-05-27T07:32:00Z\nd2 = 1979-05-27 07:32:00\nd3 = 1979-05-27\nd4 = 07:32:00\nn = +inf\n",
    "[a]\r\nm = \"gpt-4o\"\r\n# c\r\n",
    "\xEF\xBB\xBF[a]\nm = \"gpt-4o\"\n",
};

}  // namespace

TEST_CASE("toml: well-formed documents parse without a diagnostic", "[toml_tree]") {
  for (const std::string& doc : kDocuments) {
    INFO(doc);
    RegionTable t = analyze_toml(doc);
    CHECK(t.diagnostics.empty());
    CHECK(!t.regions.empty());
  }
}

TEST_CASE("toml: the recovery reads a document as the tree walk does", "[toml_tree]") {
  // A broken last line sends the whole file through the recovery; every
  // region before it must be the one the tree walk gives.
  modelshift::testing::check_recovery_agrees(analyze_toml, kDocuments, {"\nbroken = \"x\n", "\n[unclosed\n", "\nk = [1,\n"},
                                             "malformed TOML: ");
}

TEST_CASE("toml: recovery keeps key paths after the broken part", "[toml_tree]") {
  struct Row {
    const char* name;
    std::string text;
    std::string needle;
    std::string path;
    std::string message;
  };
  const std::vector<Row> rows = {
      {"unterminated string", "a = \"x\nb = \"gpt-4o\"\n", "gpt-4o", "b", "unterminated string"},
      {"unterminated array", "a = [1, 2\nb = \"gpt-4o\"\n", "gpt-4o", "b", "unterminated array"},
      {"unterminated inline table", "a = { x = 1,\n[t]\nb = \"gpt-4o\"\n", "gpt-4o", "t.b", "unterminated inline table"},
      {"unterminated header", "[t\nb = \"gpt-4o\"\n", "gpt-4o", "t.b", "unterminated table header"},
      {"array of tables after an error", "x = @\n[[p]]\n[[p]]\nm = \"gpt-4o\"\n", "gpt-4o", "p[1].m", ""},
      {"non-ASCII bare key", "[m]\nmodèle = \"gpt-4o\"\n", "gpt-4o", "m.modèle", ""},
      {"unterminated quoted key", "\"k = 1\n[t]\nm = \"gpt-4o\"\n", "gpt-4o", "t.m", "unterminated quoted key"},
      {"stray text", "m = \"a\" \"b\"\nn = 'gpt-4o'\n", "gpt-4o", "n", "unexpected content"},
      {"unterminated multi-line string", "a = 1\nm = \"\"\"gpt-4o\n", "gpt-4o", "m", "multi-line string"},
  };
  for (const Row& row : rows) {
    INFO(row.name << ": " << row.text);
    RegionTable t = analyze_toml(row.text);
    REQUIRE(t.diagnostics.size() == 1);
    CHECK(t.diagnostics[0].message.find(row.message) != std::string::npos);
    const Region* r = t.find(static_cast<uint32_t>(row.text.find(row.needle)));
    REQUIRE(r != nullptr);
    CHECK(r->kind == RegionKind::Value);
    CHECK(r->key_path == row.path);
  }
}

TEST_CASE("toml: deep nesting is cut at kMaxNesting on both paths", "[toml_tree]") {
  const size_t deep = regions_detail::kMaxNesting + 50;
  const std::vector<std::string> texts = {
      "a = " + repeat("[", deep) + "\"gpt-4o\"" + repeat("]", deep) + "\nb = 'o1'\n",      // well-formed
      "a = " + repeat("{x = ", deep) + "1" + repeat("}", deep) + "\nb = 'o1'\n",          // well-formed
      "a = " + repeat("[", 100000) + "\nb = 'o1'\n",                                    // broken
      "a = " + repeat("{x = ", 100000) + "\n",                                          // broken
  };
  for (const std::string& text : texts) {
    INFO(text.substr(0, 20));
    RegionTable t = analyze_toml(text);
    REQUIRE(t.diagnostics.size() == 1);
    CHECK(t.diagnostics[0].message.find("nesting deeper than") != std::string::npos);
    CHECK(t.diagnostics[0].line == 1);
  }
  RegionTable t = analyze_toml(texts[0]);
  const Region* r = t.find(static_cast<uint32_t>(texts[0].find("o1")));
  REQUIRE(r != nullptr);
  CHECK(r->key_path == "b");
}

TEST_CASE("toml: keys with more than kMaxKeyParts parts are reported", "[toml_tree]") {
  std::string key = "a";
  for (size_t i = 0; i < regions_detail::kMaxKeyParts + 5; ++i) key += ".a";
  for (const std::string& text : {key + " = 1\n", "[" + key + "]\nx = 1\n"}) {
    RegionTable t = analyze_toml(text);
    REQUIRE(t.diagnostics.size() == 1);
    CHECK(t.diagnostics[0].message.find("more than") != std::string::npos);
  }
}
