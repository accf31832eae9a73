// The call-site reader of one parsed file, shared by the calls_*.cc files
// (internal to detect/: only those files include it; find_calls() in
// calls.h is the public door).
//
// FileCalls is one object per file because every step needs the same lazy
// tables (the file's bindings and parameters are collected on first use and
// then shared by resolution, HTTP endpoints, client following and builder
// chains). Its members live by seam:
//   calls.cc           the driver: which rule a call matches, where its model
//                      argument is, the CallHit, the module's exports
//   call_bindings.cc   bindings, parameters, and which one a name at a use means
//   call_resolve.cc    resolving a value to a model string (literals, env and
//                      config reads, SDK constants, dict keys, factories)
//   call_arguments.cc  reading a call: callee path, named/positional
//                      arguments, object literals, parameter values as JSON
//   call_http.cc       raw HTTP calls: URL text and the endpoint it names
//   call_clients.cc    the constructor that made a call's receiver
//   call_builders.cc   request builders whose setter carries the model
//   call_sends.cc      sends through a bound object (`llm.invoke`, `Runner.run(agent)`)
//                      and the binding call that decides their model
//
// Not thread-safe: one FileCalls per file and thread; the SdkRules it reads
// are shared and const.
#pragma once

#include <tree_sitter/api.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detect/calls.h"

namespace modelshift::call_detail {

inline constexpr int kMaxDepth = 8;              // resolution hops inside one file
inline constexpr size_t kMaxStringValue = 200;  // longer string parameters are summarised

inline std::string_view node_text(std::string_view text, TSNode n) {
  uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (e > text.size() || b > e) return {};
  return text.substr(b, e - b);
}

inline bool has_type(const std::vector<std::string>& types, const char* t) {
  return std::find(types.begin(), types.end(), t) != types.end();
}

// True for a name in capitals (`DEFAULT_MODEL`): a constant by convention.
bool all_caps(std::string_view name);

// The callee as a path: whitespace, argument lists and optional chaining
// removed, so `client.chat().completions()\n  .create` reads
// `client.chat.completions.create` (call_arguments.cc).
std::string normalise_callee(std::string_view s);

// One query match's captures, each as (name, node).
using Captures = std::vector<std::pair<std::string_view, TSNode>>;
// Runs `query` over the tree under `root` and calls `fn(captures)` per match.
void for_each_match(TSQuery* query, TSNode root, const std::function<void(const Captures&)>& fn);
// The @call, @callee and @args captures of a call query match; false when one is missing.
bool call_parts(const Captures& caps, TSNode* call, TSNode* callee, TSNode* args);

struct Binding {
  std::string name;
  TSNode value;
  uint32_t offset;        // of the name
  uint32_t scope_b = 0, scope_e = 0;  // enclosing function; 0,0 at module level
  bool constant = false;
  bool attribute = false;  // self.x / this.x
  // Set only when the name is empty (`if model == "" { model = "gpt-4o" }`):
  // the default of an earlier binding, not a binding of its own.
  bool fallback = false;
};

struct Parameter {
  std::string name;
  TSNode value;  // default; null node when none
  bool has_default = false;
  uint32_t offset;
  uint32_t fn_b, fn_e;
};

struct Resolved {
  bool ok = false;        // a string value was found
  std::string value;
  std::string source = "unresolved";
  std::vector<ResolutionStep> steps;
  std::string symbol, env_var, config_key;
};

using NamedArgs = std::vector<std::pair<std::string, TSNode>>;

class FileCalls {
 public:
  FileCalls(const SdkRules& rules, const CallLanguage& cl, TSTree* tree, std::string_view text)
      : rules_(rules), cl_(cl), tree_(tree), text_(text) {}

  // Appends the file's call sites of `candidates` to `calls` and its
  // module-level literal bindings to `exports` (either may be null).
  void run(const std::vector<const CallRule*>& candidates, std::vector<CallHit>* calls, std::vector<Export>* exports);

 private:
  // calls.cc: the driver.
  void read_call(const std::vector<const CallRule*>& candidates, const Captures& caps, std::vector<CallHit>* calls);
  const CallRule* match_rule(const std::vector<const CallRule*>& candidates, const std::string& path, TSNode args,
                             uint32_t use, std::string* endpoint);
  TSNode model_key_in(const CallRule& rule, TSNode n, int depth);
  TSNode model_in_body(const CallRule& rule, const NamedArgs& named, const std::vector<TSNode>& positional);
  TSNode model_in_arguments(const CallRule& rule, const NamedArgs& named, const std::vector<TSNode>& positional);
  void resolve_model(TSNode model_node, std::vector<ResolutionStep> builder_steps, CallHit* hit);
  void collect_exports(std::vector<Export>* exports);

