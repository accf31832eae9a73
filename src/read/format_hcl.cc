// analyze_hcl: HCL2 / Terraform (.tf, .tfvars, .hcl), a walk over the
// tree-sitter HCL tree.
//
// Paths: a block's type and labels are path segments, attributes add their
// name: `resource "azurerm_cognitive_deployment" "chat" { model { name = "x" } }`
// -> resource.azurerm_cognitive_deployment.chat.model.name;
// `variable "model" { default = "gpt-4o" }` -> variable.model.default.
// Object expressions add their keys (`tags = { k = "v" }` -> tags.k), tuples
// their index (`[i]`). Repeated blocks of the same type share a path (no
// index). Values inside function calls, conditionals, index expressions and
// for-expressions get the path of the enclosing attribute / element.
//
// Regions: attribute names, object keys, block types and labels -> Key (path
// of that key; a label's path ends with the label). Strings -> one Value
// between the quotes, interpolations included ("${var.x}-gpt-4o" is one
// region); heredoc bodies -> one Value; numbers, booleans, null, function
// names and references (`local.gpt-4o.id`, one region) -> Value; `#`, `//`,
// `/* */` -> Comment.
//
// A file whose tree has a syntax error is read by hcl_recover.cc instead (it
// says why).
//
// Speed: the tree-sitter HCL grammar makes every character inside a string
// or heredoc a token of its own (its external scanner returns one character
// per template literal chunk), and Terraform is mostly strings: about 100x
// the old hand-written lexer's CPU per byte. `modelshift_regions_bench hcl
// FILE` (Release; machine shared, load ~13 on 2 cores):
//                                          new: CPU/run  best wall | old lexer
//   a 263 KB .tf using every construct         116 ms   364 ms    | 2 ms   3.3 ms
//   chat-langchain terraform main.tf, 4 KB     ~1 ms    1.0 ms    | ~0     0.035 ms
//   2 MB one-line string                       2.1 s    3.6 s     | 2 ms   2.0 ms
//   2 MB one-line tuple of 700k items          2.1 s    4.8 s     | 64 ms  199 ms
// The scan benchmark tree (/work/main/build/bench/tree) holds no HCL file, so
// the whole scan is unchanged; a Terraform-heavy repository pays ~0.4 ms per
// KB of .tf, and a multi-megabyte one-line string nears kParseBudget (the
// file then gets a diagnostic and no regions).
#include <string>
#include <vector>

#include "read/hcl_syntax.h"
#include "read/tree_walk.h"
#include "read/regions.h"
#include "read/syntax_tree.h"

namespace modelshift {

namespace hcl_detail {

const HclSymbols& hcl_symbols() {
  static const HclSymbols s = [] {
    const TSLanguage* l = grammar_by_name("hcl");
    auto id = [l](std::string_view name, bool named = true) { return regions_detail::symbol_of(l, name, named); };
    HclSymbols h{};
    h.body = id("body");
    h.block = id("block");
    h.attribute = id("attribute");
    h.identifier = id("identifier");
    h.string_lit = id("string_lit");
    h.quoted_template = id("quoted_template");
    h.heredoc_template = id("heredoc_template");
    h.comment = id("comment");
    h.numeric_lit = id("numeric_lit");
    h.bool_lit = id("bool_lit");
    h.null_lit = id("null_lit");
    h.tuple = id("tuple");
    h.object = id("object");
    h.object_elem = id("object_elem");
    h.variable_expr = id("variable_expr");
    h.get_attr = id("get_attr");
    h.legacy_index = id("legacy_index");
    h.function_call = id("function_call");
    h.for_tuple_expr = id("for_tuple_expr");
    h.for_object_expr = id("for_object_expr");
    h.expression = id("expression");
    h.block_start = id("block_start");
    h.index = id("index");
    h.template_literal = id("template_literal");
    h.comma = id(",", false);
    return h;
  }();
  return s;
}

HeredocBody heredoc_body(std::string_view t, TSNode n) {
  HeredocBody h;
  size_t b = ts_node_start_byte(n);
  size_t nl = t.find('\n', b);
  h.b = nl == std::string_view::npos ? t.size() : nl + 1;
  uint32_t count = ts_node_child_count(n);
  TSNode last = ts_node_child(n, count - 1);
  h.closed = count >= 3 && !ts_node_is_missing(last);
  if (!h.closed) {
    h.e = t.size();
    return h;
  }
  size_t close_line = t.rfind('\n', ts_node_start_byte(last));
  h.e = close_line == std::string_view::npos || close_line < h.b ? h.b : close_line;
  if (h.e > h.b && t[h.e - 1] == '\r') --h.e;
  return h;
}

}  // namespace hcl_detail

namespace {

using regions_detail::Builder;
using regions_detail::join_index;
using regions_detail::join_key;
using regions_detail::kMaxKeyParts;
using regions_detail::kMaxNesting;
using hcl_detail::HclSymbols;

// How the children of a node on the walk's stack are read.
enum class Ctx { Body, Attr, Expr, Tuple, Object, Elem };
struct Frame {
  Ctx ctx;
  std::string path;
  size_t index = 0;        // Tuple: commas seen
  bool container = false;  // counts toward kMaxNesting
  bool key_done = false;   // Elem: the key is read, the value is next
};

class HclWalk {
 public:
  HclWalk(std::string_view text, Builder& b) : t_(text), b_(b), s_(hcl_detail::hcl_symbols()) {}

