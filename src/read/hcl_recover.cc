// recover_hcl: regions of an HCL file whose tree has a syntax error.
//
// Why not walk the tree as format_hcl.cc does: tree-sitter's HCL grammar
// ignores line ends, so its recovery reads across them: `/* gpt-4` left open
// becomes a division of the value before it, and `resource "a"` without its
// brace swallows the next line's attribute name as a label. This reader takes
// the tree's leaves in order (tree-sitter still did the lexing: strings with
// their interpolations, heredocs, numbers, identifiers), adds the line ends
// from the bytes between them, and reads them with a line-aware state
// machine: values outside the broken part keep their key paths, and the
// first problem is reported as "malformed HCL: ...".
#include <algorithm>
#include <string>
#include <vector>

#include "read/hcl_syntax.h"
#include "read/regions.h"
#include "read/syntax_tree.h"

namespace modelshift::hcl_detail {

namespace {

using regions_detail::Builder;
using regions_detail::join_index;
using regions_detail::join_key;
using regions_detail::kMaxKeyParts;
using regions_detail::kMaxNesting;

using Tk = HclTk;
using Token = HclToken;

class Hcl {
 public:
  Hcl(Builder& b, std::vector<Token> tokens) : t_(b.text()), b_(b), tokens_(std::move(tokens)) {}

  void run() {
    Fr root;
    root.k = FK::Body;
    st_.push_back(std::move(root));
    while (true) {
      Token tk = next();
      if (tk.type == Tk::Eof) break;
      if (skip_ > 0) {
        if (tk.type == Tk::Punct && (tk.punct == '[' || tk.punct == '{' || tk.punct == '(')) ++skip_;
        if (tk.type == Tk::Punct && (tk.punct == ']' || tk.punct == '}' || tk.punct == ')')) --skip_;
        continue;
      }
      switch (st_.back().k) {
        case FK::Body: body(tk); break;
        case FK::Attr: attr(tk); break;
        case FK::Tuple: tuple(tk); break;
        case FK::Object: object(tk); break;
        case FK::Paren: paren(tk); break;
      }
    }
    for (size_t k = st_.size(); k-- > 1;) {
      if (st_[k].k != FK::Attr) {
        b_.error(st_[k].open, std::string("malformed HCL: unclosed '") + opener(st_[k]) + "'");
        break;
      }
    }
  }

 private:
  enum class FK { Body, Attr, Tuple, Object, Paren };
  struct Fr {
    FK k = FK::Body;
    std::string path;
    size_t index = 0;
    int st = 0;  // Object: 0 expect key, 1 expect = or :, 2 in value
    std::string key;
    size_t open = 0;
    char close = 0;
    bool last_value = false;
    bool skip_line = false;
  };

  static char opener(const Fr& f) {
    switch (f.k) {
      case FK::Tuple: return '[';
      case FK::Paren: return f.close == ']' ? '[' : f.close == '}' ? '{' : '(';
      default: return '{';
    }
  }
  static char closer(const Fr& f) {
    switch (f.k) {
      case FK::Tuple: return ']';
      case FK::Paren: return f.close;
      case FK::Object:
      case FK::Body: return '}';
      default: return 0;
    }
  }

  // The token stream ends with an Eof token, which next() never passes.
  Token next() { return tokens_[std::min(k_++, tokens_.size() - 1)]; }
  const Token& peek() const { return tokens_[std::min(k_, tokens_.size() - 1)]; }
  void pushback() {
    if (k_ > 0) --k_;
  }

  static bool is_punct(const Token& tk, char c) { return tk.type == Tk::Punct && tk.punct == c; }
  bool peek_is_for() {
    const Token& p = peek();
    return p.type == Tk::Ident && t_.substr(p.b, p.e - p.b) == "for";
  }

  std::string key_text(const Token& tk) const {
    if (tk.type == Tk::String) return std::string(t_.substr(tk.vb, tk.ve - tk.vb));
    return std::string(t_.substr(tk.b, tk.e - tk.b));
  }
  void key_region(const Token& tk, const std::string& path) {
    if (tk.type == Tk::String)
      b_.add(tk.vb, tk.ve, RegionKind::Key, path);
    else
      b_.add(tk.b, tk.e, RegionKind::Key, path);
  }

  bool push(FK k, std::string path, size_t open, char close = 0) {
    if (st_.size() >= kMaxNesting) {
      b_.error(open, "malformed HCL: nesting deeper than " + std::to_string(kMaxNesting) + " levels");
      skip_ = 1;
      return false;
    }
    Fr f;
    f.k = k;
    f.path = std::move(path);
    f.open = open;
    f.close = close;
    st_.push_back(std::move(f));
    return true;
  }
  void pop() {
    st_.pop_back();
    if (!st_.empty()) st_.back().last_value = true;
  }

  void mismatched(const Token& tk) {
    b_.error(tk.b, std::string("malformed HCL: unexpected '") + tk.punct + "'");
    for (size_t k = st_.size(); k-- > 1;) {
      if (closer(st_[k]) == tk.punct) {
        while (st_.size() > k) pop();
        return;
      }
    }
  }

