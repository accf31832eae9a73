// CycloneDX 1.6 ML-BOM writer (see report_cyclonedx.h for the layout).
// Models are gathered into a map keyed by bom-ref, so components come out
// sorted whatever order the findings had; each model's occurrences are
// sorted and de-duplicated before they are written.
#include "report/report_cyclonedx.h"

#include <boost/uuid/name_generator_sha1.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace modelshift {

namespace {

using ojson = nlohmann::ordered_json;

const char* const kSchemaUri = "http://cyclonedx.org/schema/bom-1.6.schema.json";
// Namespace of the serial numbers: a version-5 UUID of this name in the URL
// namespace, so our serials cannot collide with another tool's name-based ones.
const char* const kSerialNamespace = "urn:modelshift:cyclonedx:serial-number";

struct Occurrence {
  std::string path;
  uint32_t line = 0, column = 0;
  std::string symbol, context;
  auto key() const { return std::tie(path, line, column, context, symbol); }
  bool operator<(const Occurrence& o) const { return key() < o.key(); }
  bool operator==(const Occurrence& o) const { return key() == o.key(); }
};

// What one component says: the model's facts (from a finding that names it,
// else the catalog) and every place it is named.
struct ModelEntry {
  std::string provider, canonical, family, kind, status, deprecated_on, shutdown_on, replacement;
  bool from_finding = false;  // facts came from a finding, not only from a table's entry
  std::set<std::string> platforms;
  std::vector<Occurrence> occurrences;
};

using Models = std::map<std::string, ModelEntry>;  // bom-ref -> entry

std::string bom_ref(const std::string& provider, const std::string& canonical) {
  return "model:" + provider + "/" + canonical;
}

// "model_reference in config at models.chat, cell 2, written openai/gpt-4o".
std::string occurrence_context(const Finding& f, const std::string& written) {
  std::string s = f.kind;
  if (!f.context.empty()) s += " in " + f.context;
  if (!f.key_path.empty()) s += " at " + f.key_path;
  if (f.cell) s += ", cell " + std::to_string(*f.cell);
  if (!written.empty() && written != f.canonical) s += ", written " + written;
  return s;
}

Occurrence occurrence_of(const Finding& f, const std::string& written) {
  Occurrence o;
  o.path = f.path;
  o.line = f.loc.line;
  o.column = f.loc.column;
  if (f.kind == "call_site") o.symbol = f.callee;
  o.context = occurrence_context(f, written);
  return o;
}

// A finding that resolved to a model: its facts (what the JSON inventory
// says) seed the entry, replacing any a table's entry took from the catalog,
// so the result does not depend on the order of findings.
void add_finding(const Finding& f, Models* models) {
  ModelEntry& m = (*models)[bom_ref(f.provider, f.canonical)];
  if (!m.from_finding) {
    m.from_finding = true;
    m.provider = f.provider;
    m.canonical = f.canonical;
    m.family = f.family;
    m.kind = f.model_kind;
    m.status = f.status;
    m.deprecated_on = f.deprecated_on;
    m.shutdown_on = f.shutdown_on;
    m.replacement = f.replacement;
  }
  if (!f.platform.empty()) m.platforms.insert(f.platform);
  m.occurrences.push_back(occurrence_of(f, f.written));
}

// Each model a table lists: one occurrence at the table. The finding holds
// only canonical ids, so the facts come from the catalog.
void add_catalogue(const Finding& f, const Catalog& catalog, const std::string& as_of, Models* models) {
  for (const std::string& id : f.catalogue_models) {
    std::optional<Resolution> r = catalog.resolve(id);
    std::string provider = r ? r->provider() : "unknown";
    ModelEntry& m = (*models)[bom_ref(provider, id)];
    if (m.canonical.empty()) {
      m.provider = provider;
      m.canonical = id;
      m.status = r ? Catalog::status(*r, as_of) : "unknown";
      if (r) {
        m.family = r->family->id;
        m.kind = r->kind();
        const Lifecycle& life = r->lifecycle();
        m.deprecated_on = life.deprecated_on;
        m.shutdown_on = life.shutdown_on;
        m.replacement = life.replacement;
      }
    }
    m.occurrences.push_back(occurrence_of(f, ""));
  }
}

// 128000 -> "128000", 2.5 -> "2.5": no exponent for catalog-sized numbers,
// and the same text on every platform.
std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return buf;
}

ojson property(const std::string& name, const std::string& value) {
  return {{"name", "modelshift:" + name}, {"value", value}};
}

