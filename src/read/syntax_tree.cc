#include "read/syntax_tree.h"

#include <map>
#include <mutex>
#include <string>

#include "core/grammar_registry.h"

namespace modelshift {

namespace {

struct Deadline {
  std::chrono::steady_clock::time_point until;
};

bool past_deadline(TSParseState* state) {
  auto* d = static_cast<Deadline*>(state->payload);
  return std::chrono::steady_clock::now() > d->until;
}

struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};

// One parser per thread: TSParser is not thread-safe, and creating one per
// file would cost an allocation storm on trees of many small files.
struct ThreadParser {
  TSParser* parser = ts_parser_new();
  ~ThreadParser() { ts_parser_delete(parser); }
};

}  // namespace

const TSLanguage* grammar_by_name(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, const TSLanguage*, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  const TSLanguage* found = nullptr;
  for (const GrammarEntry& g : grammar_registry())
    if (name == g.name) found = g.language();
  cache.emplace(std::string(name), found);
  return found;
}

SyntaxTree parse_syntax(const TSLanguage* language, std::string_view text) {
  thread_local ThreadParser tp;
  if (!language || !ts_parser_set_language(tp.parser, language)) return {};
  Deadline deadline{std::chrono::steady_clock::now() + kParseBudget};
  TSParseOptions options{&deadline, &past_deadline};
  TSInput input{};
  input.payload = &text;
  input.encoding = TSInputEncodingUTF8;
  input.read = [](void* payload, uint32_t byte, TSPoint, uint32_t* bytes_read) -> const char* {
    auto* s = static_cast<std::string_view*>(payload);
    if (byte >= s->size()) {
      *bytes_read = 0;
      return "";
    }
    *bytes_read = static_cast<uint32_t>(s->size() - byte);
    return s->data() + byte;
  };
  TSTree* tree = ts_parser_parse_with_options(tp.parser, nullptr, input, options);
  ts_parser_reset(tp.parser);
  if (!tree) return {};
  return SyntaxTree{std::shared_ptr<TSTree>(tree, TreeDeleter())};
}

bool first_syntax_error(TSNode root, uint32_t* offset) {
  if (!ts_node_has_error(root)) return false;
  TSTreeCursor c = ts_tree_cursor_new(root);
  bool found = false;
  // Descend into the first child that has an error until the node itself is
  // the error: ts_node_has_error is cached per node, so this is O(depth).
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    if (ts_node_is_error(n) || ts_node_is_missing(n)) {
      *offset = ts_node_start_byte(n);
      found = true;
      break;
    }
    if (!ts_tree_cursor_goto_first_child(&c)) break;
    bool next = ts_node_has_error(ts_tree_cursor_current_node(&c));
    while (!next && ts_tree_cursor_goto_next_sibling(&c)) next = ts_node_has_error(ts_tree_cursor_current_node(&c));
    if (!next) break;
  }
  ts_tree_cursor_delete(&c);
  return found;
}

}  // namespace modelshift
