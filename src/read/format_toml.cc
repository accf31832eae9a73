// analyze_toml: a walk over the tree-sitter TOML tree.
//
// Paths: `[a.b]` + `k = v` -> a.b.k; dotted and quoted keys are split into
// segments (`a."b.c".d` -> segments a, b.c, d -> path a.b.c.d: the dot inside
// the quoted segment is kept as written). `[[x.y]]` opens element x.y[0],
// x.y[1], ...; later headers below it resolve against the latest element
// (`[[fruits]]` then `[fruits.physical]` -> fruits[0].physical). Arrays give
// items [i]; inline tables give .key.
//
// Regions: each key segment (in headers and key/value lines) -> Key with the
// path up to that segment; strings -> Value between the delimiters (also for
// """ and ''' multi-line strings); numbers, booleans, dates -> Value;
// comments -> Comment.
//
// A file whose tree has a syntax error is read by toml_recover.cc instead:
// tree-sitter's recovery hangs the tokens after a broken line on the pair
// before it (`a = "x` + newline + `b = "gpt-4o"` gives "gpt-4o" to a), so the
// recovery replays the tree's tokens line by line.
//
// Speed: tree-sitter costs about 10x the old hand-written lexer per byte.
// `modelshift_regions_bench toml FILE` (Release; machine shared, load ~13 on
// 2 cores, so CPU time of the 5 runs / 5 is the steadier number):
//                                          new: CPU/run  best wall | old lexer
//   rustup multirust-channel-manifest, 975 KB  130 ms   370 ms    | 14 ms  44 ms
//   haystack pyproject.toml, 13 KB             ~1 ms    0.8 ms    | ~0     0.06 ms
//   2 MB one-line array of 700k items          1.1 s    3.6 s     | 66 ms  209 ms
// Same regions (digest) as the lexer on all three. The scan benchmark tree
// (/work/main/build/bench/tree) holds no TOML file, so the whole scan is
// unchanged (see the report of branch ts-toml-hcl for hyperfine numbers).
#include <string>
#include <vector>

#include "read/tree_walk.h"
#include "read/regions.h"
#include "read/syntax_tree.h"
#include "read/toml_syntax.h"

