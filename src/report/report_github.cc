// GitHub Actions workflow commands: one annotation per finding, with the
// rule, level and message the SARIF writer uses. Every byte that comes from
// the scanned tree (paths, messages) is escaped, so a hostile file name
// cannot end the command early or start a command of its own.
#include "report/report.h"
#include "report/sarif.h"

namespace modelshift {

namespace {

const char* annotation(const std::string& level) {
  if (level == "error") return "error";
  if (level == "warning") return "warning";
  return "notice";
}

// "::LEVEL file=…,line=…,endLine=…,col=…,endColumn=…,title=…::message"
void annotate(std::ostream& out, const std::string& level, const std::string& path, const Location& loc,
              Utf16Columns& cols, const std::string& title, const std::string& message) {
  out << "::" << annotation(level);
  char sep = ' ';
  auto prop = [&](const char* name, const std::string& value) {
    out << sep << name << '=' << github_escape_property(value);
    sep = ',';
  };
  if (!path.empty()) {
    prop("file", path);
    if (loc.line) prop("line", std::to_string(loc.line));
    if (loc.end_line >= loc.line && loc.end_line) prop("endLine", std::to_string(loc.end_line));
    if (loc.line && loc.column) prop("col", std::to_string(cols.convert(path, loc.line, loc.column)));
    if (loc.end_line >= loc.line && loc.end_line && loc.end_column)
      prop("endColumn", std::to_string(cols.convert(path, loc.end_line, loc.end_column)));
  }
  if (!title.empty()) prop("title", title);
  out << "::" << github_escape_data(message) << "\n";
}

}  // namespace

std::string github_escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string github_escape_property(std::string_view s) {
  std::string out;
  for (char c : github_escape_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

void write_github(std::ostream& out, const Inventory& inv, const Catalog& catalog, const SarifRules& rules,
                  const SarifOptions& options) {
  (void)catalog;
  Utf16Columns cols(options.read_source);
  for (const Finding& f : inv.findings) {
    // A suppressed finding was dismissed on purpose: no annotation.
    // A finding that fails the run is always shown, judged or not.
    bool fails = options.fails && options.fails(f);
    if (!f.suppressed.empty() || !(fails || sarif_includes(rules, options, f))) continue;
    SarifVerdict v = classify_finding(rules, f);
    // `scan`: ::error means the run fails (--fail-on), so the log and the
    // exit status agree.
    if (options.fails) v.level = fails ? "error" : v.level == "error" ? "warning" : v.level;
    annotate(out, v.level, f.path, f.loc, cols, rules.tool_name + " " + rules.rules[v.rule_index].id, v.message);
  }
  for (const Diagnostic& d : inv.warnings) {
    Location loc;
    loc.line = d.line;
    loc.column = d.column;
    annotate(out, "warning", d.path, loc, cols, rules.tool_name + " file-warning", d.message);
  }
  for (const Diagnostic& d : inv.errors)
    annotate(out, "error", "", {}, cols, rules.tool_name + " scan-error",
             (d.path.empty() ? "" : d.path + ": ") + d.message);
  // Skipped files (binaries, oversized files) are not written at all: a
  // tree with many images would drown the annotations that matter. The JSON
  // report and SARIF's notifications list them.
}

}  // namespace modelshift
