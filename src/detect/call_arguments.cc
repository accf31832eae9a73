// Reading a call: its callee path, its named and positional arguments (with
// object literals spread as named ones), keys inside dicts and request
// objects, string literals, and parameter values rendered as JSON with
// secrets redacted. The node types come from rules/sdk/languages.yaml.
#include <tree_sitter/api.h>

#include <cctype>
#include <cstring>

#include "detect/file_calls.h"

namespace modelshift::call_detail {

// The callee as a path: whitespace, argument lists and optional chaining
// removed, so `client.chat().completions()\n  .create` reads
// `client.chat.completions.create`.
std::string normalise_callee(std::string_view s) {
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '(' || c == '[') {
      ++depth;
      continue;
    }
    if (c == ')' || c == ']') {
      if (depth > 0) --depth;
      continue;
    }
    if (depth > 0 || std::isspace(static_cast<unsigned char>(c))) continue;
    if (c == '?' && i + 1 < s.size() && s[i + 1] == '.') continue;
    if (c == '!' && i + 1 < s.size() && s[i + 1] == '.') continue;  // TS non-null
    out += c;
  }
  if (out.rfind("new", 0) == 0 && out.size() > 3 && std::isupper(static_cast<unsigned char>(out[3])))
    out.erase(0, 3);
  if (out.rfind("await", 0) == 0 && out.size() > 5) out.erase(0, 5);
  for (size_t p; (p = out.find("->")) != std::string::npos;) out.replace(p, 2, ".");
  for (size_t p; (p = out.find("::")) != std::string::npos;) out.replace(p, 2, ".");
  return out;
}

bool call_parts(const Captures& caps, TSNode* call, TSNode* callee, TSNode* args) {
  for (const auto& [c, n] : caps) {
    if (c == "call") *call = n;
    else if (c == "callee") *callee = n;
    else if (c == "args") *args = n;
  }
  return !ts_node_is_null(*call) && !ts_node_is_null(*callee) && !ts_node_is_null(*args);
}

void for_each_match(TSQuery* query, TSNode root, const std::function<void(const Captures&)>& fn) {
  TSQueryCursor* cur = ts_query_cursor_new();
  ts_query_cursor_exec(cur, query, root);
  TSQueryMatch m;
  Captures caps;
  while (ts_query_cursor_next_match(cur, &m)) {
    caps.clear();
    for (uint16_t i = 0; i < m.capture_count; ++i) {
      uint32_t len = 0;
      const char* name = ts_query_capture_name_for_id(query, m.captures[i].index, &len);
      caps.emplace_back(std::string_view(name, len), m.captures[i].node);
    }
    fn(caps);
  }
  ts_query_cursor_delete(cur);
}

bool FileCalls::string_literal(TSNode n, std::string* out) const {
  if (!has_type(cl_.strings, ts_node_type(n))) return false;
  // An interpolated string (f"..{x}", `${x}`) is computed, not a literal.
  for (uint32_t i = 0; i < ts_node_named_child_count(n); ++i) {
    const char* t = ts_node_type(ts_node_named_child(n, i));
    if (std::strstr(t, "interpolation") || std::strstr(t, "substitution")) return false;
  }
  std::string_view s = node_text(text_, n);
  size_t b = 0, e = s.size();
  while (b < e && std::strchr("fFrRbBuU@$", s[b])) ++b;
  size_t quotes = 0;
  while (b < e && std::strchr("\"'`", s[b])) ++b, ++quotes;
  while (e > b && quotes > 0 && std::strchr("\"'`", s[e - 1])) --e, --quotes;
  *out = std::string(s.substr(b, e - b));
  return true;
}

const ObjectShape* FileCalls::shape_of(TSNode n, const std::vector<ObjectShape>& shapes) const {
  const char* t = ts_node_type(n);
  for (const ObjectShape& s : shapes)
    if (s.node == t) return &s;
  return nullptr;
}

// The callee's text without a trailing block: where the callee is the whole
// call (Ruby), `x.stream(...) { |e| ... }` / `do ... end` would otherwise read
// into it.
std::string_view FileCalls::callee_text(TSNode callee) const {
  std::string_view t = node_text(text_, callee);
  TSNode block = ts_node_child_by_field_name(callee, "block", 5);
  if (!ts_node_is_null(block) && ts_node_start_byte(block) >= ts_node_start_byte(callee))
    t = t.substr(0, ts_node_start_byte(block) - ts_node_start_byte(callee));
  return t;
}

