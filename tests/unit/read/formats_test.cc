// Region analyzers (src/format_*.cc): table-driven. Each case names a text, a
// substring to locate in it, and what RegionTable::find must say about the
// substring's first byte: kind and key path (or no region at all). The whole
// substring must lie inside that region; `exact` cases also require the region
// to be exactly the substring (quotes excluded), which is what the scanner
// needs for ids that must fill a value. Cases not marked malformed must give
// no diagnostic.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "read/regions.h"

using namespace modelshift;

namespace {

using Analyzer = RegionTable (*)(std::string_view);

enum class Want { Value, Key, Comment, None };

struct Case {
  const char* name;
  std::string text;
  std::string needle;
  Want want;
  std::string path;
  int nth = 0;             // which occurrence of the needle (0 = first)
  bool exact = false;      // region == needle
  bool malformed = false;  // a diagnostic is expected (else: none allowed)
};

struct DiagCase {
  const char* name;
  std::string text;
  uint32_t line;  // expected 1-based position of the first diagnostic (0: any)
  uint32_t column;
  std::string message;  // substring of the message
};

const char* kind_name(RegionKind k) {
  switch (k) {
    case RegionKind::Value: return "Value";
    case RegionKind::Key: return "Key";
    case RegionKind::Comment: return "Comment";
  }
  return "?";
}
const char* want_name(Want w) {
  switch (w) {
    case Want::Value: return "Value";
    case Want::Key: return "Key";
    case Want::Comment: return "Comment";
    case Want::None: return "none";
  }
  return "?";
}

size_t nth_offset(const std::string& text, const std::string& needle, int nth) {
  size_t off = text.find(needle);
  for (int i = 0; i < nth && off != std::string::npos; ++i) off = text.find(needle, off + 1);
  return off;
}

void check_invariants(const RegionTable& t, size_t size) {
  uint32_t last_end = 0;
  bool ok = true;
  for (const Region& r : t.regions) {
    if (!(r.begin < r.end && r.end <= size && r.begin >= last_end)) ok = false;
    last_end = r.end;
  }
  CHECK(ok);  // sorted, non-empty, non-overlapping, inside the text
  for (const Diagnostic& d : t.diagnostics) {
    CHECK(d.line >= 1);
    CHECK(d.column >= 1);
    CHECK(!d.message.empty());
  }
  CHECK(t.diagnostics.size() <= 1);
}

void run_cases(Analyzer analyze, const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    INFO("case: " << c.name);
    INFO("text: " << c.text);
    size_t off = nth_offset(c.text, c.needle, c.nth);
    REQUIRE(off != std::string::npos);
    RegionTable t = analyze(c.text);
    check_invariants(t, c.text.size());
    if (c.malformed) {
      CHECK(!t.diagnostics.empty());
    } else if (!t.diagnostics.empty()) {
      FAIL_CHECK("unexpected diagnostic: " << t.diagnostics[0].line << ":" << t.diagnostics[0].column << " "
                                           << t.diagnostics[0].message);
    }
    const Region* r = t.find(static_cast<uint32_t>(off));
    if (c.want == Want::None) {
      CHECK(r == nullptr);
      continue;
    }
    if (!r) {
      FAIL_CHECK("no region at '" << c.needle << "', want " << want_name(c.want) << " " << c.path);
      continue;
    }
    INFO("region: [" << r->begin << "," << r->end << ") '" << c.text.substr(r->begin, r->end - r->begin) << "'");
    CHECK(std::string(kind_name(r->kind)) == want_name(c.want));
    CHECK(r->key_path == c.path);
    CHECK(r->end >= off + c.needle.size());
    if (c.exact) {
      CHECK(r->begin == off);
      CHECK(r->end == off + c.needle.size());
    }
  }
}

void run_diag_cases(Analyzer analyze, const std::vector<DiagCase>& cases) {
  for (const DiagCase& c : cases) {
    INFO("case: " << c.name);
    INFO("text: " << c.text);
    RegionTable t = analyze(c.text);
    check_invariants(t, c.text.size());
    REQUIRE(t.diagnostics.size() == 1);
    const Diagnostic& d = t.diagnostics[0];
    INFO("diagnostic: " << d.line << ":" << d.column << " " << d.message);
    if (c.line) CHECK(d.line == c.line);
    if (c.column) CHECK(d.column == c.column);
    CHECK(d.message.find(c.message) != std::string::npos);
    CHECK(d.path.empty());
  }
}

// A string literal with embedded NUL bytes.
template <size_t N>
std::string bytes(const char (&s)[N]) {
  return std::string(s, N - 1);
}

std::string rep(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

struct Named {
  const char* name;
  Analyzer fn;
};
const std::vector<Named> kAll = {
    {"yaml", analyze_yaml},   {"json", analyze_json}, {"toml", analyze_toml}, {"keyvalue", analyze_keyvalue},
    {"dockerfile", analyze_dockerfile}, {"hcl", analyze_hcl}, {"shell", analyze_shell}, {"sql", analyze_sql},
};

}  // namespace

// ---------------------------------------------------------------- find()

TEST_CASE("RegionTable::find is a containment lookup", "[formats]") {
  RegionTable t;
  t.regions = {{2, 5, RegionKind::Key, "a"}, {5, 6, RegionKind::Value, "a"}, {10, 20, RegionKind::Comment, ""}};
  struct Row {
    uint32_t off;
    int index;  // -1: none
  };
  for (Row row : {Row{0, -1}, Row{1, -1}, Row{2, 0}, Row{4, 0}, Row{5, 1}, Row{6, -1}, Row{9, -1}, Row{10, 2},
                  Row{19, 2}, Row{20, -1}, Row{1000, -1}}) {
    INFO("offset " << row.off);
    const Region* r = t.find(row.off);
    if (row.index < 0)
      CHECK(r == nullptr);
    else
      CHECK(r == &t.regions[static_cast<size_t>(row.index)]);
  }
  CHECK(RegionTable{}.find(0) == nullptr);
}

// ---------------------------------------------------------------- YAML

