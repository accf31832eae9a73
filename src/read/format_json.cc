// analyze_json: JSON, JSONC (comments, trailing commas) and JSON Lines, read
// with the tree-sitter JSON grammar (read/syntax_tree.h).
//
// Regions: object keys -> Key (path of the key, decoded, text between the
// quotes); string values -> Value covering the text between the quotes;
// numbers and booleans -> Value; null -> no region; comments -> Comment.
// Each top-level value of a JSON Lines file starts its paths afresh.
//
// The walk is one cursor pass over the tree, in document order, with an
// explicit stack of open containers (Scope), so 100k nested levels cannot
// overflow the C++ stack; containers nested deeper than kJsonMaxDepth are
// skipped with a diagnostic. The members of a container are read as a
// sequence of tokens (key string, ':', value, ','), which serves valid trees
// and tree-sitter's ERROR nodes alike: inside an ERROR the grammar keeps the
// tokens but not the structure, so '{' and '[' there open a container of
// their own and '}' / ']' close it. Values outside the broken part thus keep
// their key paths (a notebook cut off mid-cell still gives cells[0].source[0]).
// The first problem met becomes the one diagnostic, worded as the positioned
// reader in json_doc.cc words it ("malformed JSON: expected ',' or '}'",
// "unexpected end of input, unclosed '['"...), since scan warnings show it.
//
// Speed: tree-sitter's parse is the cost (the walk is a few per cent of it),
// 10-80 times the old reader's: see json_doc.h, which keeps that reader for
// the DOM consumers. analyze_json itself only runs on JSON files holding a
// model-id candidate (58 with findings, 2.2 MB, in the scan benchmark), and
// the scan benchmark is no slower and no bigger, on a shared machine (load
// 11-16, so wall times are noise; user CPU is the measure):
//   hyperfine -w1 -r5 'modelshift scan /work/main/build/bench/tree --format json -o /dev/null'
//     before (1df3cc8) 70.9 s +- 10.3 (user 15.8 s), after 81.4 s +- 6.5 (user 15.4 s)
//   /usr/bin/time, same command: user 12.29 s -> 12.25 s, max RSS 76.4 MB -> 76.2 MB
// and its JSON report is byte-identical before and after.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "read/json_doc.h"
#include "read/regions.h"
#include "read/syntax_tree.h"
#include "read/tree_walk.h"

namespace modelshift {

namespace {

using regions_detail::Builder;

constexpr size_t kJsonMaxDepth = 512;

// The grammar's node types the walk tells apart, looked up once.
struct Symbols {
  TSSymbol object, array, string, string_content, number, true_, false_, null, comment;
  explicit Symbols(const TSLanguage* l)
      : object(sym(l, "object")), array(sym(l, "array")), string(sym(l, "string")),
        string_content(sym(l, "string_content")), number(sym(l, "number")),
        true_(sym(l, "true")), false_(sym(l, "false")), null(sym(l, "null")), comment(sym(l, "comment")) {}
  static TSSymbol sym(const TSLanguage* l, const char* name) {
    return ts_language_symbol_for_name(l, name, static_cast<uint32_t>(std::char_traits<char>::length(name)), true);
  }
};

// One open container, or the document itself (scopes_[0]).
struct Scope {
  enum class Kind { Document, Object, Array } kind = Kind::Document;
  bool pseudo = false;  // opened by a '{' / '[' token inside an ERROR node
  std::string path;
  uint32_t open = 0;  // offset of the opening bracket
  size_t next_index = 0;
  std::string key;  // Object: path of the key read, for the value that follows
  bool have_key = false, colon = false;
  bool need_comma = false;  // a member was read and no ',' since
};

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         c == '.' || c == '+' || c == '-';
}

class Walker {
 public:
  Walker(std::string_view text, const Symbols& sym, Builder& b) : t_(text), sym_(sym), b_(b) {}
  void run(TSNode root);

 private:
  // Per cursor level: what entering the node did, undone when leaving it.
  struct Level {
    bool pushed = false;  // a real container: pop its scope when leaving
    bool error = false;   // an ERROR node
    bool quiet = false;   // no diagnostic was recorded yet when it was entered
    bool string = false;  // a string, or inside one
    uint32_t start = 0;
  };

