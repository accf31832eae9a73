// Which SDK package owns a file: the rules, the per-directory index and the
// marking (src/link/sdk_packages.h); the manifest readers are in sdk_manifests.cc.
#include "link/sdk_packages.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "core/rule_files.h"
#include "core/yaml_util.h"
#include "walk/walk.h"

namespace modelshift {

namespace {

constexpr const char* kRulesFile = "sdk_packages.yaml";
constexpr const char* kEcosystems[] = {"npm", "pypi", "go", "maven", "nuget", "crates", "gems", "composer"};

// A manifest is a few kilobytes; anything far larger is not one we read.
constexpr size_t kMaxManifestBytes = 1 << 20;

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The form in which names of `ecosystem` compare equal: PyPI's PEP 503 form,
// crates' '-' == '_', case-insensitive NuGet and Composer.
std::string normalise(std::string_view ecosystem, std::string_view name) {
  if (ecosystem == "pypi") {
    std::string out;
    bool sep = false;
    for (char c : lower(name)) {
      if (c == '-' || c == '_' || c == '.') {
        sep = true;
        continue;
      }
      if (sep && !out.empty()) out += '-';
      sep = false;
      out += c;
    }
    return out;
  }
  if (ecosystem == "crates") {
    std::string out(name);
    std::replace(out.begin(), out.end(), '_', '-');
    return out;
  }
  if (ecosystem == "nuget" || ecosystem == "composer") return lower(name);
  return std::string(name);
}

bool glob_match(const std::string& pattern, const std::string& name) {
  if (!pattern.empty() && pattern.back() == '*')
    return name.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  return pattern == name;
}

std::string parent_dir(const std::string& dir) {
  size_t slash = dir.rfind('/');
  return slash == std::string::npos ? std::string() : dir.substr(0, slash);
}

std::string base_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::unique_ptr<SdkPackageRules> SdkPackageRules::load(const std::vector<RuleFile>& files,
                                                       std::vector<Diagnostic>* errors) {
  auto out = std::make_unique<SdkPackageRules>();
  for (const RuleFile& f : files) {
    if (f.path != kRulesFile) continue;
    YamlReader yr(f.origin, errors);
    std::optional<YAML::Node> root = yr.parse(f.text);
    if (!root) return out;
    yr.check_keys(*root, {"usage_dirs", "usage_contexts", "definition_files", "sdks"});
    out->definition_files_ = yr.str_list(*root, "definition_files");
    out->usage_dirs_ = yr.str_list(*root, "usage_dirs");
    out->usage_contexts_ = yr.str_list(*root, "usage_contexts");
    if (!(*root)["sdks"].IsSequence()) {
      yr.error(*root, "sdks: a list of SDKs is needed");
      return out;
    }
    for (const YAML::Node& n : (*root)["sdks"]) {
      yr.check_keys(n, {"id", "npm", "pypi", "go", "maven", "nuget", "crates", "gems", "composer"});
      std::string id = yr.str(n, "id", true).value_or("");
      for (const char* eco : kEcosystems)
        for (const std::string& name : yr.str_list(n, eco)) {
          if (name.empty() || name == "*") yr.error(n[eco], std::string(eco) + ": an empty package name matches anything");
          else out->entries_.push_back({id, eco, normalise(eco, name)});
        }
    }
  }
  return out;
}

std::string SdkPackageRules::sdk_of(std::string_view ecosystem, std::string_view name) const {
  if (name.empty()) return "";
  std::string n = normalise(ecosystem, name);
  for (const Entry& e : entries_)
    if (e.ecosystem == ecosystem && glob_match(e.pattern, n)) return e.sdk;
  return "";
}

bool SdkPackageRules::usage_dir(std::string_view name) const {
  return std::find(usage_dirs_.begin(), usage_dirs_.end(), name) != usage_dirs_.end();
}

bool SdkPackageRules::usage_context(std::string_view context) const {
  return std::find(usage_contexts_.begin(), usage_contexts_.end(), context) != usage_contexts_.end();
}

bool SdkPackageRules::definition_file(std::string_view base_name) const {
  for (const std::string& g : definition_files_)
    if (glob_match(g, std::string(base_name))) return true;
  return false;
}

std::string sdk_package_label(const SdkPackage& p) {
  if (p.version.empty() || !std::isdigit(static_cast<unsigned char>(p.version[0]))) return p.name;
  size_t dot = p.version.find('.');
  std::string major = p.version.substr(0, dot);
  if (major == "0" && dot != std::string::npos) {
    size_t dot2 = p.version.find('.', dot + 1);
    return p.name + " " + p.version.substr(0, dot2) + ".x";
  }
  return p.name + " " + major + ".x";
}

SdkPackageIndex::SdkPackageIndex(const SdkPackageRules& rules, ListFn list, ReadFn read)
    : rules_(rules), list_(std::move(list)), read_(std::move(read)) {}

SdkPackageIndex SdkPackageIndex::on_disk(const SdkPackageRules& rules, const std::string& root) {
  std::string base = root.empty() ? std::string(".") : root;
  auto full = [base](const std::string& rel) { return rel.empty() ? base : base + "/" + rel; };
  ListFn list = [full](const std::string& dir, std::vector<std::string>* names) {
    DIR* d = ::opendir(full(dir).c_str());
    if (!d) return false;
    while (const dirent* e = ::readdir(d))
      if (manifest_rank(e->d_name) >= 0) names->push_back(e->d_name);  // manifests and *.dist-info
    ::closedir(d);
    return true;
  };
  ReadFn read = [full](const std::string& path, std::string* text, std::string* error) {
    int fd = ::open(full(path).c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
      *error = errno == ENOENT ? "" : std::strerror(errno);
      return false;
    }
    struct stat st;
    if (::fstat(fd, &st) != 0) *error = std::strerror(errno);
    else if (!S_ISREG(st.st_mode)) *error = "not a regular file";
    else if (static_cast<size_t>(st.st_size) > kMaxManifestBytes) *error = "larger than 1 MiB";
    if (!error->empty()) {
      ::close(fd);
      return false;
    }
    return read_and_close(fd, text, error);
  };
  return SdkPackageIndex(rules, std::move(list), std::move(read));
}

const SdkPackageIndex::DirInfo& SdkPackageIndex::dir_info(const std::string& dir) {
  auto it = dirs_.find(dir);
  if (it != dirs_.end()) return it->second;
  DirInfo info;
  std::vector<std::string> names;
  if (list_(dir, &names)) {
    std::erase_if(names, [](const std::string& n) { return manifest_rank(n) < 0; });
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
      return std::make_pair(manifest_rank(a), a) < std::make_pair(manifest_rank(b), b);
    });
    for (const std::string& name : names) {
      std::string path = dir.empty() ? name : dir + "/" + name;
      if (ends_with(name, ".dist-info")) {
        read_dist_info(path, &info);
        continue;
      }
      if (name == "modules.txt" && base_name(dir) != "vendor") continue;
      if (info.manifest && name != "modules.txt") continue;  // the first naming manifest decides
      std::string text;
      std::string error;
      if (!read_(path, &text, &error)) {
        if (!error.empty()) warnings_.push_back({path, 0, 0, "manifest not read: " + error});
        continue;
      }
      if (name == "modules.txt") {
        info.vendored = read_vendor_modules(text);
        info.vendor_path = path;
        continue;
      }
      std::vector<Diagnostic> w;
      std::optional<Manifest> m = read_manifest(name, text, &w);
      for (Diagnostic& d : w) {
        d.path = path;
        warnings_.push_back(std::move(d));
      }
      if (m && !m->name.empty()) {
        info.manifest = std::move(m);
        info.manifest_path = path;
      }
    }
  }
  return dirs_.emplace(dir, std::move(info)).first->second;
}

