// What a model changes for a request: the fact sets of rules/models/facts.yaml
// (parameter rules, notes, tokenizer), loaded and validated here, and the
// overlay of a family's sets by its model's (Catalog::facts).
#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "core/yaml_util.h"
#include "judge/catalog.h"

namespace modelshift {

namespace {

constexpr const char* kActions[] = {"rename", "remove", "fixed", "require", "recheck"};

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string hint = closest_word(word, candidates);
  return hint.empty() ? "" : " (did you mean '" + hint + "'?)";
}

// A source is a URL or one of the reference files the catalog is built from.
bool valid_source(const std::string& s, const std::vector<std::string>& references) {
  return s.starts_with("https://") || s.starts_with("http://") || contains(references, s);
}

struct Lists {
  std::vector<std::string> apis, encodings, references;
};

std::optional<ParameterRule> read_rule(YamlReader& yr, const YAML::Node& n, const Lists& lists) {
  yr.check_keys(n, {"parameter", "action", "to", "value", "apis", "reason", "source"});
  if (!n.IsMap()) return std::nullopt;
  ParameterRule r;
  r.parameter = yr.str(n, "parameter", true).value_or("");
  r.action = yr.str(n, "action", true).value_or("");
  r.to = yr.str(n, "to").value_or("");
  r.value = yr.str(n, "value").value_or("");
  r.apis = yr.str_list(n, "apis");
  r.reason = yr.str(n, "reason", true).value_or("");
  r.source = yr.str(n, "source", true).value_or("");
  std::vector<std::string> actions(std::begin(kActions), std::end(kActions));
  if (!r.action.empty() && !contains(actions, r.action))
    yr.error(n["action"], "unknown action '" + r.action + "'" + did_you_mean(r.action, actions));
  if ((r.action == "rename") != !r.to.empty())
    yr.error(n, r.action == "rename" ? "a rename needs 'to'" : "'to' is only for action rename");
  if (r.action == "fixed" && r.value.empty()) yr.error(n, "a fixed parameter needs 'value'");
  if (!r.value.empty() && r.action != "fixed" && r.action != "require")
    yr.error(n["value"], "'value' is only for actions fixed and require");
  if (!r.value.empty() && !nlohmann::json::accept(r.value))
    yr.error(n["value"], "value must be JSON text ('1', '\"auto\"'): " + r.value);
  for (const std::string& api : r.apis)
    if (!contains(lists.apis, api))
      yr.error(n["apis"], "unknown api '" + api + "'" + did_you_mean(api, lists.apis) + " (facts.yaml `apis`)");
  std::sort(r.apis.begin(), r.apis.end());
  if (!r.source.empty() && !valid_source(r.source, lists.references))
    yr.error(n["source"], "source must be a URL or one of the references: " + r.source);
  return r;
}

std::optional<TokenizerFact> read_tokenizer(YamlReader& yr, const YAML::Node& n, const Lists& lists) {
  yr.check_keys(n, {"encoding", "ratio", "exact", "source"});
  if (!n.IsMap()) return std::nullopt;
  TokenizerFact t;
  t.encoding = yr.str(n, "encoding", true).value_or("");
  t.ratio = yr.number(n, "ratio").value_or(1.0);
  t.exact = yr.boolean(n, "exact", false);
  t.source = yr.str(n, "source", true).value_or("");
  if (!t.encoding.empty() && !contains(lists.encodings, t.encoding))
    yr.error(n["encoding"], "unknown encoding '" + t.encoding + "'" + did_you_mean(t.encoding, lists.encodings));
  if (!(t.ratio > 0.0 && t.ratio < 10.0)) yr.error(n, "ratio must be a positive number near 1");
  if (t.exact && t.ratio != 1.0) yr.error(n, "an exact tokenizer has ratio 1");
  if (!t.source.empty() && !valid_source(t.source, lists.references))
    yr.error(n["source"], "source must be a URL or one of the references: " + t.source);
  return t;
}

FactSet read_set(YamlReader& yr, const YAML::Node& n, const Lists& lists) {
  yr.check_keys(n, {"id", "description", "parameters", "notes", "tokenizer"});
  FactSet set;
  set.id = yr.str(n, "id", true).value_or("");
  std::set<std::pair<std::string, std::vector<std::string>>> seen;
  for (const YAML::Node& rn : n["parameters"]) {
    std::optional<ParameterRule> r = read_rule(yr, rn, lists);
    if (!r) continue;
    if (!seen.insert({r->parameter, r->apis}).second)
      yr.error(rn, "set '" + set.id + "' has two rules for '" + r->parameter + "' on the same apis");
    set.parameters.push_back(std::move(*r));
  }
  for (const YAML::Node& nn : n["notes"]) {
    yr.check_keys(nn, {"text", "source"});
    if (!nn.IsMap()) continue;
    ModelNote note{yr.str(nn, "text", true).value_or(""), yr.str(nn, "source", true).value_or("")};
    if (!note.source.empty() && !valid_source(note.source, lists.references))
      yr.error(nn["source"], "source must be a URL or one of the references: " + note.source);
    set.notes.push_back(std::move(note));
  }
  if (YAML::Node tn = n["tokenizer"]) set.tokenizer = read_tokenizer(yr, tn, lists);
  if (set.parameters.empty() && set.notes.empty() && !set.tokenizer)
    yr.error(n, "fact set '" + set.id + "' is empty");
  return set;
}

// Applies one set on top of `out`: a rule for the same parameter and apis
// replaces the earlier one in place, so the order stays the family's.
void apply(const FactSet& set, ModelFacts* out) {
  for (const ParameterRule& rule : set.parameters) {
    auto same = [&](const ParameterRule& r) { return r.parameter == rule.parameter && r.apis == rule.apis; };
    auto it = std::find_if(out->parameters.begin(), out->parameters.end(), same);
    if (it != out->parameters.end()) *it = rule;
    else out->parameters.push_back(rule);
  }
  for (const ModelNote& note : set.notes) {
    auto same = [&](const ModelNote& n) { return n.text == note.text; };
    if (std::none_of(out->notes.begin(), out->notes.end(), same)) out->notes.push_back(note);
  }
  if (set.tokenizer) out->tokenizer = set.tokenizer;
}

}  // namespace

