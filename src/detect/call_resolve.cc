// Resolution: the string a value in the code stands for, as far as the file
// tells (a literal, an SDK constant, an environment or config read with its
// default, a key of a dict bound in the file, a provider factory's argument),
// with the steps that led there. Names go through call_bindings.cc; what
// stays unknown is left as a symbol, env var or config key for
// resolve_across_files().
#include <tree_sitter/api.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "detect/file_calls.h"

namespace modelshift::call_detail {

// CONFIG["models"]["chat"], settings.models.chat: the dotted key read from a
// loaded config ("" when `v` is not such a chain), left for
// resolve_across_files() to find in the repository's config files. Two keys
// at least, so `self.model` is not taken for one.
std::string FileCalls::config_key_of(TSNode v) const {
  std::vector<std::string> keys;
  TSNode n = v;
  while (!ts_node_is_null(n) && (std::strstr(ts_node_type(n), "subscript") || std::strstr(ts_node_type(n), "attribute") ||
                                 std::strstr(ts_node_type(n), "member_expression"))) {
    TSNode obj = ts_node_child_by_field_name(n, "value", 5);
    if (ts_node_is_null(obj)) obj = ts_node_child_by_field_name(n, "object", 6);
    TSNode key = ts_node_child_by_field_name(n, "subscript", 9);
    if (ts_node_is_null(key)) key = ts_node_child_by_field_name(n, "attribute", 9);
    if (ts_node_is_null(key)) key = ts_node_child_by_field_name(n, "property", 8);
    if (ts_node_is_null(key)) key = ts_node_child_by_field_name(n, "index", 5);
    if (ts_node_is_null(obj) || ts_node_is_null(key)) return "";
    std::string k;
    if (!string_literal(key, &k)) {
      if (std::strstr(ts_node_type(n), "subscript")) return "";
      k = std::string(node_text(text_, key));
    }
    keys.insert(keys.begin(), k);
    n = obj;
  }
  if (keys.size() < 2 || ts_node_is_null(n) || !has_type(cl_.names, ts_node_type(n))) return "";
  const std::string_view root = node_text(text_, n);
  if (root == "self" || root == "this") return "";
  std::string out;
  for (const std::string& k : keys) out += (out.empty() ? "" : ".") + k;
  return out;
}

// The steps of resolve() are tried in this order; each says what it
// recognises and returns false (or an unresolved Resolved) for the rest.
Resolved FileCalls::resolve(TSNode v, uint32_t use, int depth) {
  Resolved r;
  if (ts_node_is_null(v) || depth > kMaxDepth) return r;
  const char* type = ts_node_type(v);
  std::string_view vt = node_text(text_, v);
  // Parentheses, await, type assertions: look through.
  if ((std::strstr(type, "parenthesized") || std::strcmp(type, "await") == 0 ||
       std::strcmp(type, "await_expression") == 0 || std::strcmp(type, "as_expression") == 0 ||
       std::strcmp(type, "non_null_expression") == 0 || std::strcmp(type, "satisfies_expression") == 0) &&
      ts_node_named_child_count(v) > 0)
    return resolve(ts_node_named_child(v, 0), use, depth + 1);
  // An argument wrapper (C# `argument`, Kotlin `value_argument`), named or
  // not: its value is the last named child.
  if ((std::strcmp(type, "argument") == 0 || std::strcmp(type, "value_argument") == 0) &&
      ts_node_named_child_count(v) > 0)
    return resolve(ts_node_named_child(v, ts_node_named_child_count(v) - 1), use, depth + 1);

  std::string compact;
  for (char c : vt)
    if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
  if (resolve_read(v, vt, compact, &r)) return r;
  if (resolve_either(v, type, use, depth, &r)) return r;
  if (has_type(cl_.names, type) || std::strstr(type, "shorthand_property_identifier"))
    return resolve_name(std::string(vt), false, use, depth);
  if (has_type(cl_.fields, type)) return resolve_name(std::string(vt), true, use, depth);
  if (resolve_dict_key(v, depth, &r)) return r;
  // self.model, this.model, settings.CHAT_MODEL, cfg.model: the last name.
  // PHP: $this->model, self::MODEL, static::$model.
  if (std::strstr(type, "attribute") || std::strstr(type, "member_expression") ||
      std::strstr(type, "selector_expression") || std::strstr(type, "field_access") ||
      std::strstr(type, "member_access") || std::strstr(type, "constant_access") ||
      std::strstr(type, "scoped_property_access"))
    return resolve_member(v, std::move(compact), use, depth);
  if (std::string key = config_key_of(v); !key.empty()) {
    r.config_key = key;
    r.steps.push_back({"", ts_node_start_byte(v), 0, 0, "config key " + key});
    return r;
  }
  if (std::strstr(type, "call")) return resolve_call(v, use, depth);
  return r;
}

// A value read where it stands: a config read (before literals: Spring's
// "${key:default}" is a string), a string literal, an SDK constant (`compact`
// is the text without whitespace), an environment read with its default.
bool FileCalls::resolve_read(TSNode v, std::string_view vt, const std::string& compact, Resolved* r) {
  for (const auto& re : cl_.config) {
    std::string key, def;
    if (!RE2::FullMatch(vt, *re, &key, &def) && !RE2::FullMatch(vt, *re, &key)) continue;
    if (def.size() >= 2 && std::strchr("\"'", def.front()) && def.back() == def.front())
      def = def.substr(1, def.size() - 2);
    r->source = "config";
    r->config_key = key;
    r->ok = !def.empty();
    r->value = def;
    r->steps.push_back({"", ts_node_start_byte(v), 0, 0, "config key " + key + (r->ok ? " (default in code)" : "")});
    return true;
  }
  std::string s;
  if (string_literal(v, &s)) {
    r->ok = true;
    r->value = s;
    r->source = "literal";
    return true;
  }
  if (auto it = cl_.constants.find(compact); it != cl_.constants.end()) {
    r->ok = true;
    r->value = it->second;
    r->source = "constant";
    r->steps.push_back({"", ts_node_start_byte(v), 0, 0, "SDK constant " + compact});
    return true;
  }
  for (const auto& env : cl_.env) {
    std::string var, def;
    if (RE2::FullMatch(vt, *env, &var, &def) || RE2::FullMatch(vt, *env, &var)) {
      r->source = "env";
      r->env_var = var;
      if (!def.empty() && def.size() >= 2) {
        r->ok = true;
        r->value = def.substr(1, def.size() - 2);
      }
      r->steps.push_back({"", ts_node_start_byte(v), 0, 0, "environment variable " + var +
                                                               (r->ok ? " (default in code)" : "")});
      return true;
    }
  }
  return false;
}

// a or b, a ?? b, a || b: an environment read with a literal fallback.
bool FileCalls::resolve_either(TSNode v, const char* type, uint32_t use, int depth, Resolved* r) {
  if (ts_node_named_child_count(v) != 2 ||
      !(std::strstr(type, "boolean_operator") || std::strstr(type, "binary_expression")))
    return false;
  TSNode op = ts_node_child_by_field_name(v, "operator", 8);
  std::string_view ot = ts_node_is_null(op) ? std::string_view() : node_text(text_, op);
  if (ot != "or" && ot != "||" && ot != "??") return false;
  Resolved left = resolve(ts_node_named_child(v, 0), use, depth + 1);
  if (left.ok) {
    *r = std::move(left);
    return true;
  }
  Resolved right = resolve(ts_node_named_child(v, 1), use, depth + 1);
  if (!right.ok) {
    *r = std::move(left);
    return true;
  }
  if (left.source == "env") {
    right.source = "env";
    right.env_var = left.env_var;
    right.steps.insert(right.steps.begin(), left.steps.begin(), left.steps.end());
  }
  *r = std::move(right);
  return true;
}

// MODELS.fast, MODELS["fast"], cfg.models.chat: a key of an object or dict
// literal bound to a name in this file.
bool FileCalls::resolve_dict_key(TSNode v, int depth, Resolved* r) {
  TSNode obj = ts_node_child_by_field_name(v, "object", 6);
  if (ts_node_is_null(obj)) obj = ts_node_child_by_field_name(v, "value", 5);    // python subscript
  if (ts_node_is_null(obj)) obj = ts_node_child_by_field_name(v, "operand", 7);  // go selector
  TSNode key = ts_node_child_by_field_name(v, "property", 8);
  if (ts_node_is_null(key)) key = ts_node_child_by_field_name(v, "attribute", 9);
  if (ts_node_is_null(key)) key = ts_node_child_by_field_name(v, "subscript", 9);
  if (ts_node_is_null(key)) key = ts_node_child_by_field_name(v, "index", 5);
  if (ts_node_is_null(obj) || ts_node_is_null(key) || std::strcmp(ts_node_type(obj), "identifier") != 0) return false;
  collect_bindings();
  const std::string obj_name(node_text(text_, obj));
  const std::string key_name = key_text(key);
  for (const Binding& b : bindings_) {
    TSNode table = b.value;
    // `{...} as const`, `({...})`
    while (ts_node_named_child_count(table) > 0 &&
           (std::strstr(ts_node_type(table), "as_expression") || std::strstr(ts_node_type(table), "satisfies") ||
            std::strstr(ts_node_type(table), "parenthesized")))
      table = ts_node_named_child(table, 0);
    if (b.name != obj_name || !shape_of(table, cl_.dicts)) continue;
    TSNode found = find_key(table, key_name, 3);  // this level only
    if (ts_node_is_null(found)) continue;
    Resolved inner = resolve(found, ts_node_start_byte(found), depth + 1);
    if (inner.source == "literal") inner.source = b.constant || all_caps(obj_name) ? "constant" : "variable";
    inner.steps.insert(inner.steps.begin(), ResolutionStep{"", b.offset, 0, 0, obj_name + "." + key_name});
    *r = std::move(inner);
    return true;
  }
  return false;
}

// A member access (`compact` its text without whitespace): the last name,
// resolved as an attribute, else a config key chain.
Resolved FileCalls::resolve_member(TSNode v, std::string compact, uint32_t use, int depth) {
  Resolved r;
  for (size_t p; (p = compact.find("->")) != std::string::npos;) compact.replace(p, 2, ".");
  for (size_t p; (p = compact.find("::")) != std::string::npos;) compact.replace(p, 2, ".");
  while (compact.find(".$") != std::string::npos) compact.erase(compact.find(".$") + 1, 1);
  size_t dot = compact.find_last_of('.');
  if (dot == std::string::npos || dot + 1 >= compact.size()) return r;
  std::string last = compact.substr(dot + 1);
  bool word = std::all_of(last.begin(), last.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  if (!word) return r;
  Resolved a = resolve_name(last, true, use, depth);
  if (a.ok || !a.steps.empty()) return a;
  if (std::string key = config_key_of(v); !key.empty()) {
    r.config_key = key;
    r.steps.push_back({"", ts_node_start_byte(v), 0, 0, "config key " + key});
    return r;
  }
  return a;
}

// `alibaba` of `alibaba("qwen3")` or `minimax.video("x")`: a name bound to a
// provider creator's call, or imported from a provider package.
bool FileCalls::provider_instance(const std::string& factory, uint32_t use) {
  const std::string base = factory.substr(0, factory.find('.'));
  if (base.empty() || factory.find('.', base.size() + 1) != std::string::npos) return false;
  if (const Binding* b = find_binding(base, false, use)) {
    const std::string creator = call_callee(b->value);
    if (!creator.empty() && RE2::FullMatch(creator, rules_.provider_creator())) return true;
  }
  re2::StringPiece in(text_.data(), text_.size());
  std::string names;
  while (RE2::FindAndConsume(&in, rules_.provider_imports(), &names)) {
    // `{ minimax }`, `{ vertexAnthropic as va, x }`: the local names.
    for (size_t at = 0; at < names.size();) {
      size_t comma = names.find(',', at);
      std::string item = names.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
      at = comma == std::string::npos ? names.size() : comma + 1;
      const size_t as = item.find(" as ");
      if (as != std::string::npos) item = item.substr(as + 4);
      item.erase(0, item.find_first_not_of(" \t\r\n"));
      item.erase(item.find_last_not_of(" \t\r\n") + 1);
      if (item == base) return true;
    }
  }
  return false;
}

// A provider factory such as openai("gpt-4o") or openai.embedding(MODEL):
// the model is its first argument. A conversion (`"gpt-4o".to_string()`,
// `String::from(MODEL)`) passes its receiver or argument through.
Resolved FileCalls::resolve_call(TSNode v, uint32_t use, int depth) {
  Resolved r;
  TSNode fn = ts_node_child_by_field_name(v, "function", 8);
  TSNode args = ts_node_child_by_field_name(v, "arguments", 9);
  // Kotlin's call_expression has no fields: the callee, then value_arguments.
  if (ts_node_is_null(fn) && ts_node_named_child_count(v) == 2 &&
      std::strcmp(ts_node_type(ts_node_named_child(v, 1)), "value_arguments") == 0) {
    fn = ts_node_named_child(v, 0);
    args = ts_node_named_child(v, 1);
  }
  if (!ts_node_is_null(fn) && !cl_.conversions.empty()) {
    const std::string callee = normalise_callee(node_text(text_, fn));
    const size_t dot = callee.find_last_of('.');
    const std::string method = dot == std::string::npos ? callee : callee.substr(dot + 1);
    TSNode receiver = ts_node_child_by_field_name(fn, "value", 5);
    if (ts_node_is_null(receiver)) receiver = ts_node_child_by_field_name(fn, "object", 6);
    const uint32_t nargs = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
    if (!ts_node_is_null(receiver) && nargs == 0 && has_type(cl_.conversions, method.c_str()))
      return resolve(receiver, use, depth + 1);
    if (nargs == 1 && has_type(cl_.conversions, callee.c_str()))
      return resolve(ts_node_named_child(args, 0), use, depth + 1);
  }
  if (ts_node_is_null(fn) || ts_node_is_null(args) || ts_node_named_child_count(args) == 0) return r;
  const std::string factory = normalise_callee(node_text(text_, fn));
  if (!RE2::FullMatch(factory, rules_.model_factory()) && !provider_instance(factory, use)) return r;
  Resolved inner = resolve(ts_node_named_child(args, 0), use, depth + 1);
  inner.steps.insert(inner.steps.begin(), ResolutionStep{"", ts_node_start_byte(v), 0, 0, "provider " + factory + "(...)"});
  return inner;
}

}  // namespace modelshift::call_detail
