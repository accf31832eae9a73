// Catalogue collapsing: a table of model ids (price lists, token limit maps,
// model pickers) becomes one `model_catalogue` finding instead of one
// reference per entry. Declared in scan.h; run_scan calls it per file unless
// --expand-catalogues asks for every entry.
#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "pipeline/scan.h"

namespace modelshift {

namespace {

// One model_catalogue finding for `entries` (sorted by position).
Finding make_catalogue(std::vector<Finding>& entries) {
  const Finding& first = entries.front();
  const Finding& last = entries.back();
  Finding table;
  table.kind = "model_catalogue";
  table.path = first.path;
  table.loc = {first.loc.line, first.loc.column, last.loc.end_line, last.loc.end_column};
  table.context = first.context;
  table.language = first.language;
  table.cell = first.cell;
  table.rule = "catalogue";
  table.line_text = first.line_text;
  table.entries = static_cast<uint32_t>(entries.size());
  std::set<std::string> distinct;
  for (const Finding& e : entries) {
    distinct.insert(e.canonical);
    ++table.catalogue_lifecycles[{e.listing, e.deprecated_on, e.shutdown_on}];
  }
  table.catalogue_models.assign(distinct.begin(), distinct.end());
  return table;
}

size_t distinct_models(const std::vector<Finding>& v, size_t b, size_t e) {
  std::set<std::string> distinct;
  for (size_t k = b; k < e; ++k) distinct.insert(v[k].canonical);
  return distinct.size();
}

}  // namespace

void collapse_catalogues(const FalsePositives& fp, std::vector<Finding>* findings) {
  // 1. Syntactic tables: the findings of one dict/list/switch/union (code) or
  //    one mapping/list (config), however far apart their lines are.
  std::map<std::string, std::vector<size_t>> tables;
  for (size_t i = 0; i < findings->size(); ++i) {
    const Finding& f = (*findings)[i];
    if (f.kind == "model_reference" && !f.table.empty()) tables[std::to_string(f.cell.value_or(0)) + '/' + f.table].push_back(i);
  }
  std::vector<bool> taken(findings->size(), false);
  std::vector<Finding> out;
  for (const auto& [key, idx] : tables) {
    std::set<std::string> distinct;
    for (size_t i : idx) distinct.insert((*findings)[i].canonical);
    if (distinct.size() < fp.catalogue_min_distinct) continue;
    std::vector<Finding> entries;
    for (size_t i : idx) {
      taken[i] = true;
      entries.push_back((*findings)[i]);
    }
    out.push_back(make_catalogue(entries));
  }
  std::vector<Finding> in;
  for (size_t i = 0; i < findings->size(); ++i) {
    if (taken[i]) continue;
    // Only model references make tables; call sites and the rest pass.
    if ((*findings)[i].kind != "model_reference") out.push_back(std::move((*findings)[i]));
    else in.push_back(std::move((*findings)[i]));
  }

  // 2. Dense runs of the rest (lists in docs and text, tables the readers do
  //    not see as one structure).
  size_t i = 0;
  while (i < in.size()) {
    size_t j = i + 1;
    while (j < in.size() && in[j].loc.line <= in[j - 1].loc.end_line + fp.catalogue_max_line_gap) ++j;
    if (distinct_models(in, i, j) < fp.catalogue_min_distinct) {
      for (size_t k = i; k < j; ++k) out.push_back(std::move(in[k]));
      i = j;
      continue;
    }
    std::vector<Finding> entries(std::make_move_iterator(in.begin() + i), std::make_move_iterator(in.begin() + j));
    out.push_back(make_catalogue(entries));
    i = j;
  }
  std::sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.loc.line, a.loc.column, a.kind, a.loc.end_line, a.loc.end_column) <
           std::tie(b.loc.line, b.loc.column, b.kind, b.loc.end_line, b.loc.end_column);
  });
  *findings = std::move(out);
}

}  // namespace modelshift
