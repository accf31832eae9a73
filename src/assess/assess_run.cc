#include "assess/assess_run.h"

#include <boost/filesystem.hpp>
#include <map>
#include <set>

#include "assess/exposure.h"
#include "assess/owners.h"

namespace modelshift {

namespace fs = boost::filesystem;

std::string repository_root(const std::string& dir) {
  boost::system::error_code ec;
  for (fs::path p = fs::path(dir); !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p.string();
    if (p == p.root_path()) break;
  }
  return dir;
}

bool assess_inventory(const Engine& engine, const RiskRules& risk, const AssessOptions& options, Inventory* inv,
                      std::vector<Diagnostic>* errors) {
  std::unique_ptr<ExposureRules> exposure_rules = ExposureRules::load(engine.rule_files, errors);
  if (!errors->empty()) return false;
  inv->usages = group_usages(inv->findings);

  // Exposure of every file that anchors a usage.
  std::set<std::string> target_set;
  for (const Usage& u : inv->usages) target_set.insert(inv->findings[u.findings[0]].path);
  std::vector<std::string> targets(target_set.begin(), target_set.end());
  // The scan's own walk when the inventory carries it; else walk again.
  std::vector<WalkEntry> walked_again;
  if (inv->files.empty()) walked_again = walk(options.paths, options.walk).files;
  const std::vector<WalkEntry>& files = inv->files.empty() ? walked_again : inv->files;
  std::map<std::string, Exposure> exposure =
      classify_exposure(*exposure_rules, files, targets, options.settings->customer_facing_globs,
                        options.settings->internal_globs, &inv->warnings);

  // Owners: CODEOWNERS paths are relative to the repository's top. A scan
  // root below it with a CODEOWNERS of its own (a project vendored or
  // copied in, an example tree) is read as its own repository.
  std::string repo = repository_root(inv->root);
  CodeOwners codeowners = CodeOwners::load(repo, &inv->warnings);
  if (codeowners.empty() && repo != inv->root) {
    CodeOwners own = CodeOwners::load(inv->root, &inv->warnings);
    if (!own.empty()) codeowners = std::move(own), repo = inv->root;
  }
  std::string prefix;
  if (repo != inv->root && inv->root.size() > repo.size() + 1) prefix = inv->root.substr(repo.size() + 1) + "/";

  AssessInputs in;
  in.risk = &risk;
  in.settings = options.settings;
  in.as_of = inv->as_of;
  in.parameter_changes = options.parameter_changes;
  in.surface = [&](const std::string& path) {
    Surface s;
    auto it = exposure.find(path);
    if (it == exposure.end()) return s;
    s.surface = it->second.surface;
    s.reason = it->second.reason;
    s.path = it->second.evidence_path;
    s.line = it->second.evidence_line;
    return s;
  };
  in.owners = [&](const std::string& path) {
    Ownership o;
    if (const OwnerOverride* ov = owner_override_for(*options.settings, path)) {
      o.owners = ov->owners;
      o.source = ".modelshift.yaml";
      return o;
    }
    OwnerMatch m = codeowners.owners_of(prefix + path);
    o.owners = m.owners;
    if (!m.source.empty()) o.source = m.source + ":" + std::to_string(m.line);
    return o;
  };
  assess_usages(inv->findings, in, &inv->usages);
  return true;
}

}  // namespace modelshift
