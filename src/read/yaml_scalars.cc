// Values for the YAML lexer (yaml_lexer.h): plain, quoted and block scalars
// and flow collections. Each function reads from a position on a line and
// returns the first line it did not consume.
#include <string>
#include <vector>

#include "read/regions.h"
#include "read/yaml_lexer.h"

namespace modelshift::yaml_detail {

namespace {

bool is_flow_ind(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

}  // namespace

using regions_detail::join_index;
using regions_detail::join_key;
using regions_detail::kMaxNesting;

// End of the plain-scalar text of line l starting at p (trimmed); sets
// comment_at to the comment start or npos.
size_t YamlLexer::plain_line_end(const Line& l, size_t p, size_t& comment_at) const {
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

size_t YamlLexer::plain(const Line& l, size_t p, const std::string& path, long n) {
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
size_t YamlLexer::scan_quoted(Line& cur, size_t p, long n, bool flow_ctx) const {
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

size_t YamlLexer::quoted(const Line& l, size_t p, const std::string& path, long n) {
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

size_t YamlLexer::block_scalar(const Line& l, size_t p, const std::string& path, long n) {
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

std::string YamlLexer::flow_item_path(const FlowRun& r) const {
  const FCtx& f = r.fs.back();
  if (!f.map) return join_index(f.path, f.index);
  return f.after_colon ? f.key : f.path;
}

// A scalar of the innermost collection: a key or value of a mapping, an item
// of a sequence.
void YamlLexer::flow_scalar(FlowRun& r, size_t b, size_t e) {
  FCtx& f = r.fs.back();
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
}

// A flow collection that starts at p and may span lines; ends after the
// closing bracket's line, or where the collection was found unterminated.
size_t YamlLexer::flow(const Line& first, size_t p, const std::string& path, long n) {
  FlowRun r;
  r.cap = kMaxNesting > stack_.size() ? kMaxNesting - stack_.size() : 1;
  r.l = first;
  r.j = p;
  r.p = p;
  r.path = &path;
  r.n = n;
  size_t stop = 0;
  while (true) {
    if (r.j >= r.l.end) {
      if (flow_next_line(r, stop)) return stop;
      continue;
    }
    char c = t_[r.j];
    if (is_ws(c) || c == '\r') {
      ++r.j;
      continue;
    }
    if (c == '#' && (r.j == r.l.begin || is_ws(t_[r.j - 1]))) {
      comment(r.j, r.l.end);
      r.j = r.l.end;
      continue;
    }
    if (c == '"' || c == '\'') {
      if (flow_quoted(r, stop)) return stop;
      continue;
    }
    if (r.skip_depth > 0) {
      if (c == '[' || c == '{') ++r.skip_depth;
      if (c == ']' || c == '}') --r.skip_depth;
      ++r.j;
      continue;
    }
    FlowAct act = flow_indicator(r, c, stop);
    if (act == FlowAct::Done) return stop;
    if (act == FlowAct::Scalar) flow_plain(r);
  }
}

// Moves to the next line of the collection. True (with `stop`) when the
// collection ends unterminated there: end of text, a document marker, or a
// line indented no deeper than the parent that does not close the collection.
bool YamlLexer::flow_next_line(FlowRun& r, size_t& stop) {
  if (r.l.next >= n_) {
    b_.error(r.p, "malformed YAML: unterminated flow collection");
    stop = n_;
    return true;
  }
  Line m = line_at(r.l.next);
  size_t q = first_content(m);
  if (q < m.end && t_[q] != '#') {
    bool closer = t_[q] == ']' || t_[q] == '}' || t_[q] == ',';
    if (is_doc_marker(m) || (r.n >= 0 && static_cast<long>(indent_of(m)) <= r.n && !closer)) {
      b_.error(r.p, "malformed YAML: unterminated flow collection");
      stop = m.begin;
      return true;
    }
  }
  r.l = m;
  r.j = m.begin;
  return false;
}

// A quoted scalar inside the collection. True (with `stop`) when it is
// unterminated, which ends the collection.
bool YamlLexer::flow_quoted(FlowRun& r, size_t& stop) {
  Line cur = r.l;
  size_t close = scan_quoted(cur, r.j, r.n, true);
  if (close == npos) {
    b_.error(r.j, "malformed YAML: unterminated quoted scalar");
    if (r.skip_depth == 0) b_.add(r.j + 1, r.l.end, RegionKind::Value, r.fs.empty() ? *r.path : flow_item_path(r));
    stop = r.l.next;
    return true;
  }
  if (r.skip_depth == 0 && !r.fs.empty()) flow_scalar(r, r.j + 1, close);
  r.l = cur;
  r.j = close + 1;
  return false;
}

// Brackets, separators, properties and indicators at r.j. Scalar: c starts a
// plain scalar. Done (with `stop`): the outermost collection closed.
YamlLexer::FlowAct YamlLexer::flow_indicator(FlowRun& r, char c, size_t& stop) {
  size_t& j = r.j;
  const Line& l = r.l;
  switch (c) {
    case '[':
    case '{': {
      ++j;
      if (r.fs.size() >= r.cap) {
        b_.error(j - 1, "malformed YAML: nesting deeper than " + std::to_string(kMaxNesting) + " levels");
        r.skip_depth = 1;
        return FlowAct::Handled;
      }
      FCtx f;
      f.map = c == '{';
      f.path = r.fs.empty() ? *r.path : flow_item_path(r);
      r.fs.push_back(std::move(f));
      return FlowAct::Handled;
    }
    case ']':
    case '}':
      ++j;
      if (r.fs.empty()) return FlowAct::Handled;
      if ((c == '}') != r.fs.back().map) b_.error(j - 1, std::string("malformed YAML: mismatched '") + c + "'");
      r.fs.pop_back();
      if (!r.fs.empty()) return FlowAct::Handled;
      stop = finish_line(l, j);
      return FlowAct::Done;
    case ',':
      if (r.fs.back().map)
        r.fs.back().after_colon = false;
      else
        ++r.fs.back().index;
      ++j;
      return FlowAct::Handled;
    case ':':
      if (r.fs.back().map && !r.fs.back().after_colon) {
        r.fs.back().after_colon = true;
        ++j;
        return FlowAct::Handled;
      }
      if (j + 1 >= l.end || is_ws(t_[j + 1]) || is_flow_ind(t_[j + 1])) {
        ++j;
        return FlowAct::Handled;
      }
      return FlowAct::Scalar;
    case '&':
    case '!':
    case '*':
      while (j < l.end && !is_ws(t_[j]) && !is_flow_ind(t_[j])) ++j;
      return FlowAct::Handled;
    case '?':
      if (j + 1 >= l.end || is_ws(t_[j + 1])) {
        ++j;
        return FlowAct::Handled;
      }
      return FlowAct::Scalar;
    default:
      return FlowAct::Scalar;
  }
}

// A plain scalar inside the collection: up to an indicator, `: `, a comment
// or the line end (trimmed).
void YamlLexer::flow_plain(FlowRun& r) {
  size_t& j = r.j;
  const Line& l = r.l;
  size_t b = j, last = j;
  while (j < l.end) {
    char d = t_[j];
    if (is_flow_ind(d)) break;
    if (d == ':' && (j + 1 >= l.end || is_ws(t_[j + 1]) || is_flow_ind(t_[j + 1]))) break;
    if (d == '#' && is_ws(t_[j - 1])) break;
    if (!is_ws(d)) last = j + 1;
    ++j;
  }
  if (last > b) flow_scalar(r, b, last);
  if (j == b) ++j;  // safety: always progress
}

}  // namespace modelshift::yaml_detail
