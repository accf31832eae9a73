#include "sdk_packages.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include <re2/re2.h>

#include "json_doc.h"
#include "rule_files.h"
#include "walk.h"
#include "yaml_util.h"

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
    if (sep && !name.empty() && name.back() == '*') out += '-';
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

// ---- manifest readers: text only, nothing executed ----

void warn(std::vector<Diagnostic>* w, uint32_t line, std::string message) {
  w->push_back({"", line, 0, std::move(message)});
}

// package.json and composer.json: top-level "name" and "version".
Manifest read_json_manifest(const char* ecosystem, std::string_view text, std::vector<Diagnostic>* warnings) {
  Manifest m;
  m.ecosystem = ecosystem;
  JsonParse p = parse_json(text, /*allow_comments=*/false, /*max_depth=*/64);
  if (!p.ok) {
    Diagnostic d = p.diagnostics.empty() ? Diagnostic{"", 0, 0, "malformed JSON"} : p.diagnostics.front();
    warn(warnings, d.line, "malformed manifest (" + d.message + "); its package is not known");
    return m;  // a half-read name would be a guess
  }
  if (p.root.type != JsonValue::Type::Object) {
    warn(warnings, 1, "malformed manifest: not a JSON object");
    return m;
  }
  if (const JsonValue* n = p.root.get("name")) {
    if (n->type == JsonValue::Type::String) m.name = n->str;
    else warn(warnings, 0, "malformed manifest: \"name\" is not a string");
  }
  if (const JsonValue* v = p.root.get("version"); v && v->type == JsonValue::Type::String) m.version = v->str;
  return m;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The lines of `text`, 1-based numbers.
template <typename Fn>
void for_lines(std::string_view text, Fn fn) {
  uint32_t number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    fn(++number, text.substr(pos, nl - pos));
    pos = nl + 1;
  }
}

// pyproject.toml and Cargo.toml: `name` and `version` of the sections that
// describe the package. Only the simple `key = "string"` form is read; a
// dynamic or inherited version stays unknown.
Manifest read_toml_manifest(const char* ecosystem, std::initializer_list<std::string_view> sections,
                            std::string_view text, std::vector<Diagnostic>* warnings) {
  Manifest m;
  m.ecosystem = ecosystem;
  bool in_section = false;
  for_lines(text, [&](uint32_t number, std::string_view line) {
    line = trim(line);
    if (line.empty() || line.front() == '#') return;
    if (line.front() == '[') {
      size_t close = line.find(']');
      if (close == std::string_view::npos) {
        warn(warnings, number, "malformed manifest: unterminated table header");
        in_section = false;
        return;
      }
      std::string_view name = trim(line.substr(1, close - 1));
      in_section = std::find(sections.begin(), sections.end(), name) != sections.end();
      return;
    }
    if (!in_section) return;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return;
    std::string_view key = trim(line.substr(0, eq));
    if (key != "name" && key != "version") return;
    std::string_view value = trim(line.substr(eq + 1));
    char q = value.empty() ? 0 : value.front();
    size_t end = (q == '"' || q == '\'') ? value.find(q, 1) : std::string_view::npos;
    if (end == std::string_view::npos) {
      // `version = {workspace = true}` and the like are legal; a name must be a string.
      if (key == "name") warn(warnings, number, "malformed manifest: name is not a quoted string");
      return;
    }
    std::string s(value.substr(1, end - 1));
    if (key == "name" && m.name.empty()) m.name = s;
    if (key == "version" && m.version.empty()) m.version = s;
  });
  return m;
}

