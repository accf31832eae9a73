// The cross-file step of tool schemas and vector stores (schemas.h,
// link_across_files): JSON schema files that code loads, and stores fed by an
// embedding made in another file. Runs once after every file is scanned.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <tuple>

#include "detect/schemas.h"
#include "pipeline/scan.h"
#include "read/json_doc.h"

namespace modelshift {

namespace {

using json = nlohmann::ordered_json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json parse_detail(const Finding& f, const std::string& name) {
  for (const auto& [k, v] : f.details)
    if (k == name) return json::parse(v, nullptr, false);
  return json();
}

void set_detail(Finding* f, const std::string& name, const json& value) {
  for (auto& [k, v] : f->details)
    if (k == name) {
      v = dump(value);
      return;
    }
  f->details.push_back({name, dump(value)});
}

json link_to(const Finding& f) { return {{"path", f.path}, {"line", f.loc.line}, {"column", f.loc.column}}; }

std::string dir_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string ext_of(const std::string& path) {
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  return dot == std::string::npos || (slash != std::string::npos && dot < slash) ? std::string() : path.substr(dot);
}

// `dir` + `rel` with "." and ".." folded; nullopt when it leaves the root.
std::optional<std::string> join_path(const std::string& dir, const std::string& rel) {
  std::vector<std::string> parts;
  std::string whole = dir.empty() ? rel : dir + "/" + rel;
  std::stringstream in(whole);
  std::string part;
  while (std::getline(in, part, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else {
      parts.push_back(part);
    }
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// A JsonValue tree as nlohmann JSON (depth already bounded by parse_json).
json to_json(const JsonValue& v) {
  switch (v.type) {
    case JsonValue::Type::Null: return nullptr;
    case JsonValue::Type::Bool: return v.str == "true";
    case JsonValue::Type::Number: {
      json n = json::parse(v.str, nullptr, false);
      return n.is_discarded() ? json(v.str) : n;
    }
    case JsonValue::Type::String: return v.str;
    case JsonValue::Type::Array: {
      json a = json::array();
      for (const JsonValue& item : v.items) a.push_back(to_json(item));
      return a;
    }
    case JsonValue::Type::Object: {
      json o = json::object();
      for (size_t i = 0; i < v.keys.size() && i < v.items.size(); ++i) o[v.keys[i].str] = to_json(v.items[i]);
      return o;
    }
  }
  return nullptr;
}

// An object schema: type "object", or properties that are all schemas
// (a settings file with a "properties" key of plain values is not one).
bool is_schema(const json& j) {
  if (!j.is_object()) return false;
  if (j.contains("type") && j["type"] == "object") return true;
  auto p = j.find("properties");
  return p != j.end() && p->is_object() && !p->empty() &&
         std::all_of(p->begin(), p->end(), [](const json& v) { return v.is_object(); });
}

// One schema a JSON file holds: the object that names it, and its schema.
struct FileTool {
  const JsonValue* at;
  std::string name;
  json schema, strict;
};

// A tool object ({"name", "parameters"}, OpenAI's {"type":"function",
// "function":{...}}, a response format {"name","schema"}), or a bare schema
// when `bare_ok` (the file's root).
void collect_tools(const StructureRules& rules, const JsonValue& v, bool bare_ok, std::vector<FileTool>* out) {
  if (v.type != JsonValue::Type::Object) return;
  if (const JsonValue* fn = v.get("function"); fn && fn->type == JsonValue::Type::Object) {
    size_t before = out->size();
    collect_tools(rules, *fn, false, out);
    if (out->size() > before) return;
  }
  json o = to_json(v);
  for (const std::string& key : rules.schema_keys) {
    if (!o.contains(key) || !is_schema(o[key])) continue;
    for (const std::string& nk : rules.name_keys)
      if (o.contains(nk) && o[nk].is_string()) {
        out->push_back({&v, o[nk].get<std::string>(), o[key], o.contains("strict") ? o["strict"] : json()});
        return;
      }
  }
  if (bare_ok && is_schema(o)) out->push_back({&v, "", o, json()});
}

// The file's name without directories and extensions ("tools/weather.schema.json" -> "weather").
std::string stem(const std::string& path) {
  std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  return base.substr(0, base.find('.'));
}

// The name code imports a file by: its stem, or its directory's name for a
// package's own file (__init__.py, index.ts).
std::string module_name(const std::string& path) {
  std::string s = stem(path);
  if (s != "__init__" && s != "index") return s;
  std::string dir = dir_of(path);
  return dir.substr(dir.rfind('/') == std::string::npos ? 0 : dir.rfind('/') + 1);
}

bool read_text(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  return !in.bad();
}

struct Load {
  const Finding* f;
  json used_by;
};

// The tool_schema findings of one JSON file, from the loads that reach it.
void schema_file_findings(const StructureRules& rules, const WalkEntry& file, const std::vector<Load>& loads,
                          FileResult* result) {
  std::string where = loads.front().f->path + ":" + std::to_string(loads.front().f->loc.line);
  std::string text;
  if (!read_text(file.abs_path, &text)) {
    result->warnings.push_back({file.rel_path, 0, 0, "unreadable JSON schema file (loaded at " + where + ")"});
    return;
  }
  if (text.find('\0') != std::string::npos) {
    result->warnings.push_back({file.rel_path, 0, 0, "JSON schema file loaded at " + where + " is binary; not read"});
    return;
  }
  JsonParse parsed = parse_json(text, /*allow_comments=*/false, 64);
  if (!parsed.ok) {
    Diagnostic d = parsed.diagnostics.empty() ? Diagnostic{"", 0, 0, "malformed JSON"} : parsed.diagnostics.front();
    result->warnings.push_back({file.rel_path, d.line, d.column,
                                "JSON schema file loaded at " + where + " not read: " + d.message});
    return;
  }
  std::vector<FileTool> tools;
  if (parsed.root.type == JsonValue::Type::Array)
    for (const JsonValue& item : parsed.root.items) collect_tools(rules, item, false, &tools);
  else collect_tools(rules, parsed.root, true, &tools);
  if (tools.empty()) return;  // loaded for something else (messages, settings)

  json used_by = json::array(), loaded_by = json::array();
  std::string code_name;  // the name a load gives a bare schema
  for (const Load& l : loads) {
    for (const json& u : l.used_by)
      if (std::find(used_by.begin(), used_by.end(), u) == used_by.end()) used_by.push_back(u);
    loaded_by.push_back(link_to(*l.f));
    json n = parse_detail(*l.f, "name");
    if (code_name.empty() && n.is_string()) code_name = n.get<std::string>();
  }
  std::vector<uint32_t> offsets;
  for (const FileTool& t : tools) {
    offsets.push_back(t.at->begin);
    offsets.push_back(t.at->end);
  }
  std::vector<std::pair<uint32_t, uint32_t>> lc = line_columns(text, offsets);
  for (size_t i = 0; i < tools.size(); ++i) {
    const FileTool& t = tools[i];
    std::string name = t.name;
    if (name.empty()) name = code_name;
    if (name.empty() && t.schema.contains("title") && t.schema["title"].is_string()) name = t.schema["title"].get<std::string>();
    if (name.empty()) name = stem(file.rel_path);
    Finding f;
    f.kind = "tool_schema";
    f.path = file.rel_path;
    f.loc = {lc[2 * i].first, lc[2 * i].second, lc[2 * i + 1].first, lc[2 * i + 1].second};
    f.context = "config";
    f.language = "json";
    f.rule = "json_file";
    f.line_text = std::string(line_near(text, t.at->begin));
    json props = json::array(), required = json::array();
    if (t.schema.contains("properties") && t.schema["properties"].is_object())
      for (const auto& [k, v] : t.schema["properties"].items()) props.push_back(k);
    if (t.schema.contains("required") && t.schema["required"].is_array())
      for (const json& r : t.schema["required"])
        if (r.is_string()) required.push_back(r);
    json issues = json::array();
    for (const std::string& s : strict_issues(dump(t.schema), rules.unsupported)) issues.push_back(s);
    f.details = {{"name", dump(json(name))},         {"source", dump(json("json_file"))},
                 {"properties", dump(props)},        {"required", dump(required)},
                 {"strict", dump(t.strict)},         {"strict_issues", dump(issues)},
                 {"used_by", dump(used_by)},         {"loaded_by", dump(loaded_by)}};
    result->findings.push_back(std::move(f));
  }
}

void link_schema_files(const StructureRules& rules, const std::vector<WalkEntry>& files,
                       std::vector<FileResult>* results) {
  std::map<std::string, size_t> by_path;
  for (size_t i = 0; i < files.size(); ++i) by_path.emplace(files[i].rel_path, i);
  std::map<size_t, std::vector<Load>> targets;  // walked file -> its loads, in walk order
  for (size_t i = 0; i < results->size(); ++i) {
    FileResult& r = (*results)[i];
    for (const Finding& l : r.schema_loads) {
      json used_by = parse_detail(l, "used_by");
      // Only loads a call uses are tool schemas; a JSON file read for
      // anything else is none of our business, present or not.
      if (!used_by.is_array() || used_by.empty()) continue;
      json file = parse_detail(l, "file");
      if (!file.is_string()) continue;
      std::string rel = file.get<std::string>();
      std::optional<size_t> found;
      // The loading file's directory, then each ancestor up to the root.
      std::string dir = dir_of(l.path);
      for (bool last = false; !found && !last; dir = dir_of(dir)) {
        last = dir.empty();
        if (rel.empty() || rel[0] == '/') break;
        if (std::optional<std::string> p = join_path(dir, rel)) {
          auto it = by_path.find(*p);
          if (it != by_path.end()) found = it->second;
        }
      }
      if (!found) {
        r.warnings.push_back({l.path, l.loc.line, l.loc.column,
                              "JSON schema file " + rel + " (used by a call) is not among the scanned files"});
        continue;
      }
      targets[*found].push_back({&l, used_by});
    }
  }
  for (auto& [target, loads] : targets) schema_file_findings(rules, files[target], loads, &(*results)[target]);
}

void link_stores(std::vector<FileResult>* results) {
  struct Ref {
    size_t file, index;
  };
  std::map<std::string, std::vector<Ref>> carriers;  // name -> embeddings it carries
  for (size_t i = 0; i < results->size(); ++i) {
    const std::vector<Finding>& fs = (*results)[i].findings;
    for (size_t k = 0; k < fs.size(); ++k)
      if (fs[k].kind == "embedding")
        for (const std::string& n : fs[k].link_names) carriers[n].push_back({i, k});
  }
  for (size_t i = 0; i < results->size(); ++i) {
    for (Finding& store : (*results)[i].findings) {
      if (store.kind != "vector_store" || store.link_names.empty() || !parse_detail(store, "embedding").is_null())
        continue;
      std::vector<Ref> cands;
      for (const std::string& n : store.link_names) {
        auto it = carriers.find(n);
        if (it == carriers.end()) continue;
        for (const Ref& r : it->second) {
          const Finding& e = (*results)[r.file].findings[r.index];
          bool seen = std::any_of(cands.begin(), cands.end(), [&](const Ref& c) { return c.file == r.file && c.index == r.index; });
          // Python and JS name the module they import: it must be the embedding's file.
          bool module = e.language == "go" || std::binary_search(store.link_names.begin(), store.link_names.end(),
                                                                 "@" + module_name(e.path));
          if (r.file != i && ext_of(e.path) == ext_of(store.path) && module && !seen) cands.push_back(r);
        }
      }
      // Same directory (package) first; else only when one embedding fits.
      std::vector<Ref> near;
      for (const Ref& r : cands)
        if (dir_of((*results)[r.file].findings[r.index].path) == dir_of(store.path)) near.push_back(r);
      const std::vector<Ref>& pick = near.empty() ? cands : near;
      if (pick.size() != 1) continue;
      Finding& e = (*results)[pick[0].file].findings[pick[0].index];
      set_detail(&store, "embedding", link_to(e));
      set_detail(&store, "embedding_model", e.model.empty() ? json() : json(e.model));
      set_detail(&store, "reindex_on_model_change", true);
      json stores = parse_detail(e, "vector_stores");
      if (!stores.is_array()) stores = json::array();
      stores.push_back(link_to(store));
      set_detail(&e, "vector_stores", stores);
    }
  }
}

}  // namespace

void link_across_files(const StructureRules& rules, const std::vector<WalkEntry>& files,
                       std::vector<FileResult>* results) {
  link_schema_files(rules, files, results);
  link_stores(results);
}

void link_call_sites(std::vector<FileResult>* results) {
  std::map<std::tuple<std::string, uint32_t, uint32_t>, Finding*> calls;
  for (FileResult& r : *results)
    for (Finding& f : r.findings)
      if (f.kind == "call_site") calls[{f.path, f.loc.line, f.loc.column}] = &f;
  if (calls.empty()) return;
  // Call site -> what it uses, in the order the findings come (by path).
  std::map<Finding*, json> prompts, schemas;
  for (FileResult& r : *results)
    for (const Finding& f : r.findings) {
      json targets = json::array();
      if (f.kind == "prompt") targets.push_back(parse_detail(f, "feeds"));
      else if (f.kind == "tool_schema") targets = parse_detail(f, "used_by");
      else continue;
      if (!targets.is_array()) continue;
      for (const json& t : targets) {
        if (!t.is_object() || !t.contains("path")) continue;
        auto it = calls.find({t.value("path", ""), t.value("line", 0u), t.value("column", 0u)});
        if (it == calls.end()) continue;
        json& uses = (f.kind == "prompt" ? prompts : schemas)[it->second];
        if (uses.is_null()) uses = json::array();
        uses.push_back(link_to(f));
      }
    }
  for (auto& [call, uses] : prompts) set_detail(call, "prompts", uses);
  for (auto& [call, uses] : schemas) set_detail(call, "tool_schemas", uses);
}

}  // namespace modelshift
