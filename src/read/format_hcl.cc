// analyze_hcl: HCL2 / Terraform (.tf, .tfvars, .hcl).
//
// Paths: a block's type and labels are path segments, attributes add their
// name: `resource "azurerm_cognitive_deployment" "chat" { model { name = "x" } }`
// -> resource.azurerm_cognitive_deployment.chat.model.name;
// `variable "model" { default = "gpt-4o" }` -> variable.model.default.
// Object expressions add their keys (`tags = { k = "v" }` -> tags.k), tuples
// their index (`[i]`). Repeated blocks of the same type share a path (no
// index). Values inside function calls, conditionals and for-expressions get
// the path of the enclosing attribute / element.
//
// Regions: attribute names, object keys, block types and labels -> Key (path
// of that key; a label's path ends with the label). Strings -> one Value
// between the quotes, interpolations included ("${var.x}-gpt-4o" is one
// region); heredoc bodies -> one Value; other expression tokens (numbers,
// identifiers, references) -> Value; `#`, `//`, `/* */` -> Comment.
//
// Tolerates several attributes on one line (`{ a = 1 b = 2 }`).
#include <deque>
#include <string>
#include <vector>

#include "read/regions.h"

namespace modelshift {

namespace {

using regions_detail::Builder;
using regions_detail::join_index;
using regions_detail::join_key;
using regions_detail::kMaxKeyParts;
using regions_detail::kMaxNesting;

bool ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9') || c == '-'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

enum class Tk { Newline, Ident, String, Heredoc, Number, Punct, Eof };
struct Token {
  Tk type = Tk::Eof;
  size_t b = 0, e = 0;    // token range
  size_t vb = 0, ve = 0;  // value range (string content, heredoc body)
  char punct = 0;         // for Punct: the character; 'O' for multi-char operators
};

class Lexer {
 public:
  Lexer(std::string_view t, Builder& b) : t_(t), n_(t.size()), b_(b), i_(regions_detail::bom_length(t)) {}

