// Cross-file resolution of call-site models, after every file is read: a
// call that names its model through a symbol, an environment variable or a
// config key learns the model from the file that defines it (module-level
// definitions, .env and config files, deployment names). Declared in
// scan.h as resolve_across_files; run_scan calls it once per run.
#include <map>
#include <string>
#include <vector>

#include "pipeline/scan.h"

namespace modelshift {

namespace {

std::string dir_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// ".py" of "a/b.py"; "" without an extension.
std::string ext(const std::string& path) {
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  return dot == std::string::npos || (slash != std::string::npos && dot < slash) ? std::string() : path.substr(dot);
}

// The last name of a key path: "chat.env.CHAT_MODEL" -> "CHAT_MODEL".
std::string last_key(const std::string& key_path) {
  size_t cut = key_path.find_last_of(".]");
  return cut == std::string::npos ? key_path : key_path.substr(cut + 1);
}


// A module-level name bound to a model id, and where it is defined.
struct Def {
  const std::string* path;
  const Export* e;
  uint32_t line, column;
};

// What the files of one run define, for calls in other files to resolve.
struct Definitions {
  std::map<std::string, std::vector<Def>> defs;
  std::map<std::string, const Finding*> env;  // first setting by path order
  std::vector<const Finding*> config;         // model ids in config files, by key path
};

Definitions collect_definitions(const std::vector<WalkEntry>& files, const std::vector<FileResult>& results) {
  Definitions d;
  for (size_t i = 0; i < results.size(); ++i) {
    const FileResult& r = results[i];
    for (size_t k = 0; k < r.exports.size() && k < r.export_lines.size(); ++k)
      d.defs[r.exports[k].name].push_back({&files[i].rel_path, &r.exports[k], r.export_lines[k].first, r.export_lines[k].second});
    for (const Finding& f : r.findings)
      if (f.kind == "model_reference" && f.context == "config" && !f.key_path.empty())
      {
        d.env.emplace(last_key(f.key_path), &f);
        d.config.push_back(&f);
      }
  }
  return d;
}

// The call's symbol through a module-level definition. True when resolved.
bool resolve_symbol(const Definitions& known, Finding& f) {
  if (!f.model.empty() || f.symbol.empty()) return false;
  auto it = known.defs.find(f.symbol);
  if (it == known.defs.end()) return false;
  // Same directory (package) first; else a single definition, or
  // several that agree.
  // Only definitions in files of the same kind (extension) count.
  std::vector<Def> cands;
  for (const Def& d : it->second)
    if (ext(*d.path) == ext(f.path)) cands.push_back(d);
  const Def* pick = nullptr;
  for (const Def& d : cands)
    if (dir_of(*d.path) == dir_of(f.path)) {
      pick = &d;
      break;
    }
  if (!pick && !cands.empty()) {
    bool agree = true;
    for (const Def& d : cands) agree &= d.e->value == cands.front().e->value;
    if (agree) pick = &cands.front();
  }
  if (pick) {
    f.model = pick->e->value;
    f.model_source = pick->e->source;
    if (!pick->e->env_var.empty()) f.env_var = pick->e->env_var;
    f.resolution.push_back({*pick->path, 0, pick->line, pick->column, f.symbol + " defined in " + *pick->path});
    f.symbol.clear();
    return true;
  }
  if (cands.size() > 1) {
    f.resolution.push_back({"", 0, f.loc.line, f.loc.column,
                            std::to_string(cands.size()) + " different definitions of " + f.symbol});
    f.resolution.back().path = f.path;
  }
  return false;
}

// The call's environment variable through a .env or config file setting it.
bool resolve_env(const Definitions& d, Finding& f) {
  if (f.env_var.empty()) return false;
  auto it = d.env.find(f.env_var);
  if (it == d.env.end()) return false;
  const Finding& set = *it->second;
  f.resolution.push_back({set.path, 0, set.loc.line, set.loc.column,
                          f.env_var + "=" + set.written + " in " + set.path});
  f.model = set.written;
  f.model_source = "env";
  return true;
}

// CONFIG["models"]["chat"] / settings.models.chat: a config file of the
// repository whose key path ends with that key (first by path order;
// the same directory first). It wins over a default in code
// (`config('k', 'd')`, "${k:d}"), as the running application would.
bool resolve_config_key(const Definitions& d, Finding& f) {
  if (!((f.model.empty() || f.model_source == "config") && !f.config_key.empty())) return false;
  const Finding* pick = nullptr;
  for (const Finding* c : d.config) {
    const std::string& k = c->key_path;
    bool ends = k == f.config_key || (k.size() > f.config_key.size() &&
                                      k.compare(k.size() - f.config_key.size(), f.config_key.size(), f.config_key) == 0 &&
                                      k[k.size() - f.config_key.size() - 1] == '.');
    if (!ends) continue;
    if (!pick || (dir_of(c->path) == dir_of(f.path) && dir_of(pick->path) != dir_of(f.path))) pick = c;
  }
  if (!pick) return false;
  f.resolution.push_back({pick->path, 0, pick->loc.line, pick->loc.column,
                          pick->key_path + ": " + pick->written + " in " + pick->path});
  f.model = pick->written;
  f.model_source = "config";
  return true;
}

}  // namespace

void resolve_across_files(const Engine& engine, const std::vector<WalkEntry>& files,
                          std::vector<FileResult>* results) {
  const Definitions d = collect_definitions(files, *results);
  for (FileResult& r : *results) {
    for (Finding& f : r.findings) {
      if (f.kind != "call_site" && f.kind != "embedding") continue;
      // In this order: a symbol's definition may name an environment
      // variable, and either may leave the model to a config key.
      bool changed = resolve_symbol(d, f);
      changed |= resolve_env(d, f);
      changed |= resolve_config_key(d, f);
      if (changed) describe_call_model(*engine.catalog, &f);
    }
  }
  // Last, so that a deployment name read from the environment resolves too.
  std::vector<std::pair<const std::string*, const std::vector<Deployment>*>> deployments;
  std::vector<Finding*> call_sites;
  for (size_t i = 0; i < results->size(); ++i) {
    if (!(*results)[i].deployments.empty()) deployments.push_back({&files[i].rel_path, &(*results)[i].deployments});
    for (Finding& f : (*results)[i].findings)
      if (f.kind == "call_site") call_sites.push_back(&f);
  }
  resolve_deployments(deployments, *engine.catalog, &call_sites,
                      [&](Finding* f) { describe_call_model(*engine.catalog, f); });
}

}  // namespace modelshift
