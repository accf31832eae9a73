// analyze_json: JSON, JSONC (comments, trailing commas) and JSON Lines, on top
// of the positioned reader in json_doc.cc.
//
// Regions: object keys -> Key (path of the key, decoded, text between the
// quotes); string values -> Value covering the text between the quotes;
// numbers and booleans -> Value; null -> no region; comments -> Comment.
// Each top-level value of a JSON Lines file starts its paths afresh.
#include <vector>

#include "read/json_doc.h"
#include "read/regions.h"

namespace modelshift {

namespace {

using regions_detail::Builder;

constexpr size_t kJsonMaxDepth = 512;

void string_region(Builder& b, std::string_view text, const JsonValue& v, RegionKind kind, std::string path) {
  size_t begin = v.begin + 1;
  size_t end = v.end;
  if (end > begin && end <= text.size() && text[end - 1] == '"') --end;
  b.add(begin, end, kind, std::move(path));
}

// Depth is bounded by kJsonMaxDepth (the reader does not build deeper trees).
void walk(Builder& b, std::string_view text, const JsonValue& v, const std::string& path) {
  switch (v.type) {
    case JsonValue::Type::Null:
      return;
    case JsonValue::Type::Bool:
    case JsonValue::Type::Number:
      b.add(v.begin, v.end, RegionKind::Value, path);
      return;
    case JsonValue::Type::String:
      string_region(b, text, v, RegionKind::Value, path);
      return;
    case JsonValue::Type::Array:
      for (size_t i = 0; i < v.items.size(); ++i) walk(b, text, v.items[i], regions_detail::join_index(path, i));
      return;
    case JsonValue::Type::Object:
      for (size_t i = 0; i < v.items.size() && i < v.keys.size(); ++i) {
        std::string kp = regions_detail::join_key(path, v.keys[i].str);
        const JsonValue& key = v.keys[i];
        if (key.end > key.begin && key.begin < text.size() && text[key.begin] == '"')
          string_region(b, text, key, RegionKind::Key, kp);
        else
          b.add(key.begin, key.end, RegionKind::Key, kp);
        walk(b, text, v.items[i], kp);
      }
      return;
  }
}

}  // namespace

RegionTable analyze_json(std::string_view text) {
  return regions_detail::run_analyzer(text, "JSON", [&](Builder& b) {
    JsonDocument doc = parse_json_document(text, /*allow_comments=*/true, kJsonMaxDepth);
    for (const JsonValue& root : doc.roots) walk(b, text, root, std::string());
    for (const auto& c : doc.comments) b.add(c.first, c.second, RegionKind::Comment);
    if (!doc.diagnostics.empty()) b.diagnostic(doc.diagnostics.front());
  });
}

}  // namespace modelshift
