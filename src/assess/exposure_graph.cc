// Reading code files for exposure, and resolving their imports to files.
// Resolution is loose on purpose: no build file, tsconfig or sys.path is
// evaluated; an import names the files a reader of the repository would
// guess, and the nearest of several candidates wins.
#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "assess/exposure_graph.h"
#include "walk/walk.h"

namespace modelshift {

namespace {

constexpr uint64_t kMaxBytes = 1ull << 20;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      if (i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

std::string join(const std::vector<std::string>& parts, size_t begin, size_t end, char sep) {
  std::string out;
  for (size_t i = begin; i < end; ++i) out += (i > begin ? std::string(1, sep) : "") + parts[i];
  return out;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// `base`/`rel` with "." and ".." folded; false when it leaves the root.
bool join_path(const std::string& base, const std::string& rel, std::string* out) {
  std::vector<std::string> parts = split(base, '/');
  for (const std::string& p : split(rel, '/')) {
    if (p == ".") continue;
    if (p == "..") {
      if (parts.empty()) return false;
      parts.pop_back();
    } else {
      parts.push_back(p);
    }
  }
  *out = join(parts, 0, parts.size(), '/');
  return true;
}

std::string strip_extension(const std::string& path) {
  size_t slash = path.rfind('/'), dot = path.rfind('.');
  return dot == std::string::npos || (slash != std::string::npos && dot < slash) ? path : path.substr(0, dot);
}

std::string stem_of(const std::string& path) {
  std::string s = strip_extension(path);
  size_t slash = s.rfind('/');
  return slash == std::string::npos ? s : s.substr(slash + 1);
}

// The module key of a file: its path without extension, a package's
// directory for its __init__.py.
std::string module_key(const std::string& path) {
  return stem_of(path) == "__init__" ? dir_of(path) : strip_extension(path);
}

// Every '/'-boundary suffix of `key`, longest first.
std::vector<std::string> suffixes_of(const std::string& key) {
  std::vector<std::string> out{key};
  for (size_t i = 0; i < key.size(); ++i)
    if (key[i] == '/') out.push_back(key.substr(i + 1));
  return out;
}

size_t common_dirs(const std::string& a, const std::string& b) {
  std::vector<std::string> x = split(dir_of(a), '/'), y = split(dir_of(b), '/');
  size_t n = 0;
  while (n < x.size() && n < y.size() && x[n] == y[n]) ++n;
  return n;
}

std::string first_capture(const RE2& re, std::string_view text) {
  re2::StringPiece subs[2];
  if (re.NumberOfCapturingGroups() < 1 || !re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(),
                                                    RE2::UNANCHORED, subs, 2))
    return "";
  return std::string(subs[1].data(), subs[1].size());
}

void find_serve(std::string_view text, CodeFacts* f) {
  const ExposureLanguage& g = *f->group;
  std::vector<int> hits;
  re2::StringPiece all(text.data(), text.size());
  if (!g.serve_set || !g.serve_set->Match(all, &hits)) return;
  std::sort(hits.begin(), hits.end());
  for (int i : hits) {
    const ExposureLanguage::Serve& s = g.serves[static_cast<size_t>(i)];
    if (!s.paths.empty() && std::none_of(s.paths.begin(), s.paths.end(), [&](const Glob& p) { return p.match(f->rel_path); }))
      continue;
    if (s.requires_pattern && !RE2::PartialMatch(all, *s.requires_pattern)) continue;
    re2::StringPiece m;
    if (!s.pattern->Match(all, 0, all.size(), RE2::UNANCHORED, &m, 1)) continue;
    auto line = static_cast<uint32_t>(std::count(text.begin(), text.begin() + (m.data() - text.data()), '\n') + 1);
    if (!f->serve || line < f->serve_line) f->serve_line = line, f->serve = &s;
  }
}

void find_imports(std::string_view text, CodeFacts* f) {
  re2::StringPiece all(text.data(), text.size());
  for (const ExposureLanguage::Import& imp : f->group->imports) {
    int groups = std::min(2, imp.pattern->NumberOfCapturingGroups());
    re2::StringPiece subs[3];
    size_t pos = 0;
    while (pos <= all.size() && imp.pattern->Match(all, pos, all.size(), RE2::UNANCHORED, subs, 1 + groups)) {
      RawImport r{imp.resolve, std::string(subs[1].data(), subs[1].size()),
                  groups > 1 ? std::string(subs[2].data(), subs[2].size()) : ""};
      if (!r.spec.empty() || !r.names.empty()) f->imports.push_back(std::move(r));
      size_t end = static_cast<size_t>(subs[0].data() - all.data()) + subs[0].size();
      pos = end > pos ? end : pos + 1;
    }
  }
}

}  // namespace

std::string dir_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

void read_code_facts(const std::string& abs_path, uint64_t size, CodeFacts* f) {
  if (size > kMaxBytes) {
    f->problem = "not read for exposure: larger than 1 MiB";
    return;
  }
  std::string text, error;
  int fd = ::open(abs_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0 || !read_and_close(fd, &text, &error)) {
    f->problem = "not read for exposure: " + (fd < 0 ? std::string(std::strerror(errno)) : error);
    return;
  }
  if (text.size() > kMaxBytes) {
    f->problem = "not read for exposure: larger than 1 MiB";
    return;
  }
  if (text.find('\0') != std::string::npos) {
    f->problem = "not read for exposure: binary (NUL bytes)";
    return;
  }
  f->read = true;
  find_serve(text, f);
  find_imports(text, f);
  if (f->group->declares) {
    f->declared = first_capture(*f->group->declares, text);
    std::replace(f->declared.begin(), f->declared.end(), '\\', '.');
  }
}

void CodeGraph::index() {
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& p = files[i].rel_path;
    by_path.emplace(p, i);
    by_dir[dir_of(p)].push_back(i);
    std::string key = module_key(p);
    if (!key.empty())
      for (const std::string& s : suffixes_of(key)) by_key_suffix[s].push_back(i);
    if (!files[i].declared.empty()) by_namespace[files[i].declared].push_back(i);
  }
  for (const auto& [dir, members] : by_dir) {
    if (dir.empty()) continue;
    for (const std::string& s : suffixes_of(dir)) {
      std::vector<size_t>& v = by_dir_suffix[s];
      v.insert(v.end(), members.begin(), members.end());
    }
  }
}

std::vector<size_t> CodeGraph::peers(size_t from) const {
  const CodeFacts& f = files[from];
  std::vector<size_t> out;
  if (f.group->peers == Peers::kDirectory) {
    out = by_dir.at(dir_of(f.rel_path));
  } else if (f.group->peers == Peers::kNamespace && !f.declared.empty()) {
    out = by_namespace.at(f.declared);
  }
  std::erase_if(out, [&](size_t i) { return i == from || files[i].group != f.group; });
  return out;
}

namespace {

std::vector<size_t> nearest(const CodeGraph& g, size_t from, const std::vector<size_t>* cands);

// Files an absolute Python import `key` ("a/b") names: a module at `key`
// below a directory on the importer's way up from the root (the root, src/,
// the script's own directory: what sys.path holds); else, for a dotted
// name, any module whose path ends with it. A bare `import logging` never
// names some other package's logging.py.
std::vector<size_t> python_module(const CodeGraph& g, size_t from, const std::string& key) {
  auto it = g.by_key_suffix.find(key);
  if (it == g.by_key_suffix.end()) return {};
  std::string dir = dir_of(g.files[from].rel_path);
  std::vector<size_t> rooted;
  for (size_t c : it->second) {
    std::string k = module_key(g.files[c].rel_path);
    std::string base = k.size() > key.size() ? k.substr(0, k.size() - key.size() - 1) : "";
    if (base.empty() || dir == base || dir.rfind(base + "/", 0) == 0) rooted.push_back(c);
  }
  if (!rooted.empty()) return nearest(g, from, &rooted);
  return key.find('/') == std::string::npos ? std::vector<size_t>{} : nearest(g, from, &it->second);
}

// The candidates of `from`'s language group that share the most leading
// directories with it (several when tied).
std::vector<size_t> nearest(const CodeGraph& g, size_t from, const std::vector<size_t>* cands) {
  std::vector<size_t> out;
  if (!cands) return out;
  size_t best = 0;
  for (size_t c : *cands) {
    if (c == from || g.files[c].group != g.files[from].group) continue;
    size_t n = common_dirs(g.files[c].rel_path, g.files[from].rel_path);
    if (out.empty() || n > best) out.clear(), best = n;
    if (n == best) out.push_back(c);
  }
  return out;
}

const std::vector<size_t>* lookup(const std::unordered_map<std::string, std::vector<size_t>>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? nullptr : &it->second;
}

std::vector<size_t> resolve_python(const CodeGraph& g, size_t from, const RawImport& imp) {
  std::vector<size_t> out;
  auto add = [&](std::vector<size_t> v) { out.insert(out.end(), v.begin(), v.end()); return !v.empty(); };
  std::vector<std::string> names;
  std::string list = imp.names;
  std::replace(list.begin(), list.end(), '(', ' ');
  std::replace(list.begin(), list.end(), ')', ' ');
  for (const std::string& n : split(list, ',')) {
    std::vector<std::string> words = split(trim(n), ' ');
    if (!words.empty() && words[0] != "*") names.push_back(words[0]);
  }
  size_t dots = imp.spec.find_first_not_of('.');
  if (dots == std::string::npos) dots = imp.spec.size();
  std::string module = imp.spec.substr(dots);
  std::replace(module.begin(), module.end(), '.', '/');
  if (dots > 0) {  // relative: exact paths from the importer's package
    std::string base = dir_of(g.files[from].rel_path), mod;
    for (size_t i = 1; i < dots; ++i) base = dir_of(base);
    if (!join_path(base, module, &mod)) return out;
    auto exact = [&](const std::string& key) {
      std::vector<size_t> v;
      if (const auto* c = lookup(g.by_key_suffix, key))
        for (size_t i : *c)
          if (g.files[i].group == g.files[from].group && i != from &&
              (strip_extension(g.files[i].rel_path) == key || dir_of(g.files[i].rel_path) == key))
            v.push_back(i);
      return v;
    };
    bool any = false;
    for (const std::string& n : names) any |= add(exact(mod.empty() ? n : mod + "/" + n));
    if (!any && !mod.empty()) add(exact(mod));
    return out;
  }
  if (imp.names.empty()) {  // import a.b, c as d
    for (const std::string& m : split(imp.spec, ',')) {
      std::vector<std::string> words = split(trim(m), ' ');
      if (words.empty()) continue;
      std::string key = words[0];
      std::replace(key.begin(), key.end(), '.', '/');
      add(python_module(g, from, key));
    }
    return out;
  }
  bool any = false;
  for (const std::string& n : names) any |= add(python_module(g, from, module + "/" + n));
  if (!any) add(python_module(g, from, module));
  return out;
}

std::vector<size_t> resolve_path(const CodeGraph& g, size_t from, const RawImport& imp) {
  const ExposureLanguage::PathOptions& o = g.files[from].group->paths;
  const std::string& importer = g.files[from].rel_path;
  std::string spec = imp.spec;
  std::vector<std::string> bases;
  bool relative = spec.rfind("./", 0) == 0 || spec.rfind("../", 0) == 0;
  if (relative || (o.bare_relative && !spec.empty() && spec[0] != '/')) {
    bases.push_back(dir_of(importer));
    if (o.module_dir) bases.push_back(strip_extension(importer));
  } else {
    // An alias names a directory of the project the importer is in, which
    // may be any of its ancestors: the nearest one that has the file wins.
    for (const auto& [prefix, targets] : o.aliases) {
      if (spec.rfind(prefix, 0) != 0) continue;
      spec = spec.substr(prefix.size());
      for (std::string dir = dir_of(importer);; dir = dir_of(dir)) {
        for (const std::string& t : targets) bases.push_back(dir.empty() ? t : t.empty() ? dir : dir + "/" + t);
        if (dir.empty()) break;
      }
      break;
    }
  }
  std::vector<size_t> out;
  for (const std::string& base : bases) {
    std::string p;
    if (!join_path(base, spec, &p)) continue;
    std::vector<std::string> stems{p};
    std::string ext = p.substr(strip_extension(p).size());
    if (std::find(o.replace_extensions.begin(), o.replace_extensions.end(), ext) != o.replace_extensions.end())
      stems.push_back(strip_extension(p));
    for (const std::string& s : stems)
      for (const std::string& suffix : o.suffixes) {
        auto it = g.by_path.find(s + suffix);
        if (it != g.by_path.end() && it->second != from && g.files[it->second].group == g.files[from].group)
          return {it->second};  // the first base and suffix that name a file
      }
  }
  return out;
}

std::vector<size_t> resolve_go(const CodeGraph& g, size_t from, const RawImport& imp) {
  std::vector<size_t> out;
  std::vector<std::string> paths = split(imp.spec, '"');
  for (size_t k = 1; k < paths.size(); k += 2) {  // the quoted parts
    const std::string& p = paths[k];
    bool done = false;
    for (const auto& [dir, module] : g.go_modules) {
      if (p != module && p.rfind(module + "/", 0) != 0) continue;
      std::string target = p == module ? dir : (dir.empty() ? "" : dir + "/") + p.substr(module.size() + 1);
      if (auto it = g.by_dir.find(target); it != g.by_dir.end())
        for (size_t i : it->second)
          if (g.files[i].group == g.files[from].group) out.push_back(i);
      done = true;
      break;
    }
    if (done) continue;
    std::vector<std::string> parts = split(p, '/');
    for (size_t begin = 0; begin + 2 <= parts.size(); ++begin) {  // two components at least
      std::vector<size_t> v = nearest(g, from, lookup(g.by_dir_suffix, join(parts, begin, parts.size(), '/')));
      if (v.empty()) continue;
      out.insert(out.end(), v.begin(), v.end());
      break;
    }
  }
  return out;
}

std::vector<size_t> resolve_qualified(const CodeGraph& g, size_t from, const RawImport& imp) {
  std::string spec = imp.spec;
  std::replace(spec.begin(), spec.end(), '\\', '.');
  std::vector<std::string> c = split(spec, '.');
  std::vector<size_t> out;
  if (c.empty()) return out;
  auto same_group = [&](const std::vector<size_t>* v) {
    std::vector<size_t> r;
    if (v)
      for (size_t i : *v)
        if (i != from && g.files[i].group == g.files[from].group) r.push_back(i);
    return r;
  };
  if (c.back() == "*") return same_group(lookup(g.by_namespace, join(c, 0, c.size() - 1, '.')));
  for (size_t k = c.size() - 1; k >= 1; --k) {  // package.Type, package.Type.member, ...
    for (size_t i : same_group(lookup(g.by_namespace, join(c, 0, k, '.'))))
      if (stem_of(g.files[i].rel_path) == c[k]) out.push_back(i);
    if (!out.empty()) return out;
  }
  if (c.size() > 1) {  // a top-level function of a package (Kotlin)
    out = same_group(lookup(g.by_namespace, join(c, 0, c.size() - 1, '.')));
    if (!out.empty()) return out;
  }
  return nearest(g, from, lookup(g.by_key_suffix, join(c, 0, c.size(), '/')));
}

std::vector<size_t> resolve_namespace(const CodeGraph& g, size_t from, const RawImport& imp) {
  std::vector<size_t> out;
  if (const auto* v = lookup(g.by_namespace, imp.spec))
    for (size_t i : *v)
      if (i != from && g.files[i].group == g.files[from].group) out.push_back(i);
  if (!out.empty()) return out;
  // Loosely: a directory named like the namespace's last components.
  std::vector<std::string> c = split(imp.spec, '.');
  for (size_t begin = 0; begin < c.size() && (begin + 2 <= c.size() || c.size() == 1); ++begin) {
    out = nearest(g, from, lookup(g.by_dir_suffix, join(c, begin, c.size(), '/')));
    if (!out.empty()) break;
  }
  return out;
}

}  // namespace

std::vector<size_t> CodeGraph::resolve(size_t from, const RawImport& imp) const {
  std::vector<size_t> out;
  switch (imp.resolve) {
    case ImportResolve::kPython: out = resolve_python(*this, from, imp); break;
    case ImportResolve::kPath: out = resolve_path(*this, from, imp); break;
    case ImportResolve::kGo: out = resolve_go(*this, from, imp); break;
    case ImportResolve::kQualified: out = resolve_qualified(*this, from, imp); break;
    case ImportResolve::kNamespace: out = resolve_namespace(*this, from, imp); break;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace modelshift