  bool enter(TSNode n, const Level* parent, Level& level);
  void leave(TSNode n, const Level& level);
  void token(char c, uint32_t at, bool in_error);
  void string_node(uint32_t s, uint32_t body, uint32_t e, bool closed);
  void unexpected(TSNode n, uint32_t at, bool in_string);
  void missing(TSNode n, uint32_t at);
  bool open_container(Scope::Kind kind, bool pseudo, uint32_t at);
  void close_pseudo(Scope::Kind kind, uint32_t at);
  std::string value_path(uint32_t at);
  void member_done();
  void error(uint32_t at, const std::string& what) { b_.error(at, "malformed JSON: " + what); }
  Scope& top() { return scopes_.back(); }
  // Whether the next byte after blanks and comments is '}' or ']'.
  bool closer_follows(uint32_t at) const {
    while (at < t_.size()) {
      char c = t_[at];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++at;
      } else if (t_.compare(at, 2, "//") == 0) {
        size_t nl = t_.find('\n', at);
        at = nl == std::string_view::npos ? static_cast<uint32_t>(t_.size()) : static_cast<uint32_t>(nl);
      } else if (t_.compare(at, 2, "/*") == 0) {
        size_t close = t_.find("*/", at + 2);
        if (close == std::string_view::npos) return false;
        at = static_cast<uint32_t>(close + 2);
      } else {
        return c == '}' || c == ']';
      }
    }
    return false;
  }
  uint32_t word_end(uint32_t e) const {
    while (e < t_.size() && is_word_char(t_[e])) ++e;
    return e;
  }

  std::string_view t_;
  const Symbols& sym_;
  Builder& b_;
  std::vector<Scope> scopes_;
  size_t roots_ = 0;           // top-level values read
  size_t overflow_ = 0;        // '{' / '[' tokens inside ERROR nodes past the depth limit
  uint32_t prev_end_ = 0;      // end of the last key, value or separator read
  uint32_t string_start_ = 0;  // start of the string whose parts are walked
  uint32_t skip_until_ = 0;    // end of a word read as one bad value (`1.0.0`)
  bool unexplained_ = false;   // an ERROR node that nothing inside explained
  uint32_t unexplained_at_ = 0;
};

// Consumes the key or index of the current scope for one value and returns
// the value's path; reports a missing separator first.
std::string Walker::value_path(uint32_t at) {
  Scope& s = top();
  switch (s.kind) {
    case Scope::Kind::Document:
      ++roots_;
      return {};
    case Scope::Kind::Array:
      if (s.need_comma) error(at, "expected ',' or ']'");
      return regions_detail::join_index(s.path, s.next_index++);
    case Scope::Kind::Object:
      if (!s.have_key) {
        error(at, s.need_comma ? "expected ',' or '}'" : "expected a string key");
        return s.path;
      }
      if (!s.colon) error(at, "expected ':'");
      return s.key;
  }
  return {};
}

void Walker::member_done() {
  Scope& s = top();
  s.have_key = s.colon = false;
  s.need_comma = s.kind != Scope::Kind::Document;
}

bool Walker::open_container(Scope::Kind kind, bool pseudo, uint32_t at) {
  std::string path = value_path(at);
  size_t depth = scopes_.size() - 1;
  if (depth >= kJsonMaxDepth) {
    error(at, "nesting deeper than " + std::to_string(kJsonMaxDepth) + " levels");
    member_done();
    return false;
  }
  Scope s;
  s.kind = kind;
  s.pseudo = pseudo;
  s.path = std::move(path);
  s.open = at;
  scopes_.push_back(std::move(s));
  return true;
}

// A '}' or ']' token inside an ERROR node closes the containers opened by
// tokens down to the innermost one of its kind; as in the old reader, a
// closer that skips some is "mismatched". A real container (a node) closes
// when its node ends, so the search stops at the first one.
void Walker::close_pseudo(Scope::Kind kind, uint32_t at) {
  size_t k = scopes_.size();
  while (k > 1 && scopes_[k - 1].kind != kind && scopes_[k - 1].pseudo) --k;
  if (k <= 1 || scopes_[k - 1].kind != kind) return;  // nothing to close: the ERROR stays unexplained
  if (k != scopes_.size()) error(at, std::string("mismatched '") + t_[at] + "'");
  size_t keep = scopes_[k - 1].pseudo ? k - 1 : k;
  if (scopes_.size() <= keep) return;
  scopes_.resize(keep);
  member_done();
}

