// analyze_yaml: an indentation-aware, line-oriented YAML lexer that keeps byte
// positions (yaml-cpp only reports start marks and recurses without limit, so
// it is not used here).
//
// Supported: block mappings and sequences (including "indentless" sequences
// under a key and `- - nested` / `- key: v` on one line), flow mappings and
// sequences (possibly spanning lines), plain / single- / double-quoted
// scalars (multi-line), block scalars `|` `>` with indicators (the whole
// content is one Value region), comments, documents (`---`, `...`; paths
// restart in each document), anchors, aliases, tags, `? ` explicit keys (best
// effort: the key text on the `?` line), directives (`%YAML`, ignored).
//
// Regions: keys -> Key (text without quotes, path of that key); scalar values
// -> Value (quoted: the text between the quotes; plain multi-line: from the
// first to the last character); block scalars -> one Value covering the content
// lines; comments -> Comment. Aliases (*a), anchors and tags get no region.
//
// Malformed input: the first problem becomes the diagnostic and analysis goes
// on line by line.
#include <cstring>
#include <string>
#include <vector>

#include "read/regions.h"

namespace modelshift {

namespace {

using regions_detail::Builder;
using regions_detail::join_index;
using regions_detail::join_key;
using regions_detail::kMaxNesting;

constexpr size_t npos = std::string::npos;

bool is_ws(char c) { return c == ' ' || c == '\t'; }
bool is_flow_ind(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

struct Line {
  size_t begin = 0;  // first byte
  size_t end = 0;    // end of content, without "\r\n" / "\n"
  size_t next = 0;   // first byte of the next line (or text size)
};

class Yaml {
 public:
  Yaml(std::string_view t, Builder& b) : t_(t), n_(t.size()), b_(b) {}

  void run() {
    size_t pos = regions_detail::bom_length(t_);
    while (pos < n_) pos = process_line(line_at(pos));
  }

 private:
  struct Ctx {
    size_t indent = 0;
    bool seq = false;
    std::string path;   // path of the collection
    size_t next_index = 0;
    std::string child;  // path of the last key / item
    bool pending = false;  // last key / item has no value yet: deeper lines are its value
    bool complex = false;  // last key came from `? `: a `: value` line may follow
  };

  enum class Kind { Seq, QKey, QVal, MapKey, Other };
  struct KeyInfo {
    size_t kb = 0, ke = 0;  // key text (without quotes)
    size_t colon = 0;
  };

  // ---- lines ----
  Line line_at(size_t pos) const {
    Line l;
    l.begin = pos;
    const void* nl = pos < n_ ? std::memchr(t_.data() + pos, '\n', n_ - pos) : nullptr;
    size_t e = nl ? static_cast<size_t>(static_cast<const char*>(nl) - t_.data()) : n_;
    l.next = nl ? e + 1 : n_;
    if (e > pos && t_[e - 1] == '\r') --e;
    l.end = e;
    return l;
  }

  size_t indent_of(const Line& l) const {
    size_t p = l.begin;
    while (p < l.end && t_[p] == ' ') ++p;
    return p - l.begin;
  }

  // First non-blank (space/tab) position, or l.end.
  size_t first_content(const Line& l) const {
    size_t p = l.begin;
    while (p < l.end && is_ws(t_[p])) ++p;
    return p;
  }

  bool is_doc_marker(const Line& l) const {
    if (l.end - l.begin < 3) return false;
    std::string_view s = t_.substr(l.begin, 3);
    if (s != "---" && s != "...") return false;
    return l.begin + 3 == l.end || is_ws(t_[l.begin + 3]);
  }

  bool comment_start(const Line& l, size_t j) const { return t_[j] == '#' && (j == l.begin || is_ws(t_[j - 1])); }

  void comment(size_t b, size_t e) { b_.add(b, e, RegionKind::Comment); }

  // ---- per line ----
  size_t process_line(const Line& l) {
    size_t p = l.begin;
    while (p < l.end && t_[p] == ' ') ++p;
    size_t q = p;
    while (q < l.end && is_ws(t_[q])) ++q;
    if (q == l.end) return l.next;  // blank
    if (t_[q] == '#') {
      comment(q, l.end);
      return l.next;
    }
    if (q != p) {
      b_.error(p, "malformed YAML: tab character used for indentation");
      p = q;
    }
    if (p == l.begin && is_doc_marker(l)) {
      stack_.clear();
      bool start = t_[p] == '-';
      size_t r = p + 3;
      while (r < l.end && is_ws(t_[r])) ++r;
      if (r == l.end) return l.next;
      if (t_[r] == '#') {
        comment(r, l.end);
        return l.next;
      }
      if (!start) {
        b_.error(r, "malformed YAML: unexpected content after document end marker");
        return l.next;
      }
      return node_line(l, r);
    }
    if (p == l.begin && t_[p] == '%' && stack_.empty()) return l.next;  // directive
    return node_line(l, p);
  }

  // Skips anchors and tags starting at p; returns the next non-blank position.
  size_t skip_properties(const Line& l, size_t p) const {
    while (p < l.end && (t_[p] == '&' || t_[p] == '!')) {
      while (p < l.end && !is_ws(t_[p])) ++p;
      while (p < l.end && is_ws(t_[p])) ++p;
    }
    return p;
  }

  // Position of the first `:` followed by a blank or the line end, at or
  // after p, before any comment; npos if none. Cached per line so that a line
  // of many `- - - ...` stays linear.
  size_t find_colon(const Line& l, size_t p) {
    if (colon_line_ == l.begin && colon_from_ <= p && (colon_pos_ == npos || colon_pos_ >= p)) return colon_pos_;
    size_t found = npos;
    for (size_t j = p; j < l.end; ++j) {
      char c = t_[j];
      if (c == ':' && (j + 1 == l.end || is_ws(t_[j + 1]))) {
        found = j;
        break;
      }
      if (c == '#' && (j == l.begin || is_ws(t_[j - 1]))) break;
    }
    colon_line_ = l.begin;
    colon_from_ = p;
    colon_pos_ = found;
    return found;
  }

  // Closing quote of a quoted scalar opened at p, on the same line; npos if none.
  size_t close_quote_same_line(const Line& l, size_t p) const {
    char q = t_[p];
    for (size_t j = p + 1; j < l.end; ++j) {
      if (q == '"' && t_[j] == '\\') {
        ++j;
        continue;
      }
      if (t_[j] == q) {
        if (q == '\'' && j + 1 < l.end && t_[j + 1] == '\'') {
          ++j;
          continue;
        }
        return j;
      }
    }
    return npos;
  }

  bool detect_key(const Line& l, size_t p, KeyInfo& k) {
    if (p >= l.end) return false;
    char c = t_[p];
    if (c == '"' || c == '\'') {
      size_t close = close_quote_same_line(l, p);
      if (close == npos) return false;
      size_t r = close + 1;
      while (r < l.end && is_ws(t_[r])) ++r;
      if (r < l.end && t_[r] == ':' && (r + 1 == l.end || is_ws(t_[r + 1]))) {
        k.kb = p + 1;
        k.ke = close;
        k.colon = r;
        return true;
      }
      return false;
    }
    if (c == '[' || c == '{' || c == '|' || c == '>' || c == '*' || c == '#') return false;
    size_t colon = find_colon(l, p);
    if (colon == npos) return false;
    size_t e = colon;
    while (e > p && is_ws(t_[e - 1])) --e;
    k.kb = p;
    k.ke = e;
    k.colon = colon;
    return true;
  }

  Kind classify(const Line& l, size_t p, size_t& after_props, KeyInfo& k) {
    char c = t_[p];
    bool blank_next = p + 1 == l.end || is_ws(t_[p + 1]);
    if (c == '-' && blank_next) return Kind::Seq;
    if (c == '?' && blank_next) return Kind::QKey;
    if (c == ':' && blank_next) return Kind::QVal;
    after_props = skip_properties(l, p);
    if (after_props < l.end && !comment_start(l, after_props) && detect_key(l, after_props, k)) return Kind::MapKey;
    return Kind::Other;
  }

  void push(size_t indent, bool seq, std::string path) {
    Ctx c;
    c.indent = indent;
    c.seq = seq;
    c.path = std::move(path);
    stack_.push_back(std::move(c));
  }

  // Starts a sequence item at p ("- ") in the sequence on top of the stack;
  // returns the position of the item's content on this line, or npos.
  size_t seq_item(const Line& l, size_t p) {
    Ctx& s = stack_.back();
    s.child = join_index(s.path, s.next_index++);
    s.pending = true;
    size_t r = p + 1;
    while (r < l.end && is_ws(t_[r])) ++r;
    if (r == l.end) return npos;
    if (t_[r] == '#') {
      comment(r, l.end);
      return npos;
    }
    return r;
  }

  // Structure of one line whose content starts at p. Returns the next line to
  // process (values may span several lines). Iterative: `- - x` and `- k: v`
  // loop here instead of recursing.
  size_t node_line(const Line& l, size_t p) {
    size_t col = p - l.begin;
    while (!stack_.empty() && stack_.back().indent > col) stack_.pop_back();
    while (true) {
      col = p - l.begin;
      if (stack_.size() >= kMaxNesting) {
        b_.error(p, "malformed YAML: nesting deeper than " + std::to_string(kMaxNesting) + " levels");
        Ctx& top = stack_.back();
        b_.add(p, l.end, RegionKind::Value, top.pending ? top.child : top.path);
        return l.next;
      }
      size_t ap = p;
      KeyInfo k;
      Kind kind = classify(l, p, ap, k);
      Ctx* top = stack_.empty() ? nullptr : &stack_.back();
      if (top && top->indent == col) {
        if (top->seq) {
          if (kind == Kind::Seq) {
            size_t r = seq_item(l, p);
            if (r == npos) return l.next;
            p = r;
            continue;
          }
          stack_.pop_back();  // a sequence at this indentation has ended
          if (stack_.empty()) b_.error(p, "malformed YAML: expected a sequence entry ('- ') at this indentation");
          continue;
        }
        // A mapping at this indentation.
        if (kind == Kind::Seq && top->pending) {
          std::string parent = top->child;  // "indentless" sequence under the key
          top->pending = false;
          push(col, true, std::move(parent));
          size_t r = seq_item(l, p);
          if (r == npos) return l.next;
          p = r;
          continue;
        }
        if (kind == Kind::MapKey) return map_entry(l, k, *top);
        if (kind == Kind::QKey) return complex_key(l, p, *top);
        if (kind == Kind::QVal && top->complex) {
          top->complex = false;
          top->pending = false;
          std::string path = top->child;
          return value_node(l, p + 1, path, static_cast<long>(top->indent), top);
        }
        b_.error(p, kind == Kind::Seq ? "malformed YAML: sequence entry not allowed here (expected a mapping key)"
                                      : "malformed YAML: could not find expected ':'");
        std::string path = top->path;
        return value_node(l, p, path, static_cast<long>(top->indent), nullptr);
      }
      // No context, or the top context is less indented than this line: this
      // node is the value of the top's pending key / item.
      std::string parent;
      long parent_indent = -1;
      if (top) {
        if (!top->pending) b_.error(p, "malformed YAML: unexpected indentation (mapping values are not allowed here)");
        top->pending = false;
        parent = top->child.empty() ? top->path : top->child;
        parent_indent = static_cast<long>(top->indent);
      }
      if (kind == Kind::Seq || kind == Kind::MapKey || kind == Kind::QKey) {
        push(col, kind == Kind::Seq, std::move(parent));
        if (kind == Kind::Seq) {
          size_t r = seq_item(l, p);
          if (r == npos) return l.next;
          p = r;
        }
        continue;  // a mapping key is handled by the same-indentation branch
      }
      if (kind == Kind::QVal) {
        b_.error(p, "malformed YAML: ':' without a key");
        return value_node(l, p + 1, parent, parent_indent, nullptr);
      }
      return value_node(l, p, parent, parent_indent, top);
    }
  }

  size_t map_entry(const Line& l, const KeyInfo& k, Ctx& m) {
    m.pending = false;
    m.complex = false;
    std::string kp = join_key(m.path, t_.substr(k.kb, k.ke - k.kb));
    b_.add(k.kb, k.ke, RegionKind::Key, kp);
    m.child = kp;
    long indent = static_cast<long>(m.indent);
    return value_node(l, k.colon + 1, kp, indent, &m);
  }

  size_t complex_key(const Line& l, size_t p, Ctx& m) {
    size_t r = p + 1;
    while (r < l.end && is_ws(t_[r])) ++r;
    size_t kb = r, ke = r;
    if (r < l.end && (t_[r] == '"' || t_[r] == '\'')) {
      size_t close = close_quote_same_line(l, r);
      kb = r + 1;
      ke = close == npos ? l.end : close;
    } else {
      size_t e = r;
      while (e < l.end && !comment_start(l, e)) ++e;
      ke = e;
      while (ke > kb && is_ws(t_[ke - 1])) --ke;
    }
    std::string kp = join_key(m.path, t_.substr(kb, ke - kb));
    b_.add(kb, ke, RegionKind::Key, kp);
    m.child = kp;
    m.pending = true;
    m.complex = true;
    for (size_t j = ke; j < l.end; ++j)
      if (comment_start(l, j)) {
        comment(j, l.end);
        break;
      }
    return l.next;
  }

  // The value part of a node at p (after "key:" or as a sequence item / document
  // root). `n` is the indentation of the parent collection (-1 at top level).
  // When the value is empty (or only properties), owner->pending is set.
  size_t value_node(const Line& l, size_t p, const std::string& path, long n, Ctx* owner) {
    while (p < l.end && is_ws(t_[p])) ++p;
    p = skip_properties(l, p);
    if (p >= l.end || comment_start(l, p)) {
      if (p < l.end) comment(p, l.end);
      if (owner) owner->pending = true;
      return l.next;
    }
    char c = t_[p];
    switch (c) {
      case '|':
      case '>':
        return block_scalar(l, p, path, n);
      case '[':
      case '{':
        return flow(l, p, path, n);
      case '"':
      case '\'':
        return quoted(l, p, path, n);
      case '*': {
        size_t e = p;
        while (e < l.end && !is_ws(t_[e])) ++e;
        return finish_line(l, e);
      }
      default:
        break;
    }
    if (c == '-' && (p + 1 == l.end || is_ws(t_[p + 1])))
      b_.error(p, "malformed YAML: sequence entries are not allowed here");
    return plain(l, p, path, n);
  }

  // After a value that ended at p on line l: a comment, or nothing.
  size_t finish_line(const Line& l, size_t p) {
    while (p < l.end && is_ws(t_[p])) ++p;
    if (p < l.end) {
      if (t_[p] == '#')
        comment(p, l.end);
      else
        b_.error(p, "malformed YAML: unexpected content after a value");
    }
    return l.next;
  }

  // End of the plain-scalar text of line l starting at p (trimmed); sets
  // comment_at to the comment start or npos.
  size_t plain_line_end(const Line& l, size_t p, size_t& comment_at) const {
    comment_at = npos;
    size_t last = p;
    for (size_t j = p; j < l.end; ++j) {
      char c = t_[j];
      if (c == '#' && (j == l.begin || is_ws(t_[j - 1]))) {
        comment_at = j;
        break;
      }
      if (!is_ws(c)) last = j + 1;
    }
    return last;
  }

  size_t plain(const Line& l, size_t p, const std::string& path, long n) {
    size_t comment_at;
    size_t end = plain_line_end(l, p, comment_at);
    size_t colon = find_colon(l, p);
    if (colon != npos && colon < end) b_.error(colon, "malformed YAML: mapping values are not allowed here");
    size_t begin = p;
    if (comment_at != npos) {
      comment(comment_at, l.end);
      b_.add(begin, end, RegionKind::Value, path);
      return l.next;
    }
    // Continuation lines: more indented than the parent, not a comment, not a key.
    size_t q = l.next;
    while (q < n_) {
      Line m = line_at(q);
      size_t r = first_content(m);
      if (r == m.end) {
        q = m.next;
        continue;
      }
      long ind = static_cast<long>(indent_of(m));
      if (ind <= n || t_[r] == '#' || is_doc_marker(m)) break;
      KeyInfo k;
      if (detect_key(m, skip_properties(m, r), k)) break;
      size_t cat;
      size_t e = plain_line_end(m, r, cat);
      end = e;
      q = m.next;
      if (cat != npos) {
        comment(cat, m.end);
        break;
      }
    }
    b_.add(begin, end, RegionKind::Value, path);
    return q;
  }

  // Scans a quoted scalar opened at p, possibly over several lines. On success
  // returns the closing quote's position and sets `cur` to its line.
  size_t scan_quoted(Line& cur, size_t p, long n, bool flow_ctx) {
    char q = t_[p];
    size_t j = p + 1;
    Line l = cur;
    while (true) {
      while (j < l.end) {
        char c = t_[j];
        if (q == '"' && c == '\\') {
          if (j + 1 >= l.end) {
            j = l.end;  // escaped line break
            break;
          }
          j += 2;
          continue;
        }
        if (c == q) {
          if (q == '\'' && j + 1 < l.end && t_[j + 1] == '\'') {
            j += 2;
            continue;
          }
          cur = l;
          return j;
        }
        ++j;
      }
      if (l.next >= n_) return npos;
      Line m = line_at(l.next);
      if (is_doc_marker(m)) return npos;
      if (!flow_ctx && n >= 0) {
        size_t r = first_content(m);
        if (r < m.end && static_cast<long>(indent_of(m)) <= n) return npos;
      }
      l = m;
      j = m.begin;
    }
  }

  size_t quoted(const Line& l, size_t p, const std::string& path, long n) {
    Line cur = l;
    size_t close = scan_quoted(cur, p, n, false);
    if (close == npos) {
      b_.error(p, "malformed YAML: unterminated quoted scalar");
      b_.add(p + 1, l.end, RegionKind::Value, path);
      return l.next;
    }
    b_.add(p + 1, close, RegionKind::Value, path);
    return finish_line(cur, close + 1);
  }

  size_t block_scalar(const Line& l, size_t p, const std::string& path, long n) {
    size_t j = p + 1;
    long explicit_indent = 0;
    while (j < l.end && (t_[j] == '+' || t_[j] == '-' || (t_[j] >= '1' && t_[j] <= '9'))) {
      if (t_[j] >= '1' && t_[j] <= '9') explicit_indent = t_[j] - '0';
      ++j;
    }
    size_t r = j;
    while (r < l.end && is_ws(t_[r])) ++r;
    if (r < l.end) {
      if (t_[r] == '#' && r > j)
        comment(r, l.end);
      else
        b_.error(j, "malformed YAML: invalid block scalar header");
    }
    long content_indent = explicit_indent > 0 ? (n < 0 ? 0 : n) + explicit_indent : -1;
    size_t first = npos, last = npos;
    size_t q = l.next;
    while (q < n_) {
      Line m = line_at(q);
      long ind = static_cast<long>(indent_of(m));
      size_t fc = first_content(m);
      bool blank = fc == m.end;
      if (blank) {
        q = m.next;
        continue;
      }
      if (content_indent < 0) {
        if (ind <= n) break;
        content_indent = ind;
      }
      if (ind < content_indent) break;
      if (m.begin + 3 <= m.end && content_indent == 0 && is_doc_marker(m)) break;
      if (first == npos) first = m.begin + static_cast<size_t>(content_indent);
      last = m.end;
      q = m.next;
    }
    if (first != npos) b_.add(first, last, RegionKind::Value, path);
    return q;
  }

  // ---- flow collections ----
  struct FCtx {
    bool map = false;
    std::string path;
    size_t index = 0;
    std::string key;  // path of the current key (map)
    bool after_colon = false;
  };

  size_t flow(const Line& first, size_t p, const std::string& path, long n) {
    std::vector<FCtx> fs;
    size_t skip_depth = 0;
    size_t cap = kMaxNesting > stack_.size() ? kMaxNesting - stack_.size() : 1;
    Line l = first;
    size_t j = p;
    auto item_path = [&]() -> std::string {
      FCtx& f = fs.back();
      if (!f.map) return join_index(f.path, f.index);
      return f.after_colon ? f.key : f.path;
    };
    auto scalar = [&](size_t b, size_t e) {
      FCtx& f = fs.back();
      if (f.map) {
        if (!f.after_colon) {
          f.key = join_key(f.path, t_.substr(b, e - b));
          b_.add(b, e, RegionKind::Key, f.key);
        } else {
          b_.add(b, e, RegionKind::Value, f.key);
        }
      } else {
        b_.add(b, e, RegionKind::Value, join_index(f.path, f.index));
      }
    };
    while (true) {
      if (j >= l.end) {
        if (l.next >= n_) {
          b_.error(p, "malformed YAML: unterminated flow collection");
          return n_;
        }
        Line m = line_at(l.next);
        size_t r = first_content(m);
        if (r < m.end && t_[r] != '#') {
          bool closer = t_[r] == ']' || t_[r] == '}' || t_[r] == ',';
          if (is_doc_marker(m) || (n >= 0 && static_cast<long>(indent_of(m)) <= n && !closer)) {
            b_.error(p, "malformed YAML: unterminated flow collection");
            return m.begin;
          }
        }
        l = m;
        j = m.begin;
        continue;
      }
      char c = t_[j];
      if (is_ws(c) || c == '\r') {
        ++j;
        continue;
      }
      if (c == '#' && (j == l.begin || is_ws(t_[j - 1]))) {
        comment(j, l.end);
        j = l.end;
        continue;
      }
      if (c == '"' || c == '\'') {
        Line cur = l;
        size_t close = scan_quoted(cur, j, n, true);
        if (close == npos) {
          b_.error(j, "malformed YAML: unterminated quoted scalar");
          if (skip_depth == 0) b_.add(j + 1, l.end, RegionKind::Value, fs.empty() ? path : item_path());
          return l.next;
        }
        if (skip_depth == 0 && !fs.empty()) scalar(j + 1, close);
        l = cur;
        j = close + 1;
        continue;
      }
      if (skip_depth > 0) {
        if (c == '[' || c == '{') ++skip_depth;
        if (c == ']' || c == '}') --skip_depth;
        ++j;
        continue;
      }
      switch (c) {
        case '[':
        case '{': {
          if (fs.size() >= cap) {
            b_.error(j, "malformed YAML: nesting deeper than " + std::to_string(kMaxNesting) + " levels");
            skip_depth = 1;
            ++j;
            continue;
          }
          FCtx f;
          f.map = c == '{';
          f.path = fs.empty() ? path : item_path();
          fs.push_back(std::move(f));
          ++j;
          continue;
        }
        case ']':
        case '}': {
          if (fs.empty()) {
            ++j;
            continue;
          }
          if ((c == '}') != fs.back().map) b_.error(j, std::string("malformed YAML: mismatched '") + c + "'");
          fs.pop_back();
          ++j;
          if (fs.empty()) return finish_line(l, j);
          continue;
        }
        case ',': {
          FCtx& f = fs.back();
          if (f.map)
            f.after_colon = false;
          else
            ++f.index;
          ++j;
          continue;
        }
        case ':':
          if (fs.back().map && !fs.back().after_colon) {
            fs.back().after_colon = true;
            ++j;
            continue;
          }
          if (j + 1 >= l.end || is_ws(t_[j + 1]) || is_flow_ind(t_[j + 1])) {
            ++j;
            continue;
          }
          break;
        case '&':
        case '!':
        case '*':
          while (j < l.end && !is_ws(t_[j]) && !is_flow_ind(t_[j])) ++j;
          continue;
        case '?':
          if (j + 1 >= l.end || is_ws(t_[j + 1])) {
            ++j;
            continue;
          }
          break;
        default:
          break;
      }
      // Plain scalar.
      size_t b = j, last = j;
      while (j < l.end) {
        char d = t_[j];
        if (is_flow_ind(d)) break;
        if (d == ':' && (j + 1 >= l.end || is_ws(t_[j + 1]) || is_flow_ind(t_[j + 1]))) break;
        if (d == '#' && is_ws(t_[j - 1])) break;
        if (!is_ws(d)) last = j + 1;
        ++j;
      }
      if (last > b) scalar(b, last);
      if (j == b) ++j;  // safety: always progress
    }
  }

  std::string_view t_;
  size_t n_;
  Builder& b_;
  std::vector<Ctx> stack_;
  size_t colon_line_ = npos, colon_from_ = 0, colon_pos_ = npos;
};

}  // namespace

RegionTable analyze_yaml(std::string_view text) {
  return regions_detail::run_analyzer(text, "YAML", [&](Builder& b) { Yaml(text, b).run(); });
}

}  // namespace modelshift
