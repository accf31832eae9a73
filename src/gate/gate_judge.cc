// The gate's verdict on a set of files (see gate_judge.h).
#include "gate/gate_judge.h"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstring>
#include <tuple>

#include "detect/code_context.h"
#include "judge/lifecycle.h"
#include "judge/policy.h"
#include "link/sdk_packages.h"
#include "pipeline/scan.h"

namespace modelshift {

namespace {

namespace fs = boost::filesystem;

constexpr const char* kSettingsFile = ".modelshift.yaml";

bool by_position(const Finding& a, const Finding& b) {
  return std::tie(a.loc.line, a.loc.column, a.kind, a.loc.end_line, a.loc.end_column) <
         std::tie(b.loc.line, b.loc.column, b.kind, b.loc.end_line, b.loc.end_column);
}

// The id literal inside a call that names it is one violation, not two: the
// call site (with its API and parameters) speaks for it.
std::vector<bool> spoken_for_by_call(const std::vector<Finding>& judged) {
  std::vector<bool> out(judged.size());
  for (size_t k = 0; k < judged.size(); ++k) {
    const Finding& ref = judged[k];
    if (ref.kind != "model_reference") continue;
    for (const Finding& c : judged)
      if (c.kind == "call_site" && c.canonical == ref.canonical && c.suppressed.empty() &&
          std::tie(c.loc.line, c.loc.column) <= std::tie(ref.loc.line, ref.loc.column) &&
          std::tie(ref.loc.end_line, ref.loc.end_column) <= std::tie(c.loc.end_line, c.loc.end_column))
        out[k] = true;
  }
  return out;
}

// An unused suppression of one file: on a new line it was just written for
// nothing; on an old one the finding it silenced has gone (stale).
Finding suppression_finding(const Suppression& s, const std::string& path, size_t directive_size, bool is_new,
                            bool strict) {
  Finding u;
  u.kind = "suppression";
  u.path = path;
  u.loc = {s.line, s.column, s.line, s.column + static_cast<uint32_t>(directive_size)};
  u.severity = strict ? "error" : "warning";
  u.policy = "unused-suppression";  // one SARIF rule for both: the fix is the same
  if (is_new) {
    u.message = "unused suppression: no finding a policy flags on its line, its call or the line below; remove it";
  } else {
    u.message = "stale suppression: no finding a policy flags is left on its line, its call or the line below; remove it";
  }
  return u;
}

// One file's verdict, appended to `v`.
void judge_file(const GateJudge& j, const Target& t, CodeParser& parser, const ScanFocus& focus,
                SdkPackageIndex& sdk_index, GateVerdict* v) {
  const Options& o = *j.options;
  FileResult r = scan_bytes(*j.engine, t.rel, t.bytes, parser, &focus);
  judge_lifecycle(j.as_of, &r.findings);  // before the policies read status
  mark_sdk_definitions(sdk_index, &r.findings);
  for (Diagnostic& d : r.warnings) v->warnings.push_back(std::move(d));
  for (const Skipped& s : r.skipped) v->warnings.push_back({s.path, 0, 0, "skipped: " + s.reason});
  std::vector<Suppression> sups = find_suppressions(j.syntax, t.bytes);
  drop_suppression_text(sups, &r.findings);
  if (t.rel == kSettingsFile)
    r.findings.erase(std::remove_if(r.findings.begin(), r.findings.end(),
                                    [](const Finding& f) { return !judged_in_settings_file(f); }),
                     r.findings.end());
  std::sort(r.findings.begin(), r.findings.end(), by_position);
  assign_fingerprints(&r.findings);
  std::vector<Finding> calls, judged;
  for (const Finding& f : r.findings)
    if (f.kind == "call_site") calls.push_back(f);
  for (Finding& f : r.findings) {
    v->seen_fingerprints.insert(f.fingerprint);
    if (apply_policy(o.policies, &f)) judged.push_back(std::move(f));
  }
  apply_suppressions(&sups, &judged, &calls);
  auto is_new = [&](uint32_t line) { return t.all_lines || line_changed(t.ranges, line); };
  std::vector<bool> covered = spoken_for_by_call(judged);  // decided before findings move out
  for (size_t k = 0; k < judged.size(); ++k) {
    Finding& f = judged[k];
    if (!f.suppressed.empty() || j.baselined.count(f.fingerprint) || !is_new(f.loc.line) || covered[k] ||
        f.context == "sdk_definition" || !o.filter.keep(f))  // --status, --model, ...: report filters
      continue;
    v->blocking += blocking(f);
    v->reported.push_back(std::move(f));
  }
  for (const Suppression& s : sups) {
    if (s.used) continue;
    v->reported.push_back(suppression_finding(s, t.rel, j.syntax.directive.size(), is_new(s.line), o.strict));
    v->blocking += o.strict;
  }
}

}  // namespace

bool judged_in_settings_file(const Finding& f) {
  const std::string& k = f.key_path;
  return k.size() >= 3 && k.compare(k.size() - 3, 3, ".to") == 0 && k.rfind("migrations", 0) == 0;
}

GateVerdict judge_targets(const GateJudge& j, std::vector<Target>* targets) {
  const Options& o = *j.options;
  GateVerdict v;
  // Call sites are worked out only in files naming a model the policy flags
  // (ScanFocus says why); the verdict itself is apply_policy's.
  ScanFocus focus;
  focus.flags = [&](const Resolution& r, std::string_view token) {
    Finding f;
    f.kind = "model_reference";
    f.written = std::string(token);
    f.model = r.written_model;
    f.canonical = r.canonical();
    f.listing = r.listing();
    const Lifecycle& life = r.lifecycle();
    f.status = lifecycle_status(f.listing, life.deprecated_on, life.shutdown_on, j.as_of);
    return apply_policy(o.policies, &f);
  };
  CodeParser parser;
  // Findings in an SDK's own package are its definition, never a violation.
  std::unique_ptr<SdkPackageRules> sdk_rules = SdkPackageRules::load(j.engine->rule_files, &v.errors);
  SdkPackageIndex sdk_index = SdkPackageIndex::on_disk(*sdk_rules, j.root);
  for (Target& t : *targets) {
    if (t.object.empty() && !read_whole(t.disk, &t.bytes)) {
      v.errors.push_back({t.disk, 0, 0, std::string("cannot read: ") + std::strerror(errno)});
      continue;
    }
    if (t.object.empty()) t.loaded = true;
    if (!t.loaded) continue;
    if (t.bytes.size() > o.max_filesize) {
      v.warnings.push_back({t.rel, 0, 0, "too large; skipped"});
      continue;
    }
    if (fs::path(t.rel).filename() == j.syntax.baseline_file) continue;  // ids listed, not used
    v.checked_paths.insert(t.rel);
    judge_file(j, t, parser, focus, sdk_index, &v);
    for (Diagnostic& d : sdk_index.take_warnings()) v.warnings.push_back(std::move(d));
  }
  std::stable_sort(v.reported.begin(), v.reported.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.path, a.loc.line, a.loc.column) < std::tie(b.path, b.loc.line, b.loc.column);
  });
  return v;
}

std::vector<std::string> fix_hints(const std::vector<Finding>& reported, const PolicyConfig& policies) {
  std::vector<std::string> out;
  for (const Finding& f : reported) {
    if (!blocking(f) || f.kind == "suppression") continue;
    std::string shown = !f.model.empty() ? f.model : !f.written.empty() ? f.written : f.canonical;
    const PolicyEntry* deny = nullptr;
    if (f.policy == "denied-model")
      for (const PolicyEntry& e : policies.deny)
        for (const std::string* id : {&f.canonical, &f.model, &f.written})
          if (!deny && model_glob_match(e.pattern, *id)) deny = &e;
    if (deny && !deny->message.empty())
      out.push_back(shown + ": " + deny->message + " (policy '" + deny->pattern + "')");
    else if (!f.replacement.empty())
      out.push_back("replace " + shown + " with " + f.replacement);
    else
      out.push_back("replace " + shown + " with a model the policies allow (no replacement is known)");
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace modelshift