TEST_CASE("yaml regions and key paths", "[formats]") {
  std::vector<Case> cases = {
      {"nested mapping", "models:\n  default_generation:\n    current: gpt-4o\n", "gpt-4o", Want::Value,
       "models.default_generation.current", 0, true},
      {"key region has its own path", "models:\n  default_generation:\n    current: gpt-4o\n", "current", Want::Key,
       "models.default_generation.current", 0, true},
      {"litellm list", "model_list:\n  - model_name: gpt-4o\n    litellm_params:\n      model: azure/gpt-4o\n",
       "azure/gpt-4o", Want::Value, "model_list[0].litellm_params.model", 0, true},
      {"second sequence item",
       "model_list:\n  - model_name: a\n    x: 1\n  - model_name: claude-3-5-sonnet-20240620\n",
       "claude-3-5-sonnet-20240620", Want::Value, "model_list[1].model_name", 0, true},
      {"indentless sequence", "models:\n- gpt-4o\n- o1-mini\nother: x\n", "o1-mini", Want::Value, "models[1]", 0,
       true},
      {"key after indentless sequence", "models:\n- gpt-4o\nother: o1\n", "o1", Want::Value, "other", 0, true},
      {"nested sequences on one line", "matrix:\n  - - a\n    - gpt-4o\n", "gpt-4o", Want::Value, "matrix[0][1]", 0,
       true},
      {"top-level sequence", "- gpt-4o\n- name: o1\n", "o1", Want::Value, "[1].name", 0, true},
      {"sequence of mappings, deeper",
       "steps:\n  - name: build\n    with:\n      models:\n        - gpt-4o\n        - o3\n", "o3", Want::Value,
       "steps[0].with.models[1]", 0, true},
      {"dedent to parent", "a:\n  b:\n    c: 1\n  d: gpt-4o\n", "gpt-4o", Want::Value, "a.d", 0, true},
      {"empty value then sibling", "a:\nb: gpt-4o\n", "gpt-4o", Want::Value, "b", 0, true},
      {"flow mapping", "cfg: {model: gpt-4o, temperature: 0.2}\n", "gpt-4o", Want::Value, "cfg.model", 0, true},
      {"flow mapping key", "cfg: {model: gpt-4o}\n", "model", Want::Key, "cfg.model", 0, true},
      {"flow sequence", "models: [gpt-4o, \"o1\"]\n", "o1", Want::Value, "models[1]", 0, true},
      {"nested flow", "x: {a: [y, {b: gpt-4o}]}\n", "gpt-4o", Want::Value, "x.a[1].b", 0, true},
      {"multi-line flow", "models: [\n  gpt-4o,\n  # c\n  o1\n]\nnext: 1\n", "o1", Want::Value, "models[1]", 0, true},
      {"comment inside multi-line flow", "models: [\n  gpt-4o, # use gpt-4\n]\n", "gpt-4", Want::Comment, "", 1},
      {"json-style flow", "{\"model\": \"gpt-4o\", \"n\": [1]}\n", "gpt-4o", Want::Value, "model", 0, true},
      {"double-quoted key with dot", "\"azure.deployment\": gpt-4o\n", "gpt-4o", Want::Value, "azure.deployment", 0,
       true},
      {"single-quoted key with space", "'my model': gpt-4o\n", "my model", Want::Key, "my model", 0, true},
      {"plain key with dot", "openai.model: gpt-4o\n", "gpt-4o", Want::Value, "openai.model", 0, true},
      {"double-quoted value excludes quotes", "model: \"gpt-4o\"\n", "gpt-4o", Want::Value, "model", 0, true},
      {"single-quoted value with '' escape", "model: 'it''s gpt-4o'\n", "gpt-4o", Want::Value, "model"},
      {"multi-line double-quoted", "model: \"first\n  gpt-4o\"\nnext: x\n", "gpt-4o", Want::Value, "model"},
      {"hash inside quotes is not a comment", "model: \"gpt-4o # not a comment\"\n", "not a comment", Want::Value,
       "model"},
      {"hash without blank is not a comment", "model: gpt-4o#tag\n", "gpt-4o#tag", Want::Value, "model", 0, true},
      {"url value", "url: http://host/gpt-4o\n", "gpt-4o", Want::Value, "url"},
      {"multi-line plain scalar", "description: uses\n  gpt-4o for chat\n  and more\nnext: 1\n", "gpt-4o",
       Want::Value, "description"},
      {"plain scalar stops before next key", "description: uses\n  gpt-4o\nnext: o1\n", "o1", Want::Value, "next", 0,
       true},
      {"literal block scalar", "prompt: |\n  You are gpt-4o.\n  Be brief.\nnext: x\n", "gpt-4o", Want::Value,
       "prompt"},
      {"hash in block scalar is content", "prompt: |\n  text\n  # not a comment\nnext: x\n", "not a comment",
       Want::Value, "prompt"},
      {"block scalar ends at dedent", "prompt: |\n  text\nnext: gpt-4o\n", "gpt-4o", Want::Value, "next", 0, true},
      {"folded block scalar with indicators", "a:\n  b: >-\n    text gpt-4o\n\n    more\n  c: 1\n", "more",
       Want::Value, "a.b"},
      {"block scalar with keep and indent indicators", "k: |+2\n   gpt-4o\n\nz: 1\n", "gpt-4o", Want::Value, "k"},
      {"block scalar in a sequence", "- |\n  gpt-4o\n- o1\n", "o1", Want::Value, "[1]", 0, true},
      {"block scalar header comment", "k: | # gpt-4o note\n  text\n", "gpt-4o", Want::Comment, ""},
      {"full-line comment", "# gpt-4o comment\nmodel: x\n", "gpt-4o", Want::Comment, ""},
      {"inline comment", "model: x # use gpt-4o\n", "gpt-4o", Want::Comment, ""},
      {"indented comment line", "a:\n  # gpt-4o\n  b: 1\n", "gpt-4o", Want::Comment, ""},
      {"second document restarts paths", "model: a\n---\nmodel: gpt-4o\n", "gpt-4o", Want::Value, "model", 0, true},
      {"document end marker", "a:\n  b: 1\n...\n---\nother: o1\n", "o1", Want::Value, "other", 0, true},
      {"document start with a scalar", "--- gpt-4o\n", "gpt-4o", Want::Value, "", 0, true},
      {"document start with block scalar", "--- |\n  gpt-4o\n", "gpt-4o", Want::Value, "", 0, true},
      {"directive", "%YAML 1.2\n---\nm: gpt-4o\n", "gpt-4o", Want::Value, "m", 0, true},
      {"anchor on a mapping", "base: &b\n  model: gpt-4o\n", "gpt-4o", Want::Value, "base.model", 0, true},
      {"anchor on a value", "model: &m gpt-4o\n", "gpt-4o", Want::Value, "model", 0, true},
      {"merge key", "derived:\n  <<: *b\n  alt: o1\n", "<<", Want::Key, "derived.<<", 0, true},
      {"alias is not a value", "ref: *gpt4\n", "gpt4", Want::None, ""},
      {"tag", "alt: !!str o1\n", "o1", Want::Value, "alt", 0, true},
      {"anchor before a key", "&x model: gpt-4o\n", "gpt-4o", Want::Value, "model", 0, true},
      {"complex key", "? gpt-4o\n: chat\n", "gpt-4o", Want::Key, "gpt-4o", 0, true},
      {"complex key value", "? gpt-4o\n: chat\n", "chat", Want::Value, "gpt-4o", 0, true},
      {"tab after colon", "key:\tgpt-4o\n", "gpt-4o", Want::Value, "key", 0, true},
      {"CRLF line endings", "a:\r\n  b: gpt-4o\r\n  c: \"o1\"\r\n", "gpt-4o", Want::Value, "a.b", 0, true},
      {"CRLF block scalar", "p: |\r\n  gpt-4o\r\nq: 1\r\n", "gpt-4o", Want::Value, "p", 0, true},
      {"byte order mark", "\xEF\xBB\xBFmodel: gpt-4o\n", "gpt-4o", Want::Value, "model", 0, true},
      {"invalid UTF-8 and NUL kept as bytes", bytes("k\xff: v\xc3\x28 gpt-4o\nn: a\0b\n"), "gpt-4o",
       Want::Value, "k\xff"},
      {"github actions style", "jobs:\n  test:\n    env:\n      MODEL: gpt-4o\n", "gpt-4o", Want::Value,
       "jobs.test.env.MODEL", 0, true},
      // Malformed input still yields regions after the problem.
      {"unterminated quote, recovery", "model: \"gpt-4o\nnext: o1\n", "o1", Want::Value, "next", 0, true, true},
      {"unterminated flow, recovery", "a: [x, y\nb: gpt-4o\n", "gpt-4o", Want::Value, "b", 0, true, true},
  };
  run_cases(analyze_yaml, cases);
}

