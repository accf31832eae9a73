// Path strings for the walker (see paths.h): lexical, so that rel_path and
// the rule-tree paths never depend on how the disk resolves a symlink.
#include "walk/paths.h"

#include <fstream>
#include <sstream>
#include <utility>

namespace modelshift::walk_detail {

std::string normalise_abs(std::string_view p, const std::string& cwd) {
  std::string joined;
  if (!p.empty() && p[0] == '/') {
    joined.assign(p);
  } else {
    joined = cwd;
    joined += '/';
    joined.append(p);
  }
  std::vector<std::string_view> parts;
  std::string_view rest = joined;
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (std::string_view part : parts) {
    out += '/';
    out.append(part);
  }
  return out.empty() ? std::string("/") : out;
}

std::vector<std::string_view> split_components(std::string_view abs) {
  std::vector<std::string_view> parts;
  while (!abs.empty()) {
    const size_t slash = abs.find('/');
    std::string_view part = abs.substr(0, slash);
    abs = slash == std::string_view::npos ? std::string_view{} : abs.substr(slash + 1);
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// '/'-separated path of normalised absolute `abs` relative to normalised
// absolute `base`: "" when equal, "a/b" below, "../x" elsewhere.
std::string relative_to(const std::string& abs, const std::string& base) {
  if (abs == base) return "";
  if (base == "/") return abs.substr(1);
  if (abs.size() > base.size() && abs.compare(0, base.size(), base) == 0 && abs[base.size()] == '/')
    return abs.substr(base.size() + 1);
  const auto a = split_components(abs);
  const auto b = split_components(base);
  size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  std::string out;
  for (size_t i = common; i < b.size(); ++i) out += out.empty() ? ".." : "/..";
  for (size_t i = common; i < a.size(); ++i) {
    if (!out.empty()) out += '/';
    out.append(a[i]);
  }
  return out;
}

std::string join(const std::string& dir, std::string_view name) {
  std::string out = dir;
  if (out.empty() || out.back() != '/') out += '/';
  out.append(name);
  return out;
}

bool has_component(std::string_view rel, std::string_view name) {
  for (std::string_view part : split_components(rel))
    if (part == name) return true;
  return false;
}

// Reads a whole (small) file. False when it cannot be opened or read.
bool read_file(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return false;
  *out = std::move(ss).str();
  return true;
}

}  // namespace modelshift::walk_detail