std::string FileCalls::key_text(TSNode key) const {
  std::string k;
  if (string_literal(key, &k)) return k;
  std::string_view kt = node_text(text_, key);
  // Go literal_element wraps the identifier.
  while (!kt.empty() && std::strchr("\"'`", kt.front())) kt.remove_prefix(1);
  while (!kt.empty() && std::strchr("\"'`", kt.back())) kt.remove_suffix(1);
  return std::string(kt);
}

void FileCalls::spread_object(TSNode obj, const ObjectShape& shape, std::vector<std::pair<std::string, TSNode>>* named) {
  TSNode body = obj;
  if (!shape.body.empty()) body = ts_node_child_by_field_name(obj, shape.body.c_str(), static_cast<uint32_t>(shape.body.size()));
  if (ts_node_is_null(body)) return;
  for (uint32_t i = 0; i < ts_node_named_child_count(body); ++i) {
    TSNode e = ts_node_named_child(body, i);
    const char* t = ts_node_type(e);
    if (shape.pair == t) {
      TSNode k{}, v{};
      if (!shape.key.empty()) {
        k = ts_node_child_by_field_name(e, shape.key.c_str(), static_cast<uint32_t>(shape.key.size()));
        v = ts_node_child_by_field_name(e, shape.value.c_str(), static_cast<uint32_t>(shape.value.size()));
      } else if (ts_node_named_child_count(e) == 2) {
        k = ts_node_named_child(e, 0);
        v = ts_node_named_child(e, 1);
      }
      if (ts_node_is_null(k) || ts_node_is_null(v)) continue;
      // Go wraps values in literal_element.
      if (std::strcmp(ts_node_type(v), "literal_element") == 0 && ts_node_named_child_count(v) == 1)
        v = ts_node_named_child(v, 0);
      named->emplace_back(key_text(k), v);
    } else if (!shape.shorthand.empty() && shape.shorthand == t) {
      named->emplace_back(std::string(node_text(text_, e)), e);
    }
  }
}

void FileCalls::arguments(TSNode args, std::vector<std::pair<std::string, TSNode>>* named, std::vector<TSNode>* positional) {
  for (uint32_t i = 0; i < ts_node_named_child_count(args); ++i) {
    TSNode a = ts_node_named_child(args, i);
    const char* t = ts_node_type(a);
    if (std::strstr(t, "comment")) continue;
    if (!cl_.named_node.empty() && !cl_.named_name.empty() && cl_.named_node == t) {
      TSNode k = ts_node_child_by_field_name(a, cl_.named_name.c_str(), static_cast<uint32_t>(cl_.named_name.size()));
      TSNode v = ts_node_child_by_field_name(a, cl_.named_value.c_str(), static_cast<uint32_t>(cl_.named_value.size()));
      if (!ts_node_is_null(k) && !ts_node_is_null(v)) named->emplace_back(std::string(node_text(text_, k)), v);
      continue;
    }
    // A named argument without fields (Kotlin `model = x` is a value_argument
    // holding the name, then the value).
    if (!cl_.named_node.empty() && cl_.named_name.empty() && cl_.named_node == t &&
        ts_node_named_child_count(a) == 2) {
      named->emplace_back(std::string(node_text(text_, ts_node_named_child(a, 0))), ts_node_named_child(a, 1));
      continue;
    }
    // C# / PHP `model: "gpt-4o"`: an argument with a `name` field; the value
    // is its last named child. Named, so a credential is never taken for the
    // model by position and is redacted by name.
    if (std::strcmp(t, "argument") == 0 && ts_node_named_child_count(a) >= 2) {
      TSNode nm = ts_node_child_by_field_name(a, "name", 4);
      if (!ts_node_is_null(nm)) {
        named->emplace_back(std::string(node_text(text_, nm)), ts_node_named_child(a, ts_node_named_child_count(a) - 1));
        continue;
      }
    }
    // A positional argument wrapper (C#, PHP `argument`): its expression.
    if (std::strcmp(t, "argument") == 0 && ts_node_named_child_count(a) == 1) a = ts_node_named_child(a, 0);
    if (const ObjectShape* s = shape_of(a, cl_.objects)) spread_object(a, *s, named);
    positional->push_back(a);
  }
}