TEST_CASE("yaml diagnostics", "[formats]") {
  run_diag_cases(analyze_yaml, {
      {"unterminated double quote", "a: 1\nmodel: \"gpt-4o\nnext: 1\n", 2, 8, "malformed YAML: unterminated quoted scalar"},
      {"unterminated single quote at EOF", "model: 'gpt-4o", 1, 8, "unterminated quoted scalar"},
      {"unterminated flow", "a: [x, y\nb: 1\n", 1, 4, "unterminated flow collection"},
      {"unterminated flow at EOF", "a: {x: [1, 2", 1, 4, "unterminated flow collection"},
      {"bad indentation", "a: 1\n  b: 2\n", 2, 3, "unexpected indentation"},
      {"tab indentation", "a:\n\tb: 1\n", 2, 1, "tab"},
      {"mapping value in plain scalar", "key: a: b\n", 1, 7, "mapping values are not allowed"},
      {"missing colon", "a: 1\nfoo\n", 2, 1, "could not find expected ':'"},
      {"content after quoted value", "a: \"x\" y\n", 1, 8, "unexpected content"},
      {"bad block scalar header", "a: |x\n  t\n", 1, 5, "invalid block scalar header"},
      {"deep block nesting", rep("- ", 5000) + "x\n", 1, 0, "nesting deeper than"},
      {"deep flow nesting", "a: " + rep("[", 100000), 1, 0, "nesting deeper than"},
  });
}

// ---------------------------------------------------------------- JSON

TEST_CASE("json regions and key paths", "[formats]") {
  std::vector<Case> cases = {
      {"nested object", "{\"models\": {\"default\": {\"current\": \"gpt-4o\"}}}", "gpt-4o", Want::Value,
       "models.default.current", 0, true},
      {"key region", "{\"models\": {\"current\": \"gpt-4o\"}}", "current", Want::Key, "models.current", 0, true},
      {"array items", "{\"model_list\": [{\"x\": 1}, {\"litellm_params\": {\"model\": \"azure/gpt-4o\"}}]}",
       "azure/gpt-4o", Want::Value, "model_list[1].litellm_params.model", 0, true},
      {"top-level array", "[\"a\", \"gpt-4o\"]", "gpt-4o", Want::Value, "[1]", 0, true},
      {"top-level string", "\"gpt-4o\"", "gpt-4o", Want::Value, "", 0, true},
      {"number value", "{\"max_tokens\": 4096}", "4096", Want::Value, "max_tokens", 0, true},
      {"bool value", "{\"stream\": true}", "true", Want::Value, "stream", 0, true},
      {"null has no region", "{\"model\": null}", "null", Want::None, ""},
      {"key with dot kept as written", "{\"azure.model\": \"gpt-4o\"}", "gpt-4o", Want::Value, "azure.model", 0, true},
      {"escaped key is decoded", "{\"a\\\"b\": \"gpt-4o\"}", "gpt-4o", Want::Value, "a\"b", 0, true},
      {"unicode escape in key", "{\"mod\\u00e8le\": \"gpt-4o\"}", "gpt-4o", Want::Value, "mod\xc3\xa8le", 0, true},
      {"string with escapes covers the source", "{\"p\": \"use\\ngpt-4o\\t!\"}", "gpt-4o", Want::Value, "p"},
      {"line comment", "{\n  // default gpt-4o\n  \"m\": 1\n}", "gpt-4o", Want::Comment, ""},
      {"block comment", "{ /* gpt-4o */ \"m\": \"o1\" }", "gpt-4o", Want::Comment, ""},
      {"value after block comment", "{ /* gpt-4o */ \"m\": \"o1\" }", "o1", Want::Value, "m", 0, true},
      {"comment markers inside strings", "{\"u\": \"http://x/*gpt-4o*/\"}", "gpt-4o", Want::Value, "u"},
      {"trailing commas (JSONC)", "{\"a\": [\"gpt-4o\",],}", "gpt-4o", Want::Value, "a[0]", 0, true},
      {"JSON Lines restart paths", "{\"model\": \"a\"}\n{\"model\": \"gpt-4o\"}\n", "gpt-4o", Want::Value, "model", 0,
       true},
      {"CRLF", "{\r\n  \"m\": \"gpt-4o\"\r\n}\r\n", "gpt-4o", Want::Value, "m", 0, true},
      {"BOM", "\xEF\xBB\xBF{\"m\": \"gpt-4o\"}", "gpt-4o", Want::Value, "m", 0, true},
      {"missing comma, recovery", "{\"a\": 1 \"m\": \"gpt-4o\"}", "gpt-4o", Want::Value, "m", 0, true, true},
      {"unterminated string, recovery", "{\"a\": \"x,\n\"m\": \"gpt-4o\"}", "gpt-4o", Want::Value, "m", 0, true, true},
  };
  run_cases(analyze_json, cases);
}

