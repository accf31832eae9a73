// analyze_yaml (read/format_yaml.cc) on whole files and hostile input.
//
// 1. The pinned tree-sitter YAML grammar as an oracle: on well-formed YAML
//    (the repository's own files and a table of common shapes) every scalar
//    the grammar finds must be a region of the lexer with the same bytes
//    (quotes excluded), a Key where the grammar says mapping key, else a
//    Value. The lexer stays hand-written for speed and safety (see
//    format_yaml.cc); this keeps it honest against a real parser.
// 2. Hostile input (deep nesting, a 2 MB line, CRLF, BOM, tabs, NUL bytes,
//    invalid UTF-8, truncated files): the region invariants hold, the first
//    problem is reported, and values after the broken part are still found.
#include <catch2/catch.hpp>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "read/regions.h"
#include "read/syntax_tree.h"

using namespace modelshift;

namespace {

std::string rep(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// Sorted, non-empty, non-overlapping, inside the text; at most one diagnostic.
bool well_formed(const RegionTable& t, size_t size) {
  auto bad = [&](const Region& r) { return r.begin >= r.end || r.end > size; };
  auto overlap = [](const Region& a, const Region& b) { return b.begin < a.end; };
  return std::none_of(t.regions.begin(), t.regions.end(), bad) &&
         std::adjacent_find(t.regions.begin(), t.regions.end(), overlap) == t.regions.end() &&
         t.diagnostics.size() <= 1;
}

struct Expected {
  uint32_t begin, end;
  RegionKind kind;
};

bool is_scalar(const char* type) {
  return !std::strcmp(type, "plain_scalar") || !std::strcmp(type, "double_quote_scalar") ||
         !std::strcmp(type, "single_quote_scalar");
}

// The scalars of a well-formed tree, in document order. A scalar is a Key
// when its flow_node is the `key` field of a pair or an entry of a flow
// mapping written without a value. Scalars of a single-pair mapping written
// inside a flow sequence (`[a: b]`) are left out: the lexer reads both as
// items of the sequence.
std::vector<Expected> oracle_scalars(TSNode root, std::string_view text) {
  std::vector<Expected> out;
  std::vector<const char*> field;  // field name per depth
  std::vector<const char*> type;   // node type per depth
  TSTreeCursor c = ts_tree_cursor_new(root);
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    field.push_back(ts_tree_cursor_current_field_name(&c));
    type.push_back(ts_node_type(n));
    size_t d = type.size() - 1;
    if (is_scalar(type[d]) && d >= 2) {
      uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
      if (text[b] == '"' || text[b] == '\'') ++b, --e;
      bool key = (field[d - 1] && !std::strcmp(field[d - 1], "key")) || !std::strcmp(type[d - 2], "flow_mapping");
      bool seq_pair = !std::strcmp(type[d - 2], "flow_pair") && d >= 3 && !std::strcmp(type[d - 3], "flow_sequence");
      if (!seq_pair && e > b) out.push_back({b, e, key ? RegionKind::Key : RegionKind::Value});
    }
    if (!is_scalar(type[d]) && ts_tree_cursor_goto_first_child(&c)) continue;
    field.pop_back();
    type.pop_back();
    bool more = false;
    while (!(more = ts_tree_cursor_goto_next_sibling(&c))) {
      if (!ts_tree_cursor_goto_parent(&c)) break;
      field.pop_back();
      type.pop_back();
    }
    if (!more) break;
  }
  ts_tree_cursor_delete(&c);
  return out;
}

void check_against_grammar(const std::string& name, const std::string& text) {
  INFO("document: " << name);
  SyntaxTree tree = parse_syntax(grammar_by_name("yaml"), text);
  REQUIRE(tree);
  uint32_t bad = 0;
  REQUIRE_FALSE(first_syntax_error(tree.root(), &bad));  // the oracle only speaks for valid YAML
  RegionTable t = analyze_yaml(text);
  CHECK(well_formed(t, text.size()));
  CHECK(t.diagnostics.empty());
  size_t checked = 0, wrong = 0;
  for (const Expected& x : oracle_scalars(tree.root(), text)) {
    const Region* r = t.find(x.begin);
    ++checked;
    if (r && r->begin == x.begin && r->end == x.end && r->kind == x.kind) continue;
    if (++wrong <= 5)
      FAIL_CHECK("scalar '" << text.substr(x.begin, x.end - x.begin) << "' at byte " << x.begin << ": "
                            << (r ? "region [" + std::to_string(r->begin) + "," + std::to_string(r->end) + ")"
                                  : std::string("no region")));
  }
  INFO(checked << " scalars checked");
  CHECK(wrong == 0);
}

std::string read_file(const boost::filesystem::path& p) {
  std::ifstream in(p.string(), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("yaml: the tree-sitter grammar agrees on every scalar of common shapes", "[yaml_tree]") {
  std::vector<std::pair<const char*, std::string>> docs = {
      {"github workflow",
       "name: ci\non:\n  push:\n    branches: [main, 'release/*']\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
       "    env:\n      MODEL: gpt-4o  # default\n    steps:\n      - uses: actions/checkout@v4\n"
       "      - name: run\n        run: |\n          pip install -e .\n          pytest -q\n"},
      {"kubernetes, two documents",
       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: llm\ndata:\n  model: \"claude-3-5-sonnet\"\n---\n"
       "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n"
       "        - name: app\n          env:\n            - {name: MODEL, value: o1-mini}\n"},
      {"litellm config",
       "model_list:\n  - model_name: gpt-4o\n    litellm_params:\n      model: azure/gpt-4o\n"
       "      api_base: \"https://x.openai.azure.com\"\n  - model_name: claude\n    litellm_params:\n"
       "      model: anthropic/claude-3-haiku-20240307\n"},
      {"anchors, aliases, tags",
       "base: &b\n  model: gpt-4o\n  temperature: 0.2\nderived:\n  <<: *b\n  alt: !!str o1\n"},
      {"indentless and nested sequences", "models:\n- gpt-4o\n- - a\n  - b\nother: x\n"},
      {"multi-line scalars",
       "description: uses\n  gpt-4o for chat\n  and more\nquoted: \"first\n  second\"\nsingle: 'it''s'\n"},
      {"flow collections", "cfg: {model: gpt-4o, n: [1, 2, {deep: x}], 'q': \"v\"}\nempty: []\n"},
      {"complex key", "? gpt-4o\n: chat\n"},
      {"comments everywhere", "# head\na: 1 # one\n# between\nb:\n  # inside\n  c: 2\n"},
      {"CRLF", "a:\r\n  b: gpt-4o\r\n  c: \"o1\"\r\nd: [x, y]\r\n"},
      {"byte order mark", "\xEF\xBB\xBFmodel: gpt-4o\nnext: 1\n"},
  };
  for (const auto& [name, text] : docs) check_against_grammar(name, text);
}

TEST_CASE("yaml: the tree-sitter grammar agrees on the repository's own YAML files", "[yaml_tree]") {
  namespace fs = boost::filesystem;
  size_t files = 0;
  for (const char* dir : {"rules", "tests/golden", "tests/corpus", "examples"}) {
    fs::path root = fs::path(MODELSHIFT_SOURCE_DIR) / dir;
    REQUIRE(fs::is_directory(root));
    std::vector<fs::path> paths;
    for (fs::recursive_directory_iterator it(root), end; it != end; ++it)
      if (it->path().extension() == ".yaml" || it->path().extension() == ".yml") paths.push_back(it->path());
    std::sort(paths.begin(), paths.end());
    for (const fs::path& p : paths) {
      check_against_grammar(p.string(), read_file(p));
      ++files;
    }
  }
  CHECK(files >= 20);
}

TEST_CASE("yaml: hostile input keeps the invariants and the values after the broken part", "[yaml_tree]") {
  struct Case {
    const char* name;
    std::string text;
    std::string needle;  // "" when nothing must be found
    std::string path;    // key path of the needle's Value region
    std::string diag;    // substring of the diagnostic; "" for none
  };
  const size_t kBig = 2u << 20;
  std::vector<Case> cases = {
      {"100k unclosed flow brackets, then a key", "a: " + rep("[", 100000) + "\nb: gpt-4o\n", "gpt-4o", "b",
       "nesting deeper than 1000 levels"},
      {"5000 compact sequence levels", rep("- ", 5000) + "x\n", "", "", "nesting deeper than 1000 levels"},
      {"indentation ladder of 1500 keys", [] {
         std::string s;
         for (size_t i = 0; i < 1500; ++i) s += std::string(i, ' ') + "k:\n";
         return s + "top: gpt-4o\n";
       }(),
       "gpt-4o", "top", "nesting deeper than 1000 levels"},
      {"2 MB plain value", "key: " + std::string(kBig, 'a') + " gpt-4o\nnext: o1\n", "o1", "next", ""},
      {"2 MB quoted value", "key: \"" + std::string(kBig, 'a') + " gpt-4o\"\n", "gpt-4o", "key", ""},
      {"2 MB flow sequence on one line", "m: [" + rep("a, ", kBig / 3) + "gpt-4o]\n", "gpt-4o",
       "m[" + std::to_string(kBig / 3) + "]", ""},
      {"CRLF with a block scalar", "p: |\r\n  line\r\n  gpt-4o\r\nq:\r\n  r: o1\r\n", "o1", "q.r", ""},
      {"BOM then a sequence", "\xEF\xBB\xBF- a\n- gpt-4o\n", "gpt-4o", "[1]", ""},
      {"tab indentation, then more keys", "a:\n\tb: 1\nc:\n  d: gpt-4o\n", "gpt-4o", "c.d", "tab character"},
      {"NUL bytes in values", std::string("a: x\0y\nb: gpt-4o\n", 17), "gpt-4o", "b", ""},
      {"invalid UTF-8 in keys and values", "k\xC3: \xFF\xFE\nm:\n  n: gpt-4o\n", "gpt-4o", "m.n", ""},
      {"truncated inside a quoted value", "a: 1\nb: \"gpt-4o", "gpt-4o", "b", "unterminated quoted scalar"},
      {"truncated inside a flow mapping", "a: {x: gpt-4o, y: [1,", "gpt-4o", "a.x", "unterminated flow collection"},
      {"truncated after a block scalar header", "a: gpt-4o\nb: |", "gpt-4o", "a", ""},
      {"unterminated quote, later keys", "model: \"gpt-4o\nother:\n  x: o1\n", "o1", "other.x",
       "unterminated quoted scalar"},
      {"stray closing bracket", "a: ]\nb: gpt-4o\n", "gpt-4o", "b", ""},
  };
  for (const Case& c : cases) {
    INFO("case: " << c.name);
    RegionTable t = analyze_yaml(c.text);
    CHECK(well_formed(t, c.text.size()));
    if (c.diag.empty()) {
      CHECK(t.diagnostics.empty());
    } else {
      REQUIRE(t.diagnostics.size() == 1);
      INFO("diagnostic: " << t.diagnostics[0].message);
      CHECK(t.diagnostics[0].message.rfind("malformed YAML: ", 0) == 0);
      CHECK(t.diagnostics[0].message.find(c.diag) != std::string::npos);
    }
    if (c.needle.empty()) continue;
    size_t at = c.text.rfind(c.needle);
    REQUIRE(at != std::string::npos);
    const Region* r = t.find(static_cast<uint32_t>(at));
    REQUIRE(r != nullptr);
    CHECK(r->kind == RegionKind::Value);
    CHECK(r->key_path == c.path);
    CHECK(r->end >= at + c.needle.size());
  }
}