void SdkPackageIndex::read_dist_info(const std::string& path, DirInfo* info) {
  std::string metadata, top_level, record, error;
  if (!read_(path + "/METADATA", &metadata, &error)) {
    if (!error.empty()) warnings_.push_back({path + "/METADATA", 0, 0, "manifest not read: " + error});
    return;
  }
  Manifest m = read_dist_metadata(metadata);
  if (m.name.empty()) {
    warnings_.push_back({path + "/METADATA", 0, 0, "malformed metadata: no Name: header"});
    return;
  }
  if (!read_(path + "/top_level.txt", &top_level, &error)) top_level.clear();
  if (top_level.empty()) read_(path + "/RECORD", &record, &error);
  for (const std::string& top : dist_top_levels(top_level, record)) info->dists.emplace(top, std::make_pair(m, path));
}

const Manifest* SdkPackageIndex::claimant(const DirInfo& info, const std::string& dir, const std::string& child,
                                          const std::string& rel_path, const std::string** path) {
  if (auto d = info.dists.find(child); d != info.dists.end()) {
    *path = &d->second.second;
    return &d->second.first;
  }
  // vendor/github.com/openai/openai-go/option/x.go: the module whose
  // directory holds the file.
  std::string below = rel_path.substr(dir.empty() ? 0 : dir.size() + 1);
  for (const auto& [module_dir, module] : info.vendored)
    if (below.size() > module_dir.size() && below.compare(0, module_dir.size(), module_dir) == 0 &&
        below[module_dir.size()] == '/') {
      *path = &info.vendor_path;
      return &module;
    }
  *path = &info.manifest_path;
  return info.manifest ? &*info.manifest : nullptr;
}

