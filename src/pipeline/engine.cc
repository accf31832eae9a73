// The Engine: everything loaded from rules/ once per run (languages, the
// catalog, the matcher, SDK constants, deployments) and the rules that load
// on first use (call sites, prompts, structures). Declared in scan.h; kept
// apart from the scan itself because a rule change touches only this room.
#include <algorithm>
#include <cstdio>
#include <mutex>

#include "core/embedded_snapshot.h"
#include "pipeline/scan.h"

namespace modelshift {

namespace {

// SDK constants are model references of their own, so they are read with the
// eager rules and not with the (lazy) call-site rules. One alternation per
// language, longest first so that openai.GPT4oMini is not read as openai.GPT4o.
void compile_sdk_constants(Engine* engine, std::vector<Diagnostic>* errors) {
  engine->sdk_constant_ids = SdkRules::load_constants(engine->rule_files, errors);
  for (const auto& [language, ids] : engine->sdk_constant_ids) {
    if (ids.empty()) continue;
    std::vector<std::string> names;
    for (const auto& kv : ids) names.push_back(kv.first);
    std::sort(names.begin(), names.end(),
              [](const std::string& a, const std::string& b) { return a.size() != b.size() ? a.size() > b.size() : a < b; });
    std::string alternation;
    for (const std::string& n : names) alternation += (alternation.empty() ? "" : "|") + RE2::QuoteMeta(n);
    auto re = std::make_unique<RE2>(alternation);
    if (!re->ok()) errors->push_back({"rules/sdk/constants.yaml", 0, 0, "constants of " + language + ": " + re->error()});
    engine->sdk_constants[language] = std::move(re);
  }
}

}  // namespace

std::unique_ptr<Engine> Engine::load(const std::string& rules_dir, std::vector<Diagnostic>* errors) {
  auto engine = std::make_unique<Engine>();
  engine->rule_files = load_rule_files(rules_dir, errors);
  if (!errors->empty()) return engine;
  engine->languages = LanguageTable::load(engine->rule_files, errors);
  // The embedded catalog comes pre-loaded (embedded_snapshot.h); rules from
  // --rules DIR are read as YAML.
  std::string_view snapshot = rules_dir.empty() ? embedded_catalog_snapshot() : std::string_view();
  engine->catalog = snapshot.empty() ? Catalog::load(engine->rule_files, errors) : Catalog::from_snapshot(snapshot, errors);
  if (!errors->empty()) return engine;
  if (!rules_dir.empty()) {
    const Engine& e = *engine;
    std::call_once(e.sdk_.once, [&] {
      e.sdk_.value = SdkRules::load(e.rule_files, e.languages, errors, /*eager_queries=*/true);
    });
    std::call_once(e.prompts_.once, [&] { e.prompts_.value = PromptRules::load(e.rule_files, errors); });
    std::call_once(e.structures_.once, [&] { e.structures_.value = StructureRules::load(e.rule_files, errors); });
    if (!errors->empty()) return engine;
  }
  engine->deployments = DeploymentRules::load(engine->rule_files, errors);
  if (!errors->empty()) return engine;
  compile_sdk_constants(engine.get(), errors);
  engine->matcher = std::make_unique<Matcher>(*engine->catalog);
  if (!engine->matcher->ok()) errors->push_back({"rules/models", 0, 0, "prefilter: " + engine->matcher->error()});
  return engine;
}

template <class T, class Load>
const T* Engine::once(Lazy<T>& rules, Load load) {
  std::call_once(rules.once, [&] {
    std::vector<Diagnostic> errors;
    rules.value = load(&errors);
    for (const Diagnostic& d : errors)
      std::fprintf(stderr, "modelshift: internal error in the built-in rules: %s:%u: %s\n", d.path.c_str(), d.line,
                   d.message.c_str());
  });
  return rules.value.get();
}

const SdkRules* Engine::sdk() const {
  return once(sdk_, [this](std::vector<Diagnostic>* e) { return SdkRules::load(rule_files, languages, e, false); });
}

const PromptRules* Engine::prompts() const {
  return once(prompts_, [this](std::vector<Diagnostic>* e) { return PromptRules::load(rule_files, e); });
}

const StructureRules* Engine::structures() const {
  return once(structures_, [this](std::vector<Diagnostic>* e) { return StructureRules::load(rule_files, e); });
}

}  // namespace modelshift
