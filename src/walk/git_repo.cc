// Git discovery for the walker (see git_repo.h), through Boost.Filesystem.
#include "walk/git_repo.h"

#include <string_view>

#include <boost/filesystem.hpp>

#include "walk/paths.h"

namespace modelshift::walk_detail {

namespace {

namespace fs = boost::filesystem;
using boost::system::error_code;

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.pop_back();
  return line;
}

}  // namespace

bool git_dir_at(const std::string& dir, std::string* gitdir) {
  error_code ec;
  const std::string dotgit = join(dir, ".git");
  const fs::file_status st = fs::status(dotgit, ec);
  if (ec) return false;
  if (st.type() == fs::directory_file) {
    if (!fs::exists(fs::path(join(dotgit, "HEAD")), ec) || ec) return false;
    *gitdir = dotgit;
    return true;
  }
  if (st.type() == fs::regular_file) {
    std::string text;
    if (!read_file(dotgit, &text)) return false;
    const std::string line = first_line(text);
    constexpr std::string_view kPrefix = "gitdir:";
    if (line.compare(0, kPrefix.size(), kPrefix) != 0) return false;
    std::string target = line.substr(kPrefix.size());
    target.erase(0, target.find_first_not_of(" \t"));
    if (target.empty()) return false;
    target = normalise_abs(target, dir);
    if (!fs::is_directory(fs::path(target), ec) || ec) return false;
    *gitdir = target;
    return true;
  }
  return false;
}

// The directory holding info/exclude: $GIT_DIR, or its "commondir" for a
// linked worktree.
std::string common_git_dir(const std::string& gitdir) {
  std::string text;
  const std::string commondir_file = join(gitdir, "commondir");
  error_code ec;
  if (fs::is_regular_file(fs::path(commondir_file), ec) && read_file(commondir_file, &text)) {
    const std::string line = first_line(text);
    if (!line.empty()) return normalise_abs(line, gitdir);
  }
  return gitdir;
}

}  // namespace modelshift::walk_detail
