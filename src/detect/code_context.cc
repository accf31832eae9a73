#include "detect/code_context.h"

#include "read/syntax_tree.h"

#include <tree_sitter/api.h>

#include <chrono>
#include <cstring>
#include <memory>

namespace modelshift {

namespace {

bool type_has_word(const char* type, const std::vector<std::string>& words) {
  for (const std::string& w : words)
    if (std::strstr(type, w.c_str())) return true;
  return false;
}

bool type_is(const char* type, const std::vector<std::string>& types) {
  for (const std::string& t : types)
    if (t == type) return true;
  return false;
}

// The id table around chain[from]: the nearest container above it, widened
// through containers nested directly in each other (a | b | c parses as
// nested union types). Stops at functions and classes.
uint32_t table_group(const std::vector<TSNode>& chain, int from, const Language& lang, const LanguageTable& table) {
  if (lang.containers.empty()) return 0;
  for (int k = from; k >= 0; --k) {
    const char* type = ts_node_type(chain[k]);
    if (type_has_word(type, table.scope_node_words())) return 0;
    if (!type_is(type, lang.containers)) continue;
    while (k > 0 && type_is(ts_node_type(chain[k - 1]), lang.containers)) --k;
    return ts_node_start_byte(chain[k]) + 1;
  }
  return 0;
}

// The content of a string literal: drop prefixes (f, r, b, @, $) and quotes.
void string_content(std::string_view text, uint32_t b, uint32_t e, uint32_t* vb, uint32_t* ve) {
  while (b < e && std::strchr("fFrRbBuU@$", text[b]) && text[b] != '\0') ++b;
  while (b < e && std::strchr("\"'`", text[b]) && text[b] != '\0') ++b;
  while (e > b && std::strchr("\"'`", text[e - 1]) && text[e - 1] != '\0') --e;
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  *vb = b;
  *ve = e;
}

}  // namespace

CodeParser::CodeParser() = default;
CodeParser::~CodeParser() = default;

std::shared_ptr<TSTree> CodeParser::parse(const Language& lang, std::string_view text) {
  return parse_syntax(lang.ts_language, text).tree;
}

void CodeParser::classify(TSTree* tree, const Language& lang, const LanguageTable& table, std::string_view text,
                          const std::vector<Candidate>& candidates, std::vector<CodeContext>* out) {
  out->assign(candidates.size(), CodeContext{});
  TSNode root = ts_tree_root_node(tree);
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  std::vector<TSNode> chain;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    CodeContext& ctx = (*out)[i];
    ctx.value_begin = c.begin;
    ctx.value_end = c.end;
    // Descend to the smallest node holding the whole candidate. The cursor
    // walk costs O(depth) per candidate, unlike ts_node_parent.
    ts_tree_cursor_reset(&cursor, root);
    chain.clear();
    chain.push_back(root);
    while (ts_tree_cursor_goto_first_child_for_byte(&cursor, c.begin) >= 0) {
      TSNode n = ts_tree_cursor_current_node(&cursor);
      if (ts_node_start_byte(n) > c.begin || ts_node_end_byte(n) < c.end) break;
      chain.push_back(n);
    }
    bool in_error = false;
    int string_at = -1;  // outermost node of the innermost run of string nodes
    for (int k = static_cast<int>(chain.size()) - 1; k >= 0; --k) {
      const char* type = ts_node_type(chain[k]);
      if (ts_node_is_error(chain[k]) || ts_node_is_missing(chain[k])) in_error = true;
      if (type_has_word(type, table.comment_node_words())) {
        ctx.context = "comment";
        break;
      }
      if (type_has_word(type, table.string_node_words())) {
        string_at = k;
        // keep climbing while the parent is also part of the literal
        if (k > 0 && type_has_word(ts_node_type(chain[k - 1]), table.string_node_words())) continue;
        break;
      }
      if (string_at >= 0) break;
    }
    if (!ctx.context.empty()) continue;
    if (string_at >= 0) {
      TSNode s = chain[string_at];
      string_content(text, ts_node_start_byte(s), ts_node_end_byte(s), &ctx.value_begin, &ctx.value_end);
      ctx.context = "string";
      ctx.group = table_group(chain, string_at - 1, lang, table);
      if (lang.docstrings && string_at > 0 &&
          std::strcmp(ts_node_type(chain[string_at - 1]), "expression_statement") == 0 &&
          ts_node_named_child_count(chain[string_at - 1]) == 1)
        ctx.context = "docstring";
      continue;
    }
    if (in_error || ts_node_has_error(chain.back())) ctx.context = "code";
  }
  ts_tree_cursor_delete(&cursor);
}

}  // namespace modelshift
