// Internal to find_prompts() (prompts.h): the scanner that finds prompts in
// code, over the string literals and comments of one file (from its
// tree-sitter parse or the lexical reader). It lives in three files:
//   prompt_scanner.cc   its view of the text: literals, runs of adjacent
//                       literals, brackets outside strings and comments
//   prompt_messages.cc  message lists ({role: "system", content: ...},
//                       ("system", "...") tuples, SystemMessage("..."))
//   prompt_keys.cc      strings bound to prompt names (NAME = "...",
//                       .system("..."), contents=["..."])
// Not a public interface: only the detect/ prompt files include it.
#pragma once

#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "detect/prompts.h"
#include "read/regions.h"

namespace modelshift::prompt_scan {

inline bool is_id(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
inline bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Characters, not bytes: the length rules compare with min_length.
inline size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// One text of a prompt: a run of adjacent literals ("a" "b", "a" + "b").
struct Run {
  size_t first = 0, last = 0;  // indexes into the value regions
  uint32_t begin = 0, end = 0;  // from the first opening quote to the last closing one
  std::string content;
};

// Finds the prompts of one code file. `values` and `comments` are its
// string contents and comments, sorted by offset. Build once per file, call
// messages() then keyed() (keyed skips the literals messages used). Cost:
// linear in the text for the brackets, plus a search per rule key. Not
// thread-safe; one scanner per file.
class CodeScanner {
 public:
  CodeScanner(const PromptRules& rules, const Language& lang, std::string_view text, std::vector<Region> values,
              std::vector<Region> comments)
      : rules_(rules), lang_(lang), text_(text), values_(std::move(values)), comments_(std::move(comments)) {
    openers();
  }

  // One prompt per list of messages (prompt.messages).
  void messages(std::vector<PromptHit>* out);
  // Each run of literals bound to a prompt name (prompt.key).
  void keyed(std::vector<PromptHit>* out);

 private:
  struct Message {
    uint32_t opener;  // '{' or '(' of the message
    std::string role;
    int run = -1;  // index into values_ of its literal content
  };

  bool in_code(uint32_t pos) const;
  int value_at(uint32_t pos) const;   // index of the value region starting at pos (its content), or -1
  int value_after(uint32_t pos) const;  // first value region whose quote starts after whitespace from pos
  Run run_from(size_t index) const;
  int enclosing(uint32_t pos) const;  // innermost opener index containing pos, or -1
  void openers();
  int content_in(uint32_t opener_pos, uint32_t from);
  PromptHit make(const std::string& rule, uint32_t begin, uint32_t end, const std::string& content,
                 const std::string& role, int few_shot) const;
  uint32_t back_space(uint32_t q) const;  // back over blanks before q

  // prompt_messages.cc: the three ways a message is written, then one
  // prompt per list of them.
  void role_key_messages(std::vector<Message>* found);
  void tuple_messages(std::vector<Message>* found);
  void constructor_messages(std::vector<Message>* found);
  void message_lists(const std::vector<Message>& found, std::vector<PromptHit>* out);

  // prompt_keys.cc: the name the run of values_[i] (ending before `p`) is
  // bound to; the call a list literal is an argument of.
  bool name_before(size_t i, bool list_item, uint32_t p, std::string* name, bool* method) const;
  bool in_excluded_call(uint32_t pos) const;

  const PromptRules& rules_;
  const Language& lang_;
  std::string_view text_;
  std::vector<Region> values_, comments_;
  struct Opener {
    uint32_t pos, close;
    int parent;
  };
  std::vector<Opener> openers_;
  std::set<size_t> used_;  // value regions already part of a prompt
};

}  // namespace modelshift::prompt_scan