  Token next() {
    while (true) {
      while (i_ < n_ && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\r' || t_[i_] == '\f')) ++i_;
      Token tk;
      tk.b = i_;
      if (i_ >= n_) {
        tk.type = Tk::Eof;
        tk.e = n_;
        return tk;
      }
      char c = t_[i_];
      if (c == '\n') {
        tk.type = Tk::Newline;
        tk.e = ++i_;
        return tk;
      }
      if (c == '#' || (c == '/' && i_ + 1 < n_ && t_[i_ + 1] == '/')) {
        size_t e = i_;
        while (e < n_ && t_[e] != '\n') ++e;
        size_t ce = e;
        if (ce > i_ && t_[ce - 1] == '\r') --ce;
        b_.add(i_, ce, RegionKind::Comment);
        i_ = e;
        continue;
      }
      if (c == '/' && i_ + 1 < n_ && t_[i_ + 1] == '*') {
        size_t j = i_ + 2;
        while (j + 1 < n_ && !(t_[j] == '*' && t_[j + 1] == '/')) ++j;
        if (j + 1 >= n_) {
          b_.error(i_, "malformed HCL: unterminated /* comment");
          b_.add(i_, n_, RegionKind::Comment);
          i_ = n_;
        } else {
          b_.add(i_, j + 2, RegionKind::Comment);
          i_ = j + 2;
        }
        continue;
      }
      if (c == '"') return string();
      if (c == '<' && i_ + 1 < n_ && t_[i_ + 1] == '<') {
        Token h;
        if (heredoc(h)) return h;
      }
      if (is_digit(c)) {
        size_t j = i_;
        while (j < n_ && (is_digit(t_[j]) || t_[j] == '.')) ++j;
        if (j < n_ && (t_[j] == 'e' || t_[j] == 'E')) {
          size_t k = j + 1;
          if (k < n_ && (t_[k] == '+' || t_[k] == '-')) ++k;
          if (k < n_ && is_digit(t_[k])) {
            j = k;
            while (j < n_ && is_digit(t_[j])) ++j;
          }
        }
        tk.type = Tk::Number;
        tk.e = i_ = j;
        return tk;
      }
      if (ident_start(c)) {
        // A traversal such as var.x or local.gpt-4.1 is one token.
        size_t j = i_;
        while (j < n_ && (ident_char(t_[j]) || (t_[j] == '.' && j + 1 < n_ && ident_char(t_[j + 1])))) ++j;
        tk.type = Tk::Ident;
        tk.e = i_ = j;
        return tk;
      }
      tk.type = Tk::Punct;
      tk.punct = c;
      size_t len = 1;
      if (i_ + 1 < n_) {
        char d = t_[i_ + 1];
        if (((c == '=' || c == '!' || c == '<' || c == '>') && d == '=') || (c == '=' && d == '>') ||
            (c == '&' && d == '&') || (c == '|' && d == '|')) {
          tk.punct = 'O';
          len = 2;
        } else if (c == '.' && d == '.' && i_ + 2 < n_ && t_[i_ + 2] == '.') {
          tk.punct = 'O';
          len = 3;
        }
      }
      tk.e = i_ = i_ + len;
      return tk;
    }
  }

 private:
  // A quoted template string; interpolations ${...} and directives %{...} may
  // contain nested strings and braces.
  Token string() {
    Token tk;
    tk.type = Tk::String;
    tk.b = i_;
    tk.vb = i_ + 1;
    std::vector<char> st{'S'};
    size_t overflow = 0;
    size_t j = i_ + 1;
    while (j < n_) {
      char c = t_[j];
      if (st.back() == 'S') {
        if (c == '\\') {
          j += (j + 1 < n_ && t_[j + 1] != '\n') ? 2 : 1;
          continue;
        }
        if (c == '"') {
          st.pop_back();
          ++j;
          if (st.empty()) {
            tk.ve = j - 1;
            tk.e = i_ = j;
            return tk;
          }
          continue;
        }
        if (c == '\n') break;
        if ((c == '$' || c == '%') && j + 1 < n_) {
          if (t_[j + 1] == c && j + 2 < n_ && t_[j + 2] == '{') {  // $${ and %%{ escapes
            j += 3;
            continue;
          }
          if (t_[j + 1] == '{') {
            if (st.size() < kMaxNesting)
              st.push_back('I');
            else
              ++overflow;
            j += 2;
            continue;
          }
        }
        ++j;
        continue;
      }
      // Inside an interpolation.
      if (c == '{') {
        if (st.size() < kMaxNesting)
          st.push_back('B');
        else
          ++overflow;
      } else if (c == '}') {
        if (overflow > 0)
          --overflow;
        else
          st.pop_back();
      } else if (c == '"' && st.size() < kMaxNesting) {
        st.push_back('S');
      }
      ++j;
    }
    // Unterminated: end at the line end.
    b_.error(i_, "malformed HCL: unterminated string");
    size_t e = j;
    if (e > tk.vb && e <= n_ && t_[e - 1] == '\r') --e;
    tk.ve = e;
    tk.e = e;
    i_ = j;
    return tk;
  }

  bool heredoc(Token& tk) {
    size_t j = i_ + 2;
    if (j < n_ && t_[j] == '-') ++j;
    size_t db = j;
    if (j >= n_ || !ident_start(t_[j])) return false;
    while (j < n_ && ident_char(t_[j])) ++j;
    std::string_view delim = t_.substr(db, j - db);
    size_t k = j;
    while (k < n_ && (t_[k] == ' ' || t_[k] == '\t' || t_[k] == '\r')) ++k;
    if (k < n_ && t_[k] != '\n') return false;
    tk.type = Tk::Heredoc;
    tk.b = i_;
    size_t pos = k < n_ ? k + 1 : n_;
    tk.vb = pos;
    tk.ve = pos;
    while (pos < n_) {
      size_t e = pos;
      while (e < n_ && t_[e] != '\n') ++e;
      size_t ce = e;
      if (ce > pos && t_[ce - 1] == '\r') --ce;
      size_t r = pos;
      while (r < ce && (t_[r] == ' ' || t_[r] == '\t')) ++r;
      size_t re = ce;
      while (re > r && (t_[re - 1] == ' ' || t_[re - 1] == '\t')) --re;
      if (t_.substr(r, re - r) == delim) {
        tk.e = i_ = ce;
        return true;
      }
      tk.ve = ce;
      pos = e < n_ ? e + 1 : n_;
    }
    b_.error(tk.b, "malformed HCL: unterminated heredoc (missing " + std::string(delim) + ")");
    tk.ve = n_;
    tk.e = i_ = n_;
    return true;
  }

  std::string_view t_;
  size_t n_;
  Builder& b_;
  size_t i_;
};

class Hcl {
 public:
  Hcl(std::string_view t, Builder& b) : t_(t), b_(b), lex_(t, b) {}

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

  Token next() {
    if (!buf_.empty()) {
      Token tk = buf_.front();
      buf_.pop_front();
      return tk;
    }
    return lex_.next();
  }
  const Token& peek() {
    if (buf_.empty()) buf_.push_back(lex_.next());
    return buf_.front();
  }
  void pushback(const Token& tk) { buf_.push_front(tk); }

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
    st_.back().last_value = false;
    switch (tk.punct) {
      case '[':
        if (peek_is_for())
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
          pushback(t2);
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
      pushback(tk);
      return;
    }
    if (f.last_value && (tk.type == Tk::Ident || tk.type == Tk::String) && is_punct(peek(), '=')) {
      st_.pop_back();  // several attributes on one line
      pushback(tk);
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
  Lexer lex_;
  std::deque<Token> buf_;
  std::vector<Fr> st_;
  size_t skip_ = 0;
};

}  // namespace

RegionTable analyze_hcl(std::string_view text) {
  return regions_detail::run_analyzer(text, "HCL", [&](Builder& b) { Hcl(text, b).run(); });
}

}  // namespace modelshift
