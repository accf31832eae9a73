// analyze_shell: shell scripts, read with the tree-sitter Bash grammar
// (read/syntax_tree.h).
//
// Regions: comments (`#` at the start of a word, outside quotes: `$#`, `a#b`,
// `${#x}` are not comments) -> Comment. Any assignment `NAME=value` /
// `NAME+=value` / `NAME[i]=value` (also after export/local/declare, and as a
// command argument such as `-e MODEL=x`) gives a Key region for NAME and a
// Value region for the value with key path NAME (quotes stripped when the
// whole value is one quoted string; an array `X=(a b)` is one region).
// Heredoc bodies are one Value region each, from the line after the operator
// to the line before the delimiter. Everything else is cut into words
// (Builder::fill_words, `--opt=value` split): words end at blanks and at
// ; & | < > ( ) in code, never inside '...', "...", $'...', ${...} or
// backquotes, while $(...) inside them is code again. This is the contract
// the hand-written lexer had; the grammar now says where each construct is.
//
// The walk is one cursor pass in document order: every byte is given the
// context (code or quoted) of the innermost node that holds it, so the cost
// is linear in the text plus the tree; nesting deeper than kMaxNesting is not
// walked. The Bash grammar cannot read every shell (zsh, fish, rare bash), so
// an ERROR node is not by itself a diagnostic; only what the lexer reported
// is: an unterminated quote, substitution or here-document (a construct left
// open at the end of the text) and nesting too deep. Inside an ERROR node the
// grammar keeps the tokens: " $( ${ ` there count as open constructs for
// those two diagnostics, but the bytes stay code (words end at blanks), so
// a construct the grammar misread (zsh's ${(f)...}) cannot glue the rest of
// the file into one word.
//
// Speed: tree-sitter's Bash parser is 10-25 times slower than the lexer was.
// `modelshift_regions_bench shell FILE`, best of 5, before (1df3cc8) -> after,
// shared machine (load ~15):
//   vercel-ai tools/run-harness-agent-examples.sh  10.9 KB  0.07 ms -> 1.6 ms
//   tests/e2e/exit_codes.sh                          4.4 KB  0.03 ms -> 0.8 ms
//   30000 lines of `echo ... && run --model ...`     2.4 MB   386 ms -> 7.3 s
//   one 2 MB line of `"a",` (formats_test)          2.0 MB    34 ms -> 10.8 s
// Kept anyway: the scan reads only scripts that hold a model-id candidate,
// scripts are small (the largest in /work/realcode is 11 KB), and the scan
// benchmark tree has no shell script, so its time cannot change; a script
// that runs past kParseBudget (10 s) is reported, not hung on.
#include <cstring>
#include <string>
#include <vector>

#include "read/regions.h"
#include "read/syntax_tree.h"
#include "read/tree_walk.h"

