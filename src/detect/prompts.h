// Prompts (findings of kind "prompt"): system prompts and instruction
// strings bound to prompt-like names, message lists (roles, few-shot pairs),
// template strings, prompts in YAML/JSON configs, and prompt files by path.
//
// Data in rules/prompts.yaml: the names, role values, message constructors,
// placeholder patterns, prompt-file globs and the secret patterns redacted
// from excerpts. Each prompt records in Finding::details: role,
// placeholders, few_shot, length, hash, excerpt and (after link_prompts) the
// call site it feeds.
//
// Only texts that passed the prefilter are searched (scan_text calls
// find_prompts after its early return); prompt files are read by path.
#pragma once

#include <re2/re2.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/rule_files.h"
#include "core/types.h"
#include "read/language.h"

struct TSTree;

namespace modelshift {

class PromptRules {
 public:
  // Loads rules/prompts.yaml; mistakes go to `errors` with their location.
  static std::unique_ptr<PromptRules> load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors);

  // The role a name ("SYSTEM_PROMPT", "instructions") gives its string, or
  // "" when the name is not a prompt name.
  std::string key_role(std::string_view name) const;
  // The role of a prompt file at `rel_path`, or "" when it is not one.
  std::string file_role(const std::string& rel_path) const;
  // True for files that hold no prompts by nature (type declarations).
  bool skipped(const std::string& rel_path) const;

  struct Key {
    std::unique_ptr<RE2> pattern;
    std::string role;
  };
  std::vector<Key> keys;
  std::vector<std::string> role_keys, content_keys;
  std::vector<std::string> list_keys;  // names whose list's first string is a prompt (Gemini `contents=[...]`)
  std::unique_ptr<RE2> list_keys_not_in;  // ...except as an argument of these calls (embeddings)
  std::map<std::string, std::string> roles, constructors;
  std::vector<std::unique_ptr<RE2>> placeholders, secrets;
  std::vector<std::pair<std::unique_ptr<RE2>, std::string>> files;  // glob as RE2 -> role
  std::vector<std::unique_ptr<RE2>> skip_paths;
  std::unique_ptr<RE2> constructor_re;                              // any constructor name, then '('
  size_t min_length = 12, excerpt_chars = 80;
};

// A prompt found in one text, before lines are known. `symbol` is the
// variable it is bound to ("" none), used by link_prompts().
struct PromptHit {
  uint32_t begin = 0, end = 0;
  Finding finding;
};

// Prompts in one text: `tree` is its parse (code) or null (config and
// lexical readers, where `regions` gives strings and values).
struct RegionTable;
void find_prompts(const PromptRules& rules, const Language& lang, const LanguageTable& table, TSTree* tree,
                  const RegionTable* regions, std::string_view text, std::vector<PromptHit>* out);

// A whole prompt file as one prompt (`role` from file_role()).
Finding prompt_file_finding(const PromptRules& rules, const std::string& rel_path, const std::string& role,
                            std::string_view text);

// Replaces every match of the rules' secret patterns with "[REDACTED]".
void redact_secrets(const PromptRules& rules, std::string* text);

// Fills role, placeholders, few_shot, length, hash and excerpt.
void describe_prompt(const PromptRules& rules, std::string_view content, const std::string& role, int few_shot,
                     Finding* f);

// After placement: each prompt feeds the innermost call site of its file
// that contains it, or the call site that names its variable as an argument
// ({"expr": NAME}), whose name then sets the role (`system=PROMPT`). Adds
// the "feeds" detail and clears the helper symbol.
void link_prompts(const PromptRules& rules, std::vector<Finding>* findings);

}  // namespace modelshift