TEST_CASE("json diagnostics", "[formats]") {
  run_diag_cases(analyze_json, {
      {"missing comma", "{\"a\": 1\n \"b\": 2}", 2, 2, "malformed JSON: expected ',' or '}'"},
      {"unterminated string", "{\"a\": \"gpt-4o\n}", 1, 7, "unterminated string"},
      {"unclosed object", "{\"a\": [1, 2]", 1, 1, "unclosed '{'"},
      {"unterminated comment", "{} /* gpt-4o", 1, 4, "unterminated comment"},
      {"bare word", "{\"a\": gpt}", 1, 7, "unexpected token"},
      {"deep nesting", rep("[", 100000), 1, 0, "nesting deeper than"},
  });
}

// ---------------------------------------------------------------- TOML

TEST_CASE("toml regions and key paths", "[formats]") {
  std::vector<Case> cases = {
      {"top-level key", "model = \"gpt-4o\"\n", "gpt-4o", Want::Value, "model", 0, true},
      {"table", "[models]\ndefault = \"gpt-4o\"\n", "gpt-4o", Want::Value, "models.default", 0, true},
      {"dotted table", "[tool.llm.settings]\nmodel = 'gpt-4o'\n", "gpt-4o", Want::Value, "tool.llm.settings.model", 0,
       true},
      {"table header key region", "[tool.llm]\nm = 1\n", "llm", Want::Key, "tool.llm", 0, true},
      {"array of tables", "[[providers]]\nname = \"a\"\n[[providers]]\nmodel = \"gpt-4o\"\n", "gpt-4o", Want::Value,
       "providers[1].model", 0, true},
      {"sub-table of an array element", "[[fruits]]\nn = 1\n[fruits.physical]\ncolor = \"gpt-4o\"\n", "gpt-4o",
       Want::Value, "fruits[0].physical.color", 0, true},
      {"nested array of tables", "[[a]]\n[[a.b]]\n[[a.b]]\nm = \"gpt-4o\"\n[[a]]\n[[a.b]]\nm = \"o1\"\n", "o1",
       Want::Value, "a[1].b[0].m", 0, true},
      {"dotted key", "llm.openai.model = \"gpt-4o\"\n", "gpt-4o", Want::Value, "llm.openai.model", 0, true},
      {"dotted key segment region", "llm.openai.model = \"gpt-4o\"\n", "openai", Want::Key, "llm.openai", 0, true},
      {"quoted key with dot", "[m]\n\"azure.deployment\" = \"gpt-4o\"\n", "gpt-4o", Want::Value, "m.azure.deployment",
       0, true},
      {"literal string", "m = 'C:\\gpt-4o'\n", "C:\\gpt-4o", Want::Value, "m", 0, true},
      {"multi-line basic string", "p = \"\"\"\nuse gpt-4o\nplease\"\"\"\nx = 1\n", "gpt-4o", Want::Value, "p"},
      {"multi-line literal string", "p = '''\ngpt-4o # not a comment\n'''\n", "not a comment", Want::Value, "p"},
      {"array items", "models = [\"a\", \"gpt-4o\"]\n", "gpt-4o", Want::Value, "models[1]", 0, true},
      {"multi-line array with comments", "models = [\n  \"a\", # gpt-3\n  \"gpt-4o\",\n]\n", "gpt-4o", Want::Value,
       "models[1]", 0, true},
      {"comment in array", "models = [\n  \"a\", # gpt-3\n]\n", "gpt-3", Want::Comment, ""},
      {"inline table", "llm = { model = \"gpt-4o\", t = 0.1 }\n", "gpt-4o", Want::Value, "llm.model", 0, true},
      {"inline table in array", "x = [{ id = \"a\" }, { id = \"gpt-4o\" }]\n", "gpt-4o", Want::Value, "x[1].id", 0,
       true},
      {"nested arrays", "x = [[1, 2], [\"gpt-4o\"]]\n", "gpt-4o", Want::Value, "x[1][0]", 0, true},
      {"number, bool, date", "n = 42\nb = true\nd = 1979-05-27 07:32:00Z\n", "07:32", Want::Value, "d"},
      {"comment", "# default gpt-4o\nm = 1 # or gpt-4\n", "gpt-4", Want::Comment, "", 1},
      {"hash inside string", "m = \"gpt-4o # x\"\n", "# x", Want::Value, "m"},
      {"CRLF", "[a]\r\nm = \"gpt-4o\"\r\n", "gpt-4o", Want::Value, "a.m", 0, true},
      {"BOM", "\xEF\xBB\xBFm = \"gpt-4o\"\n", "gpt-4o", Want::Value, "m", 0, true},
      {"unterminated array, recovery", "a = [1, 2\nb = \"gpt-4o\"\n", "gpt-4o", Want::Value, "b", 0, true, true},
      {"unterminated string, recovery", "a = \"x\nb = \"gpt-4o\"\n", "gpt-4o", Want::Value, "b", 0, true, true},
      {"non-ASCII bare key, recovery", "[m]\nmodèle = \"gpt-4o\"\n", "gpt-4o", Want::Value, "m.modèle", 0, true, true},
      {"empty string", "a = \"\"\nb = \"gpt-4o\"\n", "gpt-4o", Want::Value, "b", 0, true},
  };
  run_cases(analyze_toml, cases);
}

