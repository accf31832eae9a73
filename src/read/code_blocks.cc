#include "read/code_blocks.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "read/syntax_tree.h"

namespace modelshift {

namespace {

std::string lower_word(std::string_view s) {
  size_t b = 0;
  while (b < s.size() && (s[b] == ' ' || s[b] == '\t' || s[b] == '{' || s[b] == '.')) ++b;
  size_t e = b;
  // "python title=x.py", "{.python}", "js,linenos": the first word is the language.
  while (e < s.size() && !std::isspace(static_cast<unsigned char>(s[e])) && s[e] != ',' && s[e] != '}' && s[e] != '{')
    ++e;
  std::string out(s.substr(b, e - b));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Line {
  size_t begin, end, next;  // [begin, end) without the newline; next = start of the next line
};

Line line_at(std::string_view t, size_t pos) {
  size_t nl = t.find('\n', pos);
  size_t end = nl == std::string_view::npos ? t.size() : nl;
  size_t next = nl == std::string_view::npos ? t.size() : nl + 1;
  if (end > pos && t[end - 1] == '\r') --end;
  return {pos, end, next};
}

size_t indent_of(std::string_view t, const Line& l) {
  size_t i = l.begin;
  while (i < l.end && (t[i] == ' ' || t[i] == '\t')) ++i;
  return i - l.begin;
}

bool blank(std::string_view t, const Line& l) { return indent_of(t, l) == l.end - l.begin; }

// Splits [begin, end) into lines, dropping up to `prefix` leading bytes of
// each line that are container markup (blanks, and '>' when `quotes`). A
// range starting mid-line (after a block quote's `> `) keeps its first line.
void split_lines(std::string_view t, size_t begin, size_t end, size_t prefix, bool quotes, CodeBlock* block) {
  for (size_t pos = begin; pos < end;) {
    size_t line_start = pos;
    if (pos == 0 || t[pos - 1] == '\n') {
      size_t i = pos;
      while (i < end && i - pos < prefix && (t[i] == ' ' || t[i] == '\t' || (quotes && t[i] == '>'))) ++i;
      line_start = i;
    }
    size_t nl = t.find('\n', pos);
    size_t next = (nl == std::string_view::npos || nl >= end) ? end : nl + 1;
    if (next > line_start) block->lines.push_back({static_cast<uint32_t>(line_start), static_cast<uint32_t>(next)});
    pos = next;
  }
}

// An upper bound of the container blocks (block quotes, list items) open on
// the deepest line: every '>', every list marker followed by a blank, and
// one level per two columns of indentation in the line's leading markup.
size_t nesting_bound(std::string_view t) {
  size_t worst = 0;
  for (size_t pos = 0; pos < t.size();) {
    Line l = line_at(t, pos);
    pos = l.next;
    size_t depth = 0, columns = 0;
    for (size_t i = l.begin; i < l.end; ++i) {
      char c = t[i];
      bool blank_next = i + 1 >= l.end || t[i + 1] == ' ' || t[i + 1] == '\t';
      if (c == ' ') ++columns;
      else if (c == '\t') columns += 4;
      else if (c == '>') ++depth;
      else if ((c == '-' || c == '*' || c == '+') && blank_next) ++depth;
      else if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ')') depth += (c == '.' || c == ')') && blank_next;
      else break;
    }
    worst = std::max(worst, depth + columns / 2);
  }
  return worst;
}

}  // namespace

std::vector<CodeBlock> markdown_code_blocks(std::string_view text, std::string* not_read) {
  std::vector<CodeBlock> out;
  if (text.find("```") == std::string_view::npos && text.find("~~~") == std::string_view::npos) return out;
  // The pinned Markdown grammar's external scanner overflows its state
  // buffer (a crash, not an error) past about 250 open blocks: measured
  // with nested quotes and lists, 250 parse and 300 crash. Deeper text is
  // left to the prose reader.
  if (nesting_bound(text) > kMaxMarkdownNesting) {
    if (not_read)
      *not_read = "Markdown nested deeper than " + std::to_string(kMaxMarkdownNesting) +
                  " levels: code blocks read as prose";
    return out;
  }
  SyntaxTree tree = parse_syntax(grammar_by_name("markdown"), text);
  if (!tree) {
    if (not_read) *not_read = "Markdown parse abandoned (time budget): code blocks read as prose";
    return out;
  }
  // Fences sit in sections, lists and block quotes at any depth: walk the
  // whole tree with a cursor (no recursion), not descending into a fence.
  TSTreeCursor c = ts_tree_cursor_new(tree.root());
  for (bool more = true; more;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    bool fence = std::string_view(ts_node_type(n)) == "fenced_code_block";
    if (fence) {
      CodeBlock block;
      bool has_content = false;
      for (uint32_t i = 0, k = ts_node_named_child_count(n); i < k; ++i) {
        TSNode child = ts_node_named_child(n, i);
        std::string_view type = ts_node_type(child);
        uint32_t b = ts_node_start_byte(child), e = ts_node_end_byte(child);
        if (type == "info_string") block.info = lower_word(text.substr(b, e - b));
        if (type == "code_fence_content") block.begin = b, block.end = e, has_content = true;
      }
      // The fence's column is the width of its container's markup: list
      // indentation, or `> ` of a block quote (then '>' is markup too).
      TSPoint at = ts_node_start_point(n);
      uint32_t line_begin = ts_node_start_byte(n) - at.column;
      bool quoted = text.substr(line_begin, at.column).find('>') != std::string_view::npos;
      if (has_content) split_lines(text, block.begin, block.end, at.column, quoted, &block);
      if (has_content && block.end > block.begin) out.push_back(std::move(block));
    }
    if (!fence && ts_tree_cursor_goto_first_child(&c)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&c))
      if (!ts_tree_cursor_goto_parent(&c)) {
        more = false;
        break;
      }
  }
  ts_tree_cursor_delete(&c);
  return out;
}

std::vector<CodeBlock> rst_code_blocks(std::string_view text) {
  std::vector<CodeBlock> out;
  static constexpr std::string_view kDirectives[] = {"code-block::", "code::", "sourcecode::"};
  for (size_t pos = 0; pos < text.size();) {
    Line l = line_at(text, pos);
    pos = l.next;
    size_t ind = indent_of(text, l);
    std::string_view body = text.substr(l.begin + ind, l.end - l.begin - ind);
    if (body.substr(0, 3) != ".. ") continue;
    body.remove_prefix(3);
    std::string_view rest;
    for (std::string_view d : kDirectives)
      if (body.substr(0, d.size()) == d) rest = body.substr(d.size());
    if (rest.data() == nullptr) continue;
    CodeBlock block;
    block.info = lower_word(rest);
    // Option lines (":linenos:") and blank lines, then the indented body.
    size_t p = pos;
    while (p < text.size()) {
      Line o = line_at(text, p);
      size_t oi = indent_of(text, o);
      if (blank(text, o) || (oi > ind && text[o.begin + oi] == ':')) p = o.next;
      else break;
    }
    size_t begin = p, end = p;
    while (p < text.size()) {
      Line b = line_at(text, p);
      if (!blank(text, b) && indent_of(text, b) <= ind) break;
      if (!blank(text, b)) end = b.end;
      p = b.next;
    }
    if (end > begin) {
      block.begin = static_cast<uint32_t>(begin);
      block.end = static_cast<uint32_t>(end);
      split_lines(text, begin, end, indent_of(text, line_at(text, begin)), false, &block);
      out.push_back(std::move(block));
    }
    pos = std::max(pos, p);
  }
  return out;
}

}  // namespace modelshift