void Catalog::load_facts(YamlReader& yr, const YAML::Node& root) {
  yr.check_keys(root, {"price_source", "references", "apis", "encodings", "sets"});
  Lists lists{yr.str_list(root, "apis"), yr.str_list(root, "encodings"), yr.str_list(root, "references")};
  fact_apis_ = lists.apis;
  fact_encodings_ = lists.encodings;
  price_source_ = yr.str(root, "price_source").value_or("");
  if (!price_source_.empty() && !contains(lists.references, price_source_))
    yr.error(root["price_source"], "price_source must be one of the references");
  for (const YAML::Node& n : root["sets"]) {
    FactSet set = read_set(yr, n, lists);
    std::string id = set.id;
    if (!fact_sets_.emplace(id, std::move(set)).second) yr.error(n, "duplicate fact set id '" + id + "'");
  }
}

ModelFacts Catalog::facts(const Resolution& r) const {
  ModelFacts out;
  auto apply_all = [&](const std::vector<std::string>& ids) {
    for (const std::string& id : ids)
      if (auto it = fact_sets_.find(id); it != fact_sets_.end()) apply(it->second, &out);
  };
  if (r.family) apply_all(r.family->facts);
  if (r.model) {
    apply_all(r.model->facts);
    out.context_window = r.model->context_window;
    out.max_output_tokens = r.model->max_output_tokens;
    out.input_cost_per_mtok = r.model->input_cost_per_mtok;
    out.output_cost_per_mtok = r.model->output_cost_per_mtok;
    if (out.context_window || out.max_output_tokens || out.input_cost_per_mtok || out.output_cost_per_mtok)
      out.price_source = price_source_;
  }
  return out;
}

}  // namespace modelshift