// setup.cfg: [metadata] name = x (INI, unquoted).
Manifest read_setup_cfg(std::string_view text) {
  Manifest m;
  m.ecosystem = "pypi";
  bool in_metadata = false;
  for_lines(text, [&](uint32_t, std::string_view line) {
    line = trim(line);
    if (line.empty() || line.front() == '#' || line.front() == ';') return;
    if (line.front() == '[') {
      in_metadata = line.substr(0, 10) == "[metadata]";
      return;
    }
    size_t eq = line.find_first_of("=:");
    if (!in_metadata || eq == std::string_view::npos) return;
    std::string_view key = trim(line.substr(0, eq));
    std::string_view value = trim(line.substr(eq + 1));
    if (key == "name" && m.name.empty()) m.name = value;
    if (key == "version" && m.version.empty() && value.find(':') == std::string_view::npos) m.version = value;
  });
  return m;
}

// The first literal `pattern` capture in `text`, or "".
std::string first_capture(std::string_view text, const RE2& re) {
  std::string out;
  RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re, &out);
  return out;
}

// setup.py: a literal name= / version= keyword (the file is never run; a
// computed name leaves the package unknown).
Manifest read_setup_py(std::string_view text) {
  static const RE2 name(R"(\bname\s*=\s*['"]([^'"\n]+)['"])");
  static const RE2 version(R"(\bversion\s*=\s*['"]([^'"\n]+)['"])");
  Manifest m;
  m.ecosystem = "pypi";
  size_t call = text.find("setup(");
  if (call == std::string_view::npos) return m;
  m.name = first_capture(text.substr(call), name);
  m.version = first_capture(text.substr(call), version);
  return m;
}

// go.mod: `module path`; a /vN suffix is the major version.
Manifest read_go_mod(std::string_view text, std::vector<Diagnostic>* warnings) {
  Manifest m;
  m.ecosystem = "go";
  for_lines(text, [&](uint32_t, std::string_view line) {
    line = trim(line);
    if (!m.name.empty() || line.substr(0, 7) != "module " ) return;
    std::string_view path = trim(line.substr(7));
    size_t comment = path.find("//");
    if (comment != std::string_view::npos) path = trim(path.substr(0, comment));
    if (path.size() >= 2 && path.front() == '"' && path.back() == '"') path = path.substr(1, path.size() - 2);
    m.name = std::string(path);
  });
  if (m.name.empty()) {
    warn(warnings, 0, "malformed manifest: no module line");
    return m;
  }
  size_t slash = m.name.rfind('/');
  if (slash != std::string::npos && m.name.size() > slash + 2 && m.name[slash + 1] == 'v' &&
      std::all_of(m.name.begin() + slash + 2, m.name.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    m.version = m.name.substr(slash + 2);
    m.name.resize(slash);
  }
  return m;
}

// Removes every <tag>...</tag> block (not nested in itself) from `xml`.
void drop_blocks(std::string* xml, const std::string& tag) {
  const std::string open = "<" + tag + ">", close = "</" + tag + ">";
  size_t b;
  while ((b = xml->find(open)) != std::string::npos) {
    size_t e = xml->find(close, b);
    xml->erase(b, e == std::string::npos ? std::string::npos : e + close.size() - b);
  }
}

std::string xml_text(const std::string& xml, const std::string& tag) {
  const std::string open = "<" + tag + ">", close = "</" + tag + ">";
  size_t b = xml.find(open);
  if (b == std::string::npos) return "";
  b += open.size();
  size_t e = xml.find(close, b);
  return e == std::string::npos ? "" : std::string(trim(std::string_view(xml).substr(b, e - b)));
}

// pom.xml: the project's groupId:artifactId (groupId inherited from
// <parent> when the project does not set its own).
Manifest read_pom(std::string_view text, std::vector<Diagnostic>* warnings) {
  Manifest m;
  m.ecosystem = "maven";
  std::string xml(text);
  for (size_t b; (b = xml.find("<!--")) != std::string::npos;) {
    size_t e = xml.find("-->", b);
    xml.erase(b, e == std::string::npos ? std::string::npos : e + 3 - b);
  }
  if (xml.find("<project") == std::string::npos) {
    warn(warnings, 0, "malformed manifest: no <project> element");
    return m;
  }
  std::string parent = xml_text(xml, "parent");
  for (const char* tag : {"parent", "dependencies", "dependencyManagement", "build", "profiles", "reporting",
                          "distributionManagement", "modules", "pluginRepositories", "repositories"})
    drop_blocks(&xml, tag);
  std::string group = xml_text(xml, "groupId"), artifact = xml_text(xml, "artifactId");
  if (group.empty()) group = xml_text(parent, "groupId");
  m.version = xml_text(xml, "version");
  if (m.version.empty()) m.version = xml_text(parent, "version");
  if (m.version.find("${") != std::string::npos) m.version.clear();
  if (artifact.empty() || group.empty()) {
    warn(warnings, 0, "malformed manifest: no groupId or artifactId for the project");
    return m;
  }
  m.name = group + ":" + artifact;
  return m;
}

// *.csproj: PackageId, else AssemblyName, else the project file's stem.
Manifest read_csproj(std::string_view file_name, std::string_view text, std::vector<Diagnostic>* warnings) {
  Manifest m;
  m.ecosystem = "nuget";
  std::string xml(text);
  if (xml.find("<Project") == std::string::npos) {
    warn(warnings, 0, "malformed manifest: no <Project> element");
    return m;
  }
  m.name = xml_text(xml, "PackageId");
  if (m.name.empty()) m.name = xml_text(xml, "AssemblyName");
  if (m.name.empty() || m.name.find("$(") != std::string::npos)
    m.name = std::string(file_name.substr(0, file_name.size() - std::strlen(".csproj")));
  m.version = xml_text(xml, "Version");
  if (m.version.find("$(") != std::string::npos) m.version.clear();
  return m;
}

// *.nuspec (an unpacked NuGet package): <id> and <version>.
Manifest read_nuspec(std::string_view text, std::vector<Diagnostic>* warnings) {
  Manifest m;
  m.ecosystem = "nuget";
  std::string xml(text);
  m.name = xml_text(xml, "id");
  m.version = xml_text(xml, "version");
  if (m.name.empty()) warn(warnings, 0, "malformed manifest: no <id>");
  return m;
}

// *.gemspec: `spec.name = "x"` (Ruby, never run).
Manifest read_gemspec(std::string_view text) {
  static const RE2 name(R"(\.name\s*=\s*['"]([^'"\n]+)['"])");
  static const RE2 version(R"(\.version\s*=\s*['"]([^'"\n]+)['"])");
  Manifest m;
  m.ecosystem = "gems";
  m.name = first_capture(text, name);
  m.version = first_capture(text, version);
  return m;
}


// Manifest names in the order one directory's manifests are consulted.
int manifest_rank(std::string_view name) {
  static constexpr std::string_view kFixed[] = {"package.json", "pyproject.toml", "setup.cfg", "setup.py", "go.mod",
                                                "pom.xml",      "Cargo.toml",     "composer.json"};
  for (size_t i = 0; i < std::size(kFixed); ++i)
    if (name == kFixed[i]) return static_cast<int>(i);
  if (ends_with(name, ".csproj")) return 100;
  if (ends_with(name, ".gemspec")) return 101;
  if (ends_with(name, ".nuspec")) return 102;
  if (name == "modules.txt") return 201;  // only in a directory named vendor
  if (ends_with(name, ".dist-info")) return 200;
  return -1;
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

Manifest read_dist_metadata(std::string_view text) {
  Manifest m;
  m.ecosystem = "pypi";
  bool done = false;
  for_lines(text, [&](uint32_t, std::string_view line) {
    if (done) return;
    if (trim(line).empty()) {
      done = true;  // the headers end at the first blank line; the description follows
      return;
    }
    if (line.substr(0, 5) == "Name:" && m.name.empty()) m.name = trim(line.substr(5));
    if (line.substr(0, 8) == "Version:" && m.version.empty()) m.version = trim(line.substr(8));
  });
  return m;
}

std::vector<std::string> dist_top_levels(std::string_view top_level_txt, std::string_view record) {
  std::vector<std::string> out;
  if (!trim(top_level_txt).empty()) {
    for_lines(top_level_txt, [&](uint32_t, std::string_view line) {
      line = trim(line);
      if (!line.empty()) out.emplace_back(line);
    });
  } else {
    for_lines(record, [&](uint32_t, std::string_view line) {
      std::string_view path = line.substr(0, line.find(','));
      if (path.size() >= 2 && path.front() == '"') path = path.substr(1);  // quoted CSV field
      std::string_view top = path.substr(0, path.find('/'));
      if (top.empty() || top == ".." || top == "__pycache__" || ends_with(top, ".dist-info") ||
          ends_with(top, ".data"))
        return;
      if (top.size() == path.size()) {  // a module file at the top: "six.py"
        if (!ends_with(top, ".py")) return;
        top.remove_suffix(3);
      }
      out.emplace_back(top);
    });
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool SdkPackageRules::definition_file(std::string_view base_name) const {
  for (const std::string& g : definition_files_)
    if (glob_match(g, std::string(base_name))) return true;
  return false;
}

std::vector<std::pair<std::string, Manifest>> read_vendor_modules(std::string_view text) {
  std::vector<std::pair<std::string, Manifest>> out;
  for_lines(text, [&](uint32_t, std::string_view line) {
    if (line.substr(0, 2) != "# ") return;  // "## explicit" markers and package lines
    line = trim(line.substr(2));
    size_t space = line.find(' ');
    std::string path(line.substr(0, space));
    if (path.empty()) return;
    std::string_view version = space == std::string_view::npos ? "" : trim(line.substr(space + 1));
    version = version.substr(0, version.find(' '));  // "v1.2.0 => ../fork"
    if (!version.empty() && version.front() == 'v') version.remove_prefix(1);
    std::vector<Diagnostic> ignored;
    Manifest m = read_go_mod("module " + path + "\n", &ignored);
    m.version = std::string(version);
    out.emplace_back(path, std::move(m));
  });
  // Longest first, so that a nested module wins over the one around it.
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return out;
}

std::optional<Manifest> read_manifest(std::string_view file_name, std::string_view text,
                                      std::vector<Diagnostic>* warnings) {
  if (file_name == "package.json") return read_json_manifest("npm", text, warnings);
  if (file_name == "composer.json") return read_json_manifest("composer", text, warnings);
  if (file_name == "pyproject.toml")
    return read_toml_manifest("pypi", {"project", "tool.poetry"}, text, warnings);
  if (file_name == "Cargo.toml") return read_toml_manifest("crates", {"package"}, text, warnings);
  if (file_name == "setup.cfg") return read_setup_cfg(text);
  if (file_name == "setup.py") return read_setup_py(text);
  if (file_name == "go.mod") return read_go_mod(text, warnings);
  if (file_name == "pom.xml") return read_pom(text, warnings);
  if (ends_with(file_name, ".csproj")) return read_csproj(file_name, text, warnings);
  if (ends_with(file_name, ".gemspec")) return read_gemspec(text);
  if (ends_with(file_name, ".nuspec")) return read_nuspec(text, warnings);
  return std::nullopt;
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

void mark_sdk_definitions(SdkPackageIndex& index, const std::string& rel_path, std::vector<Finding>* findings) {
  if (findings->empty()) return;
  const SdkPackage* owner = index.owner(rel_path);
  if (!owner) return;
  const bool record = index.rules().definition_file(base_name(rel_path));
  for (Finding& f : *findings) {
    if (f.context == "sdk_definition" || (!record && index.rules().usage_context(f.context))) continue;
    f.syntax = std::move(f.context);
    f.context = "sdk_definition";
    f.sdk_package = *owner;
  }
}

}  // namespace modelshift
