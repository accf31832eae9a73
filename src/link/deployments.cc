#include "link/deployments.h"

#include <re2/re2.h>

#include <map>

#include "core/yaml_util.h"
#include "judge/catalog.h"

namespace modelshift {

struct DeploymentRules::Rule {
  std::string id;
  std::unique_ptr<RE2> name, model;
  bool name_in_key = false;
};

DeploymentRules::~DeploymentRules() = default;

std::unique_ptr<DeploymentRules> DeploymentRules::load(const std::vector<RuleFile>& files,
                                                       std::vector<Diagnostic>* errors) {
  auto out = std::unique_ptr<DeploymentRules>(new DeploymentRules());
  for (const RuleFile& f : files) {
    if (f.path != "deployments.yaml") continue;
    YamlReader yr(f.origin, errors);
    std::optional<YAML::Node> root = yr.parse(f.text);
    if (!root) return out;
    yr.check_keys(*root, {"keywords", "rules"});
    out->keywords_ = yr.str_list(*root, "keywords");
    if (out->keywords_.empty()) yr.error(*root, "keywords: at least one is needed (files without one are not read)");
    for (const YAML::Node& n : (*root)["rules"]) {
      yr.check_keys(n, {"id", "name", "model", "name_in_key"});
      Rule r;
      r.id = yr.str(n, "id", true).value_or("");
      r.name_in_key = yr.boolean(n, "name_in_key", false);
      auto compile = [&](const char* key, std::unique_ptr<RE2>* re, int groups) {
        std::optional<std::string> s = yr.str(n, key, true);
        if (!s) return;
        *re = std::make_unique<RE2>(*s);
        if (!(*re)->ok()) yr.error(n[key], std::string(key) + ": " + (*re)->error());
        else if ((*re)->NumberOfCapturingGroups() < groups)
          yr.error(n[key], std::string(key) + ": needs " + std::to_string(groups) +
                               " capturing group(s): the record" + (groups > 1 ? " and the deployment name" : ""));
      };
      compile("model", &r.model, r.name_in_key ? 2 : 1);
      if (!r.name_in_key) compile("name", &r.name, 1);
      if (r.model && r.model->ok() && (r.name_in_key || (r.name && r.name->ok()))) out->rules_.push_back(std::move(r));
    }
  }
  return out;
}

std::vector<Deployment> DeploymentRules::extract(std::string_view text, const RegionTable& regions) const {
  std::vector<Deployment> out;
  bool any = false;
  for (const std::string& k : keywords_) any = any || text.find(k) != std::string_view::npos;
  if (!any || rules_.empty()) return out;
  for (const Rule& r : rules_) {
    struct Half {
      std::string value;
      uint32_t offset = 0;
    };
    std::map<std::string, Half> names, models;  // record -> value
    for (const Region& reg : regions.regions) {
      if (reg.kind != RegionKind::Value || reg.key_path.empty()) continue;
      std::string record, key_name;
      std::string_view value = text.substr(reg.begin, reg.end - reg.begin);
      if (r.name_in_key ? RE2::FullMatch(reg.key_path, *r.model, &record, &key_name)
                        : RE2::FullMatch(reg.key_path, *r.model, &record)) {
        models.emplace(record, Half{std::string(value), reg.begin});
        if (r.name_in_key) names.emplace(record, Half{key_name, reg.begin});
      } else if (!r.name_in_key && RE2::FullMatch(reg.key_path, *r.name, &record)) {
        names.emplace(record, Half{std::string(value), reg.begin});
      }
    }
    for (const auto& [record, model] : models) {
      auto it = names.find(record);
      if (it == names.end() || model.value.empty()) continue;
      std::string name = it->second.value;
      // ARM child resources are named "account/deployment"; expressions
      // ("[concat(...)]") are not names we can match.
      if (name.empty() || name[0] == '[' || name.find("${") != std::string::npos) continue;
      if (size_t slash = name.rfind('/'); slash != std::string::npos) name = name.substr(slash + 1);
      if (name.empty() || name == model.value) continue;
      Deployment d{name, model.value, 0, 0};
      regions_detail::line_column(text, model.offset, d.line, d.column);
      out.push_back(std::move(d));
    }
  }
  return out;
}

void resolve_deployments(const std::vector<std::pair<const std::string*, const std::vector<Deployment>*>>& deployments,
                         const Catalog& catalog, std::vector<Finding*>* call_sites,
                         const std::function<void(Finding*)>& describe) {
  struct Where {
    const std::string* path;
    const Deployment* d;
  };
  std::map<std::string, std::vector<Where>> by_name;
  for (const auto& [path, list] : deployments)
    for (const Deployment& d : *list) by_name[d.name].push_back({path, &d});
  if (by_name.empty()) return;
  for (Finding* f : *call_sites) {
    // Only names the catalog does not know: a deployment called "gpt-4o" is
    // taken at its word.
    if (f->model.empty() || catalog.resolve(f->model)) continue;
    auto it = by_name.find(f->model);
    if (it == by_name.end()) continue;
    const std::vector<Where>& w = it->second;
    bool agree = true;
    for (const Where& x : w) agree = agree && x.d->model == w.front().d->model;
    if (!agree) {
      std::string note = "deployment " + f->model + " serves different models:";
      for (const Where& x : w) note += " " + x.d->model + " (" + *x.path + ")";
      f->resolution.push_back({*w.front().path, 0, w.front().d->line, w.front().d->column, note});
      continue;
    }
    const Where& pick = w.front();
    f->resolution.push_back({*pick.path, 0, pick.d->line, pick.d->column,
                             "deployment " + f->model + " serves " + pick.d->model + " in " + *pick.path});
    f->model = pick.d->model;
    f->model_source = "config";
    describe(f);
  }
}

}  // namespace modelshift
