// Azure deployment names mapped to the models they serve (rules/deployments.yaml).
// Config and Terraform readers record every value with its key path; these
// rules pick the (deployment name, model) pairs out of them, and after all
// files are read a call site whose model is a deployment name is resolved to
// the model behind it, with the place that says so in its resolution chain.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/rule_files.h"
#include "core/types.h"
#include "read/regions.h"

namespace re2 {
class RE2;
}

namespace modelshift {

class Catalog;

// One deployment found in a file: `name` serves `model`; line/column of the
// model value (1-based).
struct Deployment {
  std::string name, model;
  uint32_t line = 0, column = 0;
};

class DeploymentRules {
 public:
  ~DeploymentRules();
  // Reads rules/deployments.yaml (absent: no rules). Mistakes go to `errors`.
  static std::unique_ptr<DeploymentRules> load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors);

  // The deployments a config file's regions describe; cheap (a keyword test)
  // for files that name none.
  std::vector<Deployment> extract(std::string_view text, const RegionTable& regions) const;

 private:
  struct Rule;
  std::vector<std::string> keywords_;
  std::vector<Rule> rules_;
};

// Resolves call sites whose model is a deployment name found in `deployments`
// (path -> that file's deployments, in path order). `describe` refreshes a
// call site's model fields after its model changed.
void resolve_deployments(const std::vector<std::pair<const std::string*, const std::vector<Deployment>*>>& deployments,
                         const Catalog& catalog, std::vector<Finding*>* call_sites,
                         const std::function<void(Finding*)>& describe);

}  // namespace modelshift
