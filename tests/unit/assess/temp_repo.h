// A small repository written to a fresh temporary directory and scanned with
// the real pipeline (run_scan: cross-file resolution, linking, fingerprints),
// for the tests of the stages after the scan (usages, risk, plan, runbook).
// The directory is removed when the object goes out of scope.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "../test_engine.h"

namespace modelshift {

using RepoFiles = std::vector<std::pair<std::string, std::string>>;  // rel path -> text

class TempRepo {
 public:
  explicit TempRepo(const RepoFiles& files) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "modelshift-ut-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    dir_ = tmpl;
    for (const auto& [rel, text] : files) {
      std::filesystem::path p = dir_ / rel;
      std::filesystem::create_directories(p.parent_path());
      std::ofstream(p, std::ios::binary) << text;
    }
  }
  ~TempRepo() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempRepo(const TempRepo&) = delete;
  TempRepo& operator=(const TempRepo&) = delete;

  const std::filesystem::path& dir() const { return dir_; }

  // The inventory of the whole repository, judged on 2026-11-25, one job.
  Inventory scan(const std::string& as_of = "2026-11-25") const {
    ScanOptions o;
    o.paths = {dir_.string()};
    o.jobs = 1;
    o.as_of = as_of;
    Inventory inv = run_scan(test_engine(), o);
    for (const Diagnostic& d : inv.errors) UNSCOPED_INFO("scan error: " << d.path << ": " << d.message);
    REQUIRE(inv.errors.empty());
    return inv;
  }

 private:
  std::filesystem::path dir_;
};

// "kind path:line" of a finding, for messages and expectations.
inline std::string finding_label(const Finding& f) {
  return f.kind + " " + f.path + ":" + std::to_string(f.loc.line);
}

}  // namespace modelshift
