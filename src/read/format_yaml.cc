// analyze_yaml: an indentation-aware, line-oriented YAML lexer that keeps byte
// positions (yaml-cpp only reports start marks and recurses without limit, so
// it is not used here). The class is declared in yaml_lexer.h; this file reads
// the block structure, yaml_scalars.cc the values.
//
// Why hand-written and not a walk over the tree-sitter YAML tree (issue 11
// §3 keeps a hand-written reader only where a measurement shows it is
// needed). Measured 2026-12-08 on this machine (2 shared cores), against
// @tree-sitter-grammars/tree-sitter-yaml 0.7.1 as pinned in grammars/:
//  * Speed. The tree-sitter parse plus a bare cursor walk over every node
//    (no regions built yet, so a lower bound for a tree reader):
//      modelshift_regions_bench yaml FILE (best of 5)   this lexer  parse+walk
//        tests/golden/acme-assistant.plan.yaml  107 KB     0.80 ms    57.9 ms
//        tests/realcode/labels.yaml              12 KB     0.10 ms    11.7 ms
//        rules/exposure.yaml                     24 KB     0.13 ms     3.2 ms
//        declarative_map.yaml (gcloud SDK)      118 KB     1.12 ms    49.7 ms
//      i.e. 121 MB/s against 2.1 MB/s on these four files. On a YAML-heavy
//      tree (the 4242 .yaml files, 7.8 MB, of /usr/lib/google-cloud-sdk):
//        hyperfine -w1 -r5 -N 'modelshift scan TREE --format json -o /dev/null'
//        this lexer 401 ms ± 87 ms; with the tree-sitter parse 1.468 s ± 0.103 s
//      (3.7 times slower). The scan benchmark tree (build/bench/tree) holds a
//      single 24-byte YAML file, so it cannot show the difference.
//  * Safety. The grammar's external scanner serializes its indentation stack
//    into tree-sitter's 1024-byte buffer and writes past it beyond about 252
//    nested block levels: `- - - ... x` (5000 levels) and an indentation
//    ladder of 2000 `k:` lines crash the process (SIGSEGV in a release build,
//    an assertion otherwise). 100 000 unclosed `[` take 0.42 s and 512 K
//    nested `[a, ` 15 s and 700 MB. A tree reader would need a hand-written
//    pre-scan of the nesting anyway.
//  * Error recovery. After an error it cannot recover from (a tab used as
//    indentation, `a: |x`), the tree ends and the rest of the file has no
//    node at all; this lexer reports the problem and reads on line by line.
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
#include "read/yaml_lexer.h"

