#include "judge/catalog.h"
#include "judge/lifecycle.h"

#include <algorithm>
#include <set>

#include "core/yaml_util.h"

namespace modelshift {

namespace {

constexpr const char* kKinds[] = {"chat",       "responses",  "completion", "embedding",
                                  "image",      "audio",      "realtime",   "transcription",
                                  "tts",        "moderation", "rerank",     "video"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool valid_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  return true;
}

std::unique_ptr<RE2> compile_anchored(const std::string& pattern, bool case_insensitive, std::string* error) {
  RE2::Options opt;
  opt.set_log_errors(false);
  opt.set_case_sensitive(!case_insensitive);
  auto re = std::make_unique<RE2>("(?:" + pattern + ")", opt);
  if (!re->ok()) {
    *error = re->error();
    return nullptr;
  }
  return re;
}

Lifecycle read_lifecycle(YamlReader& yr, const YAML::Node& n) {
  Lifecycle l;
  l.deprecated_on = yr.str(n, "deprecated_on").value_or("");
  l.shutdown_on = yr.str(n, "shutdown_on").value_or("");
  l.replacement = yr.str(n, "replacement").value_or("");
  for (const char* key : {"deprecated_on", "shutdown_on"}) {
    std::string v = yr.str(n, key).value_or("");
    if (!v.empty() && !valid_date(v)) yr.error(n[key], std::string(key) + " must be a yyyy-mm-dd date");
  }
  return l;
}

// The `facts:` list of a family or model, each id remembered with its place
// so that unknown ids are reported once every file is read.
std::vector<std::string> read_fact_refs(YamlReader& yr, const YAML::Node& n,
                                        std::vector<std::pair<std::string, Diagnostic>>* refs) {
  std::vector<std::string> ids = yr.str_list(n, "facts");
  if (ids.empty()) return ids;
  YAML::Mark m = n["facts"].Mark();
  Diagnostic at{yr.origin(), m.line >= 0 ? static_cast<uint32_t>(m.line + 1) : 0,
                m.column >= 0 ? static_cast<uint32_t>(m.column + 1) : 0, ""};
  std::set<std::string> seen;
  for (const std::string& id : ids) {
    if (!seen.insert(id).second) yr.error(n["facts"], "fact set '" + id + "' is listed twice");
    refs->emplace_back(id, at);
  }
  return ids;
}

}  // namespace

const Lifecycle& Resolution::lifecycle() const {
  if (model && !model->lifecycle.empty()) return model->lifecycle;
  return family->lifecycle;
}

std::unique_ptr<Catalog> Catalog::load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors) {
  auto cat = std::unique_ptr<Catalog>(new Catalog());
  std::set<std::string> family_ids;
  std::unordered_map<std::string, const Family*> family_by_id;
  std::set<std::string> keywords;
  std::vector<std::pair<std::string, Diagnostic>> fact_refs;  // set id, where it is named

  for (const RuleFile* f : rule_files_under(files, "models/")) {
    YamlReader yr(f->origin, errors);
    std::optional<YAML::Node> root = yr.parse(f->text);
    if (!root) continue;
    if (!root->IsMap()) {
      yr.error(*root, "expected a mapping");
      continue;
    }

    if (f->path == "models/providers.yaml") {
      yr.check_keys(*root, {"providers"});
      for (const YAML::Node& p : (*root)["providers"]) {
        yr.check_keys(p, {"id", "name"});
        std::string id = yr.str(p, "id", true).value_or("");
        cat->provider_names_[id] = yr.str(p, "name").value_or(id);
      }
      continue;
    }

    if (f->path == "models/facts.yaml") {
      cat->load_facts(yr, *root);
      continue;
    }

    if (f->path == "models/forms.yaml") {
      yr.check_keys(*root, {"forms"});
      for (const YAML::Node& n : (*root)["forms"]) {
        yr.check_keys(n, {"id", "pattern", "rewrites", "routing", "platform", "after", "examples"});
        Form form;
        form.id = yr.str(n, "id", true).value_or("");
        std::string err;
        form.pattern = LazyRE2(compile_anchored(yr.str(n, "pattern", true).value_or(""), false, &err));
        if (!form.pattern) yr.error(n["pattern"], "bad RE2 pattern: " + err);
        form.rewrites = yr.str_list(n, "rewrites");
        for (const std::string& rw : form.rewrites)
          if (form.pattern && !form.pattern->CheckRewriteString(rw, &err))
            yr.error(n["rewrites"], "bad rewrite '" + rw + "': " + err);
        form.routing = yr.boolean(n, "routing", false);
        form.platform = yr.str(n, "platform").value_or("");
        form.after = yr.str_list(n, "after");
        if (YAML::Node ex = n["examples"]; ex && ex.IsMap())
          for (const auto& kv : ex) form.examples.emplace_back(kv.first.Scalar(), kv.second.Scalar());
        cat->forms_.push_back(std::move(form));
      }
      continue;
    }

    if (f->path == "models/false_positives.yaml") {
      yr.check_keys(*root, {"tokens", "tokenizer_context", "model_context", "api_url_patterns", "base64_min_run", "catalogue",
                            "examples"});
      FalsePositives& fp = cat->fp_;
      fp.tokens = yr.str_list(*root, "tokens");
      std::string err;
      RE2::Options opt;
      opt.set_log_errors(false);
      if (auto tc = yr.str(*root, "tokenizer_context")) {
        fp.tokenizer_context = std::make_unique<RE2>(*tc, opt);
        if (!fp.tokenizer_context->ok()) yr.error((*root)["tokenizer_context"], "bad RE2 pattern: " + fp.tokenizer_context->error());
      }
      if (auto mc = yr.str(*root, "model_context", true)) {
        fp.model_context = std::make_unique<RE2>(*mc, opt);
        if (!fp.model_context->ok()) yr.error((*root)["model_context"], "bad RE2 pattern: " + fp.model_context->error());
      }
      for (const std::string& p : yr.str_list(*root, "api_url_patterns")) {
        auto re = std::make_unique<RE2>(p, opt);
        if (!re->ok()) yr.error((*root)["api_url_patterns"], "bad RE2 pattern: " + re->error());
        fp.api_url_patterns.push_back(std::move(re));
      }
      if (auto n = yr.number(*root, "base64_min_run")) fp.base64_min_run = static_cast<size_t>(*n);
      if (YAML::Node cat_node = (*root)["catalogue"]) {
        yr.check_keys(cat_node, {"min_distinct_models", "max_line_gap"});
        if (auto n = yr.number(cat_node, "min_distinct_models")) {
          if (*n < 2) yr.error(cat_node["min_distinct_models"], "min_distinct_models must be at least 2");
          fp.catalogue_min_distinct = static_cast<uint32_t>(*n);
        }
        if (auto n = yr.number(cat_node, "max_line_gap")) fp.catalogue_max_line_gap = static_cast<uint32_t>(*n);
      }
      if (YAML::Node ex = (*root)["examples"]) {
        fp.ex_tokens = yr.str_list(ex, "tokens_not_reported");
        fp.ex_tokenizer = yr.str_list(ex, "tokenizer_context");
        fp.ex_not_tokenizer = yr.str_list(ex, "not_tokenizer_context");
        fp.ex_api_urls = yr.str_list(ex, "api_urls");
        fp.ex_doc_urls = yr.str_list(ex, "doc_urls");
        fp.ex_model_context = yr.str_list(ex, "model_context");
        fp.ex_not_model_context = yr.str_list(ex, "not_model_context");
      }
      continue;
    }

    // A provider file.
    yr.check_keys(*root, {"provider", "families", "models"});
    std::string provider = yr.str(*root, "provider", true).value_or("");
    for (const YAML::Node& n : (*root)["families"]) {
      yr.check_keys(n, {"id", "name", "keywords", "pattern", "kind", "case_insensitive", "strict",
                        "word", "lifecycle", "examples", "notes", "facts"});
      auto fam = std::make_unique<Family>();
      fam->id = yr.str(n, "id", true).value_or("");
      fam->name = yr.str(n, "name").value_or(fam->id);
      fam->provider = provider;
      fam->kind = yr.str(n, "kind", true).value_or("");
      fam->keywords = yr.str_list(n, "keywords");
      fam->strict = yr.boolean(n, "strict", false);
      fam->word = yr.boolean(n, "word", false);
      fam->case_insensitive = yr.boolean(n, "case_insensitive", false);
      fam->origin = f->origin + ":" + std::to_string(n.Mark().line + 1);
      if (!family_ids.insert(fam->id).second) yr.error(n, "duplicate family id '" + fam->id + "'");
      if (std::find(std::begin(kKinds), std::end(kKinds), fam->kind) == std::end(kKinds))
        yr.error(n, "unknown kind '" + fam->kind + "'");
      if (fam->keywords.empty()) yr.error(n, "family needs at least one keyword");
      for (std::string& k : fam->keywords) {
        if (k != lower(k)) yr.error(n["keywords"], "keywords are lower-case: '" + k + "'");
        keywords.insert(k);
      }
      std::string err;
      fam->pattern = LazyRE2(compile_anchored(yr.str(n, "pattern", true).value_or(""), fam->case_insensitive, &err));
      if (!fam->pattern) yr.error(n["pattern"], "bad RE2 pattern: " + err);
      if (YAML::Node lc = n["lifecycle"]) {
        yr.check_keys(lc, {"deprecated_on", "shutdown_on", "replacement"});
        fam->lifecycle = read_lifecycle(yr, lc);
      }
      if (YAML::Node ex = n["examples"]) {
        yr.check_keys(ex, {"match", "no_match"});
        fam->examples.match = yr.str_list(ex, "match");
        fam->examples.no_match = yr.str_list(ex, "no_match");
      }
      if (fam->examples.match.empty()) yr.error(n, "family '" + fam->id + "' needs match examples");
      fam->facts = read_fact_refs(yr, n, &fact_refs);
      family_by_id[fam->id] = fam.get();
      cat->families_.push_back(std::move(fam));
    }
    for (const YAML::Node& n : (*root)["models"]) {
      yr.check_keys(n, {"id", "family", "kind", "aliases", "deprecated_on", "shutdown_on", "replacement",
                        "context_window", "max_output_tokens", "input_cost_per_mtok", "output_cost_per_mtok",
                        "facts", "source", "uncertain", "notes", "replacement_history"});
      auto m = std::make_unique<Model>();
      m->id = yr.str(n, "id", true).value_or("");
      m->family_id = yr.str(n, "family", true).value_or("");
      m->provider = provider;
      m->kind = yr.str(n, "kind").value_or("");
      if (!m->kind.empty() && std::find(std::begin(kKinds), std::end(kKinds), m->kind) == std::end(kKinds))
        yr.error(n, "unknown kind '" + m->kind + "'");
      m->aliases = yr.str_list(n, "aliases");
      m->lifecycle = read_lifecycle(yr, n);
      m->context_window = yr.number(n, "context_window");
      m->max_output_tokens = yr.number(n, "max_output_tokens");
      m->input_cost_per_mtok = yr.number(n, "input_cost_per_mtok");
      m->output_cost_per_mtok = yr.number(n, "output_cost_per_mtok");
      m->uncertain = yr.boolean(n, "uncertain", false);
      m->facts = read_fact_refs(yr, n, &fact_refs);
      auto it = family_by_id.find(m->family_id);
      if (it == family_by_id.end()) {
        yr.error(n["family"], "unknown family '" + m->family_id + "' (families must be defined before use, in the same file)");
      } else {
        m->family = it->second;
      }
      cat->models_.push_back(std::move(m));
    }
  }

  // Sets may be defined in a file read after the one that names them.
  for (const auto& [id, at] : fact_refs)
    if (!cat->fact_sets_.count(id)) {
      std::vector<std::string> ids;
      for (const auto& [known, set] : cat->fact_sets_) ids.push_back(known);
      std::string hint = closest_word(id, ids);
      errors->push_back({at.path, at.line, at.column,
                         "unknown fact set '" + id + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                             " (rules/models/facts.yaml)"});
    }
  cat->index_models(errors);
  cat->keywords_.assign(keywords.begin(), keywords.end());
  if (cat->families_.empty()) errors->push_back({"rules/models", 0, 0, "no model families found"});
  return cat;
}

