// Bindings and parameters: what a name at a given use means inside one file.
//
// The file's bindings (assignments, declarations, fields) and function
// parameters are collected once, lazily, by the language's queries in
// rules/sdk/languages.yaml; find_binding() and resolve_name() pick the one a
// use sees (same function first, then module level, then an attribute set
// anywhere), with the `if model == ""` defaults that follow it.
#include <tree_sitter/api.h>

#include <cctype>
#include <cstring>

#include "detect/file_calls.h"

namespace modelshift::call_detail {

namespace {

bool is_scope(const char* type) {
  return std::strstr(type, "function") || std::strstr(type, "method") || std::strstr(type, "lambda") ||
         std::strstr(type, "func_literal") || std::strstr(type, "arrow") || std::strstr(type, "constructor_declaration");
}

void enclosing_scope(TSNode n, uint32_t* b, uint32_t* e) {
  *b = *e = 0;
  for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); p = ts_node_parent(p)) {
    if (is_scope(ts_node_type(p))) {
      *b = ts_node_start_byte(p);
      *e = ts_node_end_byte(p);
      return;
    }
  }
}

}  // namespace

bool all_caps(std::string_view name) {
  bool letter = false;
  for (char c : name) {
    if (std::islower(static_cast<unsigned char>(c))) return false;
    letter |= std::isupper(static_cast<unsigned char>(c)) != 0;
  }
  return letter;
}


void FileCalls::collect_bindings() {
  if (bindings_ready_) return;
  bindings_ready_ = true;
  TSNode root = ts_tree_root_node(tree_);
  if (TSQuery* q = cl_.bindings()) {
    for_each_match(q, root, [&](const Captures& caps) {
      Binding b{};
      bool have_name = false, have_value = false;
      for (const auto& [c, n] : caps) {
        if (c == "name") {
          b.name = std::string(node_text(text_, n));
          b.offset = ts_node_start_byte(n);
          TSNode parent = ts_node_parent(n);
          const char* pt = ts_node_is_null(parent) ? "" : ts_node_type(parent);
          b.attribute = std::strstr(pt, "attribute") || std::strstr(pt, "member") || std::strstr(pt, "field") ||
                        std::strstr(pt, "literal_element") || std::strstr(pt, "pair") ||
                        has_type(cl_.fields, ts_node_type(n));
          have_name = true;
        } else if (c == "value") {
          b.value = n;
          have_value = true;
        } else if (c == "const") {
          b.constant = true;
        } else if (c == "fallback") {
          b.fallback = true;
        }
      }
      if (!have_name || !have_value) return;
      enclosing_scope(b.value, &b.scope_b, &b.scope_e);
      // The same binding can match two patterns (a const declaration is also
      // a declaration): merge them.
      for (Binding& o : bindings_)
        if (o.offset == b.offset && o.name == b.name) {
          o.constant |= b.constant;
          o.fallback |= b.fallback;
          return;
        }
      bindings_.push_back(b);
    });
  }
}

// Function parameters: compiled and collected only when a name is not bound
// in the file (the parameters query is the costliest to compile).
void FileCalls::collect_parameters() {
  if (params_ready_) return;
  params_ready_ = true;
  TSNode root = ts_tree_root_node(tree_);
  if (TSQuery* q = cl_.parameters()) {
    for_each_match(q, root, [&](const Captures& caps) {
      Parameter p{};
      bool have_name = false, have_fn = false;
      for (const auto& [c, n] : caps) {
        if (c == "name") {
          p.name = std::string(node_text(text_, n));
          p.offset = ts_node_start_byte(n);
          have_name = true;
        } else if (c == "value") {
          p.value = n;
          p.has_default = true;
        } else if (c == "function") {
          p.fn_b = ts_node_start_byte(n);
          p.fn_e = ts_node_end_byte(n);
          have_fn = true;
        }
      }
      if (have_name && have_fn) params_.push_back(p);
    });
  }
}