const SdkPackage* SdkPackageIndex::owner(const std::string& rel_path) {
  // Files outside the root ("../x.py") have no manifest within it.
  if (rel_path.rfind("../", 0) == 0 || rel_path.rfind('/', 0) == 0) return nullptr;
  std::string file_dir = parent_dir(rel_path);
  // The answer is the same for every file of a directory, except directly in
  // a site-packages directory, where each top-level module has its own.
  std::string key = dir_info(file_dir).dists.empty() ? file_dir : rel_path;
  auto cached = owners_.find(key);
  if (cached != owners_.end()) return cached->second ? &*cached->second : nullptr;
  std::optional<SdkPackage> found;
  bool usage = false;
  std::string child = base_name(rel_path);  // the component of rel_path right below `dir`
  if (ends_with(child, ".py")) child.resize(child.size() - 3);
  for (std::string dir = file_dir;; dir = parent_dir(dir)) {
    const DirInfo& info = dir_info(dir);
    const std::string* path = nullptr;
    if (const Manifest* m = claimant(info, dir, child, rel_path, &path)) {
      std::string sdk = rules_.sdk_of(m->ecosystem, m->name);
      if (!sdk.empty() && !usage) found = SdkPackage{sdk, m->name, m->version, *path};
      break;
    }
    // A usage directory below the manifest: examples/ and tests/ of the SDK.
    if (!dir.empty() && rules_.usage_dir(base_name(dir))) usage = true;
    if (dir.empty()) break;
    child = base_name(dir);
  }
  auto& slot = owners_[key];
  slot = std::move(found);
  return slot ? &*slot : nullptr;
}

void mark_sdk_definitions(SdkPackageIndex& index, std::vector<Finding>* findings) {
  for (Finding& f : *findings) {
    if (f.context == "sdk_definition") continue;
    const SdkPackage* owner = index.owner(f.path);
    if (!owner) continue;
    const bool record = index.rules().definition_file(base_name(f.path));
    if (!record && index.rules().usage_context(f.context)) continue;
    f.syntax = std::move(f.context);
    f.context = "sdk_definition";
    f.sdk_package = *owner;
  }
}

}  // namespace modelshift
