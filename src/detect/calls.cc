// Call sites: the driver of the per-file reader (FileCalls::run: which rule
// a call matches, where its model argument is, the CallHit it becomes, the
// module's exports), find_calls() and describe_call_model(). The reader's
// other seams live in the call_*.cc files listed in file_calls.h; the rules
// are loaded in call_rules.cc.
#include "detect/calls.h"

#include <tree_sitter/api.h>

#include <algorithm>
#include <cstring>

#include "detect/file_calls.h"
#include "judge/catalog.h"

namespace modelshift {

// A JSON string literal of `s`. Control characters are always escaped;
// other non-ASCII bytes too unless keep_utf8 (rules and ids are ASCII, so
// escaping keeps the output valid UTF-8 JSON whatever the input; prompt
// excerpts keep their UTF-8 to stay readable).
std::string json_string(std::string_view s, bool keep_utf8) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || (c >= 0x7f && !keep_utf8)) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

namespace call_detail {

void FileCalls::run(const std::vector<const CallRule*>& candidates, std::vector<CallHit>* calls,
                    std::vector<Export>* exports) {
  const size_t first_hit = calls ? calls->size() : 0;
  // No candidate rule (or no call wanted): only the exports are needed.
  if (calls && !candidates.empty())
    for_each_match(cl_.calls(), ts_tree_root_node(tree_),
                   [&](const Captures& caps) { read_call(candidates, caps, calls); });

  if (calls && !consumed_.empty())
    calls->erase(std::remove_if(calls->begin() + static_cast<std::ptrdiff_t>(first_hit), calls->end(),
                                [&](const CallHit& h) { return consumed_.count({h.begin, h.end}) > 0; }),
                 calls->end());

  if (exports) collect_exports(exports);
}

// The first rule whose callee matches; a raw HTTP rule only when the URL
// names one of its endpoints (`client.post` is a call of many kinds).
const CallRule* FileCalls::match_rule(const std::vector<const CallRule*>& candidates, const std::string& path,
                                      TSNode args, uint32_t use, std::string* endpoint) {
  for (const CallRule* r : candidates)
    if (r->bound_by.empty() && RE2::PartialMatch(path, *r->callee) &&
        (!r->url || http_endpoint(*r, path, args, use, endpoint)))
      return r;
  return nullptr;
}

// One match of the language's call query: a CallHit when a rule claims it.
void FileCalls::read_call(const std::vector<const CallRule*>& candidates, const Captures& caps,
                          std::vector<CallHit>* calls) {
  TSNode call{}, callee{}, args{};
  if (!call_parts(caps, &call, &callee, &args)) return;
  const std::string path = normalise_callee(callee_text(callee));
  if (path.empty() || RE2::PartialMatch(path, rules_.not_callee())) return;
  std::string endpoint;
  const CallRule* rule = match_rule(candidates, path, args, ts_node_start_byte(call), &endpoint);
  if (!rule) {
    // A send through a bound object (call_sends.cc), when no SDK rule claims the call.
    for (const CallRule* r : candidates) {
      if (r->bound_by.empty() || !RE2::PartialMatch(path, *r->callee)) continue;
      CallHit hit;
      if (read_send(*r, call, callee, args, path, &hit)) {
        calls->push_back(std::move(hit));
        return;
      }
    }
    return;
  }
  if (rule->binding_only) return;  // the model of the sends that use it, never a call site alone
  const ClientRule* client = nullptr;
  const Origin origin = client_of(path, ts_node_start_byte(call), &client);

  NamedArgs named;
  std::vector<TSNode> positional;
  arguments(args, &named, &positional);
  CallHit hit;
  hit.begin = ts_node_start_byte(call);
  hit.end = ts_node_end_byte(call);
  hit.rule = rule;
  hit.sdk = rule->sdk;
  if (client && std::find(client->from.begin(), client->from.end(), rule->sdk) != client->from.end())
    hit.sdk = client->sdk;
  hit.api = rule->api;
  hit.callee = path;
  for (const auto& [re, api] : rule->api_by_callee)
    if (RE2::PartialMatch(path, *re)) {
      hit.api = api;
      break;
    }

  TSNode model_node{};
  if (rule->url) {
    // Raw HTTP: the first argument is the URL, the model sits in the body.
    for (const auto& [re, api] : rule->api_by_url)
      if (RE2::PartialMatch(endpoint, *re)) {
        hit.api = api;
        break;
      }
    model_node = model_in_body(*rule, named, positional);
  } else {
    model_node = model_in_arguments(*rule, named, positional);
  }
  std::vector<ResolutionStep> builder_steps;
  if (ts_node_is_null(model_node)) model_node = builder_argument(*rule, positional, &hit, &builder_steps);
  if (ts_node_is_null(model_node)) {
    if (rule->require_model) return;
    hit.model_source = "absent";
  } else {
    resolve_model(model_node, std::move(builder_steps), &hit);
  }
  // Dropped only now, so that the request builder it sends is consumed
  // with it rather than reported on its own.
  if (origin == Origin::mock || origin == Origin::lookalike) return;
  for (const auto& [k, v] : named) hit.parameters.emplace_back(k, render(k, v));
  calls->push_back(std::move(hit));
}

// The first of the rule's model keys found inside `n` (a dict, a request
// object, a name bound to one), `depth` levels down at most.
TSNode FileCalls::model_key_in(const CallRule& rule, TSNode n, int depth) {
  for (const std::string& key : rule.model_args) {
    TSNode found = find_key(n, key, depth);
    if (!ts_node_is_null(found)) return found;
  }
  return TSNode{};
}

// Raw HTTP: the model key of the body, given by name or after the URL.
TSNode FileCalls::model_in_body(const CallRule& rule, const NamedArgs& named, const std::vector<TSNode>& positional) {
  TSNode model_node{};
  for (const auto& [k, v] : named)
    if (std::find(rule.body_args.begin(), rule.body_args.end(), k) != rule.body_args.end())
      model_node = model_key_in(rule, v, 0);
  for (size_t i = 1; ts_node_is_null(model_node) && i < positional.size(); ++i)
    model_node = model_key_in(rule, positional[i], 0);
  return model_node;
}

// An SDK call: the model argument by name, by position, or as a key of a
// request object passed to it.
TSNode FileCalls::model_in_arguments(const CallRule& rule, const NamedArgs& named,
                                     const std::vector<TSNode>& positional) {
  TSNode model_node{};
  for (const std::string& key : rule.model_args) {
    for (const auto& [k, v] : named)
      if (k == key) {
        model_node = v;
        break;
      }
    if (!ts_node_is_null(model_node)) break;
  }
  if (ts_node_is_null(model_node) && rule.model_position >= 0 &&
      static_cast<size_t>(rule.model_position) < positional.size()) {
    TSNode p = positional[rule.model_position];
    // A positional options object is not the model.
    if (!shape_of(p, cl_.objects)) model_node = p;
  }
  // A request built beforehand: `req := openai.ChatCompletionRequest{Model: ...}`
  // then `CreateChatCompletion(ctx, req)`; `params = {model: ...}` then
  // `create(params)`.
  // Options nested one level down: ruby-openai's `parameters: { model: ... }`,
  // openai-php's `create(['model' => ...])`.
  for (size_t i = 0; ts_node_is_null(model_node) && i < named.size(); ++i)
    model_node = model_key_in(rule, named[i].second, 3);
  for (size_t i = 0; ts_node_is_null(model_node) && i < positional.size(); ++i)
    if (shape_of(positional[i], cl_.dicts)) model_node = model_key_in(rule, positional[i], 3);
  for (size_t i = 0; ts_node_is_null(model_node) && i < positional.size(); ++i) {
    TSNode p = positional[i];
    // `create(**request)`, `create(...opts)`: the dict or object spread.
    if ((std::strstr(ts_node_type(p), "splat") || std::strstr(ts_node_type(p), "spread")) &&
        ts_node_named_child_count(p) == 1)
      p = ts_node_named_child(p, 0);
    if (std::strcmp(ts_node_type(p), "identifier") == 0) model_node = model_key_in(rule, p, 0);
  }
  return model_node;
}

// The hit's model fields from its model argument, after any builder steps.
void FileCalls::resolve_model(TSNode model_node, std::vector<ResolutionStep> builder_steps, CallHit* hit) {
  Resolved res = resolve(model_node, ts_node_start_byte(model_node), 0);
  hit->model = res.ok ? res.value : "";
  hit->model_source = res.source;
  hit->steps = std::move(builder_steps);
  hit->steps.insert(hit->steps.end(), res.steps.begin(), res.steps.end());
  hit->symbol = res.symbol;
  hit->env_var = res.env_var;
  hit->config_key = res.config_key;
  if (res.source == "unresolved" && res.symbol.empty() && hit->steps.empty())
    hit->steps.push_back({"", ts_node_start_byte(model_node), 0, 0,
                          "computed: " + std::string(node_text(text_, model_node)).substr(0, 60)});
}

// Module-level names bound to literals: other files may use them.
void FileCalls::collect_exports(std::vector<Export>* exports) {
  collect_bindings();
  for (const Binding& b : bindings_) {
    if (b.scope_e != 0 || b.attribute) continue;
    Resolved r = resolve(b.value, b.offset, 1);
    if (!r.ok && r.source != "env") continue;
    Export e;
    e.name = b.name;
    e.value = r.ok ? r.value : "";
    e.source = r.source == "literal" ? (b.constant || all_caps(b.name) ? "constant" : "variable") : r.source;
    e.env_var = r.env_var;
    e.offset = b.offset;
    exports->push_back(std::move(e));
  }
}

}  // namespace call_detail

