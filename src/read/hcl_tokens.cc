// hcl_tokens: the token stream of an HCL file with a syntax error, for the
// recovery in hcl_recover.cc (which says why it reads tokens, not the tree).
//
// The leaves of the tree in order (tree-sitter did the lexing: strings with
// their interpolations, heredocs, numbers, identifiers), with the line ends
// taken from the bytes between them. Bytes tree-sitter could not make into a
// token are read here: a `/*` that never closes is a comment to the end of
// the file; a string without its closing quote ends at the line end; a
// heredoc without its closing delimiter at the end of the file.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "read/hcl_syntax.h"
#include "read/regions.h"

namespace modelshift::hcl_detail {

namespace {

using regions_detail::Builder;
using Tk = HclTk;
using Token = HclToken;

bool word_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\n'; }

// The token stream of the file, ending with Eof: the leaves of the tree, line
// ends and the words of bytes tree-sitter skipped from the gaps between them.
// `var.x.0` is one Ident, as a reference is one value.
class Tokens {
 public:
  explicit Tokens(Builder& b) : b_(b), t_(b.text()), last_end_(regions_detail::bom_length(b.text())) {}

  std::vector<Token> read(TSNode root) {
    const HclSymbols& s = hcl_symbols();
    TSTreeCursor c = ts_tree_cursor_new(root);
    for (bool more = true; more && last_end_ < t_.size();) {
      TSNode n = ts_tree_cursor_current_node(&c);
      TSSymbol sym = ts_node_symbol(n);
      size_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
      bool atom = sym == s.string_lit || sym == s.quoted_template || sym == s.heredoc_template || sym == s.comment ||
                  sym == s.numeric_lit || sym == s.identifier || ts_node_child_count(n) == 0;
      if (atom && e > b && b >= last_end_ && !ts_node_is_missing(n) && !ts_node_is_error(n)) {
        gap(b);  // may read past b (a string from the bytes)
        if (b < last_end_) {
        } else if (sym == s.comment) {
          comment(b, e);
        } else if (sym == s.string_lit || sym == s.quoted_template) {
          string(n, b, e);
        } else if (sym == s.heredoc_template) {
          heredoc(n, b, e);
        } else {
          leaf(sym == s.numeric_lit ? Tk::Number : Tk::Ident, b, e);
        }
      }
      if (!atom && ts_tree_cursor_goto_first_child(&c)) continue;
      while (!(more = ts_tree_cursor_goto_next_sibling(&c)) && ts_tree_cursor_goto_parent(&c)) {
      }
    }
    ts_tree_cursor_delete(&c);
    gap(t_.size());
    Token eof;
    eof.b = eof.e = t_.size();
    out_.push_back(eof);
    return std::move(out_);
  }

