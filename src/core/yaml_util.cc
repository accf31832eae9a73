#include "core/yaml_util.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/embedded_rules.h"
#include "core/embedded_snapshot.h"

namespace modelshift {

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string closest_word(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    size_t d = edit_distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  return best;
}

namespace {

YAML::Node from_json(const nlohmann::ordered_json& j) {
  if (j.is_object()) {
    YAML::Node n(YAML::NodeType::Map);
    for (const auto& [k, v] : j.items()) n.force_insert(k, from_json(v));
    return n;
  }
  if (j.is_array()) {
    YAML::Node n(YAML::NodeType::Sequence);
    for (const auto& v : j) n.push_back(from_json(v));
    return n;
  }
  if (j.is_string()) return YAML::Node(j.get_ref<const std::string&>());
  return YAML::Node(YAML::NodeType::Null);
}

// The build's JSON form of an embedded rules file, when `text` is one.
const std::string_view* pre_parsed(const std::string& origin, const std::string& text) {
  if (!origin.starts_with("rules/")) return nullptr;
  std::string_view path = std::string_view(origin).substr(6);
  for (const PreParsedRule& p : embedded_rules_json()) {
    if (p.path != path) continue;
    for (const EmbeddedFile& f : embedded_rules())
      if (f.path == path) return f.content == text ? &p.json : nullptr;
  }
  return nullptr;
}

}  // namespace

std::optional<YAML::Node> YamlReader::parse(const std::string& text) {
  // Embedded rules come pre-parsed (embedded_snapshot.h); node positions are
  // then unknown, which only matters for messages about mistakes the build
  // and the tests have already ruled out.
  if (const std::string_view* json = pre_parsed(origin_, text)) {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(json->begin(), json->end(), nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded()) return from_json(j);
  }
  // yaml-cpp recurses per nesting level; our own files are shallow, but a
  // hand-edited file must not crash the tool, so refuse absurd nesting first.
  int depth = 0, max_depth = 0;
  for (char c : text) {
    if (c == '[' || c == '{') max_depth = std::max(max_depth, ++depth);
    else if ((c == ']' || c == '}') && depth > 0) --depth;
  }
  if (max_depth > 200) {
    errors_->push_back({origin_, 0, 0, "nesting deeper than 200 levels"});
    return std::nullopt;
  }
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    errors_->push_back({origin_, static_cast<uint32_t>(e.mark.line + 1),
                        static_cast<uint32_t>(e.mark.column + 1), e.msg});
    return std::nullopt;
  }
}

void YamlReader::error(const YAML::Node& at, const std::string& message) {
  YAML::Mark m = at.Mark();
  uint32_t line = m.line >= 0 ? static_cast<uint32_t>(m.line + 1) : 0;
  uint32_t col = m.column >= 0 ? static_cast<uint32_t>(m.column + 1) : 0;
  errors_->push_back({origin_, line, col, message});
}

void YamlReader::check_keys(const YAML::Node& map, std::initializer_list<const char*> allowed) {
  if (!map.IsMap()) {
    error(map, "expected a mapping");
    return;
  }
  std::vector<std::string> names(allowed.begin(), allowed.end());
  for (const auto& kv : map) {
    std::string key = kv.first.Scalar();
    if (std::find(names.begin(), names.end(), key) != names.end()) continue;
    std::string hint = closest_word(key, names);
    error(kv.first, "unknown key '" + key + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
}

std::optional<std::string> YamlReader::str(const YAML::Node& map, const char* key, bool required) {
  YAML::Node n = map[key];
  if (!n || n.IsNull()) {
    if (required) error(map, std::string("missing required key '") + key + "'");
    return std::nullopt;
  }
  if (!n.IsScalar()) {
    error(n, std::string("'") + key + "' must be a scalar");
    return std::nullopt;
  }
  return n.Scalar();
}

std::vector<std::string> YamlReader::str_list(const YAML::Node& map, const char* key) {
  std::vector<std::string> out;
  YAML::Node n = map[key];
  if (!n || n.IsNull()) return out;
  if (n.IsScalar()) {
    out.push_back(n.Scalar());
    return out;
  }
  if (!n.IsSequence()) {
    error(n, std::string("'") + key + "' must be a list");
    return out;
  }
  for (const auto& item : n) {
    if (item.IsScalar()) out.push_back(item.Scalar());
    else error(item, std::string("items of '") + key + "' must be scalars");
  }
  return out;
}

bool YamlReader::boolean(const YAML::Node& map, const char* key, bool fallback) {
  YAML::Node n = map[key];
  if (!n || n.IsNull()) return fallback;
  const std::string& s = n.Scalar();
  if (s == "true" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "no" || s == "off") return false;
  error(n, std::string("'") + key + "' must be true or false");
  return fallback;
}

std::optional<double> YamlReader::number(const YAML::Node& map, const char* key) {
  YAML::Node n = map[key];
  if (!n || n.IsNull()) return std::nullopt;
  try {
    return n.as<double>();
  } catch (const YAML::Exception&) {
    error(n, std::string("'") + key + "' must be a number");
    return std::nullopt;
  }
}

}  // namespace modelshift