TEST_CASE("toml diagnostics", "[formats]") {
  run_diag_cases(analyze_toml, {
      {"unterminated string", "a = 1\nm = \"gpt-4o\n", 2, 5, "malformed TOML: unterminated string"},
      {"unterminated multi-line string", "m = \"\"\"gpt-4o\n", 1, 5, "unterminated multi-line string"},
      {"missing equals", "m \"gpt-4o\"\n", 1, 3, "expected '='"},
      {"unterminated array", "a = [1,\nb = 2\n", 1, 5, "unterminated array"},
      {"unterminated header", "[models\nm = 1\n", 1, 1, "unterminated table header"},
      {"content after value", "m = \"a\" \"b\"\n", 1, 9, "unexpected content"},
      {"deep nesting", "a = " + rep("[", 100000), 1, 0, "nesting deeper than"},
  });
}

// ---------------------------------------------------------------- .env / .properties / INI

TEST_CASE("keyvalue regions and key paths", "[formats]") {
  std::vector<Case> cases = {
      {".env plain", "OPENAI_MODEL=gpt-4o\n", "gpt-4o", Want::Value, "OPENAI_MODEL", 0, true},
      {".env key", "OPENAI_MODEL=gpt-4o\n", "OPENAI_MODEL", Want::Key, "OPENAI_MODEL", 0, true},
      {".env export", "export MODEL=gpt-4o\n", "gpt-4o", Want::Value, "MODEL", 0, true},
      {".env double quotes", "MODEL=\"gpt-4o\"\n", "gpt-4o", Want::Value, "MODEL", 0, true},
      {".env single quotes", "MODEL='gpt-4o' # c\n", "gpt-4o", Want::Value, "MODEL", 0, true},
      {".env inline comment", "MODEL=gpt-4o # was gpt-4\n", "gpt-4", Want::Comment, "", 1},
      {".env value before inline comment", "MODEL=gpt-4o # was gpt-4\n", "gpt-4o", Want::Value, "MODEL", 0, true},
      {".env hash without blank", "MODEL=gpt-4o#x\n", "gpt-4o#x", Want::Value, "MODEL", 0, true},
      {".env quoted hash", "MODEL=\"a # gpt-4o\"\n", "gpt-4o", Want::Value, "MODEL"},
      {".env multi-line double quotes", "CERT=\"a\ngpt-4o\"\nNEXT=1\n", "gpt-4o", Want::Value, "CERT"},
      {".env comment line", "# gpt-4o\nA=1\n", "gpt-4o", Want::Comment, ""},
      {".env spaces around =", "MODEL = gpt-4o\n", "gpt-4o", Want::Value, "MODEL", 0, true},
      {".properties colon", "model.name: gpt-4o\n", "gpt-4o", Want::Value, "model.name", 0, true},
      {".properties blank separator", "model.name   gpt-4o\n", "gpt-4o", Want::Value, "model.name", 0, true},
      {".properties bang comment", "! gpt-4o\n", "gpt-4o", Want::Comment, ""},
      {".properties continuation", "models=a,\\\n    gpt-4o,\\\n    o1\nnext=x\n", "o1", Want::Value, "models"},
      {".properties after continuation", "models=a,\\\n    gpt-4o\nnext=o1\n", "o1", Want::Value, "next", 0, true},
      {"INI section", "[llm]\nmodel = gpt-4o\n", "gpt-4o", Want::Value, "llm.model", 0, true},
      {"INI section key region", "[llm]\nmodel = gpt-4o\n", "llm", Want::Key, "llm", 0, true},
      {"INI before any section", "model = o1\n[llm]\nx = 1\n", "o1", Want::Value, "model", 0, true},
      {"INI key with blank", "[a]\nmodel name = gpt-4o\n", "gpt-4o", Want::Value, "a.model name", 0, true},
      {"INI colon separator", "[a]\nmodel: gpt-4o\n", "gpt-4o", Want::Value, "a.model", 0, true},
      {"INI semicolon comment", "; gpt-4o\n[a]\nb = 1\n", "gpt-4o", Want::Comment, ""},
      {"INI inline semicolon comment", "[a]\nb = o1 ; gpt-4o\n", "gpt-4o", Want::Comment, ""},
      {"INI continuation lines", "[options]\ninstall_requires =\n    openai\n    gpt-4o\nnext = 1\n", "gpt-4o",
       Want::Value, "options.install_requires", 0, true},
      {"INI section kept as written", "[remote \"origin\"]\nurl = gpt-4o\n", "gpt-4o", Want::Value,
       "remote \"origin\".url", 0, true},
      {"INI dotted section", "[tool.llm]\nmodel = gpt-4o\n", "gpt-4o", Want::Value, "tool.llm.model", 0, true},
      {"CRLF", "[a]\r\nm = gpt-4o\r\n", "gpt-4o", Want::Value, "a.m", 0, true},
      {"BOM", "\xEF\xBB\xBFMODEL=gpt-4o\n", "gpt-4o", Want::Value, "MODEL", 0, true},
  };
  run_cases(analyze_keyvalue, cases);
}

TEST_CASE("keyvalue diagnostics", "[formats]") {
  run_diag_cases(analyze_keyvalue, {
      {"unterminated double quote", "A=1\nMODEL=\"gpt-4o\n", 2, 7, "unterminated quoted value"},
      {"unterminated section", "[a]\nx = 1\n[b\n", 3, 1, "malformed INI: unterminated section header"},
      {"missing key", "=gpt-4o\n", 1, 1, "missing key"},
  });
}

// ---------------------------------------------------------------- Dockerfile