namespace modelshift {

namespace toml_detail {

using regions_detail::Builder;
using regions_detail::join_index;
using regions_detail::join_key;
using regions_detail::kMaxKeyParts;

const TomlSymbols& toml_symbols() {
  static const TomlSymbols s = [] {
    const TSLanguage* l = grammar_by_name("toml");
    auto id = [l](std::string_view name, bool named = true) { return regions_detail::symbol_of(l, name, named); };
    TomlSymbols t{};
    t.pair = id("pair");
    t.table = id("table");
    t.table_array = id("table_array_element");
    t.bare_key = id("bare_key");
    t.quoted_key = id("quoted_key");
    t.dotted_key = id("dotted_key");
    t.string = id("string");
    t.array = id("array");
    t.inline_table = id("inline_table");
    t.comment = id("comment");
    t.integer = id("integer");
    t.float_ = id("float");
    t.boolean = id("boolean");
    t.offset_date_time = id("offset_date_time");
    t.local_date_time = id("local_date_time");
    t.local_date = id("local_date");
    t.local_time = id("local_time");
    t.comma = id(",", false);
    return t;
  }();
  return s;
}

void add_key_part(Builder& b, std::vector<KeyPart>& parts, KeyPart part) {
  if (parts.size() < kMaxKeyParts) {
    parts.push_back(part);
  } else if (parts.size() == kMaxKeyParts) {
    b.error(part.e, "malformed TOML: key with more than " + std::to_string(kMaxKeyParts) + " parts");
    parts.push_back(part);  // marks the report as made; never read past kMaxKeyParts
  }
}

uint32_t delimiter_length(std::string_view text, uint32_t b, uint32_t e) {
  bool triple = e - b >= 6 && (text.compare(b, 3, R"(""")") == 0 || text.compare(b, 3, "'''") == 0);
  return triple ? 3 : 1;
}

static std::string_view part_text(const Builder& b, KeyPart p) { return b.text().substr(p.b, p.e - p.b); }

std::string key_regions(Builder& b, std::string base, const std::vector<KeyPart>& parts) {
  for (size_t k = 0; k < parts.size() && k < kMaxKeyParts; ++k) {
    base = join_key(base, part_text(b, parts[k]));
    b.add(parts[k].b, parts[k].e, RegionKind::Key, base);
  }
  return base;
}

std::string TableNames::open(Builder& b, const std::vector<KeyPart>& parts, bool array_of_tables) {
  std::string resolved;
  size_t n = std::min(parts.size(), kMaxKeyParts);
  for (size_t k = 0; k < n; ++k) {
    resolved = join_key(resolved, part_text(b, parts[k]));
    if (array_of_tables && k + 1 == n) {
      size_t index = array_count_[resolved]++;
      resolved = join_index(resolved, index);
    } else if (auto it = array_count_.find(resolved); it != array_count_.end() && it->second > 0) {
      resolved = join_index(resolved, it->second - 1);
    }
    b.add(parts[k].b, parts[k].e, RegionKind::Key, resolved);
  }
  return resolved;
}

}  // namespace toml_detail

namespace {

using regions_detail::Builder;
using regions_detail::join_index;
using regions_detail::kMaxNesting;
using toml_detail::KeyPart;
using toml_detail::TomlSymbols;

// How the children of a node on the walk's stack are read.
enum class Ctx { Body, Pair, Array };
struct Frame {
  Ctx ctx;
  std::string path;  // Body: the table; Pair: the key's path once read; Array: the array's path
  size_t index = 0;  // Array: commas seen so far
  bool container = false;  // an array or inline table (counts toward kMaxNesting)
};

class TomlWalk {
 public:
  TomlWalk(std::string_view text, Builder& b) : t_(text), b_(b), s_(toml_detail::toml_symbols()) {}

  void run(TSNode root) {
    regions_detail::walk_with_frames(root, Frame{Ctx::Body, {}}, nesting_,
                     [this](TSNode n, Frame& parent, Frame& child) { return visit(n, parent, child); });
  }

 private:
  // Handles node `n` under `parent`; returns true (with `child` set) to walk
  // into its children.
  bool visit(TSNode n, Frame& parent, Frame& child) {
    TSSymbol sym = ts_node_symbol(n);
    if (sym == s_.comment) {
      b_.add(ts_node_start_byte(n), ts_node_end_byte(n), RegionKind::Comment);
      return false;
    }
    switch (parent.ctx) {
      case Ctx::Body:
        if (sym == s_.pair) {
          child = Frame{Ctx::Pair, parent.path};
          return true;
        }
        if (sym == s_.table || sym == s_.table_array) {
          child = Frame{Ctx::Body, header(n, sym == s_.table_array)};
          return true;
        }
        return false;
      case Ctx::Pair:
        if (s_.is_key(sym)) {
          parent.path = toml_detail::key_regions(b_, parent.path, key_parts(n));
          return false;
        }
        return value(n, sym, parent.path, child);
      case Ctx::Array:
        if (sym == s_.comma) {
          ++parent.index;
          return false;
        }
        return value(n, sym, join_index(parent.path, parent.index), child);
    }
    return false;
  }

  bool value(TSNode n, TSSymbol sym, std::string path, Frame& child) {
    uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (sym == s_.string) {
      uint32_t d = toml_detail::delimiter_length(t_, b, e);
      b_.add(b + d, e - d, RegionKind::Value, std::move(path));
    } else if (s_.is_scalar(sym)) {
      b_.add(b, e, RegionKind::Value, std::move(path));
    } else if (sym == s_.array || sym == s_.inline_table) {
      if (nesting_ >= kMaxNesting) {
        b_.error(b, "malformed TOML: nesting deeper than " + std::to_string(kMaxNesting) + " levels");
        return false;
      }
      child = Frame{sym == s_.array ? Ctx::Array : Ctx::Body, std::move(path), 0, true};
      return true;
    }
    return false;
  }

  std::string header(TSNode n, bool array_of_tables) {
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode k = ts_node_child(n, i);
      if (s_.is_key(ts_node_symbol(k))) return tables_.open(b_, key_parts(k), array_of_tables);
    }
    return {};
  }

  // The segments of a key node in order (a dotted key nests to the left:
  // ((a . b) . c)), read with a cursor so a key of many parts is no risk.
  std::vector<KeyPart> key_parts(TSNode key) {
    std::vector<KeyPart> parts;
    TSTreeCursor c = ts_tree_cursor_new(key);
    for (bool more = true; more;) {
      TSNode n = ts_tree_cursor_current_node(&c);
      TSSymbol sym = ts_node_symbol(n);
      uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
      bool leaf = sym == s_.bare_key || sym == s_.quoted_key;
      if (sym == s_.bare_key) toml_detail::add_key_part(b_, parts, KeyPart{b, e});
      if (sym == s_.quoted_key && e >= b + 2) toml_detail::add_key_part(b_, parts, KeyPart{b + 1, e - 1});
      if (!leaf && ts_tree_cursor_goto_first_child(&c)) continue;
      while (!(more = ts_tree_cursor_goto_next_sibling(&c)) && ts_tree_cursor_goto_parent(&c)) {
      }
    }
    ts_tree_cursor_delete(&c);
    return parts;
  }

  std::string_view t_;
  Builder& b_;
  const TomlSymbols& s_;
  toml_detail::TableNames tables_;
  size_t nesting_ = 0;
};

}  // namespace

RegionTable analyze_toml(std::string_view text) {
  return regions_detail::run_analyzer(text, "TOML", [&](Builder& b) {
    SyntaxTree tree = parse_syntax(grammar_by_name("toml"), text);
    if (!tree) {
      b.error(0, "malformed TOML: parse abandoned (no grammar, or over the " +
                     std::to_string(kParseBudget.count()) + " s budget)");
      return;
    }
    if (ts_node_has_error(tree.root()))
      toml_detail::recover_toml(b, tree.root());
    else
      TomlWalk(text, b).run(tree.root());
  });
}

}  // namespace modelshift