namespace modelshift {

namespace yaml_detail {

using regions_detail::join_index;
using regions_detail::join_key;
using regions_detail::kMaxNesting;

void YamlLexer::run() {
  size_t pos = regions_detail::bom_length(t_);
  while (pos < n_) pos = process_line(line_at(pos));
}

// ---- lines ----

Line YamlLexer::line_at(size_t pos) const {
  Line l;
  l.begin = pos;
  const void* nl = pos < n_ ? std::memchr(t_.data() + pos, '\n', n_ - pos) : nullptr;
  size_t e = nl ? static_cast<size_t>(static_cast<const char*>(nl) - t_.data()) : n_;
  l.next = nl ? e + 1 : n_;
  if (e > pos && t_[e - 1] == '\r') --e;
  l.end = e;
  return l;
}

size_t YamlLexer::indent_of(const Line& l) const {
  size_t p = l.begin;
  while (p < l.end && t_[p] == ' ') ++p;
  return p - l.begin;
}

// First non-blank (space/tab) position, or l.end.
size_t YamlLexer::first_content(const Line& l) const {
  size_t p = l.begin;
  while (p < l.end && is_ws(t_[p])) ++p;
  return p;
}

bool YamlLexer::is_doc_marker(const Line& l) const {
  if (l.end - l.begin < 3) return false;
  std::string_view s = t_.substr(l.begin, 3);
  if (s != "---" && s != "...") return false;
  return l.begin + 3 == l.end || is_ws(t_[l.begin + 3]);
}

// ---- per line ----

size_t YamlLexer::process_line(const Line& l) {
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
  if (p == l.begin && is_doc_marker(l)) return doc_marker_line(l, p);
  if (p == l.begin && t_[p] == '%' && stack_.empty()) return l.next;  // directive
  return node_line(l, p);
}

// A `---` / `...` line: a new document, perhaps with a node on the same line.
size_t YamlLexer::doc_marker_line(const Line& l, size_t p) {
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

// Skips anchors and tags starting at p; returns the next non-blank position.
size_t YamlLexer::skip_properties(const Line& l, size_t p) const {
  while (p < l.end && (t_[p] == '&' || t_[p] == '!')) {
    while (p < l.end && !is_ws(t_[p])) ++p;
    while (p < l.end && is_ws(t_[p])) ++p;
  }
  return p;
}

// Position of the first `:` followed by a blank or the line end, at or
// after p, before any comment; npos if none. Cached per line so that a line
// of many `- - - ...` stays linear.
size_t YamlLexer::find_colon(const Line& l, size_t p) {
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
size_t YamlLexer::close_quote_same_line(const Line& l, size_t p) const {
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

bool YamlLexer::detect_key(const Line& l, size_t p, KeyInfo& k) {
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

YamlLexer::Kind YamlLexer::classify(const Line& l, size_t p, KeyInfo& k) {
  char c = t_[p];
  bool blank_next = p + 1 == l.end || is_ws(t_[p + 1]);
  if (c == '-' && blank_next) return Kind::Seq;
  if (c == '?' && blank_next) return Kind::QKey;
  if (c == ':' && blank_next) return Kind::QVal;
  size_t after_props = skip_properties(l, p);
  if (after_props < l.end && !comment_start(l, after_props) && detect_key(l, after_props, k)) return Kind::MapKey;
  return Kind::Other;
}

// ---- block structure ----

void YamlLexer::push(size_t indent, bool seq, std::string path) {
  Ctx c;
  c.indent = indent;
  c.seq = seq;
  c.path = std::move(path);
  stack_.push_back(std::move(c));
}

// Starts a sequence item at p ("- ") in the sequence on top of the stack;
// returns the position of the item's content on this line, or npos.
size_t YamlLexer::seq_item(const Line& l, size_t p) {
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
size_t YamlLexer::node_line(const Line& l, size_t p) {
  size_t col = p - l.begin;
  while (!stack_.empty() && stack_.back().indent > col) stack_.pop_back();
  while (true) {
    if (stack_.size() >= kMaxNesting) {
      b_.error(p, "malformed YAML: nesting deeper than " + std::to_string(kMaxNesting) + " levels");
      Ctx& top = stack_.back();
      b_.add(p, l.end, RegionKind::Value, top.pending ? top.child : top.path);
      return l.next;
    }
    KeyInfo k;
    Kind kind = classify(l, p, k);
    Ctx* top = stack_.empty() ? nullptr : &stack_.back();
    Step s = top && top->indent == p - l.begin ? same_indent_node(l, p, kind, k, *top) : nested_node(l, p, kind, top);
    if (s.done) return s.pos;
    p = s.pos;
  }
}

// A node at the indentation of the collection on top of the stack: its next
// entry, or the end of a sequence, or a misplaced node.
YamlLexer::Step YamlLexer::same_indent_node(const Line& l, size_t p, Kind kind, const KeyInfo& k, Ctx& top) {
  size_t col = p - l.begin;
  if (top.seq) {
    if (kind == Kind::Seq) {
      size_t r = seq_item(l, p);
      return r == npos ? Step{true, l.next} : Step{false, r};
    }
    stack_.pop_back();  // a sequence at this indentation has ended
    if (stack_.empty()) b_.error(p, "malformed YAML: expected a sequence entry ('- ') at this indentation");
    return Step{false, p};
  }
  // A mapping at this indentation.
  if (kind == Kind::Seq && top.pending) {
    std::string parent = top.child;  // "indentless" sequence under the key
    top.pending = false;
    push(col, true, std::move(parent));
    size_t r = seq_item(l, p);
    return r == npos ? Step{true, l.next} : Step{false, r};
  }
  if (kind == Kind::MapKey) return Step{true, map_entry(l, k, top)};
  if (kind == Kind::QKey) return Step{true, complex_key(l, p, top)};
  if (kind == Kind::QVal && top.complex) {
    top.complex = false;
    top.pending = false;
    std::string path = top.child;
    return Step{true, value_node(l, p + 1, path, static_cast<long>(top.indent), &top)};
  }
  b_.error(p, kind == Kind::Seq ? "malformed YAML: sequence entry not allowed here (expected a mapping key)"
                                : "malformed YAML: could not find expected ':'");
  std::string path = top.path;
  return Step{true, value_node(l, p, path, static_cast<long>(top.indent), nullptr)};
}

// No context, or the top context is less indented than this line: this node
// is the value of the top's pending key / item (or the document's root).
YamlLexer::Step YamlLexer::nested_node(const Line& l, size_t p, Kind kind, Ctx* top) {
  size_t col = p - l.begin;
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
      if (r == npos) return Step{true, l.next};
      return Step{false, r};
    }
    return Step{false, p};  // a mapping key is handled by the same-indentation branch
  }
  if (kind == Kind::QVal) {
    b_.error(p, "malformed YAML: ':' without a key");
    return Step{true, value_node(l, p + 1, parent, parent_indent, nullptr)};
  }
  return Step{true, value_node(l, p, parent, parent_indent, top)};
}

size_t YamlLexer::map_entry(const Line& l, const KeyInfo& k, Ctx& m) {
  m.pending = false;
  m.complex = false;
  std::string kp = join_key(m.path, t_.substr(k.kb, k.ke - k.kb));
  b_.add(k.kb, k.ke, RegionKind::Key, kp);
  m.child = kp;
  long indent = static_cast<long>(m.indent);
  return value_node(l, k.colon + 1, kp, indent, &m);
}

size_t YamlLexer::complex_key(const Line& l, size_t p, Ctx& m) {
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
size_t YamlLexer::value_node(const Line& l, size_t p, const std::string& path, long n, Ctx* owner) {
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
size_t YamlLexer::finish_line(const Line& l, size_t p) {
  while (p < l.end && is_ws(t_[p])) ++p;
  if (p < l.end) {
    if (t_[p] == '#')
      comment(p, l.end);
    else
      b_.error(p, "malformed YAML: unexpected content after a value");
  }
  return l.next;
}

}  // namespace yaml_detail

RegionTable analyze_yaml(std::string_view text) {
  return regions_detail::run_analyzer(text, "YAML",
                                      [&](regions_detail::Builder& b) { yaml_detail::YamlLexer(text, b).run(); });
}

}  // namespace modelshift