TEST_CASE("dockerfile regions and key paths", "[formats]") {
  std::vector<Case> cases = {
      {"ENV k=v", "FROM x\nENV LLM_MODEL=gpt-4o\n", "gpt-4o", Want::Value, "LLM_MODEL", 0, true},
      {"ENV key", "ENV LLM_MODEL=gpt-4o\n", "LLM_MODEL", Want::Key, "LLM_MODEL", 0, true},
      {"ENV several pairs, quoted", "ENV A=1 B=\"gpt 4o mini\" C=o1\n", "gpt 4o mini", Want::Value, "B", 0, true},
      {"ENV pair after quoted", "ENV A=1 B=\"x y\" C=o1\n", "o1", Want::Value, "C", 0, true},
      {"ENV continuation", "ENV A=1 \\\n    MODEL=gpt-4o\n", "gpt-4o", Want::Value, "MODEL", 0, true},
      {"legacy ENV", "ENV MODEL gpt-4o\n", "gpt-4o", Want::Value, "MODEL", 0, true},
      {"legacy ENV with blanks", "ENV PROMPT use gpt-4o please\n", "gpt-4o", Want::Value, "PROMPT"},
      {"ARG default", "ARG MODEL=gpt-4o\n", "gpt-4o", Want::Value, "MODEL", 0, true},
      {"ARG without default", "ARG MODEL\nRUN x\n", "MODEL", Want::Key, "MODEL", 0, true},
      {"lower-case instruction", "arg model=gpt-4o\n", "gpt-4o", Want::Value, "model", 0, true},
      {"LABEL quoted key", "LABEL \"com.example.model\"=\"gpt-4o\" v=1\n", "gpt-4o", Want::Value, "com.example.model",
       0, true},
      {"RUN argument word", "RUN python app.py --model o1\n", "o1", Want::Value, "", 0, true},
      {"RUN --opt=value", "RUN python app.py --model=gpt-4o\n", "gpt-4o", Want::Value, "", 0, true},
      {"RUN quoted word", "RUN echo \"use gpt-4o\"\n", "gpt-4o", Want::Value, ""},
      {"RUN continuation with comment line", "RUN a && \\\n    # gpt-4 comment\n    run --model gpt-4o\n", "gpt-4",
       Want::Comment, ""},
      {"RUN continuation value", "RUN a && \\\n    # c\n    run --model gpt-4o\n", "gpt-4o", Want::Value, "", 0,
       true},
      {"exec form", "CMD [\"python\", \"--model\", \"gpt-4o\"]\n", "gpt-4o", Want::Value, "", 0, true},
      {"FROM image", "FROM ollama/ollama:latest AS base\n", "ollama/ollama:latest", Want::Value, "", 0, true},
      {"comment", "# uses gpt-4o\nFROM x\n", "gpt-4o", Want::Comment, ""},
      {"heredoc body", "RUN <<EOF\necho gpt-4o\n# not a comment\nEOF\nENV A=o1\n", "not a comment", Want::Value, ""},
      {"after heredoc", "RUN <<EOF\necho x\nEOF\nENV A=o1\n", "o1", Want::Value, "A", 0, true},
      {"escape directive", "# escape=`\nRUN a `\n    --model gpt-4o\n", "gpt-4o", Want::Value, "", 0, true},
      {"ONBUILD ENV", "ONBUILD ENV M=gpt-4o\n", "gpt-4o", Want::Value, "M", 0, true},
      {"CRLF", "ENV M=gpt-4o\r\nRUN x --model o1\r\n", "o1", Want::Value, "", 0, true},
  };
  run_cases(analyze_dockerfile, cases);
}

TEST_CASE("dockerfile diagnostics", "[formats]") {
  run_diag_cases(analyze_dockerfile, {
      {"unterminated quote in ENV", "FROM x\nENV A=\"gpt-4o\n", 2, 7, "malformed Dockerfile: unterminated quoted"},
      {"unterminated heredoc", "RUN <<EOF\necho gpt-4o\n", 2, 1, "unterminated heredoc"},
  });
}

// ---------------------------------------------------------------- HCL

TEST_CASE("hcl regions and key paths", "[formats]") {
  const std::string deployment = R"(resource "azurerm_cognitive_deployment" "chat" {
  name = "chat"
  model {
    format  = "OpenAI"
    name    = "gpt-4o"
    version = "2024-08-06"
  }
}
)";
  std::vector<Case> cases = {
      {"resource block attribute", deployment, "gpt-4o", Want::Value,
       "resource.azurerm_cognitive_deployment.chat.model.name", 0, true},
      {"block label key", deployment, "azurerm_cognitive_deployment", Want::Key,
       "resource.azurerm_cognitive_deployment", 0, true},
      {"attribute key", deployment, "version", Want::Key, "resource.azurerm_cognitive_deployment.chat.model.version",
       0, true},
      {"variable default", "variable \"model\" {\n  default = \"gpt-4o\"\n}\n", "gpt-4o", Want::Value,
       "variable.model.default", 0, true},
      {"one-line block", "variable \"model\" { default = \"gpt-4o\" }\n", "gpt-4o", Want::Value,
       "variable.model.default", 0, true},
      {"several attributes on one line", "model { format = \"OpenAI\" name = \"gpt-4o\" }\n", "gpt-4o", Want::Value,
       "model.name", 0, true},
      {"locals object", "locals {\n  models = {\n    primary = \"gpt-4o\"\n  }\n}\n", "gpt-4o", Want::Value,
       "locals.models.primary", 0, true},
      {"attribute map", "tags = { env = \"prod\", model = \"gpt-4o\" }\n", "gpt-4o", Want::Value, "tags.model", 0,
       true},
      {"object with quoted key", "tags = {\n  \"model name\" = \"gpt-4o\"\n}\n", "gpt-4o", Want::Value,
       "tags.model name", 0, true},
      {"object with colon", "m = { a: \"gpt-4o\" }\n", "gpt-4o", Want::Value, "m.a", 0, true},
      {"list", "models = [\"a\", \"gpt-4o\"]\n", "gpt-4o", Want::Value, "models[1]", 0, true},
      {"multi-line list of objects", "d = [\n  { name = \"a\" },\n  { name = \"gpt-4o\" },\n]\n", "gpt-4o",
       Want::Value, "d[1].name", 0, true},
      {"interpolation is one region", "name = \"${var.prefix}-gpt-4o\"\n", "${var.prefix}-gpt-4o", Want::Value,
       "name", 0, true},
      {"nested quotes in interpolation", "n = \"${lookup(m, \"k}\")}-gpt-4o\"\nx = 1\n", "gpt-4o", Want::Value, "n"},
      {"heredoc", "policy = <<EOF\nuse gpt-4o\nEOF\nnext = \"o1\"\n", "gpt-4o", Want::Value, "policy"},
      {"indented heredoc", "p = <<-EOT\n    gpt-4o\n  EOT\nq = \"o1\"\n", "o1", Want::Value, "q", 0, true},
      {"function call argument", "m = lower(\"GPT-4O\")\n", "GPT-4O", Want::Value, "m", 0, true},
      {"conditional", "m = var.x ? \"gpt-4o\" : \"o1\"\n", "o1", Want::Value, "m", 0, true},
      {"reference is one region", "m = local.gpt-4o.id\n", "local.gpt-4o.id", Want::Value, "m", 0, true},
      {"for expression", "m = [for x in var.l : \"gpt-4o\"]\n", "gpt-4o", Want::Value, "m", 0, true},
      {"hash comment", "# gpt-4o\nm = 1\n", "gpt-4o", Want::Comment, ""},
      {"slash comment", "m = 1 // gpt-4o\n", "gpt-4o", Want::Comment, ""},
      {"block comment", "/* a\n gpt-4o */\nm = 1\n", "gpt-4o", Want::Comment, ""},
      {"comment markers in string", "m = \"a // gpt-4o\"\n", "gpt-4o", Want::Value, "m"},
      {"tfvars", "openai_model = \"gpt-4o\"\nregion = \"eastus\"\n", "gpt-4o", Want::Value, "openai_model", 0, true},
      {"dynamic block", "dynamic \"d\" {\n  content {\n    model = \"gpt-4o\"\n  }\n}\n", "gpt-4o", Want::Value,
       "dynamic.d.content.model", 0, true},
      {"CRLF", "a {\r\n  m = \"gpt-4o\"\r\n}\r\n", "gpt-4o", Want::Value, "a.m", 0, true},
      {"unclosed block, regions kept", "a {\n  m = \"gpt-4o\"\n", "gpt-4o", Want::Value, "a.m", 0, true, true},
      {"index expression keeps the attribute path", "m = var.models[\"gpt-4o\"]\n", "gpt-4o", Want::Value, "m", 0,
       true},
      {"JSON-style tfvars", "{\"m\": \"gpt-4o\"}\n", "gpt-4o", Want::Value, "m", 0, true},
      {"legacy index in a reference", "m = var.list.0\n", "var.list.0", Want::Value, "m", 0, true},
  };
  run_cases(analyze_hcl, cases);
}