void Walker::token(char c, uint32_t at, bool in_error) {
  if (in_error && (c == '{' || c == '[')) {
    if (overflow_ > 0 || !open_container(c == '{' ? Scope::Kind::Object : Scope::Kind::Array, true, at)) ++overflow_;
    prev_end_ = at + 1;
    return;
  }
  if (in_error && (c == '}' || c == ']')) {
    if (overflow_ > 0)
      --overflow_;
    else
      close_pseudo(c == '}' ? Scope::Kind::Object : Scope::Kind::Array, at);
    prev_end_ = at + 1;
    return;
  }
  Scope& s = top();
  if (overflow_ > 0) return;
  if (c == ':' && s.kind == Scope::Kind::Object) {
    if (!s.have_key) {  // a key the grammar did not read as a string (`{a: 1}`)
      auto skip = [](char k) { return k == ' ' || k == '\t' || k == '\n' || k == '\r' || k == '"' || k == '\''; };
      uint32_t b = prev_end_, e = at;
      while (b < e && skip(t_[b])) ++b;
      while (e > b && skip(t_[e - 1])) --e;
      if (b < e) {
        s.key = regions_detail::join_key(s.path, t_.substr(b, e - b));
        b_.add(b, e, RegionKind::Key, s.key);
        s.have_key = true;
      }
    }
    s.colon = true;
  } else if (c == ',') {
    if (s.kind == Scope::Kind::Object && s.have_key) {
      error(at, s.colon ? "expected a value" : "expected ':'");
    } else if (!s.need_comma && s.kind != Scope::Kind::Document) {
      error(at, s.kind == Scope::Kind::Array ? "expected a value" : "expected a string key");
      if (s.kind == Scope::Kind::Array) ++s.next_index;  // an empty slot still counts
    }
    s.have_key = s.colon = s.need_comma = false;
  } else if ((c == '}' || c == ']') && s.kind == Scope::Kind::Object && s.have_key) {
    error(at, s.colon ? "expected a value" : "expected ':'");
  }
  if (c == ':' || c == ',' || c == '{' || c == '[') prev_end_ = at + 1;
}

// A string from its opening quote `s` (body from `body`) to `e`; `closed`
// when the grammar found its closing quote. A string ends at its line end,
// as in the old reader: the grammar lets a recovering string run on.
void Walker::string_node(uint32_t s, uint32_t body, uint32_t e, bool closed) {
  uint32_t end = e;
  if (closed && end > body && t_[end - 1] == '"') --end;
  const void* nl = std::memchr(t_.data() + body, '\n', end - body);
  if (nl) {
    end = static_cast<uint32_t>(static_cast<const char*>(nl) - t_.data());
    closed = false;
  }
  if (!closed && end > body && t_[end - 1] == '\r') --end;
  prev_end_ = e;
  for (uint32_t k = body; k < end; ++k) {
    if (static_cast<unsigned char>(t_[k]) < 0x20 && t_[k] != '\r') {
      error(k, "control character in string");
      break;
    }
  }
  if (!closed) error(s, "unterminated string");
  Scope& sc = top();
  if (sc.kind == Scope::Kind::Object && !sc.have_key && !sc.colon) {
    if (sc.need_comma) error(s, "expected ',' or '}'");
    std::string_view raw = t_.substr(body, end - body);
    sc.key = regions_detail::join_key(sc.path, raw.find('\\') == std::string_view::npos ? std::string(raw)
                                                                                       : json_decode_string(raw));
    b_.add(body, end, RegionKind::Key, sc.key);
    sc.have_key = true;
    sc.need_comma = false;
    return;
  }
  b_.add(body, end, RegionKind::Value, value_path(s));
  member_done();
}

// An ERROR leaf: bytes the grammar could not place.
void Walker::unexpected(TSNode n, uint32_t at, bool in_string) {
  uint32_t end = ts_node_end_byte(n);
  if (in_string && (t_[at] == '\\' || (at > 0 && t_[at - 1] == '\\'))) {
    error(t_[at] == '\\' ? at : at - 1, "invalid escape sequence in string");
  } else if (t_.compare(at, 2, "/*") == 0) {
    error(at, "unterminated comment");
    b_.add(at, t_.size(), RegionKind::Comment);
  } else if (at < t_.size() && is_word_char(t_[at])) {
    uint32_t w = word_end(at);
    skip_until_ = std::max(end, w);
    std::string word(t_.substr(at, std::min<uint32_t>(w - at, 40)));
    Scope& s = top();
    if (s.kind == Scope::Kind::Object && !s.have_key) {
      error(at, "expected a string key");
      return;
    }
    char c = t_[at];
    bool number = c == '-' || (c >= '0' && c <= '9');
    error(at, (number ? "invalid number '" : "unexpected token '") + word + "'");
    if (overflow_ > 0) return;
    std::string path = value_path(at);  // a bare word takes the place of a value
    if (number) b_.add(at, w, RegionKind::Value, std::move(path));
    member_done();
    prev_end_ = w;
  } else {
    error(at, "unexpected character");
  }
}

void Walker::missing(TSNode n, uint32_t at) {
  std::string_view type = ts_node_type(n);
  if (type == "\"") {
    error(string_start_, "unterminated string");
  } else if ((type == "}" || type == "]") && at >= t_.size()) {
    error(top().open, std::string("unexpected end of input, unclosed '") + (type == "}" ? '{' : '[') + "'");
  } else if (type == "}" || type == "]") {
    if (at < t_.size() && (t_[at] == '}' || t_[at] == ']'))
      error(at, std::string("mismatched '") + t_[at] + "'");
    else
      error(at, std::string("expected ',' or '") + std::string(type) + "'");
  } else if (type == ":") {
    error(at, "expected ':'");
  } else if (ts_node_is_named(n)) {  // a value; none before '}' / ']' is a trailing comma
    if (!closer_follows(at)) error(at, "expected a value");
  } else {
    error(at, "expected '" + std::string(type) + "'");
  }
}

