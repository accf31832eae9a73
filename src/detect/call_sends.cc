// Sends after a binding (issue 12 §7): frameworks bind a model in one place
// (`llm = ChatOpenAI(model=...)`, `Agent(model=...)`,
// `builder.AddOpenAIChatCompletion(...)`) and send the request in another
// (`chain.invoke`, `Runner.run(agent)`, `kernel.InvokePromptAsync`). A send
// rule (`bound_by` in rules/sdk/) is a call site only when its receiver or
// an argument leads, through the file's bindings, to a call of one of its
// binding rules: the send is then the one call site of the request, with the
// binding's model and both places in its resolution chain, and the binding
// call is consumed (no call site of its own) when it only binds (api
// `client`); an agent or assistant created on the server with its model is a
// request of its own and stays one.
//
// The search follows, a bounded number of nodes: names to their bindings,
// self./this. attributes, calls on a bound name made between its binding and
// the send (`pipe.add_component("llm", gen)`, `kernel.add_service(svc)`),
// a non-binding call's receiver and arguments (`builder.Build()`,
// `create_agent(llm, tools)`), and the parts of any other expression
// (`prompt | llm | parser`, `new() { Kernel = kernel }`).
#include <tree_sitter/api.h>

#include <cstring>

#include "detect/file_calls.h"

namespace modelshift::call_detail {

namespace {

constexpr int kSendDepth = 6;      // hops from the send to a binding
constexpr int kSendBudget = 160;   // nodes one send's search visits at most
constexpr size_t kMaxSteps = 6;    // hops kept in the resolution chain

// The object a member callee is called on (`chain` of `chain.invoke`), or null.
TSNode receiver_of(TSNode callee) {
  for (const char* field : {"object", "expression", "operand", "receiver", "value"}) {
    TSNode r = ts_node_child_by_field_name(callee, field, static_cast<uint32_t>(std::strlen(field)));
    if (!ts_node_is_null(r)) return r;
  }
  return TSNode{};
}

bool is_self(std::string_view s) { return s == "self" || s == "this" || s == "$this"; }

// The span of the function around `n` (0,0 at module level).
std::pair<uint32_t, uint32_t> function_of(TSNode n) {
  for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); p = ts_node_parent(p)) {
    const char* t = ts_node_type(p);
    if (std::strstr(t, "function") || std::strstr(t, "method") || std::strstr(t, "lambda") ||
        std::strstr(t, "arrow") || std::strstr(t, "constructor_declaration"))
      return {ts_node_start_byte(p), ts_node_end_byte(p)};
  }
  return {0, 0};
}

}  // namespace

const std::vector<std::pair<TSNode, std::string>>& FileCalls::all_calls() {
  if (all_calls_ready_) return all_calls_;
  all_calls_ready_ = true;
  for_each_match(cl_.calls(), ts_tree_root_node(tree_), [&](const Captures& caps) {
    TSNode call{}, callee{}, args{};
    if (call_parts(caps, &call, &callee, &args))
      all_calls_.emplace_back(call, normalise_callee(callee_text(callee)));
  });
  return all_calls_;
}

// The binding rule of `send` that a call at `path` matches in this language.
const CallRule* FileCalls::binding_rule(const CallRule& send, const std::string& path) const {
  for (const CallRule* b : send.bound_by)
    if (std::find(b->languages.begin(), b->languages.end(), cl_.name) != b->languages.end() &&
        RE2::PartialMatch(path, *b->callee))
      return b;
  return nullptr;
}