  // An expression token under `path` in the frame on top of the stack.
  void expr(const Token& tk, const std::string& path) {
    switch (tk.type) {
      case Tk::String:
      case Tk::Heredoc:
        b_.add(tk.vb, tk.ve, RegionKind::Value, path);
        st_.back().last_value = true;
        return;
      case Tk::Ident:
      case Tk::Number:
        b_.add(tk.b, tk.e, RegionKind::Value, path);
        st_.back().last_value = true;
        return;
      case Tk::Punct:
        break;
      default:
        return;
    }
    bool after_value = st_.back().last_value;
    st_.back().last_value = false;
    switch (tk.punct) {
      case '[':
        if (peek_is_for() || after_value)  // for-expression, or an index after a value
          push(FK::Paren, path, tk.b, ']');
        else
          push(FK::Tuple, path, tk.b);
        return;
      case '{':
        if (peek_is_for())
          push(FK::Paren, path, tk.b, '}');
        else
          push(FK::Object, path, tk.b);
        return;
      case '(':
        push(FK::Paren, path, tk.b, ')');
        return;
      case ']':
      case '}':
      case ')':
        mismatched(tk);
        return;
      default:
        return;
    }
  }

  void body(const Token& tk) {
    Fr& f = st_.back();
    if (f.skip_line) {
      if (tk.type == Tk::Newline) f.skip_line = false;
      return;
    }
    if (tk.type == Tk::Newline) return;
    if (is_punct(tk, '}')) {
      if (st_.size() > 1)
        pop();
      else
        b_.error(tk.b, "malformed HCL: unexpected '}'");
      return;
    }
    if (tk.type == Tk::Ident || tk.type == Tk::String) {
      const Token& nx = peek();
      if (is_punct(nx, '=') || is_punct(nx, ':')) {
        next();
        std::string kp = join_key(f.path, key_text(tk));
        key_region(tk, kp);
        push(FK::Attr, kp, tk.b);
        return;
      }
      // A block: type, labels, '{'.
      std::string path = join_key(f.path, key_text(tk));
      key_region(tk, path);
      size_t labels = 0;
      while (true) {
        Token t2 = next();
        if (t2.type == Tk::Ident || t2.type == Tk::String) {
          if (++labels > kMaxKeyParts) {
            if (labels == kMaxKeyParts + 1)
              b_.error(t2.b, "malformed HCL: block with more than " + std::to_string(kMaxKeyParts) + " labels");
            continue;
          }
          path = join_key(path, key_text(t2));
          key_region(t2, path);
          continue;
        }
        if (is_punct(t2, '{')) {
          push(FK::Body, path, t2.b);
          return;
        }
        b_.error(t2.b, "malformed HCL: expected '=' or '{' after '" + std::string(t_.substr(tk.b, std::min<size_t>(tk.e - tk.b, 60))) + "'");
        if (t2.type == Tk::Newline || t2.type == Tk::Eof)
          pushback();
        else
          st_.back().skip_line = true;
        return;
      }
    }
    b_.error(tk.b, "malformed HCL: expected an attribute or a block");
    if (tk.type != Tk::Newline) f.skip_line = true;
  }

  void attr(const Token& tk) {
    Fr& f = st_.back();
    if (tk.type == Tk::Newline) {
      st_.pop_back();
      return;
    }
    if (is_punct(tk, '}')) {
      st_.pop_back();
      pushback();
      return;
    }
    if (f.last_value && (tk.type == Tk::Ident || tk.type == Tk::String) && is_punct(peek(), '=')) {
      st_.pop_back();  // several attributes on one line
      pushback();
      return;
    }
    std::string path = f.path;
    expr(tk, path);
  }

  void tuple(const Token& tk) {
    Fr& f = st_.back();
    if (tk.type == Tk::Newline) return;
    if (is_punct(tk, ',')) {
      ++f.index;
      f.last_value = false;
      return;
    }
    if (is_punct(tk, ']')) {
      pop();
      return;
    }
    expr(tk, join_index(f.path, f.index));
  }

  void object_key(const Token& tk) {
    Fr& f = st_.back();
    f.key = join_key(f.path, key_text(tk));
    key_region(tk, f.key);
    f.st = 1;
    f.last_value = false;
  }

  void object(const Token& tk) {
    Fr& f = st_.back();
    if (is_punct(tk, '}')) {
      pop();
      return;
    }
    switch (f.st) {
      case 0:
        if (tk.type == Tk::Ident || tk.type == Tk::String) {
          object_key(tk);
        } else if (is_punct(tk, '(')) {
          f.st = 1;
          f.key = f.path;
          push(FK::Paren, f.path, tk.b, ')');
        }
        return;
      case 1:
        if (is_punct(tk, '=') || is_punct(tk, ':')) {
          f.st = 2;
          f.last_value = false;
          return;
        }
        if (tk.type == Tk::Newline || is_punct(tk, ',')) {
          f.st = 0;
          return;
        }
        f.st = 2;
        break;
      default:
        if (tk.type == Tk::Newline || is_punct(tk, ',')) {
          f.st = 0;
          f.last_value = false;
          return;
        }
        if (f.last_value && (tk.type == Tk::Ident || tk.type == Tk::String) &&
            (is_punct(peek(), '=') || is_punct(peek(), ':'))) {
          object_key(tk);  // several entries on one line without commas
          return;
        }
        break;
    }
    std::string path = f.key;
    expr(tk, path);
  }

  void paren(const Token& tk) {
    Fr& f = st_.back();
    if (tk.type == Tk::Punct && tk.punct == f.close) {
      pop();
      return;
    }
    if (tk.type == Tk::Newline || is_punct(tk, ',')) return;
    std::string path = f.path;
    expr(tk, path);
  }

  std::string_view t_;
  Builder& b_;
  std::vector<Token> tokens_;
  size_t k_ = 0;
  std::vector<Fr> st_;
  size_t skip_ = 0;
};

}  // namespace

void recover_hcl(Builder& b, TSNode root) {
  Hcl(b, hcl_tokens(b, root)).run();
  uint32_t offset = 0;
  if (!b.has_error() && first_syntax_error(root, &offset)) b.error(offset, "malformed HCL: syntax error");
}

}  // namespace modelshift::hcl_detail
