// The plan's numbers: prompt tokens (counted with the model's real BPE
// ranks where the catalog names its encoding, estimated elsewhere), prices
// before and after, per 1,000 calls and per month; the target models' facts;
// and the totals.
#include <cmath>
#include <map>
#include <set>

#include "plan/plan.h"
#include "plan/tokenizer.h"

namespace modelshift {

namespace {

using ojson = nlohmann::ordered_json;

double round6(double v) { return std::round(v * 1e6) / 1e6; }

struct TokenCount {
  double tokens = 0;
  bool exact = false;
  std::string method;
};

struct Price {
  std::optional<double> input, output;
  std::string source;
  bool known() const { return input && output; }
};

std::optional<ModelFacts> facts_of(const Catalog& catalog, const std::string& model) {
  if (model.empty()) return std::nullopt;
  std::optional<Resolution> r = catalog.resolve(model);
  if (!r) return std::nullopt;
  return catalog.facts(*r);
}

TokenCount count_tokens(const std::string& text, const std::optional<ModelFacts>& facts, double chars_per_token) {
  if (facts && facts->tokenizer)
    if (const Tokenizer* t = Tokenizer::get(facts->tokenizer->encoding)) {
      const TokenizerFact& tf = *facts->tokenizer;
      double n = static_cast<double>(t->count(text));
      bool exact = tf.exact && tf.ratio == 1.0;
      if (tf.ratio != 1.0) n = std::round(n * tf.ratio);
      std::string method = exact ? tf.encoding : "estimate: " + tf.encoding;
      if (tf.ratio != 1.0) method += " x " + ojson(tf.ratio).dump();
      return {n, exact, method};
    }
  size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
  // "4 characters a token", not the JSON spelling "4.0".
  std::string per = chars_per_token == std::floor(chars_per_token)
                        ? std::to_string(static_cast<long long>(chars_per_token))
                        : ojson(chars_per_token).dump();
  return {std::ceil(static_cast<double>(chars) / chars_per_token), false, "estimate: " + per + " characters a token"};
}

Price price_of(const PlanInputs& in, const std::string& model, const std::optional<ModelFacts>& facts) {
  for (const PriceOverride& p : in.settings->prices)
    if (p.model == model) return {p.input_per_mtok, p.output_per_mtok, ".modelshift.yaml"};
  if (!facts) return {};
  return {facts->input_cost_per_mtok, facts->output_cost_per_mtok, facts->price_source.empty() ? "catalog" : facts->price_source};
}

ojson price_json(const Price& p) {
  if (!p.known()) return "unknown";
  return {{"input", *p.input}, {"output", *p.output}, {"source", p.source}};
}

}  // namespace

ojson Planner::cost_json(const Usage& u, const std::string& current, const std::string& target) const {
  const std::vector<Finding>& all = in_.inventory->findings;
  const Finding& a = anchor(u);
  std::optional<ModelFacts> cur_facts = facts_of(*in_.catalog, current), tgt_facts = facts_of(*in_.catalog, target);
  ojson j = ojson::object();
  // The static part of every request: the prompts the call sends.
  std::string prompts;
  for (size_t i : u.findings)
    if (all[i].kind == "prompt") prompts += all[i].text;
  TokenCount before{}, after{};
  if (!prompts.empty()) {
    before = count_tokens(prompts, cur_facts, in_.rules->chars_per_token);
    after = count_tokens(prompts, tgt_facts, in_.rules->chars_per_token);
    j["prompt_tokens"] = {{"current", before.tokens}, {"current_method", before.method},
                          {"target", after.tokens}, {"target_method", after.method}};
  }
  std::optional<double> max_out;
  for (const auto& [name, value] : a.parameters)
    if (name == "max_tokens" || name == "max_completion_tokens" || name == "max_output_tokens" || name == "maxTokens" ||
        name == "MaxTokens" || name == "max_new_tokens") {
      nlohmann::json v = nlohmann::json::parse(value, nullptr, false);
      if (v.is_number()) max_out = v.get<double>();
    }
  if (max_out) j["max_output_tokens"] = *max_out;
  Price pb = price_of(in_, current, cur_facts), pa = price_of(in_, target, tgt_facts);
  j["price_per_mtok_usd"] = {{"current", price_json(pb)}, {"target", price_json(pa)}};
  if (prompts.empty() && !max_out) {
    j["note"] = "no static prompt or output bound: the per-call cost depends on input built at run time";
    return j;
  }
  if (!pb.known() || !pa.known()) {
    j["note"] = "no price for " + std::string(!pb.known() ? current : target) +
                ": add one under prices: in .modelshift.yaml";
    return j;
  }
  auto per_1000 = [&](const Price& p, double in_tokens) {
    return round6((in_tokens * *p.input + max_out.value_or(0) * *p.output) / 1e6 * 1000);
  };
  double cb = per_1000(pb, before.tokens), ca = per_1000(pa, after.tokens);
  j["per_1000_calls_usd"] = {{"current", cb}, {"target", ca}};
  j["counts"] = std::string(prompts.empty() ? "" : "static prompt tokens") + (prompts.empty() || !max_out ? "" : " + ") +
                (max_out ? "max output tokens" : "") + "; run-time input not included";
  if (u.metadata.monthly_calls) {
    double calls = *u.metadata.monthly_calls / 1000;
    j["per_month_usd"] = {{"current", round6(cb * calls)}, {"target", round6(ca * calls)}};
  }
  // Only prompt tokens are ever estimated; output tokens are the call's own bound.
  if (!prompts.empty() && (!before.exact || !after.exact)) j["estimate"] = true;
  return j;
}

ojson Planner::targets_json(const std::vector<Usage>& planned) const {
  std::map<std::string, std::set<std::string>> replaces;
  for (const Usage& u : planned) {
    MigrationTarget t = target(u);
    if (!t.model.empty() && u.kind != "catalogue") replaces[t.model].insert(model_finding(u).canonical);
  }
  ojson out = ojson::array();
  for (const auto& [model, from] : replaces) {
    ojson j = {{"model", model}};
    std::optional<Resolution> r = in_.catalog->resolve(model);
    if (!r) {
      j["known"] = false;
      j["note"] = "not in the catalog: check the id";
      out.push_back(std::move(j));
      continue;
    }
    ModelFacts f = in_.catalog->facts(*r);
    j["provider"] = r->provider();
    j["status"] = Catalog::status(*r, in_.inventory->as_of);
    if (!r->lifecycle().shutdown_on.empty()) j["shutdown_on"] = r->lifecycle().shutdown_on;
    if (f.context_window) j["context_window"] = *f.context_window;
    if (f.max_output_tokens) j["max_output_tokens"] = *f.max_output_tokens;
    j["price_per_mtok_usd"] = price_json(price_of(in_, model, f));
    if (f.tokenizer)
      j["tokenizer"] = {{"encoding", f.tokenizer->encoding}, {"exact", f.tokenizer->exact}, {"ratio", f.tokenizer->ratio},
                        {"source", f.tokenizer->source}};
    ojson notes = ojson::array();
    for (const ModelNote& n : f.notes) notes.push_back({{"text", n.text}, {"source", n.source}});
    j["notes"] = notes;
    ojson prev = ojson::array();
    for (const std::string& m : from) {
      ojson pj = {{"model", m}};
      if (std::optional<ModelFacts> pf = facts_of(*in_.catalog, m)) {
        if (pf->context_window) pj["context_window"] = *pf->context_window;
        pj["price_per_mtok_usd"] = price_json(price_of(in_, m, pf));
      }
      prev.push_back(std::move(pj));
    }
    j["replaces"] = prev;
    out.push_back(std::move(j));
  }
  return out;
}

namespace {

// Cost sums of a set of usages: how many could be priced, per 1,000 calls and
// per month ("unknown" rather than a sum of nothing).
struct CostSum {
  size_t priced = 0, monthly = 0;
  double k_before = 0, k_after = 0, month_before = 0, month_after = 0;
  void add(const ojson& c) {
    if (c.contains("per_1000_calls_usd")) {
      ++priced;
      k_before += c["per_1000_calls_usd"]["current"].get<double>();
      k_after += c["per_1000_calls_usd"]["target"].get<double>();
    }
    if (c.contains("per_month_usd")) {
      ++monthly;
      month_before += c["per_month_usd"]["current"].get<double>();
      month_after += c["per_month_usd"]["target"].get<double>();
    }
  }
  ojson json() const {
    ojson j = {{"usages_priced", priced}};
    j["per_1000_calls_usd"] = priced ? ojson{{"current", round6(k_before)}, {"target", round6(k_after)}} : ojson("unknown");
    j["per_month_usd"] = monthly ? ojson{{"current", round6(month_before)}, {"target", round6(month_after)}}
                                 : ojson("unknown: no usage declares monthly_calls");
    return j;
  }
};

}  // namespace

ojson plan_totals(const ojson& usages) {
  static const char* const kGroups[] = {"by_risk", "by_phase", "by_owner", "by_model", "by_surface"};
  std::map<std::string, std::map<std::string, size_t>> by;
  std::map<std::string, std::map<std::string, CostSum>> cost_by;
  CostSum all;
  for (const ojson& u : usages) {
    std::string keys[] = {u["risk"]["level"].get<std::string>(), u["phase"].get<std::string>(),
                          u["owner"].get<std::string>(),
                          u["current"]["model"].get<std::string>() + " -> " + u["target"]["model"].get<std::string>(),
                          u["surface"]["value"].get<std::string>()};
    all.add(u["cost"]);
    for (size_t g = 0; g < std::size(kGroups); ++g) {
      by[kGroups[g]][keys[g]]++;
      cost_by[kGroups[g]][keys[g]].add(u["cost"]);
    }
  }
  ojson t;
  t["usages"] = usages.size();
  for (const char* key : kGroups) {
    ojson m = ojson::object();
    for (const auto& [k, n] : by[key]) m[k] = n;
    t[key] = m;
  }
  t["cost"] = all.json();
  // The same sums per owner, risk, model pair and phase, for the groups
  // that have a priced usage.
  for (const char* key : {"by_owner", "by_risk", "by_model", "by_phase"}) {
    ojson m = ojson::object();
    for (const auto& [k, sum] : cost_by[key])
      if (sum.priced) m[k] = sum.json();
    t["cost"][key] = m;
  }
  return t;
}

}  // namespace modelshift