TEST_CASE("hcl diagnostics", "[formats]") {
  run_diag_cases(analyze_hcl, {
      {"unterminated string", "a = 1\nm = \"gpt-4o\n", 2, 5, "malformed HCL: unterminated string"},
      {"unclosed block", "resource \"a\" \"b\" {\n  name = \"x\"\n", 1, 18, "unclosed '{'"},
      {"unterminated comment", "m = 1 /* gpt-4o\n", 1, 7, "unterminated /* comment"},
      {"unterminated heredoc", "m = <<EOF\ngpt-4o\n", 1, 5, "unterminated heredoc"},
      {"block without brace", "resource \"a\"\nm = 1\n", 1, 13, "expected '=' or '{'"},
      {"deep nesting", "a = " + rep("[", 100000), 1, 0, "nesting deeper than"},
  });
}

// ---------------------------------------------------------------- shell

TEST_CASE("shell regions and key paths", "[formats]") {
  std::vector<Case> cases = {
      {"assignment", "MODEL=gpt-4o\n", "gpt-4o", Want::Value, "MODEL", 0, true},
      {"assignment key", "MODEL=gpt-4o\n", "MODEL", Want::Key, "MODEL", 0, true},
      {"export", "export MODEL=\"gpt-4o\"\n", "gpt-4o", Want::Value, "MODEL", 0, true},
      {"local", "f() {\n  local m='gpt-4o'\n}\n", "gpt-4o", Want::Value, "m", 0, true},
      {"argument assignment", "docker run -e LLM=gemini-1.5-pro img\n", "gemini-1.5-pro", Want::Value, "LLM", 0,
       true},
      {"array assignment", "MODELS=(gpt-4o o1)\n", "o1", Want::Value, "MODELS"},
      {"command substitution value", "M=$(echo \"gpt-4o x\")\n", "gpt-4o", Want::Value, "M"},
      {"argument word", "python app.py --model gpt-4o\n", "gpt-4o", Want::Value, "", 0, true},
      {"--opt=value", "python app.py --model=o1\n", "o1", Want::Value, "", 0, true},
      {"quoted argument", "run --model \"gpt-4o\"\n", "\"gpt-4o\"", Want::Value, "", 0, true},
      {"comment", "# default: gpt-4o\nrun\n", "gpt-4o", Want::Comment, ""},
      {"comment after command", "run --model o1 # or gpt-4o\n", "gpt-4o", Want::Comment, ""},
      {"shebang", "#!/usr/bin/env bash\n", "bash", Want::Comment, ""},
      {"$# is not a comment", "echo $# gpt-4o\n", "gpt-4o", Want::Value, "", 0, true},
      {"a#b is not a comment", "echo a#gpt-4o\n", "a#gpt-4o", Want::Value, "", 0, true},
      {"${#x} is not a comment", "echo ${#x} gpt-4o\n", "gpt-4o", Want::Value, "", 0, true},
      {"hash in double quotes", "echo \"# gpt-4o\"\n", "gpt-4o", Want::Value, ""},
      {"hash in single quotes", "echo '# gpt-4o'\n", "gpt-4o", Want::Value, ""},
      {"ANSI-C quoting", "echo $'it\\'s # gpt-4o'\n", "gpt-4o", Want::Value, ""},
      {"multi-line double quotes", "echo \"a\n# gpt-4o\"\n", "gpt-4o", Want::Value, ""},
      {"nested substitution", "echo \"$(cmd \"# gpt-4o\")\"\n", "gpt-4o", Want::Value, ""},
      {"heredoc body", "cat <<EOF\n# gpt-4o\nEOF\n# real\n", "gpt-4o", Want::Value, ""},
      {"after heredoc", "cat <<'EOF'\nx\nEOF\n# gpt-4o\n", "gpt-4o", Want::Comment, ""},
      {"tab-stripping heredoc", "cat <<-EOF\n\tgpt-4o\n\tEOF\nM=o1\n", "o1", Want::Value, "M", 0, true},
      {"CRLF", "M=gpt-4o\r\nrun --model o1\r\n", "gpt-4o", Want::Value, "M", 0, true},
      {"CRLF argument", "M=x\r\nrun --model o1\r\n", "o1", Want::Value, "", 0, true},
  };
  run_cases(analyze_shell, cases);
}

TEST_CASE("shell diagnostics", "[formats]") {
  run_diag_cases(analyze_shell, {
      {"unterminated double quote", "echo ok\necho \"gpt-4o\n", 2, 6,
       "malformed shell script: unterminated double-quoted string"},
      {"unterminated single quote", "echo 'gpt-4o\n", 1, 6, "unterminated single-quoted string"},
      {"unterminated heredoc", "cat <<EOF\ngpt-4o\n", 1, 5, "unterminated here-document"},
      {"unterminated substitution", "x=$(echo gpt-4o\n", 1, 3, "unterminated"},
      {"deep nesting", rep("$(", 100000), 1, 0, "nesting deeper than"},
  });
}

