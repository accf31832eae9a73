#include "cli/config.h"

#include <boost/filesystem.hpp>
#include <fstream>
#include <sstream>

#include "assess/risk.h"
#include "assess/settings.h"
#include "core/yaml_util.h"
#include "walk/walk.h"

namespace modelshift {

namespace fs = boost::filesystem;

namespace {

// The scan root as the walker will choose it: the single directory argument,
// else the current directory.
std::string scan_root(const Options& o) {
  boost::system::error_code ec;
  if (o.paths.size() == 1 && fs::is_directory(o.paths[0], ec)) return o.paths[0];
  return ".";
}

uint64_t size_value(YamlReader& yr, const YAML::Node& n, bool* ok) {
  std::string s = n.Scalar();
  size_t pos = 0;
  double v = 0;
  try {
    v = std::stod(s, &pos);
  } catch (...) {
    yr.error(n, "max_filesize must be a size such as 500K or 8M");
    *ok = false;
    return 0;
  }
  std::string unit = s.substr(pos);
  double mult = unit.empty() ? 1 : unit[0] == 'K' || unit[0] == 'k' ? 1024 : unit[0] == 'M' || unit[0] == 'm' ? 1 << 20 : unit[0] == 'G' || unit[0] == 'g' ? 1 << 30 : -1;
  if (mult < 0 || v < 0) {
    yr.error(n, "max_filesize must be a size such as 500K or 8M");
    *ok = false;
    return 0;
  }
  return static_cast<uint64_t>(v * mult);
}

const char* const kLevels[] = {"error", "warning", "note"};

bool valid_level(const std::string& s, bool allow_off) {
  for (const char* l : kLevels)
    if (s == l) return true;
  return allow_off && s == "off";
}

// deny:/warn: entries are a model id or glob, or {model, severity, message}.
void read_entries(YamlReader& yr, const YAML::Node& list, std::vector<PolicyEntry>* out) {
  if (!list.IsSequence()) {
    yr.error(list, "must be a list of models or {model, severity, message}");
    return;
  }
  for (const YAML::Node& n : list) {
    PolicyEntry e;
    if (n.IsScalar()) {
      e.pattern = n.Scalar();
    } else if (n.IsMap()) {
      yr.check_keys(n, {"model", "severity", "message"});
      e.pattern = yr.str(n, "model", true).value_or("");
      e.severity = yr.str(n, "severity").value_or("");
      e.message = yr.str(n, "message").value_or("");
      if (!e.severity.empty() && !valid_level(e.severity, false)) yr.error(n["severity"], "severity must be error, warning or note");
    } else {
      yr.error(n, "must be a model id or glob, or {model, severity, message}");
      continue;
    }
    if (e.pattern.empty()) yr.error(n, "empty model pattern");
    else out->push_back(std::move(e));
  }
}

void read_policies(YamlReader& yr, const YAML::Node& pol, PolicyConfig* out) {
  if (pol.IsNull()) return;
  if (!pol.IsMap()) {
    yr.error(pol, "policies must be a mapping");
    return;
  }
  yr.check_keys(pol, {"deprecated", "retired", "deny", "warn"});
  for (const char* key : {"deprecated", "retired"})
    if (std::optional<std::string> v = yr.str(pol, key)) {
      if (!valid_level(*v, true)) yr.error(pol[key], std::string(key) + " must be error, warning, note or off");
      else (std::string(key) == "deprecated" ? out->deprecated : out->retired) = *v;
    }
  if (YAML::Node d = pol["deny"]) read_entries(yr, d, &out->deny);
  if (YAML::Node w = pol["warn"]) read_entries(yr, w, &out->warn);
}

}  // namespace

bool load_config(Options* o, std::vector<Diagnostic>* errors) {
  std::string path = o->config;
  bool explicit_path = !path.empty();
  if (!explicit_path) {
    path = (fs::path(scan_root(*o)) / ".modelshift.yaml").string();
    boost::system::error_code ec;
    if (!fs::exists(path, ec)) return true;
  }
  // A settings file is small; a FIFO or /dev/zero planted in its place must
  // not hang or exhaust the run (issue 15).
  constexpr uint64_t kMaxConfigBytes = 4u << 20;
  std::string text, why;
  if (!read_regular_file(path, kMaxConfigBytes, &text, &why) || text.size() > kMaxConfigBytes) {
    errors->push_back({path, 0, 0, "cannot read config file: " + (why.empty() ? std::string("larger than 4 MiB") : why)});
    return false;
  }
  size_t before = errors->size();
  YamlReader yr(path, errors);
  std::optional<YAML::Node> root = yr.parse(text);
  if (!root) return false;
  if (root->IsNull()) return true;
  yr.check_keys(*root, {"scan", "policies", "migrations", "risk", "owners", "metadata", "prices", "runbook"});
  if (YAML::Node pol = (*root)["policies"]) read_policies(yr, pol, &o->policies);
  read_migration_settings(yr, *root, risk_factor_ids(), &o->migration);
  // Found in the scanned tree: named as the repository knows it, whatever the working directory.
  if (!explicit_path) o->migration.config_path = ".modelshift.yaml";
  if (YAML::Node scan = (*root)["scan"]) {
    yr.check_keys(scan, {"include", "exclude", "max_filesize", "no_ignore"});
    std::vector<std::string> inc = yr.str_list(scan, "include"), exc = yr.str_list(scan, "exclude");
    o->include.insert(o->include.begin(), inc.begin(), inc.end());
    o->exclude.insert(o->exclude.begin(), exc.begin(), exc.end());
    if (YAML::Node m = scan["max_filesize"]; m && !o->max_filesize_set) {
      bool ok = true;
      uint64_t v = size_value(yr, m, &ok);
      if (ok) o->max_filesize = v;
    }
    if (yr.boolean(scan, "no_ignore", false)) o->no_ignore = true;
  }
  return errors->size() == before;
}

}  // namespace modelshift