void find_calls(const SdkRules& rules, const Language& lang, TSTree* tree, std::string_view text,
                std::vector<CallHit>* calls, std::vector<Export>* exports) {
  const CallLanguage* cl = rules.language(lang.name);
  if (!cl || !tree) return;
  if (cl->calls_.source.empty()) return;  // compiled below only when a call is looked for
  std::vector<const CallRule*> candidates;
  for (const auto& r : rules.rules()) {
    if (std::find(r->languages.begin(), r->languages.end(), lang.name) == r->languages.end()) continue;
    bool keyword = false;
    for (const std::string& k : r->keywords)
      if (text.find(k) != std::string_view::npos) keyword = true;
    if (!keyword) continue;
    if (r->require_import && !RE2::PartialMatch(text, *r->require_import)) continue;
    candidates.push_back(r.get());
  }
  call_detail::FileCalls(rules, *cl, tree, text).run(candidates, calls, exports);
}

void describe_call_model(const Catalog& catalog, Finding* f) {
  f->canonical.clear();
  f->provider.clear();
  f->family.clear();
  f->platform.clear();
  f->listing = Listing::None;
  f->deprecated_on.clear();
  f->shutdown_on.clear();
  f->replacement.clear();
  f->model_kind.clear();
  if (f->model.empty()) return;
  f->written = f->model;
  if (auto r = catalog.resolve(f->model)) {
    f->model = r->written_model;
    f->canonical = r->canonical();
    f->provider = r->provider();
    f->family = r->family->id;
    f->platform = r->platform;
    f->model_kind = r->kind();
    f->listing = r->listing();
    const Lifecycle& life = r->lifecycle();
    f->deprecated_on = life.deprecated_on;
    f->shutdown_on = life.shutdown_on;
    f->replacement = life.replacement;
  } else {
    f->listing = Listing::Unknown;  // a deployment name or an id the catalog does not know
  }
}

}  // namespace modelshift