const Binding* FileCalls::find_binding(const std::string& name, bool attribute, uint32_t use) {
  collect_bindings();
  const Binding* best = nullptr;
  // 1. The latest binding before the use in the same function.
  for (const Binding& b : bindings_) {
    // A bare name is not the object's field (`self.model = model` binds
    // self.model, not the parameter on its right).
    if (b.name != name || b.offset >= use || b.scope_e == 0 || b.fallback || (b.attribute && !attribute)) continue;
    if (b.scope_b <= use && use < b.scope_e && (!best || b.offset > best->offset)) best = &b;
  }
  // 2. A module-level binding (latest before the use, else the first).
  if (!best)
    for (const Binding& b : bindings_)
      if (b.name == name && b.scope_e == 0 && !b.fallback && (!b.attribute || attribute) && b.offset < use &&
          (!best || b.offset > best->offset))
        best = &b;
  if (!best)
    for (const Binding& b : bindings_)
      if (b.name == name && b.scope_e == 0 && !b.fallback && (!b.attribute || attribute)) {
        best = &b;
        break;
      }
  // 3. An attribute set anywhere in the file (self.model = ... in __init__).
  if (!best && attribute)
    for (const Binding& b : bindings_)
      if (b.name == name && b.attribute && !b.fallback) {
        best = &b;
        break;
      }
  return best;
}

// A value set only when `name` is empty, between its binding at `from` and
// the use, in the same function: the default an environment read or a
// parameter without one gets (`if model == "" { model = "gpt-4o" }`).
bool FileCalls::fallback_for(const std::string& name, uint32_t from, uint32_t use, int depth, Resolved* r) {
  for (const Binding& b : bindings_) {
    if (!b.fallback || b.name != name || b.offset <= from || b.offset >= use) continue;
    if (b.scope_e != 0 && (use < b.scope_b || use >= b.scope_e)) continue;
    Resolved d = resolve(b.value, b.offset, depth + 1);
    if (!d.ok) continue;
    r->ok = true;
    r->value = d.value;
    r->steps.push_back({"", b.offset, 0, 0, "default when unset: " + name + " = " + d.value});
    return true;
  }
  return false;
}

// The parameter `name` of the innermost function around `use` (one with a
// default preferred), or null.
const Parameter* FileCalls::find_parameter(const std::string& name, uint32_t use) {
  collect_parameters();
  const Parameter* p = nullptr;
  for (const Parameter& q : params_)
    if (q.name == name && q.fn_b <= use && use < q.fn_e &&
        (!p || q.fn_b > p->fn_b || (q.fn_b == p->fn_b && q.has_default && !p->has_default)))
      p = &q;
  return p;
}

// A parameter's value: its default, or a config placeholder injected into it.
Resolved FileCalls::resolve_parameter(const Parameter& p, uint32_t use, int depth) {
  Resolved r;
  if (p.has_default) r = resolve(p.value, p.offset, depth + 1);
  // An annotation's string counts only as a config placeholder
  // (Spring's @Value("${k:d}")), never as a default (@Qualifier("x")).
  TSNode holder = p.has_default ? ts_node_parent(p.value) : TSNode{};
  if (!ts_node_is_null(holder) && std::strstr(ts_node_type(holder), "annotation") && r.source != "config")
    r = Resolved{};
  // Injected from config: config, not a parameter.
  if (r.source != "config") r.source = "parameter";
  r.symbol.clear();
  const char* how = !p.has_default ? "" : r.source == "config" ? " (injected from config)" : " (default)";
  r.steps.insert(r.steps.begin(), ResolutionStep{"", p.offset, 0, 0, "parameter " + p.name + how});
  if (!r.ok) fallback_for(p.name, p.offset, use, depth, &r);
  return r;
}

Resolved FileCalls::resolve_name(const std::string& name, bool attribute, uint32_t use, int depth) {
  if (const Binding* best = find_binding(name, attribute, use)) {
    Resolved r = resolve(best->value, best->offset, depth + 1);
    if (r.source == "literal") r.source = best->constant || all_caps(name) ? "constant" : "variable";
    r.steps.insert(r.steps.begin(), ResolutionStep{"", best->offset, 0, 0, name + " = " + std::string(node_text(text_, best->value)).substr(0, 80)});
    if (!r.ok && !attribute) fallback_for(name, best->offset, use, depth, &r);
    return r;
  }
  // 4. A parameter of the function the use is in.
  if (!attribute) {
    if (const Parameter* p = find_parameter(name, use)) return resolve_parameter(*p, use, depth);
    // Java's `model` for this.model: a field set anywhere in the class.
    if (cl_.implicit_fields) {
      const Binding* field = nullptr;
      for (const Binding& b : bindings_)
        if (b.name == name && b.attribute && !b.fallback) {
          field = &b;
          break;
        }
      if (field) return resolve_name(name, true, use, depth + 1);
    }
  }
  Resolved r;
  r.symbol = name;  // maybe another file defines it
  return r;
}

}  // namespace modelshift::call_detail
