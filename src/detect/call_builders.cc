// Builder chains: a send whose request was built with a model setter
// (`ChatCompletionCreateParams.builder().model(M)...build()`, inline or bound
// to a name): the setter carries the model and says the api. The setter
// calls so used are consumed, not reported as call sites of their own.
#include <tree_sitter/api.h>

#include <cstring>

#include "detect/file_calls.h"

namespace modelshift::call_detail {

// The model set on a request builder that `arg` is or names:
// `ChatCompletionCreateParams.builder().model(M)...build()` inline, or a
// variable bound to such a chain earlier (`params`, `request?`). Returns the
// setter's first argument (null when there is none) and the setter's callee
// path, which says which request class it is.
TSNode FileCalls::builder_model(TSNode arg, const RE2& setter, std::string* setter_path,
                                std::vector<ResolutionStep>* steps) {
  TSNode chain = arg;
  // Wrappers around a name: `request?`, `(params)`, Kotlin's value_argument.
  for (int i = 0; i < 4 && ts_node_named_child_count(chain) == 1 && !std::strstr(ts_node_type(chain), "call") &&
                  !std::strstr(ts_node_type(chain), "invocation");
       ++i)
    chain = ts_node_named_child(chain, 0);
  const char* t = ts_node_type(chain);
  if (std::strcmp(t, "identifier") == 0 || std::strcmp(t, "simple_identifier") == 0) {
    const Binding* b = find_binding(std::string(node_text(text_, chain)), false, ts_node_start_byte(chain));
    if (!b) return TSNode{};
    steps->push_back({"", b->offset, 0, 0, "request " + std::string(node_text(text_, chain)) + " built here"});
    chain = b->value;
  }
  TSNode found{};
  for_each_match(cl_.calls(), chain, [&](const Captures& caps) {
    if (!ts_node_is_null(found)) return;
    TSNode call{}, callee{}, args{};
    if (!call_parts(caps, &call, &callee, &args)) return;
    const std::string path = normalise_callee(callee_text(callee));
    if (!RE2::PartialMatch(path, setter)) return;
    consumed_.insert({ts_node_start_byte(call), ts_node_end_byte(call)});
    for (uint32_t i = 0; i < ts_node_named_child_count(args); ++i) {
      TSNode a = ts_node_named_child(args, i);
      if (std::strstr(ts_node_type(a), "comment")) continue;
      found = a;
      *setter_path = path;
      break;
    }
  });
  return found;
}

// A send (`client.chat().completions().create(params)`) whose request was
// built with a model setter: the builder says the model and the api. Returns
// the setter's argument (null when no positional argument is such a chain);
// `steps` gets how the builder was found.
TSNode FileCalls::builder_argument(const CallRule& rule, const std::vector<TSNode>& positional, CallHit* hit,
                                   std::vector<ResolutionStep>* steps) {
  TSNode model_node{};
  for (size_t i = 0; rule.builder && ts_node_is_null(model_node) && i < positional.size(); ++i) {
    std::string setter_path;
    model_node = builder_model(positional[i], *rule.builder, &setter_path, steps);
    if (ts_node_is_null(model_node)) {
      steps->clear();
      continue;
    }
    for (const auto& [re, api] : rule.api_by_callee)
      if (RE2::PartialMatch(setter_path, *re)) {
        hit->api = api;
        break;
      }
  }
  return model_node;
}

}  // namespace modelshift::call_detail