// A name (or self./this. attribute) at `use`: its binding's value, then the
// calls made on it between that binding and the use.
void FileCalls::bound_through_name(const CallRule& send, const std::string& name, bool attribute, uint32_t use,
                                   int depth, const std::vector<ResolutionStep>& steps, std::vector<BoundBy>* out) {
  const Binding* b = find_binding(name, attribute, use);
  if (!b) return;
  std::vector<ResolutionStep> next = steps;
  if (next.size() < kMaxSteps)
    next.push_back({"", b->offset, 0, 0,
                    (attribute ? "self." : "") + name + " = " + std::string(node_text(text_, b->value)).substr(0, 60)});
  bound_from(send, b->value, b->offset, depth + 1, next, out);
  const std::string prefix = (attribute ? std::string() : name) + ".";
  for (const auto& [call, path] : all_calls()) {
    const uint32_t at = ts_node_start_byte(call);
    if (at <= b->offset || at >= use || send_budget_ <= 0) continue;
    // `pipe.add_component(...)`, or for an attribute `self.kernel.add_service(...)`.
    bool on_it = attribute ? (path.rfind("self." + name + ".", 0) == 0 || path.rfind("this." + name + ".", 0) == 0)
                           : path.rfind(prefix, 0) == 0;
    // Another send on it (`client.run(agent=a)` earlier) configures nothing;
    // nor does a call in a function the use is not in.
    if (!on_it || RE2::PartialMatch(path, *send.callee)) continue;
    const auto [fb, fe] = function_of(call);
    if (!attribute && fe != 0 && !(fb <= use && use < fe)) continue;
    std::vector<ResolutionStep> via = next;
    if (via.size() < kMaxSteps) via.push_back({"", at, 0, 0, "configured by " + path + "(...)"});
    if (const CallRule* r = binding_rule(send, path)) {
      out->push_back({call, r, path, via});
      continue;
    }
    TSNode args = ts_node_child_by_field_name(call, "arguments", 9);
    if (!ts_node_is_null(args)) bound_from(send, args, at, depth + 1, via, out);
  }
}

// Every binding call of `send` that the expression `n` leads to.
void FileCalls::bound_from(const CallRule& send, TSNode n, uint32_t use, int depth,
                           const std::vector<ResolutionStep>& steps, std::vector<BoundBy>* out) {
  if (ts_node_is_null(n) || depth > kSendDepth || --send_budget_ < 0) return;
  const char* type = ts_node_type(n);
  if (std::strstr(type, "comment") || std::strstr(type, "string")) return;
  if (has_type(cl_.names, type) || std::strcmp(type, "shorthand_property_identifier") == 0) {
    bound_through_name(send, std::string(node_text(text_, n)), false, use, depth, steps, out);
    return;
  }
  // A keyword argument: its value only (its name is no variable).
  if (!cl_.named_node.empty() && cl_.named_node == type && !cl_.named_value.empty()) {
    bound_from(send, ts_node_child_by_field_name(n, cl_.named_value.c_str(), cl_.named_value.size()), use, depth,
               steps, out);
    return;
  }
  if (std::string path = call_callee(n); !path.empty()) {
    if (const CallRule* r = binding_rule(send, path)) {
      out->push_back({n, r, path, steps});
      return;
    }
    TSNode fn = ts_node_child_by_field_name(n, "function", 8);
    if (!ts_node_is_null(fn)) bound_from(send, receiver_of(fn), use, depth + 1, steps, out);
    bound_from(send, ts_node_child_by_field_name(n, "arguments", 9), use, depth + 1, steps, out);
    if (ts_node_is_null(fn))  // constructors and other call shapes: every part
      for (uint32_t i = 0; i < ts_node_named_child_count(n); ++i)
        bound_from(send, ts_node_named_child(n, i), use, depth + 1, steps, out);
    return;
  }
  // self.llm, this.kernel: the attribute set anywhere in the file.
  TSNode obj = receiver_of(n);
  if (!ts_node_is_null(obj) && is_self(node_text(text_, obj)) && ts_node_named_child_count(n) >= 2) {
    TSNode last = ts_node_named_child(n, ts_node_named_child_count(n) - 1);
    bound_through_name(send, std::string(node_text(text_, last)), true, use, depth, steps, out);
    return;
  }
  for (uint32_t i = 0; i < ts_node_named_child_count(n); ++i)
    bound_from(send, ts_node_named_child(n, i), use, depth + 1, steps, out);
}

