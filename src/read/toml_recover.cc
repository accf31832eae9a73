// recover_toml: regions of a TOML file whose tree has a syntax error.
//
// Why not walk the tree as format_toml.cc does: tree-sitter's recovery puts
// tokens into ERROR nodes without regard to lines, and often hangs a later,
// well-formed line on the broken pair before it (`a = [1, 2` + newline +
// `b = "gpt-4o"` gives one ERROR in which "gpt-4o" follows a's array). TOML is
// line-oriented, so this reader takes the tree's leaves in order (strings,
// keys, numbers, brackets: tree-sitter still did the lexing) and reads them
// statement by statement: a line that starts with `key =` or `[table]`
// starts afresh, so values outside the broken part keep their key paths.
//
// Bytes tree-sitter could not make into a token (an unterminated string)
// are read here: a lone quote opens a string that ends at its closing quote
// or, failing that, at the line end (""" and ''': at the end of the file).
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "read/regions.h"
#include "read/syntax_tree.h"
#include "read/toml_syntax.h"

namespace modelshift::toml_detail {

namespace {

using regions_detail::Builder;
using regions_detail::join_index;
using regions_detail::kMaxNesting;

enum class A : uint8_t { Bare, Quoted, String, Scalar, Comment, LBracket, RBracket, LBrace, RBrace, Eq, Comma, Dot, Quote, Other };

struct Atom {
  A kind;
  bool line_start;  // first token on its line
  uint32_t b, e;
};

A kind_of(const TomlSymbols& s, TSSymbol sym, std::string_view tok) {
  if (sym == s.bare_key) return A::Bare;
  if (sym == s.quoted_key) return A::Quoted;
  if (sym == s.string) return A::String;
  if (s.is_scalar(sym)) return A::Scalar;
  if (sym == s.comment) return A::Comment;
  switch (tok[0]) {
    case '[': return A::LBracket;
    case ']': return A::RBracket;
    case '{': return A::LBrace;
    case '}': return A::RBrace;
    case '=': return A::Eq;
    case ',': return A::Comma;
    case '.': return A::Dot;
    case '"':
    case '\'': return A::Quote;
    default: return A::Other;
  }
}

// The tokens of the file in order: the leaves of the tree, with `[[` and
// `]]` split into two brackets each (arrays and headers then read alike),
// zero-width (MISSING) nodes dropped, and the bytes tree-sitter skipped
// inside ERROR nodes cut at blanks into words. A word glued to a bare key or
// a scalar joins it (`mé`, `0xgabba`: one key, one value, as written), and a
// comment runs to its line end whatever it contains.
class Atoms {
 public:
  explicit Atoms(std::string_view t) : t_(t), last_end_(static_cast<uint32_t>(regions_detail::bom_length(t))) {}

  std::vector<Atom> read(TSNode root) {
    const TomlSymbols& s = toml_symbols();
    TSTreeCursor c = ts_tree_cursor_new(root);
    for (bool more = true; more;) {
      TSNode n = ts_tree_cursor_current_node(&c);
      TSSymbol sym = ts_node_symbol(n);
      uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
      bool leaf = ts_node_child_count(n) == 0 || sym == s.string || sym == s.quoted_key || s.is_scalar(sym) ||
                  sym == s.bare_key || sym == s.comment;
      // An ERROR leaf holds bytes no token matched: read as words below.
      if (leaf && e > b && b >= last_end_ && !ts_node_is_missing(n) && !ts_node_is_error(n)) {
        std::string_view tok = t_.substr(b, e - b);
        if (tok == "[[" || tok == "]]") {
          A kind = tok[0] == '[' ? A::LBracket : A::RBracket;
          push(kind, b, b + 1);
          push(kind, b + 1, e);
        } else if (tok != "\n" && tok != "\r\n") {  // line ends are read from the bytes
          push(kind_of(s, sym, tok), b, e);
        }
      }
      if (!leaf && ts_tree_cursor_goto_first_child(&c)) continue;
      while (!(more = ts_tree_cursor_goto_next_sibling(&c)) && ts_tree_cursor_goto_parent(&c)) {
      }
    }
    ts_tree_cursor_delete(&c);
    words(static_cast<uint32_t>(t_.size()));
    return std::move(out_);
  }

 private:
  static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

