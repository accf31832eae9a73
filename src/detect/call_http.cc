// Raw HTTP calls (fetch, requests, axios, a base-URL client): the URL text a
// call's first argument spells, and whether it names one of a rule's
// endpoints, directly or joined to the base URL its client was made with.
#include <tree_sitter/api.h>

#include <algorithm>
#include <cstring>

#include "detect/file_calls.h"

namespace modelshift::call_detail {

// A URL as far as the file tells: a literal, a name bound to one, a template
// or f-string whose holes are resolved where they can be
// (`${OPENAI_BASE}/chat/completions`), a `+` concatenation. Holes that stay
// unknown read "{?}", so the endpoint after them can still be recognised.
std::string FileCalls::url_text(TSNode n, uint32_t use, int depth) {
  if (ts_node_is_null(n) || depth > kMaxDepth) return "";
  Resolved r = resolve(n, use, depth + 1);
  if (r.ok) return r.value;
  const char* t = ts_node_type(n);
  if (std::strcmp(t, "template_string") == 0 || has_type(cl_.strings, t)) {
    std::string out;
    for (uint32_t i = 0; i < ts_node_named_child_count(n); ++i) {
      TSNode c = ts_node_named_child(n, i);
      const char* ct = ts_node_type(c);
      if (std::strstr(ct, "interpolation") || std::strstr(ct, "substitution")) {
        std::string hole = ts_node_named_child_count(c) > 0 ? url_text(ts_node_named_child(c, 0), use, depth + 1) : "";
        out += hole.empty() ? "{?}" : hole;
      } else if (std::strstr(ct, "fragment") || std::strstr(ct, "content") || std::strstr(ct, "escape")) {
        out += node_text(text_, c);
      }
    }
    return out;
  }
  if ((std::strstr(t, "binary") || std::strstr(t, "concatenat")) && ts_node_named_child_count(n) == 2) {
    TSNode op = ts_node_child_by_field_name(n, "operator", 8);
    if (!ts_node_is_null(op) && node_text(text_, op) != "+") return "";
    return url_text(ts_node_named_child(n, 0), use, depth + 1) + url_text(ts_node_named_child(n, 1), use, depth + 1);
  }
  if (has_type(cl_.names, t)) {
    if (const Binding* b = find_binding(std::string(node_text(text_, n)), false, use))
      return url_text(b->value, b->offset, depth + 1);
  }
  return "";
}

// True when a raw HTTP call goes to one of the rule's endpoints; `endpoint`
// gets the path the rule's url pattern captured. The URL is the first
// argument, or a relative path joined to the base URL of the client the
// receiver was made with (`api = axios.create({baseURL})`, `async with
// httpx.AsyncClient(base_url=...) as http`).
bool FileCalls::http_endpoint(const CallRule& rule, const std::string& path, TSNode args, uint32_t use,
                              std::string* endpoint) {
  NamedArgs named;
  std::vector<TSNode> positional;
  arguments(args, &named, &positional);
  if (positional.empty()) return false;
  const std::string url = url_text(positional[0], use, 0);
  if (url.empty()) return false;
  const bool whole = url.find("://") != std::string::npos;
  if ((whole || !rule.url_relative || RE2::FullMatch(path, *rule.url_relative)) &&
      RE2::PartialMatch(url, *rule.url, endpoint))
    return true;
  if (!rule.url_client || whole) return false;
  return client_base_endpoint(rule, path, url, use, endpoint);
}

// A relative `url` joined to the base URL the call's receiver was made with
// (rule.url_client names the constructor, rule.url_base its arguments).
bool FileCalls::client_base_endpoint(const CallRule& rule, const std::string& path, const std::string& url,
                                     uint32_t use, std::string* endpoint) {
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos) return false;
  std::string receiver = path.substr(0, dot);
  bool attribute = false;
  for (const char* self : {"self.", "this."})
    if (receiver.rfind(self, 0) == 0) {
      receiver.erase(0, 5);
      attribute = true;
    }
  if (receiver.find('.') != std::string::npos) return false;
  const Binding* b = find_binding(receiver, attribute, use);
  if (!b) return false;
  TSNode client = b->value;
  while (ts_node_named_child_count(client) == 1 && !std::strstr(ts_node_type(client), "call") &&
         !std::strstr(ts_node_type(client), "new"))
    client = ts_node_named_child(client, 0);  // await, parentheses
  TSNode fn = ts_node_child_by_field_name(client, "function", 8);
  if (ts_node_is_null(fn)) fn = ts_node_child_by_field_name(client, "constructor", 11);
  TSNode client_args = ts_node_child_by_field_name(client, "arguments", 9);
  if (ts_node_is_null(fn) || ts_node_is_null(client_args) ||
      !RE2::FullMatch(normalise_callee(node_text(text_, fn)), *rule.url_client))
    return false;
  NamedArgs named;
  std::vector<TSNode> positional;
  arguments(client_args, &named, &positional);
  for (const auto& [k, v] : named) {
    if (std::find(rule.url_base.begin(), rule.url_base.end(), k) == rule.url_base.end()) continue;
    std::string base = url_text(v, b->offset, 0);
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (!base.empty() && RE2::PartialMatch(base + (url.front() == '/' ? "" : "/") + url, *rule.url, endpoint))
      return true;
  }
  return false;
}

}  // namespace modelshift::call_detail
