#include "gate/gate.h"

#include <fcntl.h>

#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "cli/config.h"
#include "core/rule_files.h"
#include "core/yaml_util.h"
#include "detect/code_context.h"
#include "judge/policy.h"
#include "pipeline/scan.h"
#include "report/report.h"
#include "walk/walk.h"

extern char** environ;

namespace modelshift {

namespace fs = boost::filesystem;

// ---------------------------------------------------------------- diff hunks

namespace {

// Undoes git's C-style quoting of unusual path names ("a\tb").
std::string unquote_path(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::string(s);
  std::string out;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 2 >= s.size()) {
      out += c;
      continue;
    }
    char n = s[++i];
    if (n >= '0' && n <= '7' && i + 2 < s.size()) {
      out += static_cast<char>((n - '0') * 64 + (s[i + 1] - '0') * 8 + (s[i + 2] - '0'));
      i += 2;
    } else {
      out += n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n == 'a' ? '\a' : n == 'b' ? '\b' : n == 'f' ? '\f' : n == 'v' ? '\v' : n;
    }
  }
  return out;
}

uint32_t read_number(std::string_view s, size_t* i) {
  uint32_t v = 0;
  while (*i < s.size() && s[*i] >= '0' && s[*i] <= '9') v = v * 10 + (s[(*i)++] - '0');
  return v;
}

}  // namespace

ChangedLines parse_unified_diff(std::string_view diff) {
  ChangedLines out;
  std::string current;  // "" while the new side is /dev/null
  uint32_t old_left = 0, new_left = 0;  // lines of the current hunk still to come
  uint32_t new_line = 0;                // the new side's number of the next line
  size_t pos = 0;
  while (pos < diff.size()) {
    size_t eol = diff.find('\n', pos);
    if (eol == std::string_view::npos) eol = diff.size();
    std::string_view line = diff.substr(pos, eol - pos);
    pos = eol + 1;
    if (old_left || new_left) {
      // Inside a hunk every line is content, whatever it looks like.
      char c = line.empty() ? ' ' : line.front();
      if (c == '\\') continue;  // "\ No newline at end of file"
      if ((c == '-' || c == ' ') && old_left) --old_left;
      if ((c == '+' || c == ' ') && new_left) {
        --new_left;
        // Only added lines count: context (GIT_DIFF_OPTS=--unified=N
        // overrides -U0) is not new.
        if (c == '+' && !current.empty()) {
          auto& ranges = out[current];
          if (!ranges.empty() && ranges.back().second + 1 == new_line) ranges.back().second = new_line;
          else ranges.push_back({new_line, new_line});
        }
        ++new_line;
      }
      continue;
    }
    if (line.rfind("+++ ", 0) == 0) {
      std::string_view name = line.substr(4);
      while (!name.empty() && (name.back() == '\t' || name.back() == '\r')) name.remove_suffix(1);
      std::string path = unquote_path(name);
      if (path == "/dev/null") current.clear();
      else current = path.rfind("b/", 0) == 0 ? path.substr(2) : path;
      if (!current.empty()) out[current];  // a changed file, perhaps with no added line
    } else if (line.rfind("@@ ", 0) == 0) {
      // @@ -a[,b] +c[,d] @@: b old and d new lines follow, the new ones from c.
      size_t minus = line.find(" -"), plus = line.find(" +");
      if (minus == std::string_view::npos || plus == std::string_view::npos) continue;
      size_t i = minus + 2;
      read_number(line, &i);
      old_left = 1;
      if (i < line.size() && line[i] == ',') {
        ++i;
        old_left = read_number(line, &i);
      }
      i = plus + 2;
      new_line = read_number(line, &i);
      new_left = 1;
      if (i < line.size() && line[i] == ',') {
        ++i;
        new_left = read_number(line, &i);
      }
    }
  }
  for (auto& [path, ranges] : out) std::sort(ranges.begin(), ranges.end());
  return out;
}

