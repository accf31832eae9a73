// Manifest readers: text only, nothing is executed (src/link/sdk_packages.h).
#include <algorithm>
#include <cctype>
#include <cstring>

#include <re2/re2.h>

#include "link/sdk_packages.h"
#include "read/json_doc.h"

namespace modelshift {

namespace {

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

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

}  // namespace

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

}  // namespace modelshift