  void push(A kind, uint32_t b, uint32_t e) {
    words(b);
    add(kind, b, e);
  }
  void add(A kind, uint32_t b, uint32_t e) {
    bool line_start = out_.empty() || std::memchr(t_.data() + last_end_, '\n', b - last_end_) != nullptr;
    bool wordy = kind == A::Bare || kind == A::Scalar;
    if (!out_.empty() && wordy && !line_start && out_.back().e == b &&
        (out_.back().kind == A::Bare || out_.back().kind == A::Scalar)) {
      out_.back().e = e;
    } else {
      if (kind == A::Comment) {  // to the line end, before a \r\n
        const void* nl = std::memchr(t_.data() + e, '\n', t_.size() - e);
        e = nl ? static_cast<uint32_t>(static_cast<const char*>(nl) - t_.data()) : static_cast<uint32_t>(t_.size());
        if (e > b && t_[e - 1] == '\r') --e;
      }
      out_.push_back(Atom{kind, line_start, b, e});
    }
    last_end_ = e;
  }
  // Words in the skipped bytes before `b`.
  void words(uint32_t b) {
    uint32_t i = last_end_;
    while (i < b) {
      while (i < b && blank(t_[i])) ++i;
      uint32_t j = i;
      while (j < b && !blank(t_[j])) ++j;
      if (j > i) add(A::Bare, i, j);
      i = j;
    }
  }

  std::string_view t_;
  uint32_t last_end_;
  std::vector<Atom> out_;
};

class Recover {
 public:
  Recover(Builder& b, std::vector<Atom> atoms) : b_(b), t_(b.text()), a_(std::move(atoms)) {}

  void run() {
    while (k_ < a_.size()) {
      const Atom& x = a_[k_];
      if (x.kind == A::Comment) {
        comment();
      } else if (x.kind == A::LBracket) {
        header();
      } else if (is_key(k_)) {
        keyval();

      } else {
        b_.error(x.b, "malformed TOML: expected a key");
        skip_line();
      }
    }
  }

 private:
  bool at(size_t k, A kind) const { return k < a_.size() && a_[k].kind == kind; }
  bool same_line(size_t k) const { return k < a_.size() && !a_[k].line_start; }
  bool is_key(size_t k) const {
    if (k >= a_.size()) return false;
    A kind = a_[k].kind;
    return kind == A::Bare || kind == A::Quoted || kind == A::Scalar ||
           (kind == A::Quote && a_[k].e - a_[k].b == 1) ||
           (kind == A::String && delimiter_length(t_, a_[k].b, a_[k].e) == 1);
  }
  std::string_view text(size_t k) const { return t_.substr(a_[k].b, a_[k].e - a_[k].b); }

  void comment() {
    b_.add(a_[k_].b, a_[k_].e, RegionKind::Comment);
    ++k_;
  }
  // The closing quote of the one-line string or key opened at byte i; the
  // line end when there is none (closed false).
  size_t close_quote(size_t i, bool& closed) const {
    char q = t_[i];
    size_t j = i + 1, n = t_.size();
    auto nl = [&](size_t p) { return t_[p] == '\n' || t_[p] == '\r'; };
    while (j < n && t_[j] != q && !nl(j)) j += (q == '"' && t_[j] == '\\' && j + 1 < n && !nl(j + 1)) ? 2 : 1;
    closed = j < n && t_[j] == q;
    return std::min(j, n);
  }
  // Drops the rest of the current line (comments on it still count).
  void skip_line() {
    for (++k_; k_ < a_.size() && !a_[k_].line_start; ++k_)
      if (a_[k_].kind == A::Comment) b_.add(a_[k_].b, a_[k_].e, RegionKind::Comment);
  }
  // Byte offset after atom k and the blanks that follow it.
  size_t after(size_t k) const {
    size_t i = a_[k].e;
    while (i < t_.size() && (t_[i] == ' ' || t_[i] == '\t')) ++i;
    return i;
  }

  // A dotted key on one line, from atom k_; false when none starts there.
  bool dotted_key(std::vector<KeyPart>& parts) {
    if (!is_key(k_)) return false;
    for (;;) {
      const Atom& x = a_[k_];
      if (x.kind == A::Quote) {  // read from the bytes
        bool closed = false;
        size_t close = close_quote(x.b, closed);
        add_key_part(b_, parts, KeyPart{x.b + 1, static_cast<uint32_t>(close)});
        while (k_ < a_.size() && a_[k_].b <= close) ++k_;
        if (!closed) {
          b_.error(x.b, "malformed TOML: unterminated quoted key");
          return true;
        }
      } else {
        bool quoted = x.kind == A::Quoted || x.kind == A::String;
        add_key_part(b_, parts, quoted ? KeyPart{x.b + 1, x.e - 1} : KeyPart{x.b, x.e});
        ++k_;
      }
      if (!(at(k_, A::Dot) && same_line(k_) && is_key(k_ + 1) && same_line(k_ + 1))) return true;
      ++k_;
    }
  }

