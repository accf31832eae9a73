#include "judge/policy.h"

#include <fnmatch.h>

namespace modelshift {

bool model_glob_match(const std::string& pattern, const std::string& id) {
  return !id.empty() && ::fnmatch(pattern.c_str(), id.c_str(), FNM_CASEFOLD) == 0;
}

namespace {

const PolicyEntry* first_match(const std::vector<PolicyEntry>& entries, const Finding& f) {
  for (const PolicyEntry& e : entries)
    for (const std::string* id : {&f.canonical, &f.model, &f.written})
      if (model_glob_match(e.pattern, *id)) return &e;
  return nullptr;
}

std::string shown(const Finding& f) { return f.model.empty() ? f.written : f.model; }

std::string lifecycle_message(const Finding& f) {
  std::string m = shown(f) + " is " + f.status;
  if (!f.deprecated_on.empty()) m += " since " + f.deprecated_on;
  if (!f.shutdown_on.empty()) m += std::string(f.status == "retired" ? " (shut down " : " (shutdown ") + f.shutdown_on + ")";
  if (!f.replacement.empty()) m += "; use " + f.replacement;
  return m;
}

}  // namespace

bool apply_policy(const PolicyConfig& config, Finding* f) {
  if (f->kind != "model_reference" && f->kind != "call_site") return false;
  if (f->model.empty() && f->canonical.empty() && f->written.empty()) return false;
  if (const PolicyEntry* e = first_match(config.deny, *f)) {
    f->policy = "denied-model";
    f->severity = e->severity.empty() ? "error" : e->severity;
    f->message = shown(*f) + " is denied by policy '" + e->pattern + "'" +
                 (e->message.empty() ? (f->replacement.empty() ? "" : "; use " + f->replacement) : ": " + e->message);
    return true;
  }
  if (const PolicyEntry* e = first_match(config.warn, *f)) {
    f->policy = "warned-model";
    f->severity = e->severity.empty() ? "warning" : e->severity;
    f->message = shown(*f) + " is discouraged by policy '" + e->pattern + "'" + (e->message.empty() ? "" : ": " + e->message);
    return true;
  }
  const std::string& level = f->status == "retired" ? config.retired : f->status == "deprecated" ? config.deprecated : "";
  if (level.empty() || level == "off") return false;
  f->policy = f->status == "retired" ? "retired-model" : "deprecated-model";
  f->severity = level;
  f->message = lifecycle_message(*f);
  return true;
}

}  // namespace modelshift
