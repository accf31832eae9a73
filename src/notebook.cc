#include "notebook.h"

#include "json_doc.h"

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

}  // namespace

void scan_notebook(const Engine& engine, const std::string& rel_path, std::string_view bytes,
                   const std::string& as_of, CodeParser& parser, FileResult* out) {
  JsonParse doc = parse_json(bytes, false);
  if (!doc.ok) {
    // Still report what the raw bytes hold, so nothing is lost: the lenient
    // JSON reader keeps key paths up to the damage. Its own diagnostic is the
    // one warning for the file, reworded so the reader knows cells were lost.
    const Language* json = engine.languages.by_name("json");
    size_t first_warning = out->warnings.size();
    std::vector<TextHit> hits;
    if (json) hits = scan_text(engine, *json, bytes, as_of, parser, out);
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
    std::vector<TextHit> hits = scan_text(engine, *lang, joined, as_of, parser, out);
    out->exports.resize(exports_before);  // a notebook is not imported by other files
    if (hits.empty()) continue;
    for (TextHit& h : hits) {
      h.finding.language = lang == code_lang ? code_lang->name : "markdown";
      h.finding.cell = static_cast<uint32_t>(ci);
    }
    auto to_file = [&](uint32_t off, bool is_end) {
      size_t k = std::upper_bound(starts.begin(), starts.end(), off) - starts.begin();
      k = k == 0 ? 0 : k - 1;
      // An end offset at a piece boundary belongs to the previous piece.
      if (is_end && k > 0 && off == starts[k]) --k;
      return json_source_offset(bytes, *pieces[k], off - starts[k]);
    };
    place_hits(&hits, bytes, rel_path, to_file, &out->findings);
  }
}

}  // namespace modelshift
