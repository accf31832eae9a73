#include "pipeline/notebook.h"

#include "detect/calls.h"
#include "pipeline/docs.h"
#include "judge/catalog.h"
#include "read/json_doc.h"

namespace modelshift {

namespace {

// The notebook's language: kernelspec first, then language_info.
std::string kernel_language(const JsonValue& root) {
  if (const JsonValue* meta = root.get("metadata")) {
    if (const JsonValue* ks = meta->get("kernelspec"))
      if (const JsonValue* lang = ks->get("language"); lang && lang->type == JsonValue::Type::String)
        return lang->str;
    if (const JsonValue* li = meta->get("language_info"))
      if (const JsonValue* name = li->get("name"); name && name->type == JsonValue::Type::String)
        return name->str;
  }
  return "python";
}

// The cells of a notebook are one module run top to bottom: a call whose
// model names a constant (or variable) that an earlier cell binds gets its
// value, as a call in one file would. The latest binding in a cell before the
// call's wins.
void resolve_across_cells(const Engine& engine, const std::string& rel_path,
                          std::string_view bytes, const std::vector<std::pair<size_t, Export>>& exports,
                          size_t first_finding, FileResult* out) {
  if (exports.empty()) return;
  std::vector<uint32_t> offsets;
  for (const auto& [cell, e] : exports) offsets.push_back(e.offset);
  const std::vector<std::pair<uint32_t, uint32_t>> lines = line_columns(bytes, offsets);
  for (size_t i = first_finding; i < out->findings.size(); ++i) {
    Finding& f = out->findings[i];
    if ((f.kind != "call_site" && f.kind != "embedding") || !f.model.empty() || f.symbol.empty()) continue;
    size_t pick = exports.size();
    for (size_t k = 0; k < exports.size(); ++k)
      if (exports[k].first < f.cell && exports[k].second.name == f.symbol) pick = k;
    if (pick == exports.size()) continue;
    const Export& e = exports[pick].second;
    f.model = e.value;
    f.model_source = e.source;
    if (!e.env_var.empty()) f.env_var = e.env_var;
    f.resolution.push_back({rel_path, 0, lines[pick].first, lines[pick].second,
                            f.symbol + " defined in cell " + std::to_string(exports[pick].first)});
    f.symbol.clear();
    if (!f.model.empty()) describe_call_model(*engine.catalog, &f);
  }
}

}  // namespace

void scan_notebook(const Engine& engine, const std::string& rel_path, std::string_view bytes,
                   CodeParser& parser, FileResult* out) {
  JsonParse doc = parse_json(bytes, false);
  if (!doc.ok) {
    // Still report what the raw bytes hold, so nothing is lost: the lenient
    // JSON reader keeps key paths up to the damage. Its own diagnostic is the
    // one warning for the file, reworded so the reader knows cells were lost.
    const Language* json = engine.languages.by_name("json");
    size_t first_warning = out->warnings.size();
    std::vector<TextHit> hits;
    if (json) hits = scan_text(engine, *json, bytes, parser, out);
    if (out->warnings.size() == first_warning)
      for (const Diagnostic& d : doc.diagnostics) out->warnings.push_back(d);
    for (size_t i = first_warning; i < out->warnings.size(); ++i)
      out->warnings[i].message = "malformed notebook, cells not separated, scanned as JSON: " + out->warnings[i].message;
    for (TextHit& h : hits) h.finding.language = "jupyter";
    place_hits(&hits, bytes, rel_path, [](uint32_t off, bool) { return off; }, &out->findings);
    return;
  }
  const JsonValue* cells = doc.root.get("cells");
  if (!cells || cells->type != JsonValue::Type::Array) {
    out->warnings.push_back({rel_path, 1, 1, "notebook has no cells array"});
    return;
  }
  std::string kernel = kernel_language(doc.root);
  const Language* code_lang = engine.languages.by_name(kernel);
  if (!code_lang || code_lang->reader != Reader::Code) code_lang = engine.languages.by_name("python");
  const Language* docs_lang = engine.languages.by_name("markdown");
  if (!code_lang || !docs_lang) return;

  // Module-level names of each code cell: later cells use them.
  std::vector<std::pair<size_t, Export>> cell_exports;
  const size_t first_finding = out->findings.size();
  for (size_t ci = 0; ci < cells->items.size(); ++ci) {
    const JsonValue& cell = cells->items[ci];
    const JsonValue* type = cell.get("cell_type");
    const JsonValue* source = cell.get("source");
    if (!type || !source) continue;
    const Language* lang = type->str == "code" ? code_lang : docs_lang;
    // source is a list of lines, or one string. Join, remembering where each
    // piece starts so offsets can be mapped back to the file.
    std::vector<const JsonValue*> pieces;
    if (source->type == JsonValue::Type::String) pieces.push_back(source);
    else
      for (const JsonValue& p : source->items)
        if (p.type == JsonValue::Type::String) pieces.push_back(&p);
    std::string joined;
    std::vector<uint32_t> starts;
    for (const JsonValue* p : pieces) {
      starts.push_back(static_cast<uint32_t>(joined.size()));
      joined += p->str;
    }
    size_t exports_before = out->exports.size();
    std::vector<TextHit> hits = lang == docs_lang ? scan_document(engine, *lang, joined, parser, out, nullptr)
                                                  : scan_text(engine, *lang, joined, parser, out);
    auto to_file = [&](uint32_t off, bool is_end) {
      size_t k = std::upper_bound(starts.begin(), starts.end(), off) - starts.begin();
      k = k == 0 ? 0 : k - 1;
      // An end offset at a piece boundary belongs to the previous piece.
      if (is_end && k > 0 && off == starts[k]) --k;
      return json_source_offset(bytes, *pieces[k], off - starts[k]);
    };
    for (size_t k = exports_before; k < out->exports.size(); ++k) {
      Export e = out->exports[k];
      e.offset = to_file(e.offset, false);
      cell_exports.push_back({ci, std::move(e)});
    }
    out->exports.resize(exports_before);  // a notebook is not imported by other files
    if (hits.empty()) continue;
    for (TextHit& h : hits) {
      h.finding.language = lang == code_lang ? code_lang->name : "markdown";
      h.finding.cell = static_cast<uint32_t>(ci);
    }
    place_hits(&hits, bytes, rel_path, to_file, &out->findings);
  }
  resolve_across_cells(engine, rel_path, bytes, cell_exports, first_finding, out);
}

}  // namespace modelshift