  void header() {
    uint32_t start = a_[k_].b;
    bool aot = at(k_ + 1, A::LBracket) && a_[k_ + 1].b == a_[k_].e;
    k_ += aot ? 2 : 1;
    std::vector<KeyPart> parts;
    if (!same_line(k_) || !dotted_key(parts)) {
      b_.error(start, "malformed TOML: invalid table header");
      if (k_ > 0) --k_;
      skip_line();
      return;
    }
    bool closed = at(k_, A::RBracket) && same_line(k_) &&
                  (!aot || (at(k_ + 1, A::RBracket) && a_[k_ + 1].b == a_[k_].e));
    if (!closed) b_.error(start, "malformed TOML: unterminated table header");
    table_ = tables_.open(b_, parts, aot);
    if (!closed) {
      --k_;
      skip_line();
      return;
    }
    k_ += aot ? 2 : 1;
    rest_of_line();
  }

  void keyval() {
    std::vector<KeyPart> parts;
    dotted_key(parts);
    std::string path = key_regions(b_, table_, parts);
    if (!(at(k_, A::Eq) && same_line(k_))) {
      b_.error(after(k_ - 1), "malformed TOML: expected '=' after a key");
      --k_;
      skip_line();
      return;
    }
    ++k_;
    if (!same_line(k_)) {
      b_.error(after(k_ - 1), "malformed TOML: expected a value");
      return;
    }
    if (value(path)) rest_of_line();
  }

  // After a statement: an optional comment, then the next line.
  void rest_of_line() {
    if (!same_line(k_)) return;
    if (a_[k_].kind == A::Comment) {
      comment();
      if (!same_line(k_)) return;
    }
    b_.error(a_[k_].b, "malformed TOML: unexpected content after a value");
    skip_line();
  }

  enum class St { ArrValue, ArrComma, TabKey, TabValue, TabComma };
  struct Frame {
    bool array;
    std::string path;
    size_t index;  // array: commas seen
    uint32_t open;
    St st;
    std::string key;  // inline table: path of the key being read
  };

  void string_bytes(const std::string& path);
  bool looks_like_statement(size_t k) const;
  bool value(const std::string& path);
  bool container_step(Frame& f, std::string& vpath);

