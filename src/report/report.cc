#include "report/report.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "link/sdk_packages.h"
#include "report/summary.h"

namespace modelshift {

namespace {

using ojson = nlohmann::ordered_json;

// kind, path and span: the head every finding kind shares.
ojson finding_head(const Finding& f) {
  ojson j;
  j["kind"] = f.kind;
  j["path"] = f.path;
  j["line"] = f.loc.line;
  j["column"] = f.loc.column;
  j["end_line"] = f.loc.end_line;
  j["end_column"] = f.loc.end_column;
  return j;
}

// context, language, key path, cell, rule and fingerprint: the tail every
// finding kind shares (key_path is only ever set on config references).
void finding_tail(const Finding& f, ojson& j) {
  j["context"] = f.context;
  if (f.sdk_package) {
    j["syntax"] = f.syntax;
    const SdkPackage& p = *f.sdk_package;
    j["sdk_package"] = {{"sdk", p.sdk}, {"name", p.name}, {"version", p.version}, {"manifest", p.manifest}};
  }
  j["language"] = f.language;
  if (!f.key_path.empty()) j["key_path"] = f.key_path;
  if (f.cell) j["cell"] = *f.cell;
  j["rule"] = f.rule;
  j["fingerprint"] = f.fingerprint;
  if (!f.severity.empty()) {
    j["severity"] = f.severity;
    j["policy"] = f.policy;
    j["message"] = f.message;
  }
  if (!f.suppressed.empty()) j["suppressed"] = f.suppressed;
}

ojson catalogue_json(const Finding& f) {
  ojson j = finding_head(f);
  j["entries"] = f.entries;
  j["models"] = f.catalogue_models;
  ojson by_status = ojson::object();
  for (const auto& [k, v] : f.catalogue_by_status) by_status[k] = v;
  j["by_status"] = std::move(by_status);
  finding_tail(f, j);
  return j;
}

// The model fields shared by references and call sites.
void model_fields(const Finding& f, ojson& j) {
  j["canonical"] = f.canonical;
  j["provider"] = f.provider;
  j["family"] = f.family;
  if (!f.platform.empty()) j["platform"] = f.platform;
  j["model_kind"] = f.model_kind;
  j["status"] = f.status;
  if (!f.deprecated_on.empty()) j["deprecated_on"] = f.deprecated_on;
  if (!f.shutdown_on.empty()) j["shutdown_on"] = f.shutdown_on;
  if (!f.replacement.empty()) j["replacement"] = f.replacement;
}

ojson call_json(const Finding& f) {
  ojson j = finding_head(f);
  j["sdk"] = f.sdk;
  j["api"] = f.api;
  j["callee"] = f.callee;
  j["model"] = f.model.empty() ? ojson() : ojson(f.model);
  if (!f.model.empty() && f.written != f.model) j["written"] = f.written;
  j["model_source"] = f.model_source;
  if (!f.model.empty()) model_fields(f, j);
  ojson chain = ojson::array();
  for (const ResolutionStep& s : f.resolution)
    chain.push_back({{"path", s.path}, {"line", s.line}, {"column", s.column}, {"note", s.note}});
  j["resolution"] = std::move(chain);
  ojson params = ojson::object();
  for (const auto& [name, value] : f.parameters) {
    ojson v = ojson::parse(value, nullptr, false);
    params[name] = v.is_discarded() ? ojson(value) : v;
  }
  j["parameters"] = std::move(params);
  // What it uses (link_call_sites): prompts, tool_schemas.
  for (const auto& [name, value] : f.details) j[name] = ojson::parse(value, nullptr, false);
  finding_tail(f, j);
  return j;
}

// prompt, tool_schema, embedding, vector_store: the head, the model when
// there is one, then the kind's own fields in the order the extractor gave.
ojson details_json(const Finding& f) {
  ojson j = finding_head(f);
  if (!f.model.empty()) {
    j["model"] = f.model;
    if (!f.model_source.empty()) j["model_source"] = f.model_source;
    model_fields(f, j);
  }
  for (const auto& [name, value] : f.details) {
    ojson v = ojson::parse(value, nullptr, false);
    j[name] = v.is_discarded() ? ojson(value) : v;
  }
  finding_tail(f, j);
  return j;
}

ojson one_finding_json(const Finding& f) {
  if (f.kind == "model_catalogue") return catalogue_json(f);
  if (f.kind == "call_site") return call_json(f);
  if (f.kind != "model_reference") return details_json(f);
  ojson j = finding_head(f);
  j["model"] = f.model;
  if (f.written != f.model) j["written"] = f.written;
  model_fields(f, j);
  finding_tail(f, j);
  return j;
}

template <typename Map>
ojson counts_json(const Map& m) {
  ojson j = ojson::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}

// The risk-tagged usages: each names its findings by fingerprint.
ojson usages_json(const Inventory& inv) {
  ojson list = ojson::array();
  for (const Usage& u : inv.usages) {
    ojson j;
    j["id"] = u.id;
    j["kind"] = u.kind;
    ojson reasons = ojson::array();
    for (const RiskReason& r : u.risk.reasons) {
      ojson rj = {{"factor", r.factor}, {"points", r.points}};
      if (!r.detail.empty()) rj["detail"] = r.detail;
      if (!r.path.empty()) rj["path"] = r.path;
      if (r.line) rj["line"] = r.line;
      reasons.push_back(std::move(rj));
    }
    j["risk"] = {{"level", u.risk.level}, {"score", u.risk.score}, {"reasons", std::move(reasons)}};
    j["owners"] = u.owners;
    if (!u.owner_source.empty()) j["owner_source"] = u.owner_source;
    j["surface"] = u.surface;
    ojson members = ojson::array();
    for (size_t i : u.findings) members.push_back(inv.findings[i].fingerprint);
    j["findings"] = std::move(members);
    if (!u.shared.empty()) {
      ojson shared = ojson::array();
      for (size_t i : u.shared) shared.push_back(inv.findings[i].fingerprint);
      j["shared"] = std::move(shared);
    }
    list.push_back(std::move(j));
  }
  return list;
}

}  // namespace

Summary summarise(const Inventory& inv) {
  Summary s;
  for (const Finding& f : inv.findings) {
    if (f.context == "sdk_definition") {
      ++s.sdk_definitions;
      ++s.sdk_definitions_by_package[f.sdk_package ? sdk_package_label(*f.sdk_package) : std::string()];
      continue;
    }
    if (f.kind == "model_catalogue") {
      ++s.catalogues;
      s.catalogue_entries += f.entries;
      s.files.insert(f.path);
      continue;
    }
    if (f.kind == "call_site") {
      ++s.call_sites;
      ++s.calls_by_sdk[f.sdk];
      ++s.calls_by_model_source[f.model_source];
      s.files.insert(f.path);
      continue;
    }
    if (f.kind != "model_reference") {
      ++s.other_kinds[f.kind];
      s.files.insert(f.path);
      continue;
    }
    ++s.references;
    ++s.by_status[f.status];
    ++s.by_provider[f.provider];
    ++s.by_model[f.canonical];
    ++s.by_context[f.context];
    s.files.insert(f.path);
    s.models.insert(f.canonical);
  }
  return s;
}

ojson finding_json(const Finding& f) { return one_finding_json(f); }

void write_jsonl(std::ostream& out, const Inventory& inv) {
  // One object per line: dump() without indentation escapes nothing into a
  // newline, so each line is one finding.
  for (const Finding& f : inv.findings)
    out << one_finding_json(f).dump(-1, ' ', false, ojson::error_handler_t::replace) << "\n";
}

void integral_numbers(ojson* tree) {
  if (tree->is_number_float()) {
    double v = tree->get<double>();
    if (std::trunc(v) == v && std::fabs(v) < 9e15) *tree = static_cast<int64_t>(v);
  } else if (tree->is_structured()) {
    for (ojson& child : *tree) integral_numbers(&child);
  }
}

ojson inventory_json(const Inventory& inv, const Catalog& catalog) {
  (void)catalog;
  ojson j;
  j["schema_version"] = kSchemaVersion;
  j["tool"] = {{"name", "modelshift"}, {"version", MODELSHIFT_VERSION}};
  j["as_of"] = inv.as_of;
  ojson findings = ojson::array();
  for (const Finding& f : inv.findings) findings.push_back(one_finding_json(f));
  j["findings"] = std::move(findings);
  if (!inv.usages.empty()) {
    j["usages"] = usages_json(inv);
    integral_numbers(&j["usages"]);
  }
  Summary s = summarise(inv);
  ojson summary;
  summary["findings"] = inv.findings.size();
  summary["model_references"] = s.references;
  summary["catalogues"] = s.catalogues;
  summary["catalogue_entries"] = s.catalogue_entries;
  summary["call_sites"] = s.call_sites;
  summary["files_scanned"] = inv.stats.files_walked;
  summary["files_with_findings"] = s.files.size();
  summary["models"] = s.models.size();
  summary["by_status"] = counts_json(s.by_status);
  summary["by_provider"] = counts_json(s.by_provider);
  summary["by_model"] = counts_json(s.by_model);
  summary["by_context"] = counts_json(s.by_context);
  summary["calls_by_sdk"] = counts_json(s.calls_by_sdk);
  summary["calls_by_model_source"] = counts_json(s.calls_by_model_source);
  if (!s.other_kinds.empty()) summary["by_kind"] = counts_json(s.other_kinds);
  if (!inv.usages.empty()) {
    std::map<std::string, size_t> by_risk;
    for (const Usage& u : inv.usages) by_risk[u.risk.level]++;
    summary["usages"] = inv.usages.size();
    summary["usages_by_risk"] = counts_json(by_risk);
  }
  if (s.sdk_definitions) {
    summary["sdk_definitions"] = s.sdk_definitions;
    summary["sdk_definitions_by_package"] = counts_json(s.sdk_definitions_by_package);
  }
  j["summary"] = std::move(summary);
  ojson skipped = ojson::array();
  for (const Skipped& k : inv.skipped) skipped.push_back({{"path", k.path}, {"reason", k.reason}});
  j["skipped"] = std::move(skipped);
  ojson warnings = ojson::array();
  for (const Diagnostic& d : inv.warnings) {
    ojson w;
    w["path"] = d.path;
    if (d.line) w["line"] = d.line;
    if (d.column) w["column"] = d.column;
    w["message"] = d.message;
    warnings.push_back(std::move(w));
  }
  j["warnings"] = std::move(warnings);
  return j;
}

void write_json(std::ostream& out, const Inventory& inv, const Catalog& catalog) {
  // File names are bytes: a non-UTF-8 name must not abort the report.
  out << inventory_json(inv, catalog).dump(2, ' ', false, ojson::error_handler_t::replace) << "\n";
}

namespace {

bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  // Anything YAML 1.1/1.2 would read as a non-string, or that has syntax.
  static const std::set<std::string> specials = {"true", "false", "yes", "no", "on", "off", "null", "~",
                                                 "True", "False", "Yes", "No", "On", "Off", "Null", "NULL",
                                                 "TRUE", "FALSE", "YES", "NO", "y", "n", "Y", "N"};
  if (specials.count(s)) return true;
  char c0 = s[0];
  if (std::isdigit(static_cast<unsigned char>(c0)) || c0 == '-' || c0 == '+' || c0 == '.') return true;
  if (std::strchr("!&*?|>'\"%@`{}[],#:", c0)) return true;
  if (std::isspace(static_cast<unsigned char>(s.back()))) return true;
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return true;
  for (unsigned char c : s)
    if (c < 0x20) return true;
  return false;
}

void emit_node(YAML::Emitter& e, const ojson& v) {
  switch (v.type()) {
    case ojson::value_t::object:
      e << YAML::BeginMap;
      for (auto it = v.begin(); it != v.end(); ++it) {
        e << YAML::Key << it.key() << YAML::Value;
        emit_node(e, it.value());
      }
      e << YAML::EndMap;
      break;
    case ojson::value_t::array:
      if (v.empty()) {
        e << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        break;
      }
      e << YAML::BeginSeq;
      for (const ojson& item : v) emit_node(e, item);
      e << YAML::EndSeq;
      break;
    case ojson::value_t::string: {
      const std::string& s = v.get_ref<const std::string&>();
      if (needs_quotes(s)) e << YAML::DoubleQuoted << s;
      else e << s;
      break;
    }
    case ojson::value_t::boolean: e << v.get<bool>(); break;
    case ojson::value_t::null: e << YAML::Null; break;
    default: e << v.dump(); break;
  }
}

}  // namespace

void emit_yaml(std::ostream& out, const ojson& value) {
  YAML::Emitter e;
  e.SetIndent(2);
  e.SetSeqFormat(YAML::Block);
  emit_node(e, value);
  out << e.c_str() << "\n";
}

void write_yaml(std::ostream& out, const Inventory& inv, const Catalog& catalog) {
  emit_yaml(out, inventory_json(inv, catalog));
}

}  // namespace modelshift
