// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. One run:
// the driver lists every rule of rules/report/sarif_rules.yaml (the same
// rules[] on every run, as code scanning expects), one result per finding,
// and the tool's notifications carry per-file warnings, skipped files and
// scan errors so nothing the JSON report says is lost. No timestamps, no
// absolute paths: the same inventory gives the same bytes.
#include <algorithm>
#include <stdexcept>

#include "report/report.h"
#include "report/sarif.h"

namespace modelshift {

namespace {

using ojson = nlohmann::ordered_json;

const char* const kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
const char* const kSrcRoot = "%SRCROOT%";

ojson text(const std::string& s) { return {{"text", s}}; }

ojson rule_json(const SarifRule& r) {
  ojson j;
  j["id"] = r.id;
  j["name"] = r.name;
  j["shortDescription"] = text(r.short_description);
  j["fullDescription"] = text(r.full_description);
  j["help"] = text(r.help);
  if (!r.help_markdown.empty()) j["help"]["markdown"] = r.help_markdown;
  j["defaultConfiguration"] = {{"level", r.level}};
  ojson props;
  props["tags"] = r.tags;
  if (!r.precision.empty()) props["precision"] = r.precision;
  if (!r.problem_severity.empty()) props["problem.severity"] = r.problem_severity;
  j["properties"] = std::move(props);
  return j;
}

ojson driver_json(const SarifRules& rules) {
  ojson d;
  d["name"] = rules.tool_name;
  d["version"] = MODELSHIFT_VERSION;
  d["semanticVersion"] = MODELSHIFT_VERSION;
  d["informationUri"] = rules.information_uri;
  ojson list = ojson::array();
  for (const SarifRule& r : rules.rules) list.push_back(rule_json(r));
  d["rules"] = std::move(list);
  ojson notes = ojson::array();
  for (const SarifNotification& n : rules.notifications)
    notes.push_back({{"id", n.id},
                     {"shortDescription", text(n.short_description)},
                     {"fullDescription", text(n.full_description)},
                     {"help", text(n.help)},
                     {"defaultConfiguration", {{"level", n.level}}}});
  d["notifications"] = std::move(notes);
  return d;
}

// A region in UTF-16 columns; end values only when they make a real span.
ojson region_json(Utf16Columns& cols, const std::string& path, const Location& loc) {
  ojson r;
  r["startLine"] = loc.line;
  uint32_t start = loc.column ? cols.convert(path, loc.line, loc.column) : 0;
  if (start) r["startColumn"] = start;
  if (loc.end_line >= loc.line && loc.end_column > 0 && start) {
    uint32_t end = cols.convert(path, loc.end_line, loc.end_column);
    if (loc.end_line > loc.line || end >= start) {
      r["endLine"] = loc.end_line;
      r["endColumn"] = end;
    }
  }
  return r;
}

ojson location_json(Utf16Columns& cols, const std::string& path, const Location& loc) {
  ojson phys;
  phys["artifactLocation"] = {{"uri", sarif_uri(path)}, {"uriBaseId", kSrcRoot}};
  if (loc.line) phys["region"] = region_json(cols, path, loc);
  return {{"physicalLocation", std::move(phys)}};
}

// The chain that led a call site to its model, as related locations.
ojson related_json(Utf16Columns& cols, const Finding& f) {
  ojson out = ojson::array();
  int id = 1;
  for (const ResolutionStep& s : f.resolution) {
    const std::string& path = s.path.empty() ? f.path : s.path;
    Location loc;
    loc.line = s.line;
    loc.column = s.column;
    ojson l = location_json(cols, path, loc);
    l["id"] = id++;
    l["message"] = text(s.note);
    out.push_back(std::move(l));
  }
  return out;
}

ojson result_json(const SarifRules& rules, Utf16Columns& cols, const Finding& f) {
  SarifVerdict v = classify_finding(rules, f);
  ojson r;
  r["ruleId"] = rules.rules[v.rule_index].id;
  r["ruleIndex"] = v.rule_index;
  r["level"] = v.level;
  r["message"] = text(v.message);
  r["locations"] = ojson::array({location_json(cols, f.path, f.loc)});
  r["partialFingerprints"] = {{"primaryLocationLineHash", f.fingerprint}};
  if (!f.resolution.empty()) r["relatedLocations"] = related_json(cols, f);
  ojson props;
  props["kind"] = f.kind;
  if (!f.canonical.empty()) props["model"] = f.canonical;
  if (!f.status.empty()) props["status"] = f.status;
  if (!f.replacement.empty()) props["replacement"] = f.replacement;
  if (f.cell) props["cell"] = *f.cell;
  if (f.sdk_package) props["context"] = f.context;
  r["properties"] = std::move(props);
  // An inline `modelshift: ignore[...]` comment: code scanning shows the
  // result as suppressed, with the comment's reason.
  if (!f.suppressed.empty())
    r["suppressions"] = ojson::array({{{"kind", "inSource"}, {"justification", f.suppressed}}});
  return r;
}

ojson notification_json(const SarifRules& rules, Utf16Columns& cols, const char* id,
                        const std::string& path, uint32_t line, uint32_t column, const std::string& message) {
  int index = 0;
  for (size_t i = 0; i < rules.notifications.size(); ++i)
    if (rules.notifications[i].id == id) index = static_cast<int>(i);
  if (rules.notifications.empty() || rules.notifications[index].id != id)
    throw std::logic_error(std::string("notification '") + id + "' missing from rules/report/sarif_rules.yaml");
  ojson n;
  n["descriptor"] = {{"id", id}, {"index", index}};
  n["level"] = rules.notifications[index].level;
  n["message"] = text(message);
  if (!path.empty()) {
    Location loc;
    loc.line = line;
    loc.column = column;
    n["locations"] = ojson::array({location_json(cols, path, loc)});
  }
  return n;
}

ojson invocation_json(const Inventory& inv, const SarifRules& rules, Utf16Columns& cols) {
  ojson notes = ojson::array();
  for (const Diagnostic& d : inv.errors)
    notes.push_back(notification_json(rules, cols, "scan-error", "", 0, 0,
                                      (d.path.empty() ? "" : d.path + ": ") + d.message));
  for (const Diagnostic& d : inv.warnings)
    notes.push_back(notification_json(rules, cols, "file-warning", d.path, d.line, d.column, d.message));
  for (const Skipped& s : inv.skipped)
    notes.push_back(notification_json(rules, cols, "file-skipped", s.path, 0, 0, "not scanned: " + s.reason));
  ojson j;
  j["executionSuccessful"] = inv.errors.empty();
  j["toolExecutionNotifications"] = std::move(notes);
  return j;
}

}  // namespace

std::string sarif_uri(std::string_view rel_path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : rel_path) {
    // Unreserved characters and the path separator stay; everything else
    // (spaces, ':', '%', '#', '?', non-ASCII bytes...) is percent-encoded, so
    // a first segment like "c:x" cannot read as a scheme.
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

size_t write_sarif(std::ostream& out, const Inventory& inv, const Catalog& catalog, const SarifRules& rules,
                   const SarifOptions& options) {
  (void)catalog;
  Utf16Columns cols(options.read_source);
  ojson run;
  run["tool"] = {{"driver", driver_json(rules)}};
  run["automationDetails"] = {{"id", rules.category + "/" + options.command + "/"}};
  run["originalUriBaseIds"] = {
      {kSrcRoot, {{"description", text("The scan root: result paths are relative to it.")}}}};
  run["columnKind"] = "utf16CodeUnits";
  ojson results = ojson::array();
  for (const Finding& f : inv.findings)
    if (sarif_includes(rules, options, f)) results.push_back(result_json(rules, cols, f));
  size_t written = results.size();
  run["invocations"] = ojson::array({invocation_json(inv, rules, cols)});
  run["results"] = std::move(results);
  run["properties"] = {{"as_of", inv.as_of}};
  ojson log;
  log["$schema"] = kSchemaUri;
  log["version"] = "2.1.0";
  log["runs"] = ojson::array({std::move(run)});
  // Paths and messages are bytes from the scanned tree: never let a
  // malformed UTF-8 file name abort the report.
  out << log.dump(2, ' ', false, ojson::error_handler_t::replace) << "\n";
  return written;
}

bool sarif_includes(const SarifRules& rules, const SarifOptions& options, const Finding& f) {
  if (!options.judged_only) return true;
  if (f.context == "sdk_definition") return false;  // an SDK's own code is not usage
  const std::vector<std::string>& tags = rules.rules[classify_finding(rules, f).rule_index].tags;
  return std::find(tags.begin(), tags.end(), "inventory") == tags.end();
}

}  // namespace modelshift