  Builder& b_;
  std::string_view t_;
  std::vector<Atom> a_;
  size_t k_ = 0;
  std::string table_;
  TableNames tables_;
};

// A string that tree-sitter left as a lone quote: read from the bytes.
void Recover::string_bytes(const std::string& path) {
  size_t i = a_[k_].b, n = t_.size();
  char q = t_[i];
  bool triple = i + 2 < n && t_[i + 1] == q && t_[i + 2] == q;
  bool closed = false;
  size_t close, end;  // end of the content, end of the string
  if (triple) {
    size_t j = i + 3;
    while (j < n && !(t_[j] == q && j + 2 < n && t_[j + 1] == q && t_[j + 2] == q)) j += (q == '"' && t_[j] == '\\') ? 2 : 1;
    closed = j < n;
    close = j;
    while (closed && close + 3 < n && t_[close + 3] == q && close < j + 2) ++close;  // up to 2 quotes of content
    end = closed ? close + 3 : n;
  } else {
    close = close_quote(i, closed);
    end = closed ? close + 1 : close;
  }
  if (!closed) b_.error(i, triple ? "malformed TOML: unterminated multi-line string" : "malformed TOML: unterminated string");
  b_.add(i + (triple ? 3 : 1), close, RegionKind::Value, path);
  while (k_ < a_.size() && a_[k_].b < end) ++k_;
}

// Inside an unclosed array or inline table, a line that starts with
// `key =` or `[table]` means the container was never closed.
bool Recover::looks_like_statement(size_t k) const {
  auto bare = [&](size_t j) { return j < a_.size() && (a_[j].kind == A::Bare || a_[j].kind == A::Scalar); };
  auto glued = [&](size_t j) { return a_[j].b == a_[j - 1].e; };
  if (at(k, A::LBracket)) {
    size_t j = k + 1;
    if (at(j, A::LBracket) && glued(j)) ++j;
    if (!bare(j) || !glued(j)) return false;
    std::string_view w = text(j);
    char c0 = w[0];
    if (!(c0 == '_' || (c0 >= 'A' && c0 <= 'Z') || (c0 >= 'a' && c0 <= 'z'))) return false;
    if (w == "true" || w == "false" || w == "inf" || w == "nan") return false;
    for (++j; at(j, A::Dot) && glued(j) && bare(j + 1) && glued(j + 1);) j += 2;
    return at(j, A::RBracket) && glued(j);
  }
  if (!bare(k)) return false;
  size_t j = k + 1;
  while (at(j, A::Dot) && glued(j) && bare(j + 1) && glued(j + 1)) j += 2;
  return at(j, A::Eq) && same_line(j) && !(j + 1 < a_.size() && at(j + 1, A::Eq) && glued(j + 1));
}

// A value at k_ under `path`, arrays and inline tables included (explicit
// stack). False when an unclosed container was abandoned at a line that
// starts a new statement (the caller must not read the rest of the line).
bool Recover::value(const std::string& path) {
  std::vector<Frame> fs;
  size_t skip_depth = 0;
  bool want_value = true;  // top level: one value
  std::string vpath = path;
  auto unterminated = [&] {
    b_.error(fs.back().open, fs.back().array ? "malformed TOML: unterminated array"
                                             : "malformed TOML: unterminated inline table");
  };
  auto done = [&] {
    want_value = false;
    if (!fs.empty()) fs.back().st = fs.back().array ? St::ArrComma : St::TabComma;
  };
  for (;;) {
    if (fs.empty() && !want_value) return true;
    if (!fs.empty()) {
      for (; k_ < a_.size(); comment()) {
        if (a_[k_].line_start && skip_depth == 0 && looks_like_statement(k_)) {
          unterminated();
          return false;
        }
        if (a_[k_].kind != A::Comment) break;
      }
      if (k_ >= a_.size()) {
        unterminated();
        return false;
      }
      const Atom& x = a_[k_];
      if (skip_depth > 0) {  // inside a container past kMaxNesting
        if (x.kind == A::LBracket || x.kind == A::LBrace) ++skip_depth;
        if (x.kind == A::RBracket || x.kind == A::RBrace) --skip_depth;
        ++k_;
        if (skip_depth == 0) done();
        continue;
      }
      if (fs.back().array ? x.kind == A::RBracket : x.kind == A::RBrace) {
        fs.pop_back();
        ++k_;
        done();
        continue;
      }
      if (!container_step(fs.back(), vpath)) continue;
    }
    if (k_ >= a_.size()) {
      b_.error(t_.size(), "malformed TOML: expected a value");
      return false;
    }
    const Atom& x = a_[k_];
    if (x.kind == A::LBracket || x.kind == A::LBrace) {
      if (fs.size() >= kMaxNesting) {
        b_.error(x.b, "malformed TOML: nesting deeper than " + std::to_string(kMaxNesting) + " levels");
        skip_depth = 1;
      } else {
        bool array = x.kind == A::LBracket;
        fs.push_back(Frame{array, vpath, 0, x.b, array ? St::ArrValue : St::TabKey, {}});
      }
      ++k_;
      continue;
    }
    if (x.kind == A::Quote) {
      string_bytes(vpath);
    } else if (x.kind == A::String || x.kind == A::Quoted) {
      uint32_t d = delimiter_length(t_, x.b, x.e);
      b_.add(x.b + d, x.e - d, RegionKind::Value, vpath);
      ++k_;
    } else if (x.kind == A::Bare || x.kind == A::Scalar) {
      b_.add(x.b, x.e, RegionKind::Value, vpath);
      ++k_;
    } else {
      b_.error(x.b, "malformed TOML: expected a value");
      if (fs.empty()) return true;
      ++k_;  // skip the stray token
      continue;
    }
    done();
  }
}

// One step inside the innermost container at k_: separators, keys of an
// inline table. True when a value is due at k_ (its path in `vpath`); false
// when the step was taken.
bool Recover::container_step(Frame& f, std::string& vpath) {
  const Atom& x = a_[k_];
  if (f.array) {
    if (f.st == St::ArrComma) {
      if (x.kind == A::Comma) {
        ++f.index;
        f.st = St::ArrValue;
        ++k_;
        return false;
      }
      b_.error(x.b, "malformed TOML: expected ',' or ']' in array");
      ++f.index;  // assume a missing comma
      f.st = St::ArrValue;
    }
    vpath = join_index(f.path, f.index);
    return true;
  }
  if (f.st == St::TabComma) {
    if (x.kind == A::Comma) {
      f.st = St::TabKey;
      ++k_;
      return false;
    }
    b_.error(x.b, "malformed TOML: expected ',' or '}' in inline table");
    f.st = St::TabKey;
  }
  if (f.st == St::TabKey) {
    std::vector<KeyPart> parts;
    if (!dotted_key(parts)) {
      b_.error(x.b, "malformed TOML: expected a key in inline table");
      ++k_;
      return false;
    }
    f.key = key_regions(b_, f.path, parts);
    if (at(k_, A::Eq))
      ++k_;
    else
      b_.error(after(k_ - 1), "malformed TOML: expected '=' after a key");
    f.st = St::TabValue;
    return false;
  }
  vpath = f.key;
  return true;
}

}  // namespace

void recover_toml(Builder& b, TSNode root) {
  Recover(b, Atoms(b.text()).read(root)).run();
  uint32_t offset = 0;
  if (!b.has_error() && first_syntax_error(root, &offset)) b.error(offset, "malformed TOML: syntax error");
}

}  // namespace modelshift::toml_detail
