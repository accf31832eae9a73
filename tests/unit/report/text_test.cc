// The text report (src/report/report_text.cc): the summary first, then the
// findings by urgency with their lines; docs and skipped files counted, and
// listed only when asked; secrets never printed.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "../test_engine.h"
#include "report/filters.h"
#include "report/report.h"

namespace modelshift {

namespace {

Finding at(const std::string& path, uint32_t line, const std::string& model, const std::string& status,
           const std::string& context) {
  Finding f;
  f.path = path;
  f.loc = {line, 10, line, 10 + static_cast<uint32_t>(model.size())};
  f.model = f.written = f.canonical = model;
  f.provider = "openai";
  f.status = status;
  f.context = context;
  if (status != "active") f.replacement = "gpt-5.5";
  return f;
}

// The line numbers (0-based) of the first line starting with each prefix.
std::map<std::string, size_t> first_lines(const std::string& text, const std::vector<std::string>& prefixes) {
  std::map<std::string, size_t> out;
  std::istringstream in(text);
  size_t n = 0;
  for (std::string line; std::getline(in, line); ++n)
    for (const std::string& p : prefixes)
      if (line.rfind(p, 0) == 0 && !out.count(p)) out[p] = n;
  return out;
}

}  // namespace

TEST_CASE("text report: summary, then groups by urgency with lines", "[text]") {
  std::map<std::string, std::string> files = {
      {"a.py", "x\nx\nM = \"gpt-4o\"   # ok\n"},
      {"b.py", "OPENAI_API_KEY = \"sk-proj-abcdefghijklmnopqrstuv\"  # gpt-5.2\n"},
      {"c.py", "M = \"gpt-4-vision-preview\"\n"},
  };
  Inventory inv;
  inv.as_of = "2026-11-25";
  inv.stats.files_walked = 9;
  Finding suppressed = at("c.py", 1, "gpt-4-vision-preview", "retired", "string");
  suppressed.suppressed = "next sprint";
  Finding denied = at("a.py", 2, "gpt-4.1", "active", "string");
  denied.policy = "denied-model";
  denied.severity = "error";
  denied.message = "gpt-4.1 is denied by policy 'gpt-4.1'";
  inv.findings = {at("a.py", 3, "gpt-4o", "active", "string"), denied, at("b.py", 1, "gpt-5.2", "deprecated", "comment"),
                  suppressed, at("docs/x.md", 1, "gpt-5.2", "deprecated", "docs"),
                  at("z.py", 1, "gpt-4-vision-preview", "retired", "string")};
  inv.skipped = {{"big.bin", "too large (9.0 MiB > 8 MiB)"}, {"logo.png", "binary"}};  // sorted, as run_scan gives them
  LineMasker masker(test_engine());
  ReportOptions o;
  o.masker = &masker;
  o.read_source = [&](const std::string& path) -> std::optional<std::string> {
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return it->second;
  };
  std::ostringstream out;
  write_text(out, inv, *test_engine().catalog, o);
  std::string text = out.str();
  INFO(text);
  auto at_line = first_lines(text, {"Summary", "Retired models (1)", "Deprecated models (1)", "Denied by policy (1)",
                                    "Inventory (1)", "Suppressed (1)", "  docs: 1 finding in 1 file (1 need action)",
                                    "  skipped: 2 files (binary 1, too large 1); --verbose lists them"});
  REQUIRE(at_line.size() == 8);
  CHECK(at_line["Summary"] == 0);
  CHECK(at_line["  docs: 1 finding in 1 file (1 need action)"] < at_line["Retired models (1)"]);
  CHECK(at_line["Retired models (1)"] < at_line["Deprecated models (1)"]);
  CHECK(at_line["Deprecated models (1)"] < at_line["Denied by policy (1)"]);
  CHECK(at_line["Denied by policy (1)"] < at_line["Inventory (1)"]);
  CHECK(at_line["Inventory (1)"] < at_line["Suppressed (1)"]);
  CHECK(text.find("  needs action: 1 retired, 2 deprecated, 1 denied (4 findings in 4 files)\n") != std::string::npos);
  CHECK(text.find("       3 | M = \"gpt-4o\"   # ok\n         |          ^^^^^^\n") != std::string::npos);
  CHECK(text.find("[line hidden: it looks like it holds a secret]") != std::string::npos);
  CHECK(text.find("sk-proj") == std::string::npos);
  CHECK(text.find("suppressed: next sprint") != std::string::npos);
  CHECK(text.find("gpt-4.1 is denied by policy") != std::string::npos);
  CHECK(text.find("\ndocs/x.md\n") == std::string::npos);  // counted (top files), not listed
  CHECK(text.find("logo.png") == std::string::npos);
  // z.py cannot be read: its finding is listed without a line.
  CHECK(text.find("z.py:1:10  gpt-4-vision-preview") != std::string::npos);

  o.verbose = true;
  std::ostringstream verbose;
  write_text(verbose, inv, *test_engine().catalog, o);
  CHECK(verbose.str().find("docs/x.md\n") != std::string::npos);
  CHECK(verbose.str().find("\nSkipped (2)\n  big.bin: too large (9.0 MiB > 8 MiB)\n  logo.png: binary\n") !=
        std::string::npos);

  o.verbose = false;
  o.quiet = true;
  std::ostringstream quiet;
  write_text(quiet, inv, *test_engine().catalog, o);
  CHECK(quiet.str().rfind("Retired models (1)\n", 0) == 0);
}

}  // namespace modelshift
