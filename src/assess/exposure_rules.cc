// Loading rules/exposure.yaml (see exposure.h and the comments in the file).
#include <algorithm>

#include "assess/exposure.h"
#include "core/yaml_util.h"

namespace modelshift {

namespace {

constexpr const char* kRulesFile = "exposure.yaml";

struct ResolveName {
  const char* name;
  ImportResolve resolve;
};
constexpr ResolveName kResolves[] = {{"python", ImportResolve::kPython},
                                     {"path", ImportResolve::kPath},
                                     {"go", ImportResolve::kGo},
                                     {"qualified", ImportResolve::kQualified},
                                     {"namespace", ImportResolve::kNamespace}};

// Reads the rules of one group and the examples of each rule.
class GroupReader {
 public:
  GroupReader(YamlReader& yr, const std::map<std::string, std::string>& kinds, std::vector<ExposureExample>* examples)
      : yr_(yr), kinds_(kinds), examples_(examples) {}

  void read(const YAML::Node& n, const std::string& label, ExposureLanguage* g) {
    yr_.check_keys(n, {"languages", "serves", "imports", "declares", "peers", "paths"});
    if (auto d = yr_.str(n, "declares")) g->declares = compile(n["declares"], *d);
    if (auto p = yr_.str(n, "peers")) {
      if (*p == "directory") g->peers = Peers::kDirectory;
      else if (*p == "namespace") g->peers = Peers::kNamespace;
      else yr_.error(n["peers"], "peers must be 'directory' or 'namespace'");
    }
    RE2::Options o;
    o.set_log_errors(false);
    g->serve_set = std::make_unique<RE2::Set>(o, RE2::UNANCHORED);
    for (const YAML::Node& s : n["serves"]) read_serve(s, label, g);
    if (!g->serve_set->Compile()) yr_.error(n, "cannot compile the serve patterns together");
    for (const YAML::Node& i : n["imports"]) read_import(i, label, g);
    if (const YAML::Node& p = n["paths"]) read_paths(p, &g->paths);
  }

 private:
  std::unique_ptr<RE2> compile(const YAML::Node& at, const std::string& re) {
    RE2::Options o;
    o.set_log_errors(false);
    auto out = std::make_unique<RE2>(re, o);
    if (!out->ok()) yr_.error(at, "bad pattern: " + out->error());
    return out;
  }

  void read_examples(const YAML::Node& rule, const std::string& where, const RE2* pattern) {
    const YAML::Node& ex = rule["examples"];
    if (!ex) {
      yr_.error(rule, "no examples");
      return;
    }
    yr_.check_keys(ex, {"match", "no_match"});
    std::vector<std::string> match = yr_.str_list(ex, "match"), no_match = yr_.str_list(ex, "no_match");
    if (match.empty()) yr_.error(ex, "no `match` example");
    // Embedded rules come pre-parsed, without positions: the rule's place in
    // its group names it then.
    int line = rule["pattern"].Mark().line;
    std::string at = yr_.origin() + (line >= 0 ? ":" + std::to_string(line + 1) : "") + ": " + where;
    for (std::string& t : match) examples_->push_back({at, std::move(t), true, pattern});
    for (std::string& t : no_match) examples_->push_back({at, std::move(t), false, pattern});
  }

  void read_serve(const YAML::Node& s, const std::string& label, ExposureLanguage* g) {
    yr_.check_keys(s, {"framework", "kind", "pattern", "requires", "paths", "examples"});
    ExposureLanguage::Serve serve;
    serve.framework = yr_.str(s, "framework", true).value_or("");
    serve.kind = yr_.str(s, "kind", true).value_or("");
    if (!serve.kind.empty() && !kinds_.count(serve.kind)) yr_.error(s["kind"], "unknown kind '" + serve.kind + "'");
    std::string pattern = yr_.str(s, "pattern", true).value_or("");
    serve.pattern = compile(s, pattern);
    if (serve.pattern->ok() && g->serve_set->Add(pattern, nullptr) < 0) yr_.error(s, "pattern not accepted by RE2::Set");
    if (auto r = yr_.str(s, "requires")) serve.requires_pattern = compile(s["requires"], *r);
    for (const std::string& p : yr_.str_list(s, "paths")) serve.paths.push_back(Glob::compile(p));
    read_examples(s, label + " serves #" + std::to_string(g->serves.size() + 1) + " " + serve.framework, serve.pattern.get());
    g->serves.push_back(std::move(serve));
  }

