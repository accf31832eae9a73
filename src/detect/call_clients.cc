// Client following: the constructor that made the object a call is made on
// (rules/sdk/clients.yaml), followed through the file's bindings. It decides
// the SDK of calls on a client (Azure's OpenAI client), and drops calls on
// mocks and on look-alike literals.
#include <tree_sitter/api.h>

#include <algorithm>
#include <cstring>

#include "detect/file_calls.h"

namespace modelshift::call_detail {

// The callee path of `call` when it is a call the language's call query
// reads ("" otherwise).
std::string FileCalls::call_callee(TSNode call) {
  std::string out;
  for_each_match(cl_.calls(), call, [&](const Captures& caps) {
    TSNode c{}, callee{}, args{};
    if (!out.empty() || !call_parts(caps, &c, &callee, &args) || !ts_node_eq(c, call)) return;
    out = normalise_callee(callee_text(callee));
  });
  return out;
}

// A mock factory, a client constructor of this language (`client` gets its
// rule), or neither.
FileCalls::Origin FileCalls::classify_constructor(const std::string& constructor, const ClientRule** client) const {
  if (RE2::FullMatch(constructor, rules_.mock_factory())) return Origin::mock;
  for (const ClientRule& c : rules_.clients())
    if (std::find(c.languages.begin(), c.languages.end(), cl_.name) != c.languages.end() &&
        RE2::FullMatch(constructor, *c.callee)) {
      *client = &c;
      return Origin::client;
    }
  return Origin::unknown;
}

// What made the object a call at `path` is made on (rules/sdk/clients.yaml):
// the receiver's first name, or its self./this. attribute, followed through
// the file's bindings. `client` gets the client rule when one matched.
FileCalls::Origin FileCalls::client_of(const std::string& path, uint32_t use, const ClientRule** client) {
  *client = nullptr;
  size_t dot = path.find('.');
  if (dot == std::string::npos) return Origin::unknown;
  std::string name = path.substr(0, dot);
  bool attribute = false;
  if (name == "self" || name == "this" || name == "$this") {
    size_t next = path.find('.', dot + 1);
    if (next == std::string::npos) return Origin::unknown;
    name = path.substr(dot + 1, next - dot - 1);
    attribute = true;
    dot = next;
  }
  // The member used on the receiver: a literal is a lookalike only when it
  // has that member (`chat = {completions: ...}` for chat.completions.create;
  // not a table of clients, `clients["openai"].chat...`).
  const size_t member_end = path.find('.', dot + 1);
  const std::string member = path.substr(dot + 1, member_end == std::string::npos ? std::string::npos : member_end - dot - 1);
  // Made inline: `new AzureOpenAIClient(...).GetChatClient(...)`.
  if (!attribute)
    if (Origin o = classify_constructor(name, client); o != Origin::unknown) return o;
  std::set<uint32_t> seen;
  for (int hop = 0; hop < 4; ++hop) {
    const Binding* b = find_binding(name, attribute, use);
    if (!b || !seen.insert(b->offset).second) return Origin::unknown;
    TSNode v = b->value;
    while (ts_node_named_child_count(v) == 1 &&
           (std::strstr(ts_node_type(v), "await") || std::strstr(ts_node_type(v), "parenthesized")))
      v = ts_node_named_child(v, 0);
    if (has_type(rules_.lookalikes(), ts_node_type(v))) {
      std::vector<std::pair<std::string, TSNode>> entries;
      if (const ObjectShape* shape = shape_of(v, cl_.dicts)) spread_object(v, *shape, &entries);
      for (const auto& [k, e] : entries)
        if (k == member) return Origin::lookalike;
      return Origin::unknown;
    }
    std::string next = has_type(cl_.names, ts_node_type(v)) ? std::string(node_text(text_, v)) : call_callee(v);
    // C#'s target-typed `AzureOpenAIClient c = new(...)`: the declared type.
    if (next.empty() && std::strstr(ts_node_type(v), "implicit_object_creation"))
      for (TSNode p = ts_node_parent(v); !ts_node_is_null(p) && next.empty(); p = ts_node_parent(p)) {
        TSNode type = ts_node_child_by_field_name(p, "type", 4);
        if (!ts_node_is_null(type)) next = normalise_callee(node_text(text_, type));
      }
    if (next.empty()) return Origin::unknown;
    if (Origin o = classify_constructor(next, client); o != Origin::unknown) return o;
    // `client = make()` where `make` is itself bound (`with patch(...) as make`).
    if (next.find('.') != std::string::npos) return Origin::unknown;
    name = next;
    attribute = false;
    use = b->offset;
  }
  return Origin::unknown;
}

}  // namespace modelshift::call_detail
