// PromptRules: reads rules/prompts.yaml (prompt names and their roles, role
// keys and values, message constructors, placeholders, prompt-file globs,
// skipped paths, secrets) and answers the rules' questions about names and
// paths.
#include <cstring>

#include "core/yaml_util.h"
#include "detect/prompts.h"

namespace modelshift {

namespace {

// "**/prompts/**/*.txt" as an RE2 over '/'-separated relative paths; a
// leading "**/" also matches at the root.
std::string glob_to_re2(const std::string& glob) {
  std::string re;
  for (size_t i = 0; i < glob.size(); ++i) {
    if (glob.compare(i, 3, "**/") == 0) {
      re += "(?:.*/)?";
      i += 2;
    } else if (glob.compare(i, 2, "**") == 0) {
      re += ".*";
      ++i;
    } else if (glob[i] == '*') {
      re += "[^/]*";
    } else if (glob[i] == '?') {
      re += "[^/]";
    } else {
      re += RE2::QuoteMeta(std::string(1, glob[i]));
    }
  }
  return re;
}

}  // namespace

std::unique_ptr<PromptRules> PromptRules::load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors) {
  auto rules = std::make_unique<PromptRules>();
  for (const RuleFile& f : files) {
    if (f.path != "prompts.yaml") continue;
    YamlReader yr(f.origin, errors);
    std::optional<YAML::Node> root = yr.parse(f.text);
    if (!root) return rules;
    yr.check_keys(*root, {"keys", "role_keys", "roles", "content_keys", "list_keys", "list_keys_not_in", "message_constructors", "placeholders",
                          "files", "skip_paths", "min_length", "excerpt_chars", "secrets"});
    auto compile = [&](const YAML::Node& at, const std::string& re, bool case_insensitive) {
      RE2::Options o;
      o.set_case_sensitive(!case_insensitive);
      o.set_log_errors(false);
      auto out = std::make_unique<RE2>(re, o);
      if (!out->ok()) yr.error(at, "bad pattern: " + out->error());
      return out;
    };
    for (const YAML::Node& k : (*root)["keys"]) {
      yr.check_keys(k, {"pattern", "role"});
      auto pattern = yr.str(k, "pattern", true);
      auto role = yr.str(k, "role", true);
      if (pattern && role) rules->keys.push_back({compile(k, *pattern, true), *role});
    }
    rules->role_keys = yr.str_list(*root, "role_keys");
    rules->content_keys = yr.str_list(*root, "content_keys");
    rules->list_keys = yr.str_list(*root, "list_keys");
    if (auto n = yr.str(*root, "list_keys_not_in")) rules->list_keys_not_in = compile((*root)["list_keys_not_in"], *n, false);
    std::string alternation;
    for (const char* map : {"roles", "message_constructors"}) {
      const YAML::Node& n = (*root)[map];
      if (n && !n.IsMap()) yr.error(n, std::string(map) + " must be a mapping");
      if (!n || !n.IsMap()) continue;
      for (const auto& kv : n) {
        std::string name = kv.first.as<std::string>(), role = kv.second.as<std::string>();
        if (std::strcmp(map, "roles") == 0) {
          rules->roles[name] = role;
        } else {
          rules->constructors[name] = role;
          alternation += (alternation.empty() ? "" : "|") + RE2::QuoteMeta(name);
        }
      }
    }
    if (!alternation.empty()) rules->constructor_re = compile(*root, "(?:" + alternation + ")\\s*\\(", false);
    for (const char* list : {"placeholders", "secrets"}) {
      const YAML::Node& n = (*root)[list];
      if (!n) continue;
      for (const YAML::Node& p : n) {
        auto re = compile(p, p.as<std::string>(), false);
        if (std::strcmp(list, "placeholders") == 0 && re->ok() && re->NumberOfCapturingGroups() < 1)
          yr.error(p, "a placeholder pattern needs a group for the name");
        (std::strcmp(list, "secrets") == 0 ? rules->secrets : rules->placeholders).push_back(std::move(re));
      }
    }
    for (const YAML::Node& g : (*root)["files"]) {
      yr.check_keys(g, {"glob", "role"});
      auto glob = yr.str(g, "glob", true);
      auto role = yr.str(g, "role", true);
      if (glob && role) rules->files.emplace_back(compile(g, glob_to_re2(*glob), false), *role);
    }
    for (const std::string& g : yr.str_list(*root, "skip_paths")) rules->skip_paths.push_back(compile(*root, glob_to_re2(g), false));
    if (auto n = yr.number(*root, "min_length")) rules->min_length = static_cast<size_t>(*n);
    if (auto n = yr.number(*root, "excerpt_chars")) rules->excerpt_chars = static_cast<size_t>(*n);
  }
  return rules;
}

std::string PromptRules::key_role(std::string_view name) const {
  if (name.empty()) return "";
  for (const Key& k : keys)
    if (RE2::FullMatch(re2::StringPiece(name.data(), name.size()), *k.pattern)) return k.role;
  return "";
}

bool PromptRules::skipped(const std::string& rel_path) const {
  for (const auto& re : skip_paths)
    if (RE2::FullMatch(rel_path, *re)) return true;
  return false;
}

std::string PromptRules::file_role(const std::string& rel_path) const {
  for (const auto& [re, role] : files)
    if (RE2::FullMatch(rel_path, *re)) return role;
  return "";
}

}  // namespace modelshift
