// The text report, for people: a summary first (what must move, to what,
// where and whose), short enough to read before the first finding on any
// repository, then the findings grouped by urgency (retired, deprecated,
// denied, the rest, suppressed), each with its line as semgrep shows it.
// Docs findings and skipped files are counted, listed only when asked: on a
// large repository they are most of the lines and none of the action.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "link/sdk_packages.h"
#include "report/filters.h"
#include "report/report.h"
#include "report/summary.h"

namespace modelshift {

namespace {

// How many rows the summary's lists show before "+N more": the summary must
// fit a screen whatever the repository's size.
constexpr size_t kTopModels = 10, kTopPlaces = 6;

const char* status_color(const std::string& status) {
  if (status == "retired") return "\033[1;31m";
  if (status == "deprecated") return "\033[33m";
  if (status == "active") return "\033[32m";
  return "\033[2m";
}

struct Paint {
  bool color = false;
  std::string operator()(const char* code, const std::string& s) const {
    return color ? std::string(code) + s + "\033[0m" : s;
  }
};

bool needs_action(const Finding& f) { return urgency(f) <= 2; }

bool listed(const Finding& f, const ReportOptions& o) {
  if (f.context == "sdk_definition") return false;  // one summary line, not usage
  return context_class(f) != "docs" || o.verbose || o.list_docs;
}

std::string plural(uint64_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

// The directory every usage finding sits under ("" when none is shared):
// the summary counts one level below it, so a tree scanned from above its
// one top directory (a monorepo's packages/, node_modules/) still splits.
std::string common_directory(const Inventory& inv) {
  std::optional<std::string> common;
  for (const Finding& f : inv.findings) {
    if (f.context == "sdk_definition") continue;
    std::string dir = f.path.substr(0, f.path.rfind('/') + 1);  // "" at the top
    if (!common) {
      common = dir;
      continue;
    }
    size_t n = 0;
    while (n < common->size() && n < dir.size() && (*common)[n] == dir[n]) ++n;
    size_t keep = 0;  // the longest shared prefix that ends at a '/'
    for (size_t i = 0; i < n; ++i)
      if ((*common)[i] == '/') keep = i + 1;
    common->resize(keep);
  }
  return common.value_or("");
}

// Where a finding sits, for the summary: the directory one level below
// `common` (files directly in it count as `common` itself).
std::string directory_of(const std::string& path, const std::string& common) {
  size_t slash = path.find('/', common.size());
  if (slash == std::string::npos) return common.empty() ? "(top level)" : common;
  return path.substr(0, slash + 1);
}

// Counts per key, with how many of them need action.
struct Tally {
  std::map<std::string, std::pair<uint64_t, uint64_t>> counts;  // key -> (findings, needing action)
  void add(const std::string& key, bool action) {
    auto& c = counts[key];
    ++c.first;
    c.second += action;
  }
};

// "services/ 20 (6 need action), docs/ 12, +3 more": the biggest first.
std::string top_line(const Tally& t, size_t n) {
  std::vector<std::pair<std::string, std::pair<uint64_t, uint64_t>>> rows(t.counts.begin(), t.counts.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(b.second.second, b.second.first) < std::tie(a.second.second, a.second.first);
  });
  std::string out;
  for (size_t i = 0; i < rows.size() && i < n; ++i) {
    out += (i ? ", " : "") + rows[i].first + " " + std::to_string(rows[i].second.first);
    if (rows[i].second.second) out += " (" + std::to_string(rows[i].second.second) + " need action)";
  }
  if (rows.size() > n) out += ", +" + std::to_string(rows.size() - n) + " more";
  return out;
}

// One model that must move: what it is, where it is used, what replaces it.
struct MigrationRow {
  std::string provider, status, replacement, date;
  uint64_t uses = 0;
  std::set<std::string> files;
};

void write_migrations(std::ostream& out, const Inventory& inv, const Paint& paint) {
  std::map<std::string, MigrationRow> rows;
  uint64_t by_rank[3] = {0, 0, 0};
  std::set<std::string> files;
  for (const Finding& f : inv.findings) {
    if (!needs_action(f)) continue;
    ++by_rank[urgency(f)];
    files.insert(f.path);
    MigrationRow& r = rows[f.canonical.empty() ? f.written : f.canonical];
    r.provider = f.provider;
    r.status = f.policy == "denied-model" && f.status != "retired" && f.status != "deprecated" ? "denied" : f.status;
    r.replacement = f.replacement;
    r.date = f.status == "retired" ? (f.shutdown_on.empty() ? "" : "shut down " + f.shutdown_on)
                                   : (f.shutdown_on.empty() ? "" : "shutdown " + f.shutdown_on);
    ++r.uses;
    r.files.insert(f.path);
  }
  if (rows.empty()) {
    out << "  needs action: nothing (no retired, deprecated or denied model in use)\n";
    return;
  }
  out << "  needs action: " << by_rank[0] << " retired, " << by_rank[1] << " deprecated, " << by_rank[2]
      << " denied (" << plural(by_rank[0] + by_rank[1] + by_rank[2], "finding") << " in "
      << plural(files.size(), "file") << ")\n";
  // Retired first, then deprecated, then denied; most used first within.
  std::vector<std::pair<std::string, MigrationRow>> list(rows.begin(), rows.end());
  auto rank = [](const std::string& s) { return s == "retired" ? 0 : s == "deprecated" ? 1 : 2; };
  std::stable_sort(list.begin(), list.end(), [&](const auto& a, const auto& b) {
    return std::make_pair(rank(a.second.status), b.second.uses) < std::make_pair(rank(b.second.status), a.second.uses);
  });
  size_t width = 0;
  for (size_t i = 0; i < list.size() && i < kTopModels; ++i) width = std::max(width, list[i].first.size());
  out << "  models to migrate:\n";
  for (size_t i = 0; i < list.size() && i < kTopModels; ++i) {
    const auto& [model, r] = list[i];
    out << "    " << paint("\033[1m", model) << std::string(width - model.size() + 2, ' ')
        << paint(status_color(r.status), r.status);
    if (!r.date.empty()) out << " (" << r.date << ")";
    out << "  -> " << (r.replacement.empty() ? "no replacement in the catalog" : r.replacement) << "  "
        << r.uses << " in " << plural(r.files.size(), "file") << "\n";
  }
  if (list.size() > kTopModels) {
    uint64_t rest = 0;
    for (size_t i = kTopModels; i < list.size(); ++i) rest += list[i].second.uses;
    out << "    +" << list.size() - kTopModels << " more models, " << plural(rest, "finding")
        << " (--status deprecated,retired lists them)\n";
  }
}

void write_counts(std::ostream& out, const std::string& title, const std::map<std::string, uint64_t>& m,
                  const Paint& paint, bool colored) {
  if (m.empty()) return;
  out << "  " << title << ":";
  bool first = true;
  for (const auto& [k, v] : m) {
    out << (first ? " " : ", ") << (colored ? paint(status_color(k), k) : k) << " " << v;
    first = false;
  }
  out << "\n";
}

void write_summary(std::ostream& out, const Inventory& inv, const ReportOptions& o, const Paint& paint) {
  Summary s = summarise(inv);
  out << paint("\033[1m", "Summary") << " (as of " << inv.as_of << "): " << plural(s.references, "model reference")
      << " to " << plural(s.models.size(), "model") << " in " << s.files.size() << " of " << inv.stats.files_walked
      << " files\n";
  write_migrations(out, inv, paint);
  Tally dirs, owners, files;
  std::string common = common_directory(inv);
  uint64_t docs = 0, docs_action = 0;
  std::set<std::string> docs_files;
  for (const Finding& f : inv.findings) {
    if (f.context == "sdk_definition") continue;
    bool action = needs_action(f);
    dirs.add(directory_of(f.path, common), action);
    files.add(f.path, action);
    if (o.owners_of) {
      std::vector<std::string> who = o.owners_of(f.path);
      if (who.empty()) owners.add("(no owner)", action);
      for (const std::string& w : who) owners.add(w, action);
    }
    if (context_class(f) == "docs") ++docs, docs_action += action, docs_files.insert(f.path);
  }
  if (!dirs.counts.empty()) out << "  by directory: " << top_line(dirs, kTopPlaces) << "\n";
  if (!owners.counts.empty()) out << "  by owner: " << top_line(owners, kTopPlaces) << "\n";
  if (!files.counts.empty()) out << "  top files: " << top_line(files, 3) << "\n";
  if (s.call_sites) {
    out << "  " << plural(s.call_sites, "call site") << " by source of the model:";
    bool first = true;
    for (const auto& [k, v] : s.calls_by_model_source) out << (first ? " " : ", ") << k << " " << v, first = false;
    out << "\n";
  }
  for (const auto& [kind, n] : s.other_kinds) out << "  " << plural(n, kind.c_str()) << "\n";
  if (s.sdk_definitions) {
    out << "  " << plural(s.sdk_definitions, "finding") << " in SDK definitions (";
    bool first = true;
    for (const auto& [label, n] : s.sdk_definitions_by_package) {
      out << (first ? "" : ", ") << label;
      if (s.sdk_definitions_by_package.size() > 1) out << " " << n;
      first = false;
    }
    out << "; not usage, listed in --format json)\n";
  }
  if (s.catalogues)
    out << "  plus " << plural(s.catalogues, "model catalogue") << " listing " << s.catalogue_entries
        << " ids (tables, not uses; --expand-catalogues lists them)\n";
  write_counts(out, "by status", s.by_status, paint, true);
  write_counts(out, "by provider", s.by_provider, paint, false);
  if (docs && !(o.verbose || o.list_docs))
    out << "  docs: " << plural(docs, "finding") << " in " << plural(docs_files.size(), "file")
        << (docs_action ? " (" + std::to_string(docs_action) + " need action)" : "")
        << " counted, not listed (--context docs or --verbose lists them)\n";
  if (!inv.skipped.empty()) {
    std::map<std::string, uint64_t> why;
    for (const Skipped& k : inv.skipped) ++why[k.reason.substr(0, k.reason.find(" ("))];
    out << "  skipped: " << plural(inv.skipped.size(), "file") << " (";
    bool first = true;
    for (const auto& [reason, n] : why) out << (first ? "" : ", ") << reason << " " << n, first = false;
    out << ")" << (o.verbose ? "" : "; --verbose lists them") << "\n";
  }
}

// One finding's line of text (the same fields as before the summary moved
// to the top), without the source line.
void write_finding(std::ostream& out, const Finding& f, const Paint& paint) {
  std::string where = f.path + ":" + std::to_string(f.loc.line) + ":" + std::to_string(f.loc.column);
  if (f.kind == "model_catalogue") {
    out << "  " << where << "  " << paint("\033[1m", "model catalogue") << ": " << f.entries << " entries, "
        << f.catalogue_models.size() << " models (";
    bool first = true;
    for (const auto& [status, n] : f.catalogue_by_status) {
      out << (first ? "" : ", ") << paint(status_color(status), status) << " " << n;
      first = false;
    }
    out << "), through line " << f.loc.end_line << "  [" << f.context;
    if (f.cell) out << " cell " << *f.cell;
    out << "]";
  } else if (f.kind == "call_site") {
    out << "  " << where << "  " << paint("\033[1m", "call") << " " << f.sdk << " " << f.api << "  "
        << (f.model.empty() ? std::string("model ?") : paint("\033[1m", f.model)) << " (" << f.model_source;
    for (const ResolutionStep& st : f.resolution) {
      if (st.path == f.path) out << " <- " << st.line << ": " << st.note;
      else out << " <- " << st.path << ":" << st.line << ": " << st.note;
    }
    out << ")";
    if (!f.status.empty()) out << "  " << paint(status_color(f.status), f.status);
    if (!f.replacement.empty() && f.status != "active") out << "  -> " << f.replacement;
    if (!f.parameters.empty()) {
      out << "  {";
      bool first = true;
      for (const auto& [name, value] : f.parameters) out << (first ? "" : ", ") << name << "=" << value, first = false;
      out << "}";
    }
    if (f.cell) out << "  [cell " << *f.cell << "]";
  } else if (f.kind != "model_reference") {
    // Kinds with details: the kind, what it names, its model if any, and
    // the fields people read (the rest, such as prompt hashes, is in JSON).
    out << "  " << where << "  " << paint("\033[1m", f.kind);
    for (const auto& [name, value] : f.details)
      if (name == "name" || name == "store" || name == "sdk") out << " " << value;
    if (!f.model.empty()) out << "  " << f.model << "  " << paint(status_color(f.status), f.status);
    for (const auto& [name, value] : f.details)
      if (name == "dimensions" || name == "embedding" || name == "strict_issues" || name == "used_by" ||
          name == "role" || name == "few_shot" || name == "placeholders" || name == "length" || name == "feeds")
        out << "  " << name << "=" << value;
    if (f.cell) out << "  [cell " << *f.cell << "]";
  } else {
    out << "  " << where << "  " << paint("\033[1m", f.written) << "  " << f.provider << "  "
        << paint(status_color(f.status), f.status);
    if (!f.replacement.empty() && f.status != "active") out << "  -> " << f.replacement;
    if (!f.shutdown_on.empty() && f.status != "active") out << "  (shutdown " << f.shutdown_on << ")";
    out << "  [" << f.context;
    if (!f.key_path.empty()) out << " " << f.key_path;
    if (f.cell) out << " cell " << *f.cell;
    out << "]";
  }
  if (f.policy == "denied-model" || f.policy == "warned-model") out << "  " << f.message;
  if (!f.suppressed.empty()) out << "  " << paint("\033[2m", "suppressed: " + f.suppressed);
  out << "\n";
}

void write_findings(std::ostream& out, const Inventory& inv, const ReportOptions& o, const Paint& paint) {
  std::vector<std::vector<const Finding*>> groups(5);
  for (const Finding& f : inv.findings)
    if (listed(f, o)) groups[urgency(f)].push_back(&f);
  SourceLines lines(o.read_source);
  bool first_group = true;
  for (size_t rank = 0; rank < groups.size(); ++rank) {
    if (groups[rank].empty()) continue;
    out << (first_group ? "" : "\n") << paint("\033[1;4m", urgency_title(static_cast<int>(rank))) << " ("
        << groups[rank].size() << ")\n";
    first_group = false;
    std::string current;
    for (const Finding* f : groups[rank]) {
      if (f->path != current) {
        current = f->path;
        out << paint("\033[1m", f->path) << "\n";
      }
      write_finding(out, *f, paint);
      std::string_view text;
      // Lines inside a notebook's JSON are not the cell's code: not shown.
      if (o.masker && o.read_source && !f->cell && lines.line(f->path, f->loc.line, &text)) {
        uint32_t end = f->loc.end_line == f->loc.line ? f->loc.end_column : 0;
        out << render_excerpt(text, f->loc.line, f->loc.column, end, *o.masker, "    ");
      }
    }
  }
}

}  // namespace

void write_text(std::ostream& out, const Inventory& inv, const Catalog& catalog, const ReportOptions& options) {
  (void)catalog;
  Paint paint{options.color};
  if (!options.quiet) write_summary(out, inv, options, paint);
  bool any = std::any_of(inv.findings.begin(), inv.findings.end(), [&](const Finding& f) { return listed(f, options); });
  if (any && !options.quiet) out << "\n";
  write_findings(out, inv, options, paint);
  if (options.verbose && !inv.skipped.empty()) {
    out << "\n" << paint("\033[1;4m", "Skipped") << " (" << inv.skipped.size() << ")\n";
    for (const Skipped& k : inv.skipped) out << "  " << k.path << ": " << k.reason << "\n";
  }
}

}  // namespace modelshift
