#include "core/rule_files.h"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <fstream>
#include <sstream>

#include "core/embedded_rules.h"

namespace modelshift {
namespace fs = boost::filesystem;

std::vector<RuleFile> load_rule_files(const std::string& dir, std::vector<Diagnostic>* errors) {
  std::vector<RuleFile> out;
  if (dir.empty()) {
    for (const EmbeddedFile& f : embedded_rules())
      out.push_back({std::string(f.path), std::string(f.content), "rules/" + std::string(f.path)});
    return out;
  }
  boost::system::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    errors->push_back({dir, 0, 0, "rules directory not found"});
    return out;
  }
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::string ext = p.extension().string();
    if (ext != ".yaml" && ext != ".scm") continue;
    if (!fs::is_regular_file(p, ec)) continue;
    std::ifstream in(p.string(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string rel = fs::relative(p, dir, ec).generic_string();
    out.push_back({rel, ss.str(), p.string()});
  }
  if (ec) errors->push_back({dir, 0, 0, "cannot read rules directory: " + ec.message()});
  std::sort(out.begin(), out.end(), [](const RuleFile& a, const RuleFile& b) { return a.path < b.path; });
  return out;
}

std::vector<const RuleFile*> rule_files_under(const std::vector<RuleFile>& files,
                                              const std::string& prefix) {
  std::vector<const RuleFile*> out;
  for (const RuleFile& f : files)
    if (f.path.compare(0, prefix.size(), prefix) == 0) out.push_back(&f);
  return out;
}

}  // namespace modelshift