// A send: a call site when its receiver or an argument reaches a binding.
// The binding chosen is the first that names a model (else the first that
// could); every binding of api `client` reached is consumed.
bool FileCalls::read_send(const CallRule& rule, TSNode call, TSNode callee, TSNode args, const std::string& path,
                          CallHit* hit) {
  const uint32_t use = ts_node_start_byte(call);
  std::vector<BoundBy> found;
  send_budget_ = kSendBudget;
  const std::vector<ResolutionStep> none;
  bound_from(rule, receiver_of(callee), use, 0, none, &found);
  bound_from(rule, args, use, 0, none, &found);
  if (found.empty()) return false;

  // The send's own api (count_tokens, embed_content), unless the binding
  // says what kind of request it is (an embedder sends embeddings).
  std::string send_api = rule.api;
  for (const auto& [re, api] : rule.api_by_callee)
    if (RE2::PartialMatch(path, *re)) {
      send_api = api;
      break;
    }
  auto api_of = [&](const BoundBy& b) -> std::string {
    for (const auto& [re, api] : b.rule->api_by_callee)
      if (RE2::PartialMatch(b.path, *re)) return api;
    return b.rule->api == "client" ? send_api : b.rule->api;
  };
  // A chat send reaching a kernel with an embedding service too: the
  // bindings of the send's own kind come first; the others stay call sites.
  bool any_same = false;
  for (const BoundBy& b : found) any_same |= api_of(b) == send_api;
  const BoundBy* chosen = nullptr;
  TSNode model_node{};
  for (const BoundBy& b : found) {
    if (any_same && api_of(b) != send_api) continue;
    // A binding of api `client` only binds; one that is a request of its
    // own (an assistant or agent created with its model) stays a call site.
    if (b.rule->api == "client") consumed_.insert({ts_node_start_byte(b.call), ts_node_end_byte(b.call)});
    if (!ts_node_is_null(model_node)) continue;
    NamedArgs bnamed;
    std::vector<TSNode> bpositional;
    TSNode bargs = ts_node_child_by_field_name(b.call, "arguments", 9);
    if (ts_node_is_null(bargs))
      for (uint32_t i = 0; i < ts_node_named_child_count(b.call); ++i)
        if (std::strstr(ts_node_type(ts_node_named_child(b.call, i)), "argument")) bargs = ts_node_named_child(b.call, i);
    if (!ts_node_is_null(bargs)) arguments(bargs, &bnamed, &bpositional);
    model_node = model_in_arguments(*b.rule, bnamed, bpositional);
    // Without a model anywhere: the first binding that could carry one
    // (the agent, not the swarm client that runs it).
    if (!ts_node_is_null(model_node) || !chosen || (chosen->rule->model_args.empty() && !b.rule->model_args.empty()))
      chosen = &b;
  }

  hit->begin = use;
  hit->end = ts_node_end_byte(call);
  hit->rule = &rule;
  hit->sdk = chosen->rule->sdk;
  hit->callee = path;
  hit->api = api_of(*chosen);
  std::vector<ResolutionStep> steps = chosen->steps;
  steps.push_back({"", static_cast<uint32_t>(ts_node_start_byte(chosen->call)), 0, 0,
                   "model bound by " + chosen->path + "(...)"});
  if (ts_node_is_null(model_node)) {
    hit->model_source = "absent";
    hit->steps = std::move(steps);
  } else {
    resolve_model(model_node, std::move(steps), hit);
  }
  NamedArgs named;
  std::vector<TSNode> positional;
  arguments(args, &named, &positional);
  for (const auto& [k, v] : named) hit->parameters.emplace_back(k, render(k, v));
  return true;
}

}  // namespace modelshift::call_detail
