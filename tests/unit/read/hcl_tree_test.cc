// analyze_hcl on the tree-sitter tree (format_hcl.cc) and its recovery for
// broken files (hcl_recover.cc, hcl_tokens.cc): the two paths must agree on
// well-formed text, recovery must keep the values outside the broken part,
// and hostile input must keep the region invariants.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "read/regions.h"
#include "tree_reader_checks.h"

using namespace modelshift;
using modelshift::testing::repeat;

namespace {

const std::vector<std::string> kDocuments = {
    "resource \"azurerm_cognitive_deployment\" \"chat\" {\n  name = \"chat\"\n  model {\n    name = \"gpt-4o\"\n  }\n}\n",
    "variable \"model\" { default = \"gpt-4o\" }\n",
    "locals {\n  models = {\n    primary = \"gpt-4o\"\n    \"quoted key\" = \"x\"\n    c: \"o1\"\n  }\n}\n",
    "models = [\"a\", \"gpt-4o\", [1, 2.5e3, true, null]]\n",
    "d = [\n  { name = \"a\" },\n  { name = \"gpt-4o\" },\n]\n",
    "n = \"${var.prefix}-gpt-4o-%{if var.x}on%{endif}\"\nm = lower(\"GPT-4O\")\n",
    "p = <<EOF\nuse gpt-4o\nEOF\nq = <<-EOT\n    o1\n  EOT\n",
    "r = local.gpt-4o.id\ns = var.list.0\nt = var.m[\"k\"].x\nu = aws_instance.w[*].id\n",
    "c = var.x ? \"gpt-4o\" : \"o1\"\nf = [for x in var.l : upper(x) if x != \"\"]\no = { (var.k) = 1 }\n",
    "# hash\n// slashes\n/* block\n gpt-4 */\nm = 1 # trailing\n",
    "a {\r\n  m = \"gpt-4o\"\r\n}\r\n",
    "model { format = \"OpenAI\" name = \"gpt-4o\" }\n",
};

std::string bytes_text() {
  static const char kText[] = "a\0b = \"x\0y\"\nc = \"gpt-4o\"\n";
  return std::string(kText, sizeof kText - 1);
}

}  // namespace

TEST_CASE("hcl: well-formed documents parse without a diagnostic", "[hcl_tree]") {
  for (const std::string& doc : kDocuments) {
    INFO(doc);
    RegionTable t = analyze_hcl(doc);
    CHECK(t.diagnostics.empty());
    CHECK(!t.regions.empty());
  }
}

TEST_CASE("hcl: the recovery reads a document as the tree walk does", "[hcl_tree]") {
  // A broken last line sends the whole file through the recovery; every
  // region before it must be the one the tree walk gives.
  modelshift::testing::check_recovery_agrees(analyze_hcl, kDocuments, {"\nbroken = \"x\n", "\nb \"l\" {\n", "\nk = [1,\n", "\nz = 1 /* open\n"},
                                             "malformed HCL: ");
}

TEST_CASE("hcl: recovery keeps key paths after the broken part", "[hcl_tree]") {
  struct Row {
    const char* name;
    std::string text;
    std::string needle;
    RegionKind kind;
    std::string path;
    std::string message;
  };
  const std::vector<Row> rows = {
      {"unterminated string", "a = \"x\nb { c = \"gpt-4o\" }\n", "gpt-4o", RegionKind::Value, "b.c",
       "unterminated string"},
      {"unterminated string, next line", "m = \"gpt-4o\nb {\n  c = \"o1\"\n}\n", "o1", RegionKind::Value, "b.c",
       "unterminated string"},
      {"block without brace", "resource \"a\"\nm = \"gpt-4o\"\n", "gpt-4o", RegionKind::Value, "m",
       "expected '=' or '{'"},
      {"unclosed block", "a {\n  m = \"gpt-4o\"\n", "gpt-4o", RegionKind::Value, "a.m", "unclosed '{'"},
      {"unterminated comment", "r \"x\" \"y\" {\n  m = \"o1\"\n  /* open gpt-4\n", "gpt-4", RegionKind::Comment, "",
       "unterminated /* comment"},
      {"unterminated heredoc", "a = 1\nm = <<EOF\ngpt-4o\n", "gpt-4o", RegionKind::Value, "m",
       "unterminated heredoc (missing EOF)"},
      {"NUL byte in a name", bytes_text(), "gpt-4o", RegionKind::Value, "c", ""},
  };
  for (const Row& row : rows) {
    INFO(row.name << ": " << row.text);
    RegionTable t = analyze_hcl(row.text);
    REQUIRE(t.diagnostics.size() == 1);
    CHECK(t.diagnostics[0].message.find(row.message) != std::string::npos);
    const Region* r = t.find(static_cast<uint32_t>(row.text.find(row.needle)));
    REQUIRE(r != nullptr);
    CHECK(r->kind == row.kind);
    CHECK(r->key_path == row.path);
  }
}

TEST_CASE("hcl: deep nesting is cut at kMaxNesting on both paths", "[hcl_tree]") {
  const size_t deep = regions_detail::kMaxNesting + 50;
  const std::vector<std::string> texts = {
      "a = " + repeat("[", deep) + "\"gpt-4o\"" + repeat("]", deep) + "\nb = \"o1\"\n",  // well-formed
      repeat("a {\n", deep) + "m = 1\n" + repeat("}\n", deep) + "b = \"o1\"\n",          // well-formed
      "a = " + repeat("[", 100000) + "\n",                                            // broken
      "a = " + repeat("{x = ", 100000) + "\n",                                        // broken
  };
  for (const std::string& text : texts) {
    INFO(text.substr(0, 20));
    RegionTable t = analyze_hcl(text);
    REQUIRE(t.diagnostics.size() == 1);
    CHECK(t.diagnostics[0].message.find("nesting deeper than") != std::string::npos);
  }
  for (size_t i : {0, 1}) {
    RegionTable t = analyze_hcl(texts[i]);
    const Region* r = t.find(static_cast<uint32_t>(texts[i].find("o1")));
    REQUIRE(r != nullptr);
    CHECK(r->key_path == "b");
  }
}

TEST_CASE("hcl: blocks with more than kMaxKeyParts labels are reported", "[hcl_tree]") {
  std::string labels;
  for (size_t i = 0; i < regions_detail::kMaxKeyParts + 5; ++i) labels += " \"l\"";
  RegionTable t = analyze_hcl("b" + labels + " {\n  m = 1\n}\n");
  REQUIRE(t.diagnostics.size() == 1);
  CHECK(t.diagnostics[0].message.find("more than") != std::string::npos);
}