 private:
  size_t line_end(size_t i) const {  // before the \n (and a \r before it)
    const void* nl = std::memchr(t_.data() + i, '\n', t_.size() - i);
    size_t e = nl ? static_cast<size_t>(static_cast<const char*>(nl) - t_.data()) : t_.size();
    return e > i && t_[e - 1] == '\r' ? e - 1 : e;
  }
  void push(Token tk) {
    out_.push_back(tk);
    last_end_ = tk.e;
  }
  // Line ends and skipped words before byte `b`.
  void gap(size_t b) {
    for (size_t i = last_end_; i < b;) {
      char c = t_[i];
      if (blank(c)) {
        if (c == '\n') push(Token{Tk::Newline, i, i + 1});
        ++i;
        continue;
      }
      if (c == '"') {
        string_bytes(i);
        i = last_end_;
        continue;
      }
      size_t j = i;
      while (j < b && !blank(t_[j])) ++j;
      leaf(Tk::Ident, i, j);
      i = std::max(j, last_end_);
    }
  }
  void comment(size_t b, size_t e) {
    if (t_[b] != '/' || t_[b + 1] != '*') e = std::min(e, line_end(b));
    b_.add(b, e, RegionKind::Comment);
    last_end_ = e;
  }
  // A quoted string ends at its line end when it has no closing quote, or
  // when tree-sitter let its literal text run over a line end (HCL allows
  // line ends only inside ${...}); the bytes after the cut are read again.
  void string(TSNode n, size_t b, size_t e) {
    Token tk{Tk::String, b, e, b + 1, e - 1};
    uint32_t count = ts_node_child_count(n);
    bool broken = e - b < 2 || ts_node_is_missing(ts_node_child(n, count - 1));
    for (uint32_t i = 0; i < count && !broken; ++i) {
      TSNode part = ts_node_child(n, i);
      size_t pb = ts_node_start_byte(part), pe = ts_node_end_byte(part);
      broken = ts_node_symbol(part) == hcl_symbols().template_literal && std::memchr(t_.data() + pb, '\n', pe - pb);
    }
    if (broken) {
      b_.error(b, "malformed HCL: unterminated string");
      tk.e = tk.ve = std::min(e, line_end(b));
    }
    push(tk);
  }
  void heredoc(TSNode n, size_t b, size_t e) {
    HeredocBody h = heredoc_body(t_, n);
    if (!h.closed) {
      TSNode id = ts_node_named_child(n, 1);
      std::string delim(t_.substr(ts_node_start_byte(id), ts_node_end_byte(id) - ts_node_start_byte(id)));
      b_.error(b, "malformed HCL: unterminated heredoc (missing " + delim + ")");
      e = t_.size();
    }
    push(Token{Tk::Heredoc, b, e, h.b, h.e});
  }
  // A string tree-sitter did not read: to its closing quote or the line end.
  void string_bytes(size_t i) {
    size_t j = i + 1, end = line_end(i);
    while (j < end && t_[j] != '"') j += t_[j] == '\\' ? 2 : 1;
    if (j >= end) b_.error(i, "malformed HCL: unterminated string");
    j = std::min(j, end);
    push(Token{Tk::String, i, std::min(j + 1, end), i + 1, j});
  }
  // `<<EOF` that tree-sitter did not read as a heredoc: the body runs to the
  // line that holds only the delimiter, or to the end of the file.
  bool heredoc_bytes(size_t b, size_t e) {
    size_t j = e;
    while (j < t_.size() && (word_start(t_[j]) || (t_[j] >= '0' && t_[j] <= '9') || t_[j] == '-')) ++j;
    std::string_view delim = t_.substr(e, j - e);
    size_t eol = line_end(j);
    if (delim.empty() || !word_start(delim[0]) || eol >= t_.size() || t_.find_first_not_of(" \t", j) < eol)
      return false;
    Token tk{Tk::Heredoc, b, t_.size(), t_.find('\n', eol) + 1, t_.size()};
    for (size_t pos = tk.vb; pos < t_.size();) {
      size_t ce = line_end(pos), r = pos, re = ce;
      while (r < ce && (t_[r] == ' ' || t_[r] == '\t')) ++r;
      while (re > r && (t_[re - 1] == ' ' || t_[re - 1] == '\t')) --re;
      if (t_.substr(r, re - r) == delim) {
        tk.e = ce;
        push(tk);
        return true;
      }
      tk.ve = ce;
      size_t nl = t_.find('\n', ce);
      pos = nl == std::string_view::npos ? t_.size() : nl + 1;
    }
    b_.error(b, "malformed HCL: unterminated heredoc (missing " + std::string(delim) + ")");
    tk.ve = t_.size();
    push(tk);
    return true;
  }
  void leaf(Tk type, size_t b, size_t e) {
    std::string_view tok = t_.substr(b, e - b);
    if (tok[0] == '/' && b + 1 < t_.size() && t_[b + 1] == '*') {  // a /* tree-sitter could not close
      b_.error(b, "malformed HCL: unterminated /* comment");
      b_.add(b, t_.size(), RegionKind::Comment);
      last_end_ = t_.size();
      return;
    }
    if (tok.substr(0, 2) == "<<" && heredoc_bytes(b, b + (tok.substr(0, 3) == "<<-" ? 3 : 2))) return;
    if (tok == "\"") return string_bytes(b);
    if (type == Tk::Ident && tok[0] >= '0' && tok[0] <= '9') type = Tk::Number;
    if (type == Tk::Ident && !word_start(tok[0])) {
      for (size_t i = b; i < e; ++i) punct(i, e);  // "[*]", ".*", or a skipped word
      return;
    }
    // A reference continues through `.name` / `.0` glued to it; bytes glued
    // to a name (`mé` after invalid UTF-8) stay in it.
    size_t m = out_.size();
    if (m >= 2 && out_[m - 1].type == Tk::Punct && out_[m - 1].punct == '.' && out_[m - 1].b == out_[m - 2].e &&
        out_[m - 1].e == b && out_[m - 2].type == Tk::Ident) {
      out_.pop_back();
      out_.back().e = last_end_ = e;
      return;
    }
    if (m >= 1 && out_[m - 1].type == Tk::Ident && out_[m - 1].e == b) {
      out_.back().e = last_end_ = e;
      return;
    }
    push(Token{type, b, e});
  }
  // An operator or punctuation token from byte i of [i, e); multi-character
  // operators become one token 'O'.
  void punct(size_t& i, size_t e) {
    static const char* const kOps[] = {"...", "==", "!=", "<=", ">=", "=>", "&&", "||"};
    for (const char* op : kOps) {
      size_t len = std::strlen(op);
      if (i + len <= e && t_.compare(i, len, op) == 0) {
        push(Token{Tk::Punct, i, i + len, 0, 0, 'O'});
        i += len - 1;
        return;
      }
    }
    push(Token{Tk::Punct, i, i + 1, 0, 0, t_[i]});
  }

  Builder& b_;
  std::string_view t_;
  size_t last_end_;
  std::vector<Token> out_;
};

}  // namespace

std::vector<HclToken> hcl_tokens(Builder& b, TSNode root) { return Tokens(b).read(root); }

}  // namespace modelshift::hcl_detail
