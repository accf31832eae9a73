// File classification: which language a file is in and how to read it,
// driven by rules/languages.yaml (extension, file name, glob, shebang).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/rule_files.h"
#include "core/types.h"

struct TSLanguage;

namespace modelshift {

enum class Reader { Code, Lexical, Yaml, Json, Toml, KeyValue, Dockerfile, Hcl, Shell, Sql, Notebook, Docs, Text };

struct Language {
  std::string name;
  Reader reader = Reader::Text;
  std::string grammar;                     // Reader::Code only
  const TSLanguage* ts_language = nullptr;  // resolved from the grammar registry
  bool docstrings = false;
  std::vector<std::string> containers;  // tree-sitter node types of id tables
  std::vector<std::string> extensions, filenames, filename_globs, shebangs;
  std::vector<std::string> line_comments;                          // Reader::Lexical
  std::vector<std::pair<std::string, std::string>> block_comments;  // Reader::Lexical
  std::string quotes;                                              // Reader::Lexical
  // Reader::Docs: how code blocks are marked ("markdown" fences, "rst"
  // directives, "" none); their code is scanned as the language they name.
  std::string code_blocks;
  // Extra words a code block may use for this language ("golang", "c#"),
  // besides its name and extensions.
  std::vector<std::string> fence_names;
};

class LanguageTable {
 public:
  // Loads rules/languages.yaml. Unknown grammars and malformed entries are
  // errors (the caller stops with exit 2).
  static LanguageTable load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors);

  // Classifies by name first, then by the first line (`#!`). `head` is the
  // start of the file (may be empty). Never null: unknown text is "other".
  const Language* classify(std::string_view rel_path, std::string_view head) const;

  // Looks a language up by name ("python"), or nullptr.
  const Language* by_name(std::string_view name) const;

  // The language a documentation code block names ("py", "golang", "ts"):
  // fence_names first, then names, then extensions. nullptr when unknown or
  // when the word is empty.
  const Language* by_fence(std::string_view word) const;

  const std::vector<std::string>& string_node_words() const { return string_words_; }
  const std::vector<std::string>& comment_node_words() const { return comment_words_; }
  const std::vector<std::string>& scope_node_words() const { return scope_words_; }
  const std::vector<Language>& languages() const { return languages_; }

 private:
  std::vector<Language> languages_;
  Language other_;
  std::unordered_map<std::string, size_t> by_filename_, by_extension_, by_interpreter_, by_fence_;
  std::vector<std::pair<std::string, size_t>> globs_;
  std::vector<std::string> scope_words_;
  std::vector<std::string> string_words_, comment_words_;
};

const char* reader_name(Reader r);

}  // namespace modelshift