  void run(TSNode root) {
    regions_detail::walk_with_frames(root, Frame{Ctx::Body, {}}, nesting_,
                     [this](TSNode n, Frame& parent, Frame& child) { return visit(n, parent, child); });
    flush();
  }

 private:
  // Handles node `n` under `parent`; returns true (with `child` set) to walk
  // into its children.
  bool visit(TSNode n, Frame& parent, Frame& child) {
    TSSymbol sym = ts_node_symbol(n);
    if (!attribute_step(n, sym)) flush();
    if (sym == s_.comment) {
      comment(n);
      return false;
    }
    switch (parent.ctx) {
      case Ctx::Body:
        if (sym == s_.body) return (child = Frame{Ctx::Body, parent.path}), true;
        if (sym == s_.attribute) return open(n, Frame{Ctx::Attr, parent.path, 0, true}, child);
        if (sym == s_.block) {
          uint32_t brace = ts_node_start_byte(n);
          std::string path = block_path(n, parent.path, brace);
          return open(n, Frame{Ctx::Body, std::move(path), 0, true}, child, brace);
        }
        if (sym == s_.object) return expr(n, sym, parent.path, child);  // a JSON-style .tfvars
        return false;
      case Ctx::Attr:
        if (sym == s_.identifier) {
          parent.path = join_key(parent.path, text(n));
          b_.add(ts_node_start_byte(n), ts_node_end_byte(n), RegionKind::Key, parent.path);
          return false;
        }
        return sym == s_.expression && ((child = Frame{Ctx::Expr, parent.path}), true);
      case Ctx::Tuple:
        if (sym == s_.comma) ++parent.index;
        return sym == s_.expression && ((child = Frame{Ctx::Expr, join_index(parent.path, parent.index)}), true);
      case Ctx::Object:
        return sym == s_.object_elem && ((child = Frame{Ctx::Elem, parent.path}), true);
      case Ctx::Elem:
        if (sym != s_.expression) return false;
        if (parent.key_done) return (child = Frame{Ctx::Expr, parent.path}), true;
        parent.key_done = true;
        return object_key(n, parent, child);
      case Ctx::Expr:
        return expr(n, sym, parent.path, child);
    }
    return false;
  }

  bool expr(TSNode n, TSSymbol sym, const std::string& path, Frame& child) {
    uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (sym == s_.string_lit || sym == s_.quoted_template) {
      b_.add(b + 1, e - 1, RegionKind::Value, path);
    } else if (sym == s_.heredoc_template) {
      hcl_detail::HeredocBody h = hcl_detail::heredoc_body(t_, n);
      b_.add(h.b, h.e, RegionKind::Value, path);
    } else if (sym == s_.numeric_lit || sym == s_.bool_lit || sym == s_.null_lit || sym == s_.identifier ||
               (!ts_node_is_named(n) && e > b && ((t_[b] | 0x20) >= 'a' && (t_[b] | 0x20) <= 'z'))) {
      // `for`, `in`, `if` count as values too, as names do
      b_.add(b, e, RegionKind::Value, path);
    } else if (sym == s_.variable_expr) {
      run_ = Run{b, e, true, path};
    } else if (attribute_step(n, sym)) {
      if (!run_.active || run_.e != b) {
        flush();
        run_ = Run{b + 1, e, true, path};  // the name after the dot
      } else {
        run_.e = e;
      }
    } else if (sym == s_.tuple) {
      return open(n, Frame{Ctx::Tuple, path, 0, true}, child);
    } else if (sym == s_.object) {
      return open(n, Frame{Ctx::Object, path, 0, true}, child);
    } else if (sym == s_.function_call || sym == s_.for_tuple_expr || sym == s_.for_object_expr) {
      return open(n, Frame{Ctx::Expr, path, 0, true}, child);
    } else {
      // expression, operations, conditionals, arguments, indexes, splats:
      // their values belong to the enclosing path.
      child = Frame{Ctx::Expr, path};
      return true;
    }
    return false;
  }