  // call_bindings.cc
  void collect_bindings();
  void collect_parameters();
  const Binding* find_binding(const std::string& name, bool attribute, uint32_t use);
  const Parameter* find_parameter(const std::string& name, uint32_t use);
  bool fallback_for(const std::string& name, uint32_t from, uint32_t use, int depth, Resolved* r);
  Resolved resolve_name(const std::string& name, bool attribute, uint32_t use, int depth);
  Resolved resolve_parameter(const Parameter& p, uint32_t use, int depth);

  // call_resolve.cc
  Resolved resolve(TSNode v, uint32_t use, int depth);
  bool resolve_read(TSNode v, std::string_view vt, const std::string& compact, Resolved* r);
  bool resolve_either(TSNode v, const char* type, uint32_t use, int depth, Resolved* r);
  bool resolve_dict_key(TSNode v, int depth, Resolved* r);
  Resolved resolve_member(TSNode v, std::string compact, uint32_t use, int depth);
  Resolved resolve_call(TSNode v, uint32_t use, int depth);
  bool provider_instance(const std::string& factory, uint32_t use);
  std::string config_key_of(TSNode v) const;

  // call_arguments.cc
  bool string_literal(TSNode n, std::string* out) const;
  void arguments(TSNode args, NamedArgs* named, std::vector<TSNode>* positional);
  void spread_object(TSNode obj, const ObjectShape& shape, NamedArgs* named);
  const ObjectShape* shape_of(TSNode n, const std::vector<ObjectShape>& shapes) const;
  TSNode find_key(TSNode n, const std::string& key, int depth);
  std::string render(const std::string& name, TSNode v);
  std::string key_text(TSNode key) const;
  std::string_view callee_text(TSNode callee) const;

  // call_http.cc
  std::string url_text(TSNode n, uint32_t use, int depth);
  bool http_endpoint(const CallRule& rule, const std::string& path, TSNode args, uint32_t use, std::string* endpoint);
  bool client_base_endpoint(const CallRule& rule, const std::string& path, const std::string& url, uint32_t use,
                            std::string* endpoint);

  // call_clients.cc
  enum class Origin { unknown, client, mock, lookalike };
  Origin client_of(const std::string& path, uint32_t use, const ClientRule** client);
  Origin classify_constructor(const std::string& constructor, const ClientRule** client) const;
  std::string call_callee(TSNode call);

  // call_builders.cc
  TSNode builder_model(TSNode arg, const RE2& setter, std::string* setter_path, std::vector<ResolutionStep>* steps);
  TSNode builder_argument(const CallRule& rule, const std::vector<TSNode>& positional, CallHit* hit,
                          std::vector<ResolutionStep>* steps);

  // call_sends.cc
  struct BoundBy {  // a binding call a send reaches, and the hops that led there
    TSNode call{};
    const CallRule* rule = nullptr;
    std::string path;
    std::vector<ResolutionStep> steps;
  };
  bool read_send(const CallRule& rule, TSNode call, TSNode callee, TSNode args, const std::string& path, CallHit* hit);
  void bound_from(const CallRule& send, TSNode n, uint32_t use, int depth, const std::vector<ResolutionStep>& steps,
                  std::vector<BoundBy>* out);
  void bound_through_name(const CallRule& send, const std::string& name, bool attribute, uint32_t use, int depth,
                          const std::vector<ResolutionStep>& steps, std::vector<BoundBy>* out);
  const CallRule* binding_rule(const CallRule& send, const std::string& path) const;
  const std::vector<std::pair<TSNode, std::string>>& all_calls();

  const SdkRules& rules_;
  const CallLanguage& cl_;
  TSTree* tree_;
  std::string_view text_;
  bool bindings_ready_ = false;
  std::vector<Binding> bindings_;
  std::vector<Parameter> params_;
  bool params_ready_ = false;
  // Builder setter calls a send found its model through: not call sites of
  // their own.
  std::set<std::pair<uint32_t, uint32_t>> consumed_;
  // Every call of the file with its callee path (sends look for calls made
  // on a bound name: `pipe.add_component(...)`), collected on first use.
  std::vector<std::pair<TSNode, std::string>> all_calls_;
  bool all_calls_ready_ = false;
  int send_budget_ = 0;  // nodes a send's search may still visit
};

}  // namespace modelshift::call_detail
