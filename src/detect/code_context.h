// tree-sitter's one home: parse a source file and say, for each candidate
// byte range, whether it sits in a string literal, a comment or a docstring.
//
// Parsing itself is read/syntax_tree (one TSParser per thread); a CodeParser
// holds no state and is kept so call sites read as before.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detect/matcher.h"
#include "read/language.h"

struct TSParser;
struct TSTree;

namespace modelshift {

struct CodeContext {
  // "string" | "comment" | "docstring" | "code" (inside a parse error) |
  // "" (real code such as an identifier: not a model reference)
  std::string context;
  // The string's content (quotes and prefixes removed): strict families must
  // fill it whole. Equal to the candidate's range when unknown.
  uint32_t value_begin = 0, value_end = 0;
  // 1 + start byte of the id table (dict, list, switch, union type...) the
  // string sits in, 0 when none; see `containers` in rules/languages.yaml.
  uint32_t group = 0;
};

class CodeParser {
 public:
  CodeParser();
  ~CodeParser();
  CodeParser(const CodeParser&) = delete;
  CodeParser& operator=(const CodeParser&) = delete;

  // Parses `text` as `lang`. Null when the parse was abandoned (time
  // budget) or the language has no grammar — the caller falls back to the
  // lexical reader. The tree points into nothing: `text` must be passed again.
  std::shared_ptr<TSTree> parse(const Language& lang, std::string_view text);

  // Classifies each candidate against a tree parse() made of `text`.
  static void classify(TSTree* tree, const Language& lang, const LanguageTable& table, std::string_view text,
                       const std::vector<Candidate>& candidates, std::vector<CodeContext>* out);

};

}  // namespace modelshift