std::vector<std::string> git_diff_args() {
  return {"diff",          "--no-color",    "--no-ext-diff", "--no-textconv", "--text",
          "--no-relative", "--src-prefix=a/", "--dst-prefix=b/", "-U0",      "--raw",
          "-p",            "-z",            "--no-abbrev"};
}

namespace {

// One record of a `--raw -z` listing: ":old_mode new_mode old_oid new_oid
// status" NUL path NUL (and NUL new path for renames and copies).
struct RawRecord {
  std::string old_mode, new_mode, old_oid, new_oid, path;
  char status = 0;
};

// The records at the start of `out`; `*patch_at` is where the patch that
// follows begins (after the empty record git separates them with).
std::vector<RawRecord> read_raw(std::string_view out, size_t* patch_at) {
  std::vector<RawRecord> records;
  size_t pos = 0;
  auto field = [&]() {
    size_t e = out.find('\0', pos);
    if (e == std::string_view::npos) e = out.size();
    std::string_view f = out.substr(pos, e - pos);
    pos = std::min(out.size(), e + 1);
    return f;
  };
  while (pos < out.size() && out[pos] == ':') {
    std::istringstream meta(std::string(field().substr(1)));
    RawRecord r;
    std::string status;
    meta >> r.old_mode >> r.new_mode >> r.old_oid >> r.new_oid >> status;
    r.status = status.empty() ? '?' : status.front();
    r.path = std::string(field());
    if (r.status == 'R' || r.status == 'C') r.path = std::string(field());
    records.push_back(std::move(r));
  }
  if (pos < out.size() && out[pos] == '\0') ++pos;  // the separator before the patch
  *patch_at = pos;
  return records;
}

}  // namespace

std::vector<DiffFile> parse_git_diff(std::string_view out) {
  size_t patch_at = 0;
  std::vector<RawRecord> raw = read_raw(out, &patch_at);
  ChangedLines patch = parse_unified_diff(out.substr(patch_at));
  std::vector<DiffFile> files;
  for (RawRecord& r : raw) {
    if (r.status == 'D' || r.path.empty()) continue;
    DiffFile f;
    f.path = std::move(r.path);
    f.blob = r.new_oid;
    f.gitlink = r.new_mode == "160000";
    if (auto it = patch.find(f.path); it != patch.end()) f.ranges = it->second;
    else if (!f.gitlink) {
      // No patch: a new file (git prints none when it is empty), or a change
      // of content git would not show; not a pure rename or mode change.
      bool zeros = r.new_oid.find_first_not_of('0') == std::string::npos;
      bool same_content = r.old_oid == r.new_oid && !zeros;
      f.whole = r.status == 'A' || (r.old_mode == r.new_mode && !same_content);
    }
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(), [](const DiffFile& a, const DiffFile& b) { return a.path < b.path; });
  return files;
}

bool line_changed(const std::vector<std::pair<uint32_t, uint32_t>>& ranges, uint32_t line) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), std::pair<uint32_t, uint32_t>{line, UINT32_MAX});
  return it != ranges.begin() && std::prev(it)->second >= line;
}

// ---------------------------------------------------------------- git

int run_git(const std::string& dir, const std::vector<std::string>& args, const std::string& input, std::string* out,
            std::string* err) {
  std::vector<std::string> argv_s = {"git", "-C", dir.empty() ? "." : dir, "-c", "core.quotepath=off"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  // Close-on-exec: git processes may be started from two threads at once, and
  // one child must not hold the other's pipe ends (dup2 onto 0-2 clears it).
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC)) return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
  for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
    posix_spawn_file_actions_addclose(&fa, fd);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "git", &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    close(err_pipe[0]);
    if (err) *err = std::string("cannot run git: ") + std::strerror(rc);
    return -1;
  }
  // stdin and stderr on their own threads, so no pipe can fill up and stall git.
  std::thread writer([&]() {
    size_t done = 0;
    while (done < input.size()) {
      ssize_t n = ::write(in_pipe[1], input.data() + done, input.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    close(in_pipe[1]);
  });
  std::string err_text;
  std::thread err_reader([&]() {
    char buf[4096];
    ssize_t n;
    while ((n = ::read(err_pipe[0], buf, sizeof buf)) > 0) err_text.append(buf, static_cast<size_t>(n));
    close(err_pipe[0]);
  });
  out->clear();
  char buf[65536];
  ssize_t n;
  while ((n = ::read(out_pipe[0], buf, sizeof buf)) > 0) out->append(buf, static_cast<size_t>(n));
  close(out_pipe[0]);
  writer.join();
  err_reader.join();
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (err) *err = err_text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// ---------------------------------------------------------------- baseline

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string baseline_what(const Finding& f) {
  if (f.kind == "call_site") return f.callee;
  if (!f.written.empty()) return f.written;
  return f.kind;
}

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return s;
}

}  // namespace

