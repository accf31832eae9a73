#include "assess/assess.h"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>

namespace modelshift {

namespace {

using nlohmann::json;

json detail_json(const Finding& f, const std::string& key) {
  const std::string& text = detail_text(f, key);
  return text.empty() ? json() : json::parse(text, nullptr, false);
}

// The last '.'- or ':'-separated part of a callee ("client.chat.completions.stream").
std::string last_segment(const std::string& callee) {
  size_t cut = callee.find_last_of(".:");
  return cut == std::string::npos ? callee : callee.substr(cut + 1);
}

bool truthy(const std::string& json_text) { return json_text == "true" || json_text == "\"True\"" || json_text == "\"true\""; }

std::string place(const Finding& f) { return f.path + ":" + std::to_string(f.loc.line); }

class FactCollector {
 public:
  FactCollector(const std::vector<Finding>& findings, const AssessInputs& in, Usage* u)
      : findings_(findings), in_(in), u_(u), anchor_(findings[u->findings[0]]) {}

  void run() {
    // A mention in a comment, docstring or document sends no request:
    // neither its file's exposure nor the model's dates make editing it risky.
    if (anchor_.kind == "model_reference" &&
        (anchor_.context == "comment" || anchor_.context == "docs" || anchor_.context == "docstring")) {
      u_->surface_reason = "a mention in " + anchor_.context + ": sends no request";
      return;
    }
    surface();
    for (size_t i : u_->findings) member(findings_[i]);
    if (prompt_long_) add("long_system_prompt", std::to_string(prompt_long_) + " characters", *prompt_long_at_);
    if (few_shot_) add("few_shot", std::to_string(few_shot_) + " example pair(s)", *few_shot_at_);
    if (templated_) add("templated_prompt", templated_detail_, *templated_);
    calls();
    model_source();
    lifecycle();
    metadata();
  }

 private:
  void add(const std::string& factor, const std::string& detail, const Finding& at, double value = 0) {
    u_->facts.push_back({factor, detail, at.path, at.loc.line, value});
  }
  bool has(const std::string& factor) const {
    return std::any_of(u_->facts.begin(), u_->facts.end(), [&](const RiskFact& f) { return f.factor == factor; });
  }

  void surface() {
    if (!in_.surface) return;
    Surface s = in_.surface(anchor_.path);
    u_->surface = s.surface;
    u_->surface_reason = s.reason;
    u_->surface_path = s.path;
    u_->surface_line = s.line;
    if (s.surface == "customer_facing" || s.surface == "internal")
      u_->facts.push_back({s.surface, s.reason, s.path.empty() ? anchor_.path : s.path, s.line, 0});
  }

  void member(const Finding& f) {
    if (f.kind == "prompt") {
      json role = detail_json(f, "role"), few = detail_json(f, "few_shot"), len = detail_json(f, "length");
      json ph = detail_json(f, "placeholders");
      double min_chars = in_.risk->min_chars("long_system_prompt");
      if (role == "system" && len.is_number() && len.get<double>() >= min_chars && len.get<long>() > prompt_long_) {
        prompt_long_ = len.get<long>();
        prompt_long_at_ = &f;
      }
      if (few.is_number() && few.get<long>() > few_shot_) few_shot_ = few.get<long>(), few_shot_at_ = &f;
      if (ph.is_array() && !ph.empty() && !templated_) {
        templated_ = &f;
        for (const auto& p : ph) templated_detail_ += (templated_detail_.empty() ? "" : ", ") + p.get<std::string>();
      }
    } else if (f.kind == "tool_schema") {
      if (!has("function_calling")) add("function_calling", "tool schema used by the call", f);
      json issues = detail_json(f, "strict_issues");
      if (issues.is_array() && !issues.empty() && !has("strict_schema_issues"))
        add("strict_schema_issues", std::to_string(issues.size()) + " issue(s), first: " + issues[0].get<std::string>(), f);
    } else if (f.kind == "vector_store" && !has("vector_store_linked")) {
      json store = detail_json(f, "store");
      add("vector_store_linked", store.is_string() ? store.get<std::string>() : "vector store", f);
    } else if (f.kind == "embedding") {
      if (!has("embedding")) add("embedding", f.canonical.empty() ? "embedding call" : f.canonical, f);
      json stores = detail_json(f, "vector_stores");
      if (stores.is_array() && !stores.empty() && !has("vector_store_linked")) {
        std::string where = stores[0].value("path", "") + ":" + std::to_string(stores[0].value("line", 0));
        u_->facts.push_back({"vector_store_linked", "vector store at " + where, stores[0].value("path", ""),
                             stores[0].value("line", 0u), 0});
      }
    }
  }