  void read_import(const YAML::Node& i, const std::string& label, ExposureLanguage* g) {
    yr_.check_keys(i, {"resolve", "pattern", "examples"});
    ExposureLanguage::Import imp;
    std::string resolve = yr_.str(i, "resolve", true).value_or("");
    bool known = false;
    for (const ResolveName& r : kResolves)
      if (resolve == r.name) imp.resolve = r.resolve, known = true;
    if (!known && !resolve.empty()) yr_.error(i["resolve"], "unknown resolve '" + resolve + "'");
    imp.pattern = compile(i, yr_.str(i, "pattern", true).value_or(""));
    if (imp.pattern->ok() && imp.pattern->NumberOfCapturingGroups() < 1)
      yr_.error(i, "an import pattern needs a group for the imported name");
    read_examples(i, label + " imports #" + std::to_string(g->imports.size() + 1), imp.pattern.get());
    g->imports.push_back(std::move(imp));
  }

  void read_paths(const YAML::Node& p, ExposureLanguage::PathOptions* out) {
    yr_.check_keys(p, {"suffixes", "replace_extensions", "aliases", "bare", "module_dir"});
    if (p["suffixes"]) out->suffixes = yr_.str_list(p, "suffixes");
    out->replace_extensions = yr_.str_list(p, "replace_extensions");
    if (const YAML::Node& a = p["aliases"]) {
      if (!a.IsMap()) yr_.error(a, "aliases must be a mapping");
      else
        for (const auto& kv : a) out->aliases.emplace_back(kv.first.Scalar(), yr_.str_list(a, kv.first.Scalar().c_str()));
    }
    std::string bare = yr_.str(p, "bare").value_or("ignore");
    if (bare != "ignore" && bare != "relative") yr_.error(p["bare"], "bare must be 'ignore' or 'relative'");
    out->bare_relative = bare == "relative";
    out->module_dir = yr_.boolean(p, "module_dir", false);
  }

  YamlReader& yr_;
  const std::map<std::string, std::string>& kinds_;
  std::vector<ExposureExample>* examples_;
};

}  // namespace

std::unique_ptr<ExposureRules> ExposureRules::load(const std::vector<RuleFile>& files,
                                                   std::vector<Diagnostic>* errors) {
  auto rules = std::make_unique<ExposureRules>();
  rules->languages_ = LanguageTable::load(files, errors);
  const RuleFile* file = nullptr;
  for (const RuleFile& f : files)
    if (f.path == kRulesFile) file = &f;
  if (!file) {
    errors->push_back({std::string("rules/") + kRulesFile, 0, 0, "missing"});
    return rules;
  }
  YamlReader yr(file->origin, errors);
  std::optional<YAML::Node> root = yr.parse(file->text);
  if (!root) return rules;
  yr.check_keys(*root, {"kinds", "internal", "languages"});
  if (const YAML::Node& k = (*root)["kinds"]; k && k.IsMap())
    for (const auto& kv : k) rules->kinds_[kv.first.Scalar()] = kv.second.Scalar();
  else
    yr.error(*root, "'kinds' must be a mapping");
  for (const YAML::Node& n : (*root)["internal"]) {
    yr.check_keys(n, {"globs", "reason", "beats_serving"});
    Internal in;
    in.globs = yr.str_list(n, "globs");
    for (const std::string& g : in.globs) in.lists.push_back(IgnoreList::from_globs({g}));
    in.reason = yr.str(n, "reason", true).value_or("");
    in.beats_serving = yr.boolean(n, "beats_serving", false);
    rules->internal_.push_back(std::move(in));
  }
  GroupReader reader(yr, rules->kinds_, &rules->examples_);
  for (const YAML::Node& n : (*root)["languages"]) {
    std::vector<std::string> names = yr.str_list(n, "languages");
    if (names.empty()) yr.error(n, "a group names no languages");
    std::string label;
    for (const std::string& name : names) {
      label += (label.empty() ? "" : "/") + name;
      if (!rules->languages_.by_name(name)) {
        yr.error(n["languages"], "'" + name + "' is not a language of rules/languages.yaml");
      } else if (!rules->group_of_.emplace(name, rules->groups_.size()).second) {
        yr.error(n["languages"], "'" + name + "' is in two groups");
      }
    }
    rules->groups_.emplace_back();
    reader.read(n, label, &rules->groups_.back());
  }
  return rules;
}

const ExposureLanguage* ExposureRules::for_language(const std::string& name) const {
  auto it = group_of_.find(name);
  return it == group_of_.end() ? nullptr : &groups_[it->second];
}

std::string ExposureRules::kind_phrase(const std::string& kind) const {
  auto it = kinds_.find(kind);
  return it == kinds_.end() ? kind : it->second;
}

}  // namespace modelshift