  // The key of an object element: a name, a string, or `(expression)` (whose
  // values then take the object's path).
  bool object_key(TSNode n, Frame& elem, Frame& child) {
    uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (t_[b] == '(') return (child = Frame{Ctx::Expr, elem.path}), true;
    if (t_[b] == '"' && e - b >= 2) ++b, --e;
    elem.path = join_key(elem.path, t_.substr(b, e - b));
    b_.add(b, e, RegionKind::Key, elem.path);
    return false;
  }

  // The path of a block, with Key regions for its type and labels; `brace`
  // gets the offset of its `{`.
  std::string block_path(TSNode n, std::string path, uint32_t& brace) {
    TSTreeCursor c = ts_tree_cursor_new(n);
    size_t parts = 0;
    for (bool more = ts_tree_cursor_goto_first_child(&c); more; more = ts_tree_cursor_goto_next_sibling(&c)) {
      TSNode k = ts_tree_cursor_current_node(&c);
      TSSymbol sym = ts_node_symbol(k);
      uint32_t b = ts_node_start_byte(k), e = ts_node_end_byte(k);
      if (sym != s_.identifier && sym != s_.string_lit) {
        brace = b;
        break;
      }
      if (sym == s_.string_lit) ++b, --e;
      if (++parts > kMaxKeyParts + 1) continue;
      if (parts == kMaxKeyParts + 1) {
        b_.error(ts_node_start_byte(k), "malformed HCL: block with more than " + std::to_string(kMaxKeyParts) + " labels");
        continue;
      }
      path = join_key(path, t_.substr(b, e - b));
      b_.add(b, e, RegionKind::Key, path);
    }
    ts_tree_cursor_delete(&c);
    return path;
  }

  // Counts the containers open (the file itself, blocks, attributes, tuples,
  // objects, calls, for-expressions) as the old reader did, and stops at
  // kMaxNesting.
  bool open(TSNode n, Frame frame, Frame& child, uint32_t at = UINT32_MAX) {
    if (nesting_ + 1 >= kMaxNesting) {
      b_.error(at == UINT32_MAX ? ts_node_start_byte(n) : at, "malformed HCL: nesting deeper than " + std::to_string(kMaxNesting) + " levels");
      return false;
    }
    child = std::move(frame);
    return true;
  }

  void comment(TSNode n) {
    uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (t_[b] != '/' || t_[b + 1] != '*')
      while (e > b && (t_[e - 1] == '\r' || t_[e - 1] == '\n')) --e;
    b_.add(b, e, RegionKind::Comment);
  }

  // `.name` or `.0` after a reference.
  bool attribute_step(TSNode n, TSSymbol sym) const {
    return sym == s_.get_attr || sym == s_.legacy_index || (sym == s_.index && t_[ts_node_start_byte(n)] == '.');
  }

  // A reference (`var.a.b`, `local.x.0`) is one Value, from the variable to
  // the last attribute glued to it.
  void flush() {
    if (run_.active) b_.add(run_.b, run_.e, RegionKind::Value, std::move(run_.path));
    run_.active = false;
  }

  std::string_view text(TSNode n) const {
    return t_.substr(ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n));
  }

  struct Run {
    uint32_t b = 0, e = 0;
    bool active = false;
    std::string path;
  };

  std::string_view t_;
  Builder& b_;
  const HclSymbols& s_;
  Run run_;
  size_t nesting_ = 0;
};

}  // namespace

RegionTable analyze_hcl(std::string_view text) {
  return regions_detail::run_analyzer(text, "HCL", [&](Builder& b) {
    SyntaxTree tree = parse_syntax(grammar_by_name("hcl"), text);
    if (!tree) {
      b.error(0, "malformed HCL: parse abandoned (no grammar, or over the " + std::to_string(kParseBudget.count()) +
                     " s budget)");
      return;
    }
    if (ts_node_has_error(tree.root()))
      hcl_detail::recover_hcl(b, tree.root());
    else
      HclWalk(text, b).run(tree.root());
  });
}

}  // namespace modelshift