void Catalog::index_models(std::vector<Diagnostic>* errors) {
  // A clash is a catalog bug worth stopping for.
  for (const auto& m : models_) {
    if (!m->family) continue;
    std::vector<std::string> names = m->aliases;
    names.insert(names.begin(), m->id);
    for (const std::string& name : names) {
      auto [it, inserted] = by_id_.emplace(name, m.get());
      if (!inserted && it->second != m.get())
        errors->push_back({"rules/models", 0, 0, "id or alias '" + name + "' is listed twice (" + it->second->id + ", " + m->id + ")"});
      if (m->family->case_insensitive) by_lower_id_.emplace(lower(name), m.get());
    }
  }
}

std::optional<Resolution> Catalog::lookup(const std::string& bare) const {
  if (auto it = by_id_.find(bare); it != by_id_.end()) {
    Resolution r;
    r.model = it->second;
    r.family = it->second->family;
    r.bare = bare;
    return r;
  }
  if (!by_lower_id_.empty()) {
    if (auto it = by_lower_id_.find(lower(bare)); it != by_lower_id_.end()) {
      Resolution r;
      r.model = it->second;
      r.family = it->second->family;
      r.bare = bare;
      return r;
    }
  }
  for (const auto& fam : families_) {
    if (fam->pattern && RE2::FullMatch(bare, *fam->pattern)) {
      Resolution r;
      r.family = fam.get();
      r.bare = bare;
      return r;
    }
  }
  return std::nullopt;
}