TSNode FileCalls::find_key(TSNode n, const std::string& key, int depth) {
  if (ts_node_is_null(n) || depth > 4) return TSNode{};
  if (const ObjectShape* s = shape_of(n, cl_.dicts)) {
    std::vector<std::pair<std::string, TSNode>> entries;
    spread_object(n, *s, &entries);
    for (auto& [k, v] : entries)
      if (k == key) return v;
    for (auto& [k, v] : entries) {
      TSNode f = find_key(v, key, depth + 1);
      if (!ts_node_is_null(f)) return f;
    }
    return TSNode{};
  }
  // JSON.stringify({...}), json.dumps({...}): look into the arguments.
  if (std::strstr(ts_node_type(n), "call")) {
    TSNode args = ts_node_child_by_field_name(n, "arguments", 9);
    for (uint32_t i = 0; !ts_node_is_null(args) && i < ts_node_named_child_count(args); ++i) {
      TSNode f = find_key(ts_node_named_child(args, i), key, depth + 1);
      if (!ts_node_is_null(f)) return f;
    }
  }
  if (std::strcmp(ts_node_type(n), "identifier") == 0) {
    // body = {...} bound earlier in the file
    collect_bindings();
    std::string name(node_text(text_, n));
    for (const Binding& b : bindings_)
      if (b.name == name && b.offset < ts_node_start_byte(n)) {
        TSNode f = find_key(b.value, key, depth + 1);
        if (!ts_node_is_null(f)) return f;
      }
  }
  return TSNode{};
}

// A parameter's value as JSON: literals as themselves, everything else as a
// description. Secrets never leave: a parameter named like a credential, or a
// string that looks like a key, is redacted.
std::string FileCalls::render(const std::string& name, TSNode v) {
  if (RE2::PartialMatch(name, rules_.secret_parameter())) return "{\"redacted\":true}";
  const char* t = ts_node_type(v);
  std::string_view vt = node_text(text_, v);
  std::string s;
  if (string_literal(v, &s)) {
    static const RE2 secretish("(?:sk-[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|xox[abp]-|ghp_[A-Za-z0-9]{20,}|AIza[0-9A-Za-z_-]{20,}|-----BEGIN)");
    if (RE2::PartialMatch(s, secretish)) return "{\"redacted\":true}";
    if (s.size() > kMaxStringValue) return "{\"string_length\":" + std::to_string(s.size()) + "}";
    return json_string(s);
  }
  if (vt == "true" || vt == "True") return "true";
  if (vt == "false" || vt == "False") return "false";
  if (vt == "None" || vt == "null" || vt == "nil" || vt == "undefined") return "null";
  if (std::strstr(t, "integer") || std::strstr(t, "float") || std::strstr(t, "number") || std::strstr(t, "int_literal")) {
    std::string num;
    for (char c : vt)
      if (c != '_') num += c;
    static const RE2 json_number("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
    if (RE2::FullMatch(num, json_number)) return num;
  }
  if (std::strcmp(t, "unary_operator") == 0 || std::strcmp(t, "unary_expression") == 0) {
    std::string num;
    for (char c : vt)
      if (!std::isspace(static_cast<unsigned char>(c))) num += c;
    static const RE2 json_number("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
    if (RE2::FullMatch(num, json_number)) return num;
  }
  if (std::strcmp(t, "identifier") == 0 || has_type(cl_.names, t) || has_type(cl_.fields, t) || std::strstr(t, "shorthand"))
    return "{\"expr\":" + json_string(vt.substr(0, 80)) + "}";
  if (std::strcmp(t, "list") == 0 || std::strcmp(t, "array") == 0 || std::strstr(t, "array_expression"))
    return "{\"kind\":\"list\",\"items\":" + std::to_string(ts_node_named_child_count(v)) + "}";
  return "{\"kind\":" + json_string(t) + "}";
}

}  // namespace modelshift::call_detail