ojson properties_json(const ModelEntry& m, const Model* listed) {
  ojson props = ojson::array();
  auto add = [&](const char* name, const std::string& value) {
    if (!value.empty()) props.push_back(property(name, value));
  };
  add("status", m.status);
  add("deprecated_on", m.deprecated_on);
  add("shutdown_on", m.shutdown_on);
  add("replacement", m.replacement);
  add("family", m.family);
  add("kind", m.kind);
  for (const std::string& p : m.platforms) add("platform", p);
  if (listed) {
    auto add_number = [&](const char* name, const std::optional<double>& v) {
      if (v) props.push_back(property(name, number_text(*v)));
    };
    add_number("context_window", listed->context_window);
    add_number("max_output_tokens", listed->max_output_tokens);
    add_number("input_cost_per_mtok", listed->input_cost_per_mtok);
    add_number("output_cost_per_mtok", listed->output_cost_per_mtok);
  }
  return props;
}

ojson occurrences_json(std::vector<Occurrence> occurrences) {
  std::sort(occurrences.begin(), occurrences.end());
  occurrences.erase(std::unique(occurrences.begin(), occurrences.end()), occurrences.end());
  ojson out = ojson::array();
  for (const Occurrence& o : occurrences) {
    ojson j;
    j["location"] = o.path;
    if (o.line) j["line"] = o.line;
    if (o.column) j["offset"] = o.column;
    if (!o.symbol.empty()) j["symbol"] = o.symbol;
    j["additionalContext"] = o.context;
    out.push_back(std::move(j));
  }
  return out;
}

ojson component_json(const std::string& ref, const ModelEntry& m, const Catalog& catalog,
                     const std::unordered_map<std::string, const Model*>& listed) {
  auto name = catalog.provider_names().find(m.provider);
  std::string publisher = name != catalog.provider_names().end() ? name->second : m.provider;
  auto model = listed.find(m.canonical);
  const Model* entry = model != listed.end() && model->second->provider == m.provider ? model->second : nullptr;
  ojson c;
  c["type"] = "machine-learning-model";
  c["bom-ref"] = ref;
  c["supplier"] = {{"name", publisher}};
  c["publisher"] = publisher;
  c["name"] = m.canonical;
  if (!m.kind.empty()) c["modelCard"] = {{"modelParameters", {{"task", m.kind}}}};
  c["properties"] = properties_json(m, entry);
  c["evidence"] = {{"occurrences", occurrences_json(m.occurrences)}};
  return c;
}

ojson metadata_json(const Inventory& inv, size_t left_out) {
  ojson tool;
  tool["type"] = "application";
  tool["bom-ref"] = "tool:modelshift";
  tool["name"] = "modelshift";
  tool["version"] = MODELSHIFT_VERSION;
  ojson meta;
  if (!inv.as_of.empty()) meta["timestamp"] = inv.as_of + "T00:00:00Z";
  meta["tools"] = {{"components", ojson::array({std::move(tool)})}};
  ojson props = ojson::array();
  if (!inv.as_of.empty()) props.push_back(property("as_of", inv.as_of));
  props.push_back(property("sdk_definitions_left_out", std::to_string(left_out)));
  meta["properties"] = std::move(props);
  return meta;
}

std::string serial_number(const std::string& content) {
  boost::uuids::name_generator_sha1 ns_gen(boost::uuids::ns::url());
  boost::uuids::name_generator_sha1 gen(ns_gen(kSerialNamespace));
  return "urn:uuid:" + boost::uuids::to_string(gen(content));
}

std::string dump(const ojson& j) {
  // Paths are bytes from the scanned tree: a malformed UTF-8 name must not
  // abort the report.
  return j.dump(2, ' ', false, ojson::error_handler_t::replace);
}

}  // namespace

void write_cyclonedx(std::ostream& out, const Inventory& inv, const Catalog& catalog) {
  Models models;
  size_t left_out = 0;
  for (const Finding& f : inv.findings) {
    if (f.context == "sdk_definition") ++left_out;
    else if (f.kind == "model_catalogue") add_catalogue(f, catalog, inv.as_of, &models);
    else if (!f.canonical.empty()) add_finding(f, &models);
  }
  std::unordered_map<std::string, const Model*> listed;
  for (const auto& m : catalog.models()) listed.emplace(m->id, m.get());

  ojson bom;
  bom["$schema"] = kSchemaUri;
  bom["bomFormat"] = "CycloneDX";
  bom["specVersion"] = "1.6";
  bom["serialNumber"] = "";  // filled below from the rest of the document
  bom["version"] = 1;
  bom["metadata"] = metadata_json(inv, left_out);
  ojson components = ojson::array();
  for (const auto& [ref, m] : models) components.push_back(component_json(ref, m, catalog, listed));
  bom["components"] = std::move(components);
  bom["serialNumber"] = serial_number(dump(bom));
  out << dump(bom) << "\n";
}

}  // namespace modelshift