std::string write_baseline(const std::vector<Finding>& findings) {
  std::vector<std::tuple<std::string, std::string, std::string>> rows;  // path, fingerprint, what
  for (const Finding& f : findings)
    if (!f.fingerprint.empty()) rows.emplace_back(one_line(f.path), f.fingerprint, one_line(baseline_what(f)));
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  std::string out =
      "# modelshift baseline: findings accepted as they are. `modelshift check` and\n"
      "# `modelshift scan --baseline FILE` skip them. Regenerate with `modelshift baseline`.\n"
      "# fingerprint<TAB>path<TAB>model or callee (sorted by path; one finding a line)\n";
  for (const auto& [path, fp, what] : rows) out += fp + '\t' + path + '\t' + what + '\n';
  return out;
}

std::vector<BaselineEntry> read_baseline(std::string_view text) {
  std::vector<BaselineEntry> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = trim(text.substr(pos, eol - pos));
    pos = eol + 1;
    if (line.empty() || line.front() == '#') continue;
    BaselineEntry e;
    size_t t1 = line.find('\t');
    e.fingerprint = std::string(trim(line.substr(0, t1)));
    if (t1 != std::string_view::npos) {
      std::string_view rest = line.substr(t1 + 1);
      size_t t2 = rest.find('\t');
      e.path = std::string(rest.substr(0, t2));
      if (t2 != std::string_view::npos) e.what = std::string(rest.substr(t2 + 1));
    }
    out.push_back(std::move(e));
  }
  return out;
}

bool read_whole(const std::string& path, std::string* out) {
  // Bounded and regular files only: a baseline or hook path pointing at a
  // FIFO or /dev/zero must not hang or exhaust the gate (issue 15).
  constexpr uint64_t kMaxWholeBytes = 1ull << 30;
  std::string why;
  if (!read_regular_file(path, kMaxWholeBytes, out, &why) || out->size() > kMaxWholeBytes) {
    errno = why == "not a regular file" ? EINVAL : (errno ? errno : EFBIG);
    return false;
  }
  return true;
}

bool filter_by_baseline(const std::string& path, std::vector<Finding>* findings, std::vector<Diagnostic>* warnings,
                        std::vector<Diagnostic>* errors) {
  std::string text;
  if (!read_whole(path, &text)) {
    errors->push_back({path, 0, 0, "cannot read baseline file"});
    return false;
  }
  std::vector<BaselineEntry> entries = read_baseline(text);
  std::set<std::string> known;
  for (const BaselineEntry& e : entries) known.insert(e.fingerprint);
  std::set<std::string> seen;
  std::vector<Finding> kept;
  for (Finding& f : *findings) {
    if (known.count(f.fingerprint)) seen.insert(f.fingerprint);
    else kept.push_back(std::move(f));
  }
  *findings = std::move(kept);
  for (const BaselineEntry& e : entries)
    if (!seen.count(e.fingerprint))
      warnings->push_back({path, 0, 0, "stale baseline entry " + e.fingerprint + " (" + e.path + ": " + e.what +
                                            "): no such finding any more; run `modelshift baseline` to refresh"});
  return true;
}

}  // namespace modelshift