// ---------------------------------------------------------------- SQL

TEST_CASE("sql regions", "[formats]") {
  std::vector<Case> cases = {
      {"string literal", "SELECT * FROM t WHERE model = 'gpt-4o';\n", "gpt-4o", Want::Value, "", 0, true},
      {"string with '' escape", "INSERT INTO t VALUES ('it''s gpt-4o');\n", "gpt-4o", Want::Value, ""},
      {"line comment", "-- default gpt-4o\nSELECT 1;\n", "gpt-4o", Want::Comment, ""},
      {"trailing line comment", "SELECT 1; -- gpt-4o\n", "gpt-4o", Want::Comment, ""},
      {"block comment", "/* models:\n   gpt-4o */ SELECT 1;\n", "gpt-4o", Want::Comment, ""},
      {"comment marker inside string", "SELECT '-- gpt-4o';\n", "gpt-4o", Want::Value, ""},
      {"quoted identifier", "SELECT \"gpt-4o\" FROM t;\n", "gpt-4o", Want::Value, "", 0, true},
      {"dollar quoting", "DO $$ -- gpt-4o $$;\n", "gpt-4o", Want::Value, ""},
      {"bare word", "SELECT gpt_4o FROM t;\n", "gpt_4o", Want::Value, "", 0, true},
      {"CRLF", "-- c\r\nSELECT 'o1';\r\n", "o1", Want::Value, "", 0, true},
  };
  run_cases(analyze_sql, cases);
}

TEST_CASE("sql diagnostics", "[formats]") {
  run_diag_cases(analyze_sql, {
      {"unterminated string", "SELECT 1;\nSELECT 'gpt-4o;\n", 2, 8, "malformed SQL: unterminated string literal"},
      {"unterminated comment", "SELECT 1; /* gpt-4o\n", 1, 11, "unterminated /* comment"},
  });
}

// ---------------------------------------------------------------- hostile input

TEST_CASE("analyzers survive hostile input", "[formats]") {
  const size_t kDeep = 100000;
  std::vector<std::string> inputs = {
      "",
      "\n",
      "\xEF\xBB\xBF",
      rep("[", kDeep),
      rep("{", kDeep),
      rep("(", kDeep),
      rep("- ", kDeep) + "x",
      "a: " + rep("[", kDeep),
      "a = " + rep("[", kDeep),
      "a = " + rep("{", kDeep),
      rep("{\"a\":", kDeep),
      rep("a {\n", 5000),
      rep("$(", kDeep),
      rep("\"${", kDeep),
      rep("\"", kDeep),
      rep("'", kDeep + 1),
      rep("<<EOF ", 1000),
      rep("/*", 1000),
      rep("#", 1000),
      rep("\\\n", 1000),
      rep(" ", 1000) + "x: 1\n" + rep(" ", 999) + "y",
      bytes("a\0b: \0\n\0= \"\0\n[\0]\n"),
      "\xff\xfe\xfd: \xc3\x28\n\xe2\x82\n=\xf0\x28\x8c\x28\n",
      "unterminated \"string\nand 'another\nand /* comment\n",
      "k: |\n" + rep("  x\n", 1000),
      rep("a:\n", 1000),
  };
  std::string indent_ladder;  // a:\n b:\n  c:\n ... (2000 levels)
  for (size_t i = 0; i < 2000; ++i) indent_ladder += std::string(i, ' ') + "k:\n";
  inputs.push_back(indent_ladder);
  for (const Named& a : kAll) {
    for (const std::string& in : inputs) {
      INFO(a.name << " on input of " << in.size() << " bytes starting with '" << in.substr(0, 16) << "'");
      RegionTable t = a.fn(in);
      check_invariants(t, in.size());
    }
  }
}

TEST_CASE("deep nesting gives a diagnostic in structured formats", "[formats]") {
  struct Row {
    const char* name;
    Analyzer fn;
    std::string text;
  };
  std::vector<Row> rows = {
      {"yaml", analyze_yaml, rep("[", 100000)},
      {"json", analyze_json, rep("{\"a\":", 100000)},
      {"toml", analyze_toml, "a = " + rep("[", 100000)},
      {"hcl", analyze_hcl, "a = " + rep("{x = ", 100000)},
      {"shell", analyze_shell, rep("\"$(", 100000)},
  };
  for (const Row& r : rows) {
    INFO(r.name);
    RegionTable t = r.fn(r.text);
    check_invariants(t, r.text.size());
    CHECK(t.diagnostics.size() == 1);
  }
}

TEST_CASE("a 2 MB single line keeps the region invariants", "[formats]") {
  // A quadratic analyzer would not finish here (ctest's per-test TIMEOUT
  // catches that); speed itself is measured in the benchmark, not asserted.
  const size_t kBig = 2u << 20;
  std::vector<std::string> lines = {
      "key: " + std::string(kBig, 'a') + " gpt-4o",
      "key = \"" + std::string(kBig, 'a') + " gpt-4o\"",
      "K=" + std::string(kBig, 'a') + " gpt-4o",
      rep("a ", kBig / 2) + "gpt-4o",
      rep("- ", kBig / 2) + "gpt-4o",
      rep("a: ", kBig / 3) + "gpt-4o",
      rep("[a, ", kBig / 4) + "gpt-4o",
      rep("\"a\",", kBig / 4) + "gpt-4o",
  };
  for (const Named& a : kAll) {
    for (const std::string& line : lines) {
      INFO(a.name << " on '" << line.substr(0, 12) << "...'");
      RegionTable t = a.fn(line);
      check_invariants(t, line.size());
    }
  }
}

TEST_CASE("random bytes never break the region invariants", "[formats]") {
  // Deterministic pseudo-random inputs over the characters that matter.
  const std::string alphabet = bytes("ab1 -:#\"'[]{}(),=\n\r\t\\|>&*!?%$`<;/.@\0\xff");
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int round = 0; round < 1500; ++round) {
    std::string s;
    size_t len = next() % 120;
    for (size_t i = 0; i < len; ++i) s.push_back(alphabet[next() % alphabet.size()]);
    for (const Named& a : kAll) {
      INFO(a.name << " round " << round);
      RegionTable t = a.fn(s);
      check_invariants(t, s.size());
    }
  }
}
