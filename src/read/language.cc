#include "read/language.h"

#include <algorithm>

#include "core/grammar_registry.h"
#include "core/yaml_util.h"
#include "walk/ignore.h"

namespace modelshift {

namespace {

struct ReaderName {
  const char* name;
  Reader reader;
};
constexpr ReaderName kReaders[] = {
    {"code", Reader::Code},     {"lexical", Reader::Lexical},   {"yaml", Reader::Yaml},
    {"json", Reader::Json},     {"toml", Reader::Toml},         {"keyvalue", Reader::KeyValue},
    {"dockerfile", Reader::Dockerfile}, {"hcl", Reader::Hcl},   {"shell", Reader::Shell},
    {"sql", Reader::Sql},       {"notebook", Reader::Notebook}, {"docs", Reader::Docs},
    {"text", Reader::Text},
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view basename(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

const char* reader_name(Reader r) {
  for (const ReaderName& rn : kReaders)
    if (rn.reader == r) return rn.name;
  return "text";
}

LanguageTable LanguageTable::load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors) {
  LanguageTable table;
  table.other_.name = "other";
  table.other_.reader = Reader::Text;
  const RuleFile* file = nullptr;
  for (const RuleFile& f : files)
    if (f.path == "languages.yaml") file = &f;
  if (!file) {
    errors->push_back({"rules/languages.yaml", 0, 0, "missing"});
    return table;
  }
  YamlReader yr(file->origin, errors);
  std::optional<YAML::Node> root = yr.parse(file->text);
  if (!root) return table;
  yr.check_keys(*root, {"string_node_words", "comment_node_words", "scope_node_words", "languages"});
  table.scope_words_ = yr.str_list(*root, "scope_node_words");
  table.string_words_ = yr.str_list(*root, "string_node_words");
  table.comment_words_ = yr.str_list(*root, "comment_node_words");
  YAML::Node langs = (*root)["languages"];
  if (!langs || !langs.IsSequence()) {
    yr.error(*root, "'languages' must be a list");
    return table;
  }
  for (const YAML::Node& n : langs) {
    yr.check_keys(n, {"name", "reader", "grammar", "extensions", "filenames", "filename_globs",
                      "shebangs", "docstrings", "containers", "line_comments", "block_comments", "quotes",
                      "code_blocks", "fence_names"});
    Language lang;
    lang.name = yr.str(n, "name", true).value_or("");
    std::string reader = yr.str(n, "reader", true).value_or("text");
    bool known = false;
    for (const ReaderName& rn : kReaders)
      if (reader == rn.name) lang.reader = rn.reader, known = true;
    if (!known) yr.error(n["reader"], "unknown reader '" + reader + "'");
    lang.grammar = yr.str(n, "grammar").value_or("");
    if (lang.reader == Reader::Code) {
      for (const GrammarEntry& g : grammar_registry())
        if (lang.grammar == g.name) lang.ts_language = g.language();
      if (!lang.ts_language) yr.error(n, "grammar '" + lang.grammar + "' is not compiled in (see grammars/grammars.txt)");
    }
    lang.docstrings = yr.boolean(n, "docstrings", false);
    lang.containers = yr.str_list(n, "containers");
    lang.extensions = yr.str_list(n, "extensions");
    lang.filenames = yr.str_list(n, "filenames");
    lang.filename_globs = yr.str_list(n, "filename_globs");
    lang.shebangs = yr.str_list(n, "shebangs");
    lang.line_comments = yr.str_list(n, "line_comments");
    lang.quotes = yr.str(n, "quotes").value_or("");
    lang.code_blocks = yr.str(n, "code_blocks").value_or("");
    if (!lang.code_blocks.empty() && lang.code_blocks != "markdown" && lang.code_blocks != "rst")
      yr.error(n["code_blocks"], "code_blocks is 'markdown' or 'rst', not '" + lang.code_blocks + "'");
    lang.fence_names = yr.str_list(n, "fence_names");
    if (YAML::Node bc = n["block_comments"]) {
      for (const YAML::Node& pair : bc) {
        if (pair.IsSequence() && pair.size() == 2)
          lang.block_comments.emplace_back(pair[0].Scalar(), pair[1].Scalar());
        else
          yr.error(pair, "block_comments items are [open, close] pairs");
      }
    }
    table.languages_.push_back(std::move(lang));
  }
  // Index after the vector is final. First definition wins on clashes.
  for (size_t i = 0; i < table.languages_.size(); ++i) {
    const Language& l = table.languages_[i];
    for (const std::string& f : l.filenames) table.by_filename_.emplace(f, i);
    for (const std::string& e : l.extensions) table.by_extension_.emplace(lower(e), i);
    for (const std::string& s : l.shebangs) table.by_interpreter_.emplace(s, i);
    for (const std::string& g : l.filename_globs) table.globs_.emplace_back(g, i);
    for (const std::string& f : l.fence_names) table.by_fence_.emplace(lower(f), i);
  }
  return table;
}

const Language* LanguageTable::by_name(std::string_view name) const {
  for (const Language& l : languages_)
    if (l.name == name) return &l;
  return nullptr;
}

const Language* LanguageTable::by_fence(std::string_view word) const {
  if (word.empty()) return nullptr;
  std::string w = lower(word);
  if (auto it = by_fence_.find(w); it != by_fence_.end()) return &languages_[it->second];
  if (const Language* l = by_name(w)) return l;
  if (auto it = by_extension_.find(w); it != by_extension_.end()) return &languages_[it->second];
  return nullptr;
}

const Language* LanguageTable::classify(std::string_view rel_path, std::string_view head) const {
  std::string_view base = basename(rel_path);
  if (auto it = by_filename_.find(std::string(base)); it != by_filename_.end()) return &languages_[it->second];
  for (const auto& [glob, index] : globs_)
    if (glob_match(glob, base)) return &languages_[index];
  // Longest extension first, so "tar.gz"-style double extensions could be listed.
  for (size_t dot = base.find('.'); dot != std::string_view::npos; dot = base.find('.', dot + 1)) {
    if (dot == 0) continue;
    if (auto it = by_extension_.find(lower(base.substr(dot + 1))); it != by_extension_.end())
      return &languages_[it->second];
  }
  if (head.size() > 2 && head[0] == '#' && head[1] == '!') {
    std::string_view line = head.substr(2, head.find('\n') == std::string_view::npos ? head.size() - 2 : head.find('\n') - 2);
    // "#!/usr/bin/env -S python3 -u" -> python3; "#!/bin/bash" -> bash
    std::vector<std::string_view> words;
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
      size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
      if (i > start) words.push_back(line.substr(start, i - start));
    }
    for (std::string_view w : words) {
      std::string_view name = basename(w);
      if (name == "env" || (!name.empty() && name[0] == '-')) continue;
      std::string key(name);
      // python3.11 -> python3
      while (!key.empty() && (std::isdigit(static_cast<unsigned char>(key.back())) || key.back() == '.')) {
        if (auto it = by_interpreter_.find(key); it != by_interpreter_.end()) return &languages_[it->second];
        key.pop_back();
      }
      if (auto it = by_interpreter_.find(key); it != by_interpreter_.end()) return &languages_[it->second];
      break;
    }
  }
  return &other_;
}

}  // namespace modelshift