// Handles node `n` on the way down; returns whether to walk its children.
bool Walker::enter(TSNode n, const Level* parent, Level& level) {
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  level.start = s;
  level.string = parent && parent->string;
  if (s < skip_until_ && e <= skip_until_) return false;
  if (ts_node_is_missing(n)) {
    missing(n, s);
    return false;
  }
  if (ts_node_is_error(n)) {
    if (ts_node_child_count(n) == 0) {
      unexpected(n, s, level.string);
      return false;
    }
    level.error = true;
    level.quiet = !b_.has_error();
    return true;
  }
  if (!ts_node_is_named(n)) {
    std::string_view type = ts_node_type(n);
    if (type.size() == 1) token(type[0], s, parent && parent->error);
    return false;
  }
  TSSymbol sym = ts_node_symbol(n);
  if (sym == sym_.comment) {
    prev_end_ = e;
    while (e > s && (t_[e - 1] == '\r' || t_[e - 1] == '\n')) --e;
    b_.add(s, e, RegionKind::Comment);
    return false;
  }
  if (overflow_ > 0) return ts_node_has_error(n) && sym != sym_.string;
  if (sym == sym_.object || sym == sym_.array) {
    level.pushed = open_container(sym == sym_.object ? Scope::Kind::Object : Scope::Kind::Array, false, s);
    if (!level.pushed) prev_end_ = e;
    return level.pushed;
  }
  if (sym == sym_.string) {
    bool has_error = ts_node_has_error(n);
    string_node(s, s + 1, e, !has_error || !ts_node_is_missing(ts_node_child(n, ts_node_child_count(n) - 1)));
    string_start_ = s;
    level.string = true;
    return has_error;
  }
  if (sym == sym_.string_content && !level.string) {  // a string whose opening quote the grammar dropped
    string_node(s > 0 && t_[s - 1] == '"' ? s - 1 : s, s, e, false);
    return false;
  }
  if (sym == sym_.number || sym == sym_.true_ || sym == sym_.false_ || sym == sym_.null) {
    std::string path = value_path(s);
    uint32_t w = word_end(e);  // `1.0.0`, `trueish`: one bad word, as the old reader saw it
    std::string word(t_.substr(s, std::min<uint32_t>(w - s, 40)));
    if (sym == sym_.number && !json_number_valid(t_.substr(s, w - s))) error(s, "invalid number '" + word + "'");
    if (sym != sym_.number && w > e) error(s, "unexpected token '" + word + "'");
    if (sym == sym_.number || (sym != sym_.null && w == e)) b_.add(s, w, RegionKind::Value, std::move(path));
    member_done();
    prev_end_ = skip_until_ = w;
    return false;
  }
  return true;  // document, pair
}

void Walker::leave(TSNode n, const Level& level) {
  if (level.pushed) {
    while (scopes_.size() > 1 && scopes_.back().pseudo) scopes_.pop_back();
    if (scopes_.size() > 1) scopes_.pop_back();
    member_done();
    prev_end_ = ts_node_end_byte(n);
  }
  if (level.error && level.quiet && !b_.has_error() && !unexplained_) {
    // A lone ',' before '}' or ']' is a trailing comma, which JSONC allows.
    std::string_view text = t_.substr(level.start, ts_node_end_byte(n) - level.start);
    if (text != ",") {
      unexplained_ = true;
      unexplained_at_ = level.start;
    }
  }
}

void Walker::run(TSNode root) {
  scopes_.push_back(Scope{});
  regions_detail::walk_tree<Level>(
      root, [this](TSNode n, const Level* parent, Level& level) { return enter(n, parent, level); },
      [this](TSNode n, const Level& level) { leave(n, level); });
  if (scopes_.size() > 1)  // containers opened inside ERROR nodes, never closed
    error(top().open, std::string("unexpected end of input, unclosed '") +
                          (top().kind == Scope::Kind::Object ? '{' : '[') + "'");
  if (unexplained_) error(unexplained_at_, "unexpected character");
  if (roots_ == 0) error(static_cast<uint32_t>(t_.size()), "no value");
}

}  // namespace

RegionTable analyze_json(std::string_view text) {
  return regions_detail::run_analyzer(text, "JSON", [&](Builder& b) {
    SyntaxTree tree = regions_detail::parse_for_regions(b, text, "json", "JSON");
    if (!tree) return;
    static const Symbols symbols(grammar_by_name("json"));
    Walker(text, symbols, b).run(tree.root());
  });
}

}  // namespace modelshift