std::optional<Resolution> Catalog::resolve(std::string_view token) const {
  if (token.empty() || token.size() > 512) return std::nullopt;
  for (const std::string& t : fp_.tokens)
    if (token == t) return std::nullopt;

  // Breadth-first over candidates derived by forms; the token itself first.
  struct Cand {
    std::string text;
    std::string written;   // what the finding shows as `model`
    std::string platform;
    std::string from_form;
  };
  std::vector<Cand> queue{{std::string(token), std::string(token), "", ""}};
  for (size_t i = 0; i < queue.size() && i < 64; ++i) {
    Cand c = queue[i];
    if (std::optional<Resolution> r = lookup(c.text)) {
      r->written_model = c.written;
      r->platform = c.platform;
      return r;
    }
    for (const Form& form : forms_) {
      if (!form.pattern) continue;
      if (!form.after.empty() && std::find(form.after.begin(), form.after.end(), c.from_form) == form.after.end())
        continue;
      if (!RE2::FullMatch(c.text, *form.pattern)) continue;
      re2::StringPiece groups[10];
      int ngroups = std::min(9, form.pattern->NumberOfCapturingGroups()) + 1;
      if (!form.pattern->Match(c.text, 0, c.text.size(), RE2::ANCHOR_BOTH, groups, ngroups)) continue;
      std::string platform = c.platform;
      if (!form.platform.empty() && platform.empty()) {
        std::string p;
        form.pattern->Rewrite(&p, form.platform, groups, ngroups);
        platform = p;
      }
      for (const std::string& rw : form.rewrites) {
        std::string next;
        if (!form.pattern->Rewrite(&next, rw, groups, ngroups) || next.empty() || next == c.text) continue;
        // Routing forms remove what a gateway added, so the written model
        // shrinks with them; other forms keep what was written.
        std::string written = c.written;
        if (form.routing && c.written == c.text) written = next;
        queue.push_back({next, written, platform, form.id});
      }
    }
  }
  return std::nullopt;
}

std::string Catalog::status(const Resolution& r, std::string_view as_of) {
  const Lifecycle& l = r.lifecycle();
  return lifecycle_status(r.listing(), l.deprecated_on, l.shutdown_on, as_of);
}

}  // namespace modelshift