namespace modelshift {

namespace {

using regions_detail::Builder;
using regions_detail::kMaxNesting;

struct Symbols {
  TSSymbol comment, string, raw_string, ansi_c_string, translated_string, expansion, command_substitution,
      process_substitution, arithmetic_expansion, subshell, heredoc_body, heredoc_start, heredoc_end,
      variable_assignment, variable_name, subscript, word, concatenation, command;
  explicit Symbols(const TSLanguage* l)
      : comment(sym(l, "comment")), string(sym(l, "string")), raw_string(sym(l, "raw_string")),
        ansi_c_string(sym(l, "ansi_c_string")), translated_string(sym(l, "translated_string")),
        expansion(sym(l, "expansion")), command_substitution(sym(l, "command_substitution")),
        process_substitution(sym(l, "process_substitution")), arithmetic_expansion(sym(l, "arithmetic_expansion")),
        subshell(sym(l, "subshell")), heredoc_body(sym(l, "heredoc_body")), heredoc_start(sym(l, "heredoc_start")),
        heredoc_end(sym(l, "heredoc_end")), variable_assignment(sym(l, "variable_assignment")),
        variable_name(sym(l, "variable_name")), subscript(sym(l, "subscript")), word(sym(l, "word")),
        concatenation(sym(l, "concatenation")), command(sym(l, "command")) {}
  static TSSymbol sym(const TSLanguage* l, const char* name) {
    return ts_language_symbol_for_name(l, name, static_cast<uint32_t>(std::strlen(name)), true);
  }
};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n'; }
bool is_sep_char(char c) { return is_blank(c) || std::strchr(";&|<>()", c) != nullptr; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

class Walker {
 public:
  Walker(std::string_view text, const Symbols& sym, Builder& b)
      : t_(text), sym_(sym), b_(b), code_(text.size(), true), forced_sep_(text.size(), false) {}
  void run(TSNode root);

 private:
  struct Level {
    bool code = true;    // the node's own bytes are code
    bool nest = false;   // counts towards the nesting limit
    bool error = false;  // an ERROR node
    size_t pseudo_base = 0;
    uint32_t start = 0;
    TSSymbol sym = 0;
  };
  // A context opened by a token inside an ERROR node: P $( or (, D ", B ${, K `.
  struct Pseudo {
    char kind;
    uint32_t open;
  };

  bool enter(TSNode n, const Level* parent, Level& level);
  void leave(TSNode n, const Level& level);
  void token(std::string_view type, uint32_t s, uint32_t e, bool in_error);
  void assignment(TSNode n);
  void assignment_word(uint32_t s, uint32_t e);
  void value(uint32_t b, uint32_t e, const std::string& key);
  void heredoc_body(TSNode n, uint32_t s, uint32_t e);
  bool nest(uint32_t at);
  bool balanced_quotes(char kind, uint32_t b, uint32_t e) const;
  void unterminated(char kind, uint32_t at);
  void fill(uint32_t end, bool code) {
    for (; pos_ < end && pos_ < code_.size(); ++pos_) code_[pos_] = code;
  }
  bool current_code() const { return !parent_ || parent_->code; }
  void error(uint32_t at, const std::string& what) { b_.error(at, "malformed shell script: " + what); }

  std::string_view t_;
  const Symbols& sym_;
  Builder& b_;
  std::vector<bool> code_;        // per byte: in code, where separator characters end words
  std::vector<bool> forced_sep_;  // per byte: never part of a word ('=' of an assignment, stripped quotes)
  const Level* parent_ = nullptr;  // of the node being entered
  std::vector<Pseudo> pseudo_;
  uint32_t pos_ = 0;  // bytes before this one have their context
  size_t depth_ = 0;  // nesting nodes and pseudo contexts open
  uint32_t text_end_ = 0;  // end of the text without trailing blanks
  std::string delimiter_;  // of the last heredoc operator read
};

// Whether the quote that `kind` opens (" or `) occurs an even number of
// times, unescaped, in [b, e): the grammar may have taken a closing quote
// for an opening one inside a construct it misread (zsh's ${(f)"$(ls)"}).
bool Walker::balanced_quotes(char kind, uint32_t b, uint32_t e) const {
  char q = kind == 'D' ? '"' : kind == 'K' ? '`' : '\0';
  if (!q) return false;
  size_t count = 0;
  for (uint32_t k = b; k < e; ++k) {
    if (t_[k] == '\\') ++k;
    else if (t_[k] == q) ++count;
  }
  return count % 2 == 0;
}

bool Walker::nest(uint32_t at) {
  if (depth_ + 1 < kMaxNesting) return true;
  error(at, "nesting deeper than " + std::to_string(kMaxNesting) + " levels");
  return false;
}

void Walker::unterminated(char kind, uint32_t at) {
  const char* what = kind == 'D' ? "double-quoted string" : kind == 'K' ? "backquote" : kind == 'B' ? "${...}"
                                                                                                   : "'(' / '$('";
  error(at, std::string("unterminated ") + what);
}

void Walker::token(std::string_view type, uint32_t s, uint32_t e, bool in_error) {
  bool code = current_code();
  if (in_error) {
    char top = pseudo_.empty() ? '\0' : pseudo_.back().kind;
    char open = type == "$(" || type == "(" || type == "$((" ? 'P' : type == "${" ? 'B'
                : (type == "\"" && top != 'D') ? 'D' : (type == "`" && top != 'K') ? 'K' : '\0';
    bool close = (type == ")" && top == 'P') || (type == "}" && top == 'B') || (type == "\"" && top == 'D') ||
                 (type == "`" && top == 'K');
    if (close) {
      pseudo_.pop_back();
      --depth_;
    } else if (open && nest(s)) {
      pseudo_.push_back({open, s});
      ++depth_;
    }
  }
  if (type.size() > 1 && type[0] == '$') {  // `$(`, `${`: the bracket does not end a word (a second `(` does)
    fill(s + 2, false);
  } else if (type.size() > 1 && type.substr(0, 2) == "<<") {  // as the lexer did: `<<EOF` keeps `<EOF` a word
    fill(s + 1, code);
    code = false;
  }
  fill(e, code);
}

void Walker::value(uint32_t b, uint32_t e, const std::string& key) {
  if (e > b + 1 && (t_[b] == '"' || t_[b] == '\'') && t_[e - 1] == t_[b]) {
    forced_sep_[b++] = true;
    forced_sep_[--e] = true;
  }
  b_.add(b, e, RegionKind::Value, key);
}

// `NAME=value` as a command argument (`docker run -e MODEL=x`).
void Walker::assignment_word(uint32_t s, uint32_t e) {
  if (!is_name_start(t_[s])) return;
  uint32_t j = s;
  while (j < e && is_name_char(t_[j])) ++j;
  uint32_t name_end = j;
  if (j < e && t_[j] == '[') {
    uint32_t k = j + 1;
    while (k < e && t_[k] != ']' && k - j < 256) ++k;
    if (k < e && t_[k] == ']') j = k + 1;
  }
  if (j < e && t_[j] == '+') ++j;
  if (j >= e || t_[j] != '=') return;
  std::string key(t_.substr(s, name_end - s));
  b_.add(s, name_end, RegionKind::Key, key);
  for (uint32_t k = name_end; k <= j; ++k) forced_sep_[k] = true;
  value(j + 1, e, key);
}

void Walker::assignment(TSNode n) {
  TSNode name = ts_node_child_by_field_name(n, "name", 4);
  TSNode val = ts_node_child_by_field_name(n, "value", 5);
  if (ts_node_is_null(name)) return;
  if (ts_node_symbol(name) == sym_.subscript) {
    TSNode inner = ts_node_child_by_field_name(name, "name", 4);
    if (!ts_node_is_null(inner)) name = inner;
  }
  uint32_t ns = ts_node_start_byte(name), ne = ts_node_end_byte(name);
  std::string key(t_.substr(ns, ne - ns));
  b_.add(ns, ne, RegionKind::Key, key);
  uint32_t vs = ts_node_is_null(val) ? ts_node_end_byte(n) : ts_node_start_byte(val);
  for (uint32_t k = ne; k < vs; ++k) forced_sep_[k] = true;  // '=', '+=', [index]
  if (!ts_node_is_null(val)) value(vs, ts_node_end_byte(val), key);
}

// One Value region from the line after the operator to the line before the
// delimiter line.
void Walker::heredoc_body(TSNode n, uint32_t s, uint32_t e) {
  uint32_t begin = s;
  while (begin > 0 && t_[begin - 1] != '\n') --begin;
  TSNode end_node = ts_node_next_sibling(n);
  uint32_t end = static_cast<uint32_t>(t_.size());
  if (!ts_node_is_null(end_node) && ts_node_symbol(end_node) == sym_.heredoc_end && !ts_node_is_missing(end_node))
    end = ts_node_start_byte(end_node);
  if (end > e && end < t_.size()) {  // back to the end of the last body line
    while (end > begin && t_[end - 1] != '\n') --end;
  }
  if (end > begin && t_[end - 1] == '\n') --end;
  if (end > begin && t_[end - 1] == '\r') --end;
  b_.add(begin, end, RegionKind::Value);
}

// Handles node `n` on the way down; returns whether to walk its children.
bool Walker::enter(TSNode n, const Level* parent, Level& level) {
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  parent_ = parent;
  fill(s, current_code());
  level.start = s;
  level.code = current_code();
  if (ts_node_is_missing(n)) {
    std::string_view type = ts_node_type(n);
    uint32_t open = parent ? parent->start : s;
    if (s < text_end_) return false;  // a closer the grammar wanted mid-text: a construct it misread
    if (type == "heredoc_end")
      error(open, "unterminated here-document (missing " + delimiter_ + ")");
    else if (type == "\"" || type == ")" || type == "`" || type == "}")
      unterminated(type == "\"" ? 'D' : type == ")" ? 'P' : type == "`" ? 'K' : 'B', open);
    return false;
  }
  if (ts_node_is_error(n)) {
    if (ts_node_child_count(n) > 0) {
      level.error = true;
      level.pseudo_base = pseudo_.size();
      return true;
    }
    bool quote = t_[s] == '\'' || (t_[s] == '$' && s + 1 < t_.size() && t_[s + 1] == '\'');
    if (quote && e >= text_end_) error(t_[s] == '$' ? s + 1 : s, "unterminated single-quoted string");
    fill(e, quote && e >= text_end_ ? false : current_code());
    return false;
  }
  if (!ts_node_is_named(n)) {
    token(ts_node_type(n), s, e, parent && parent->error);
    return false;
  }
  TSSymbol sym = ts_node_symbol(n);
  level.sym = sym;
  if (sym == sym_.comment) {
    uint32_t end = e;
    while (end > s && (t_[end - 1] == '\r' || t_[end - 1] == '\n')) --end;
    b_.add(s, end, RegionKind::Comment);
    fill(e, false);
    return false;
  }
  if (sym == sym_.heredoc_body) {
    heredoc_body(n, s, e);
    fill(e, false);
    return false;
  }
  if (sym == sym_.heredoc_start) {
    delimiter_.clear();
    for (uint32_t k = s; k < e; ++k)
      if (t_[k] != '\'' && t_[k] != '"' && t_[k] != '\\') delimiter_.push_back(t_[k]);
  } else if (sym == sym_.variable_assignment) {
    assignment(n);
  } else if ((sym == sym_.word || sym == sym_.concatenation) && parent && parent->sym == sym_.command) {
    assignment_word(s, e);
  }
  bool quoted = sym == sym_.string || sym == sym_.raw_string || sym == sym_.ansi_c_string ||
                sym == sym_.translated_string || sym == sym_.expansion;
  bool substitution = sym == sym_.command_substitution || sym == sym_.process_substitution ||
                      sym == sym_.arithmetic_expansion || sym == sym_.subshell;
  if (quoted || substitution) {
    if (!nest(s)) {
      fill(e, false);
      return false;
    }
    level.nest = true;
    ++depth_;
    level.code = substitution && t_[s] != '`';
  }
  if (ts_node_child_count(n) == 0) {
    fill(e, level.code);
    return false;
  }
  return true;
}

void Walker::leave(TSNode n, const Level& level) {
  uint32_t e = ts_node_end_byte(n);
  if (level.error && pseudo_.size() > level.pseudo_base) {
    const Pseudo& open = pseudo_.back();
    if (e >= text_end_ && !balanced_quotes(open.kind, level.start, e)) unterminated(open.kind, open.open);
    depth_ -= pseudo_.size() - level.pseudo_base;
    pseudo_.resize(level.pseudo_base);
  }
  fill(e, level.code);
  if (level.nest) --depth_;
}

void Walker::run(TSNode root) {
  text_end_ = static_cast<uint32_t>(t_.size());
  while (text_end_ > 0 && is_blank(t_[text_end_ - 1])) --text_end_;
  regions_detail::walk_tree<Level>(
      root, [this](TSNode n, const Level* parent, Level& level) { return enter(n, parent, level); },
      [this](TSNode n, const Level& level) { leave(n, level); });
  fill(static_cast<uint32_t>(t_.size()), true);
  // Word boundaries: separator characters in code, unless escaped.
  std::vector<bool> sep(t_.size(), false);
  for (size_t k = 0; k < t_.size(); ++k) {
    if (!code_[k]) continue;
    if (t_[k] == '\\') {
      ++k;
      continue;
    }
    sep[k] = is_sep_char(t_[k]);
  }
  for (size_t k = 0; k < t_.size(); ++k)
    if (forced_sep_[k] || k < regions_detail::bom_length(t_)) sep[k] = true;
  b_.fill_words([&sep](size_t k) { return static_cast<bool>(sep[k]); }, /*split_options=*/true);
}

}  // namespace

RegionTable analyze_shell(std::string_view text) {
  return regions_detail::run_analyzer(text, "shell", [&](Builder& b) {
    SyntaxTree tree = regions_detail::parse_for_regions(b, text, "bash", "shell script");
    if (!tree) return;
    static const Symbols symbols(grammar_by_name("bash"));
    Walker(text, symbols, b).run(tree.root());
  });
}

}  // namespace modelshift