  void calls() {
    if (anchor_.kind != "call_site" && anchor_.kind != "embedding") return;
    const RiskRules& r = *in_.risk;
    for (const auto& [name, value] : anchor_.parameters) {
      if (r.signals("function_calling", name) && !has("function_calling")) add("function_calling", "parameter " + name, anchor_);
      if (r.signals("structured_output", name) && !has("structured_output")) add("structured_output", "parameter " + name, anchor_);
      if (r.signals("streaming", name) && truthy(value) && !has("streaming")) add("streaming", "parameter " + name, anchor_);
    }
    if (!has("streaming") && r.signals("streaming_callees", last_segment(anchor_.callee)))
      add("streaming", "callee " + anchor_.callee, anchor_);
    if (in_.parameter_changes)
      if (size_t n = in_.parameter_changes(*u_))
        add("parameter_changes", std::to_string(n) + " parameter change(s) for the target model", anchor_, static_cast<double>(n));
  }

  void model_source() {
    const Finding& a = anchor_;
    if (a.kind == "call_site" || a.kind == "embedding") {
      const std::string& src = a.model_source;
      if (src == "literal" || src == "constant") {
        const Finding* at = &a;
        for (size_t i : u_->findings)
          if (findings_[i].kind == "model_reference") {
            at = &findings_[i];
            break;
          }
        add("hard_coded", src == "literal" ? "literal in the call" : "constant at " + place(*at), *at);
      } else if (src == "env" || src == "config") {
        const ResolutionStep* last = a.resolution.empty() ? nullptr : &a.resolution.back();
        u_->facts.push_back({"configurable", last ? last->note : src, last && !last->path.empty() ? last->path : a.path,
                             last ? last->line : a.loc.line, 0});
      } else if (!src.empty()) {
        add("unresolved", "model " + src, a);
      }
    } else if (a.kind == "model_reference") {
      if (a.context == "config") add("configurable", "config value " + (a.key_path.empty() ? a.model : a.key_path), a);
      else if (a.context == "string") add("hard_coded", "string in code", a);
    }
  }

  void lifecycle() {
    const Finding& a = anchor_;
    if (a.status == "retired") {
      add("retired", a.shutdown_on.empty() ? "retired" : "shut down on " + a.shutdown_on, a);
    } else if (!a.shutdown_on.empty() && !in_.as_of.empty()) {
      long days = days_between(in_.as_of, a.shutdown_on);
      if (days >= 0) add("shutdown_soon", "shutdown " + a.shutdown_on + " (" + std::to_string(days) + " days)", a, days);
    }
  }

  void metadata() {
    if (!in_.settings) return;
    u_->metadata = metadata_for(*in_.settings, anchor_.path);
    const UsageMetadata& m = u_->metadata;
    const std::string& cfg = in_.settings->config_path;
    auto add_meta = [&](const char* factor, const std::string& detail, double value) {
      u_->facts.push_back({factor, detail, cfg, 0, value});
    };
    if (!m.sla.empty()) add_meta("sla", "SLA " + m.sla, 0);
    if (!m.data_sensitivity.empty()) add_meta("data_sensitivity", m.data_sensitivity, 0);
    if (m.monthly_calls) add_meta("monthly_calls", std::to_string(static_cast<long long>(*m.monthly_calls)) + " calls a month", *m.monthly_calls);
  }

  const std::vector<Finding>& findings_;
  const AssessInputs& in_;
  Usage* u_;
  const Finding& anchor_;
  long prompt_long_ = 0, few_shot_ = 0;
  const Finding *prompt_long_at_ = nullptr, *few_shot_at_ = nullptr, *templated_ = nullptr;
  std::string templated_detail_;
};

std::time_t utc_days(const std::string& d) {
  std::tm tm{};
  tm.tm_year = std::stoi(d.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(d.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(d.substr(8, 2));
  return timegm(&tm) / 86400;
}

}  // namespace

long days_between(const std::string& from, const std::string& to) {
  if (from.size() < 10 || to.size() < 10) return 0;
  return static_cast<long>(utc_days(to) - utc_days(from));
}

void assess_usages(const std::vector<Finding>& findings, const AssessInputs& in, std::vector<Usage>* usages) {
  for (Usage& u : *usages) {
    u.facts.clear();
    FactCollector(findings, in, &u).run();
    if (in.owners) {
      Ownership o = in.owners(findings[u.findings[0]].path);
      u.owners = std::move(o.owners);
      u.owner_source = std::move(o.source);
    }
    u.risk = in.risk->score(u.facts, in.settings ? in.settings->risk_weights : std::map<std::string, double>{});
  }
}

}  // namespace modelshift
