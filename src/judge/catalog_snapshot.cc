// Catalog <-> JSON. The build runs tools/snapshot.cc over the embedded rules
// and compiles the result into the binary (embedded_snapshot.h); loading it
// costs a JSON parse and the RE2 compiles, not yaml-cpp's scanner, which is
// most of a pre-commit check's start-up. The YAML stays the source of truth:
// the snapshot is regenerated whenever rules/ changes, and a unit test
// checks that both paths give the same catalog.
#include <nlohmann/json.hpp>

#include "judge/catalog.h"

namespace modelshift {

namespace {

using nlohmann::json;

json lifecycle_json(const Lifecycle& l) {
  json j = json::object();
  if (!l.deprecated_on.empty()) j["deprecated_on"] = l.deprecated_on;
  if (!l.shutdown_on.empty()) j["shutdown_on"] = l.shutdown_on;
  if (!l.replacement.empty()) j["replacement"] = l.replacement;
  return j;
}

Lifecycle lifecycle_from(const json& j) {
  return {j.value("deprecated_on", ""), j.value("shutdown_on", ""), j.value("replacement", "")};
}

// The pattern exactly as compiled (RE2::pattern() includes the anchoring
// group the YAML loader added), so the snapshot compiles the same program.
std::string source(const std::unique_ptr<RE2>& re) { return re ? re->pattern() : std::string(); }
std::string source(const LazyRE2& re) { return re ? re->pattern() : std::string(); }

// Family and form patterns compile on first use: the build compiled and
// checked every one of them when it wrote the snapshot.
LazyRE2 lazy(const std::string& pattern, bool case_sensitive) {
  if (pattern.empty()) return LazyRE2();
  RE2::Options opt;
  opt.set_log_errors(false);
  opt.set_case_sensitive(case_sensitive);
  return LazyRE2(pattern, opt);
}

std::unique_ptr<RE2> compile(const std::string& pattern, bool case_sensitive, const std::string& what,
                             std::vector<Diagnostic>* errors) {
  if (pattern.empty()) return nullptr;
  RE2::Options opt;
  opt.set_log_errors(false);
  opt.set_case_sensitive(case_sensitive);
  auto re = std::make_unique<RE2>(pattern, opt);
  if (!re->ok()) {
    errors->push_back({"catalog snapshot", 0, 0, what + ": " + re->error()});
    return nullptr;
  }
  return re;
}

void put_optional(json& j, const char* key, const std::optional<double>& v) {
  if (v) j[key] = *v;
}

std::optional<double> get_optional(const json& j, const char* key) {
  if (auto it = j.find(key); it != j.end() && it->is_number()) return it->get<double>();
  return std::nullopt;
}

std::vector<std::string> strings_or_empty(const json& j, const char* key) {
  if (auto it = j.find(key); it != j.end()) return it->get<std::vector<std::string>>();
  return {};
}

json fact_set_json(const FactSet& set) {
  json rules = json::array();
  for (const ParameterRule& r : set.parameters)
    rules.push_back({{"parameter", r.parameter},
                     {"action", r.action},
                     {"to", r.to},
                     {"value", r.value},
                     {"apis", r.apis},
                     {"reason", r.reason},
                     {"source", r.source}});
  json notes = json::array();
  for (const ModelNote& n : set.notes) notes.push_back({{"text", n.text}, {"source", n.source}});
  json j = {{"id", set.id}, {"parameters", std::move(rules)}, {"notes", std::move(notes)}};
  if (const auto& t = set.tokenizer)
    j["tokenizer"] = {{"encoding", t->encoding}, {"ratio", t->ratio}, {"exact", t->exact}, {"source", t->source}};
  return j;
}

FactSet fact_set_from(const json& j) {
  FactSet set;
  set.id = j.at("id").get<std::string>();
  for (const json& r : j.at("parameters"))
    set.parameters.push_back({r.at("parameter").get<std::string>(), r.at("action").get<std::string>(),
                              r.at("to").get<std::string>(), r.at("value").get<std::string>(),
                              r.at("apis").get<std::vector<std::string>>(), r.at("reason").get<std::string>(),
                              r.at("source").get<std::string>()});
  for (const json& n : j.at("notes")) set.notes.push_back({n.at("text").get<std::string>(), n.at("source").get<std::string>()});
  if (auto it = j.find("tokenizer"); it != j.end())
    set.tokenizer = TokenizerFact{it->at("encoding").get<std::string>(), it->at("ratio").get<double>(),
                                  it->at("exact").get<bool>(), it->at("source").get<std::string>()};
  return set;
}

}  // namespace

std::string Catalog::snapshot() const {
  json j = json::object();
  json fams = json::array();
  for (const auto& f : families_) {
    fams.push_back({{"id", f->id},
                    {"name", f->name},
                    {"provider", f->provider},
                    {"kind", f->kind},
                    {"keywords", f->keywords},
                    {"pattern", source(f->pattern)},
                    {"strict", f->strict},
                    {"word", f->word},
                    {"case_insensitive", f->case_insensitive},
                    {"lifecycle", lifecycle_json(f->lifecycle)},
                    {"match", f->examples.match},
                    {"no_match", f->examples.no_match},
                    {"origin", f->origin}});
    if (!f->facts.empty()) fams.back()["facts"] = f->facts;
  }
  j["families"] = std::move(fams);
  json models = json::array();
  for (const auto& m : models_) {
    json e = {{"id", m->id},
              {"family", m->family_id},
              {"provider", m->provider},
              {"kind", m->kind},
              {"aliases", m->aliases},
              {"lifecycle", lifecycle_json(m->lifecycle)},
              {"uncertain", m->uncertain}};
    put_optional(e, "context_window", m->context_window);
    put_optional(e, "max_output_tokens", m->max_output_tokens);
    put_optional(e, "input_cost_per_mtok", m->input_cost_per_mtok);
    put_optional(e, "output_cost_per_mtok", m->output_cost_per_mtok);
    if (!m->facts.empty()) e["facts"] = m->facts;
    models.push_back(std::move(e));
  }
  j["models"] = std::move(models);
  json forms = json::array();
  for (const Form& f : forms_) {
    json ex = json::array();
    for (const auto& [token, bare] : f.examples) ex.push_back({token, bare});
    forms.push_back({{"id", f.id},
                     {"pattern", source(f.pattern)},
                     {"rewrites", f.rewrites},
                     {"platform", f.platform},
                     {"routing", f.routing},
                     {"after", f.after},
                     {"examples", std::move(ex)}});
  }
  j["forms"] = std::move(forms);
  json api_urls = json::array();
  for (const auto& re : fp_.api_url_patterns) api_urls.push_back(source(re));
  j["false_positives"] = {{"tokens", fp_.tokens},
                          {"tokenizer_context", source(fp_.tokenizer_context)},
                          {"model_context", source(fp_.model_context)},
                          {"api_url_patterns", std::move(api_urls)},
                          {"base64_min_run", fp_.base64_min_run},
                          {"catalogue_min_distinct", fp_.catalogue_min_distinct},
                          {"catalogue_max_line_gap", fp_.catalogue_max_line_gap},
                          {"ex_tokens", fp_.ex_tokens},
                          {"ex_tokenizer", fp_.ex_tokenizer},
                          {"ex_not_tokenizer", fp_.ex_not_tokenizer},
                          {"ex_api_urls", fp_.ex_api_urls},
                          {"ex_doc_urls", fp_.ex_doc_urls},
                          {"ex_model_context", fp_.ex_model_context},
                          {"ex_not_model_context", fp_.ex_not_model_context}};
  json sets = json::array();
  for (const auto& [id, set] : fact_sets_) sets.push_back(fact_set_json(set));
  j["facts"] = {{"sets", std::move(sets)},
                {"apis", fact_apis_},
                {"encodings", fact_encodings_},
                {"price_source", price_source_}};
  j["keywords"] = keywords_;
  // std::map order, so the snapshot is byte-stable across builds.
  j["provider_names"] = std::map<std::string, std::string>(provider_names_.begin(), provider_names_.end());
  return j.dump();
}

std::unique_ptr<Catalog> Catalog::from_snapshot(std::string_view text, std::vector<Diagnostic>* errors) {
  auto cat = std::unique_ptr<Catalog>(new Catalog());
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    errors->push_back({"catalog snapshot", 0, 0, "not a JSON object (rebuild modelshift)"});
    return cat;
  }
  try {
    std::unordered_map<std::string, const Family*> by_family;
    for (const json& f : j.at("families")) {
      auto fam = std::make_unique<Family>();
      fam->id = f.at("id").get<std::string>();
      fam->name = f.at("name").get<std::string>();
      fam->provider = f.at("provider").get<std::string>();
      fam->kind = f.at("kind").get<std::string>();
      fam->keywords = f.at("keywords").get<std::vector<std::string>>();
      fam->strict = f.at("strict").get<bool>();
      fam->word = f.at("word").get<bool>();
      fam->case_insensitive = f.at("case_insensitive").get<bool>();
      fam->pattern = lazy(f.at("pattern").get<std::string>(), !fam->case_insensitive);
      fam->lifecycle = lifecycle_from(f.at("lifecycle"));
      fam->examples.match = f.at("match").get<std::vector<std::string>>();
      fam->examples.no_match = f.at("no_match").get<std::vector<std::string>>();
      fam->origin = f.at("origin").get<std::string>();
      fam->facts = strings_or_empty(f, "facts");
      by_family[fam->id] = fam.get();
      cat->families_.push_back(std::move(fam));
    }
    for (const json& e : j.at("models")) {
      auto m = std::make_unique<Model>();
      m->id = e.at("id").get<std::string>();
      m->family_id = e.at("family").get<std::string>();
      m->provider = e.at("provider").get<std::string>();
      m->kind = e.at("kind").get<std::string>();
      m->aliases = e.at("aliases").get<std::vector<std::string>>();
      m->lifecycle = lifecycle_from(e.at("lifecycle"));
      m->uncertain = e.at("uncertain").get<bool>();
      m->context_window = get_optional(e, "context_window");
      m->max_output_tokens = get_optional(e, "max_output_tokens");
      m->input_cost_per_mtok = get_optional(e, "input_cost_per_mtok");
      m->output_cost_per_mtok = get_optional(e, "output_cost_per_mtok");
      m->facts = strings_or_empty(e, "facts");
      if (auto it = by_family.find(m->family_id); it != by_family.end()) m->family = it->second;
      cat->models_.push_back(std::move(m));
    }
    for (const json& f : j.at("forms")) {
      Form form;
      form.id = f.at("id").get<std::string>();
      form.pattern = lazy(f.at("pattern").get<std::string>(), true);
      form.rewrites = f.at("rewrites").get<std::vector<std::string>>();
      form.platform = f.at("platform").get<std::string>();
      form.routing = f.at("routing").get<bool>();
      form.after = f.at("after").get<std::vector<std::string>>();
      for (const json& ex : f.at("examples")) form.examples.emplace_back(ex.at(0).get<std::string>(), ex.at(1).get<std::string>());
      cat->forms_.push_back(std::move(form));
    }
    const json& fp = j.at("false_positives");
    FalsePositives& out = cat->fp_;
    out.tokens = fp.at("tokens").get<std::vector<std::string>>();
    out.tokenizer_context = compile(fp.at("tokenizer_context").get<std::string>(), true, "tokenizer_context", errors);
    out.model_context = compile(fp.at("model_context").get<std::string>(), true, "model_context", errors);
    for (const json& p : fp.at("api_url_patterns"))
      out.api_url_patterns.push_back(compile(p.get<std::string>(), true, "api_url_patterns", errors));
    out.base64_min_run = fp.at("base64_min_run").get<size_t>();
    out.catalogue_min_distinct = fp.at("catalogue_min_distinct").get<uint32_t>();
    out.catalogue_max_line_gap = fp.at("catalogue_max_line_gap").get<uint32_t>();
    out.ex_tokens = fp.at("ex_tokens").get<std::vector<std::string>>();
    out.ex_tokenizer = fp.at("ex_tokenizer").get<std::vector<std::string>>();
    out.ex_not_tokenizer = fp.at("ex_not_tokenizer").get<std::vector<std::string>>();
    out.ex_api_urls = fp.at("ex_api_urls").get<std::vector<std::string>>();
    out.ex_doc_urls = fp.at("ex_doc_urls").get<std::vector<std::string>>();
    out.ex_model_context = fp.at("ex_model_context").get<std::vector<std::string>>();
    out.ex_not_model_context = fp.at("ex_not_model_context").get<std::vector<std::string>>();
    const json& facts = j.at("facts");
    for (const json& set : facts.at("sets")) {
      FactSet fs = fact_set_from(set);
      std::string id = fs.id;
      cat->fact_sets_.emplace(id, std::move(fs));
    }
    cat->fact_apis_ = facts.at("apis").get<std::vector<std::string>>();
    cat->fact_encodings_ = facts.at("encodings").get<std::vector<std::string>>();
    cat->price_source_ = facts.at("price_source").get<std::string>();
    cat->keywords_ = j.at("keywords").get<std::vector<std::string>>();
    for (const auto& [id, name] : j.at("provider_names").items()) cat->provider_names_[id] = name.get<std::string>();
  } catch (const json::exception& e) {
    errors->push_back({"catalog snapshot", 0, 0, std::string("malformed (rebuild modelshift): ") + e.what()});
    return cat;
  }
  cat->index_models(errors);
  return cat;
}

}  // namespace modelshift
