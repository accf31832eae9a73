// yaml-cpp's one home for reading our own YAML files (rules, catalog,
// .modelshift.yaml). Every problem becomes a located Diagnostic
// ("file:line:col: message"); nothing throws past these helpers.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace modelshift {

// Levenshtein distance, for "did you mean" hints.
size_t edit_distance(std::string_view a, std::string_view b);

// The closest of `candidates` to `word` when it is close enough, else "".
std::string closest_word(std::string_view word, const std::vector<std::string>& candidates);

class YamlReader {
 public:
  YamlReader(std::string origin, std::vector<Diagnostic>* errors)
      : origin_(std::move(origin)), errors_(errors) {}

  // Parses `text`; on a syntax error records it and returns nullopt.
  std::optional<YAML::Node> parse(const std::string& text);

  void error(const YAML::Node& at, const std::string& message);

  // Records an error for every key of `map` not in `allowed`.
  void check_keys(const YAML::Node& map, std::initializer_list<const char*> allowed);

  // Scalar getters: missing -> nullopt (and an error when required);
  // wrong type -> error + nullopt.
  std::optional<std::string> str(const YAML::Node& map, const char* key, bool required = false);
  std::vector<std::string> str_list(const YAML::Node& map, const char* key);
  bool boolean(const YAML::Node& map, const char* key, bool fallback);
  std::optional<double> number(const YAML::Node& map, const char* key);

  const std::string& origin() const { return origin_; }

 private:
  std::string origin_;
  std::vector<Diagnostic>* errors_;
};

}  // namespace modelshift
