// Tests for the walker (src/walk/walk.h). Each case builds a tree in a fresh
// temporary directory. The git cases compare the walker's file set with
// git's own answer (`git ls-files --others --cached --exclude-standard` in
// repositories where nothing is committed lists exactly the files git does
// not ignore); they are skipped with a warning when `git` is not on PATH, in
// which case the hand-written expectations still run against a fake `.git`.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/filesystem.hpp>

#include "walk/walk.h"

namespace {

namespace fs = boost::filesystem;
using modelshift::walk;
using modelshift::WalkOptions;
using modelshift::WalkResult;

// A fresh directory under the system temp dir, removed at the end.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / fs::unique_path("modelshift-walk-%%%%-%%%%-%%%%");
    fs::create_directories(path);
    path = fs::canonical(path);
  }
  ~TempDir() {
    boost::system::error_code ec;
    // Make chmod-000 directories removable again.
    for (fs::recursive_directory_iterator it(path, fs::directory_options::none, ec), end;
         !ec && it != end; it.increment(ec)) {
      if (fs::is_directory(it->symlink_status())) ::chmod(it->path().c_str(), 0755);
    }
    fs::remove_all(path, ec);
  }
  std::string str() const { return path.string(); }
};

// Changes the current directory for the lifetime of the object.
struct ChangeDir {
  fs::path old;
  explicit ChangeDir(const fs::path& to) : old(fs::current_path()) { fs::current_path(to); }
  ~ChangeDir() {
    boost::system::error_code ec;
    fs::current_path(old, ec);
  }
};

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p.string(), std::ios::binary);
  out << text;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool have_git() { return std::system("git --version >/dev/null 2>&1") == 0; }

// Runs git with a clean environment (no user or system config) in `dir`;
// returns stdout. `home` receives HOME and XDG_CONFIG_HOME.
std::string git(const fs::path& home, const fs::path& dir, const std::string& args) {
  const std::string cmd = "env -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE -u GIT_CEILING_DIRECTORIES"
                          " HOME=" + shell_quote(home.string()) +
                          " XDG_CONFIG_HOME=" + shell_quote(home.string()) +
                          " GIT_CONFIG_NOSYSTEM=1 git -c init.defaultBranch=main -C " +
                          shell_quote(dir.string()) + " " + args + " 2>/dev/null";
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
  }
  return out;
}

// Creates a repository at `dir`: a real one when git is available, else the
// minimum the walker recognises (a `.git` directory with a HEAD).
void init_repo(const fs::path& home, const fs::path& dir, bool real_git) {
  fs::create_directories(dir);
  if (real_git) {
    git(home, dir, "init -q");
  } else {
    write(dir / ".git" / "HEAD", "ref: refs/heads/main\n");
    fs::create_directories(dir / ".git" / "info");
  }
}

// git's answer: the files it does not ignore, NUL-separated, minus the
// entries for nested repositories (listed as "dir/"), sorted.
std::vector<std::string> git_files(const fs::path& home, const fs::path& dir) {
  const std::string out = git(home, dir, "ls-files -z --others --cached --exclude-standard");
  std::vector<std::string> files;
  size_t start = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] != '\0') continue;
    std::string f = out.substr(start, i - start);
    start = i + 1;
    if (!f.empty() && f.back() != '/') files.push_back(f);
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> rel_paths(const WalkResult& r) {
  std::vector<std::string> v;
  for (const auto& e : r.files) v.push_back(e.rel_path);
  return v;
}

std::vector<std::string> skipped_strings(const WalkResult& r) {
  std::vector<std::string> v;
  for (const auto& s : r.skipped) v.push_back(s.path + ": " + s.reason);
  return v;
}

std::vector<std::string> with_prefix(const std::string& prefix, std::vector<std::string> v) {
  for (auto& s : v) s = prefix + s;
  return v;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Runs walk() on another thread so that a walker that blocks (e.g. by
// opening a FIFO) fails the test instead of hanging the suite.
WalkResult walk_or_fail(const std::vector<std::string>& paths, const WalkOptions& opts) {
  auto task = std::make_shared<std::packaged_task<WalkResult()>>([paths, opts] { return walk(paths, opts); });
  std::future<WalkResult> fut = task->get_future();
  std::thread([task] { (*task)(); }).detach();
  if (fut.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    FAIL("walk() did not finish within 60 s (did it open a FIFO or loop?)");
  }
  return fut.get();
}

void check_sorted_unique(const WalkResult& r) {
  for (size_t i = 1; i < r.files.size(); ++i) CHECK(r.files[i - 1].rel_path < r.files[i].rel_path);
  for (size_t i = 1; i < r.skipped.size(); ++i) CHECK(r.skipped[i - 1].path <= r.skipped[i].path);
}

// The main repository: every gitignore feature at once.
void build_repo(const TempDir& home, const fs::path& r, bool real_git) {
  init_repo(home.path, r, real_git);
  write(r / ".gitignore",
        "# a comment line\n"
        "*.log\n"
        "!important.log\n"
        "/anchored.txt\n"
        "build/\n"
        "**/generated/\n"
        "docs/**/*.tmp\n"
        "\\#hash.txt\n"
        "\\!bang.txt\n"
        "trailing.txt   \n"
        "space\\ \n"
        "excluded_dir/\n"
        "!excluded_dir/reinclude.txt\n"
        "deep/**\n"
        "!deep/keep/\n"
        "!deep/keep/**\n"
        "[Tt]emp*/\n"
        "*.py[co]\n"
        "mid/dle/*.txt\n"
        "fifo-ignored\n");
  for (const char* f :
       {"a.py", "b.log", "important.log", "anchored.txt", "sub/anchored.txt", "build/out.js",
        "src/build", "src/generated/x.py", "a/b/generated/y.py", "docs/x/y/z.tmp", "docs/z.tmp",
        "docs/keep.md", "#hash.txt", "!bang.txt", "trailing.txt", "space ", "space",
        "excluded_dir/a.py", "excluded_dir/reinclude.txt", "deep/x.txt", "deep/keep/y.txt",
        "deep/keep/more/z.txt", "deep/other/z.txt", "Temp1/x.py", "temp/x.py", "tempfile", "m.pyc",
        "m.pyo", "m.py", ".env", ".github/workflows/ci.yml", "mid/dle/a.txt", "mid/dle/x/a.txt",
        "x/mid/dle/a.txt", "x.secret", "kept.log"})
    write(r / f, std::string("content of ") + f + "\n");
  // sub/.gitignore: deeper rules beat the top-level ones.
  write(r / "sub" / ".gitignore", "!*.log\n/local-only.txt\nnested-pattern/deeper.txt\n");
  for (const char* f : {"sub/x.log", "sub/local-only.txt", "sub/x/local-only.txt",
                        "sub/nested-pattern/deeper.txt", "sub/build/out.js", "sub/ok.py"})
    write(r / f, "x\n");
  // CRLF line ends.
  write(r / "crlf" / ".gitignore", "crlf.txt\r\n*.bak\r\n");
  write(r / "crlf" / "crlf.txt", "x\n");
  write(r / "crlf" / "a.bak", "x\n");
  write(r / "crlf" / "keep.txt", "x\n");
  // $GIT_DIR/info/exclude has the lowest precedence.
  write(r / ".git" / "info" / "exclude", "*.secret\n!kept.log\n");
  // A nested repository with its own rules; the parent's *.log does not
  // apply inside it.
  init_repo(home.path, r / "nested", real_git);
  write(r / "nested" / ".gitignore", "*.txt\n");
  for (const char* f : {"nested/a.txt", "nested/b.py", "nested/c.log", "nested/d/e.py"})
    write(r / f, "x\n");
}

}  // namespace

TEST_CASE("walk honours git's ignore rules in a repository", "[walk]") {
  TempDir home;
  const bool real_git = have_git();
  if (!real_git) WARN("git is not on PATH: skipping the comparison with git's own answer");
  const fs::path r = home.path / "repo";
  build_repo(home, r, real_git);

  const WalkResult res = walk({r.string()}, WalkOptions{});
  CHECK(res.root == r.string());
  CHECK(res.errors.empty());
  check_sorted_unique(res);
  const std::vector<std::string> got = rel_paths(res);

  // Hand-written expectation (independent of git).
  const std::vector<std::string> want = sorted({
      ".env", ".github/workflows/ci.yml", ".gitignore", "a.py", "crlf/.gitignore", "crlf/keep.txt",
      "deep/keep/more/z.txt", "deep/keep/y.txt", "docs/keep.md", "important.log", "m.py",
      "mid/dle/x/a.txt", "nested/.gitignore", "nested/b.py", "nested/c.log", "nested/d/e.py",
      "space", "src/build", "sub/.gitignore", "sub/anchored.txt", "sub/ok.py", "sub/x.log",
      "sub/x/local-only.txt", "tempfile", "x/mid/dle/a.txt",
  });
  CHECK(got == want);
  for (const auto& e : res.files) {
    CHECK_FALSE(e.explicit_arg);
    CHECK(e.rel_path.find(".git/") == std::string::npos);
    CHECK(fs::exists(e.abs_path));
    CHECK(e.size == fs::file_size(e.abs_path));
  }
  CHECK(res.skipped.empty());

  if (real_git) {
    std::vector<std::string> from_git = git_files(home.path, r);
    const auto inner = with_prefix("nested/", git_files(home.path, r / "nested"));
    from_git.insert(from_git.end(), inner.begin(), inner.end());
    CHECK(got == sorted(from_git));

    // The same through `git check-ignore`: every file on disk minus the ones
    // git calls ignored is exactly what the walker lists.
    auto not_ignored = [&](const fs::path& dir, const std::string& prefix) {
      std::vector<std::string> all;
      for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
        const std::string name = it->path().filename().string();
        if (fs::is_directory(it->path()) && (name == ".git" || (dir == r && it->path() == r / "nested"))) {
          it.disable_recursion_pending();
          continue;
        }
        if (fs::is_regular_file(it->path())) all.push_back(fs::relative(it->path(), dir).generic_string());
      }
      const fs::path list = home.path / "check-ignore.in";
      std::string joined;
      for (const auto& f : all) joined += f + '\0';
      write(list, joined);
      const std::string out = git(home.path, dir, "check-ignore -z --stdin < " + shell_quote(list.string()));
      std::set<std::string> ignored;
      size_t start = 0;
      for (size_t i = 0; i < out.size(); ++i)
        if (out[i] == '\0') ignored.insert(out.substr(start, i - start)), start = i + 1;
      CHECK_FALSE(ignored.empty());
      std::vector<std::string> kept;
      for (const auto& f : all)
        if (!ignored.count(f)) kept.push_back(prefix + f);
      return kept;
    };
    std::vector<std::string> by_check_ignore = not_ignored(r, "");
    const auto inner_kept = not_ignored(r / "nested", "nested/");
    by_check_ignore.insert(by_check_ignore.end(), inner_kept.begin(), inner_kept.end());
    CHECK(got == sorted(by_check_ignore));
  }
}

TEST_CASE("walk applies rules from above the scan root", "[walk]") {
  TempDir home;
  const bool real_git = have_git();
  const fs::path r = home.path / "repo";
  build_repo(home, r, real_git);

  const WalkResult res = walk({(r / "sub").string()}, WalkOptions{});
  CHECK(res.root == (r / "sub").string());
  const std::vector<std::string> want = {".gitignore", "anchored.txt", "ok.py", "x.log",
                                         "x/local-only.txt"};
  CHECK(rel_paths(res) == want);  // build/ from the top-level .gitignore applies here
  if (real_git) CHECK(rel_paths(res) == git_files(home.path, r / "sub"));

  // Scanning inside an ignored directory by name: the directory is entered,
  // and the rules still apply below it.
  const WalkResult named = walk({(r / "deep").string()}, WalkOptions{});
  CHECK(rel_paths(named) == std::vector<std::string>{"keep/more/z.txt", "keep/y.txt"});
}

TEST_CASE("walk handles a .git file (separate git dir) and its info/exclude", "[walk]") {
  TempDir home;
  const bool real_git = have_git();
  const fs::path r = home.path / "work";
  const fs::path gd = home.path / "elsewhere" / "gitdir";
  fs::create_directories(r);
  fs::create_directories(gd.parent_path());
  if (real_git) {
    git(home.path, home.path, "init -q --separate-git-dir " + shell_quote(gd.string()) + " " +
                                  shell_quote(r.string()));
  } else {
    write(gd / "HEAD", "ref: refs/heads/main\n");
    write(r / ".git", "gitdir: " + gd.string() + "\n");
  }
  REQUIRE(fs::is_regular_file(r / ".git"));
  write(gd / "info" / "exclude", "*.tmp\n");
  write(r / "a.tmp", "x");
  write(r / "b.py", "x");
  write(r / "sub" / "c.tmp", "x");
  const WalkResult res = walk({r.string()}, WalkOptions{});
  CHECK(rel_paths(res) == std::vector<std::string>{"b.py"});
  if (real_git) CHECK(rel_paths(res) == git_files(home.path, r));
}

TEST_CASE("walk outside git honours .gitignore and .ignore", "[walk]") {
  TempDir t;
  write(t.path / ".gitignore", "*.log\nsecret/\n!keep.txt\n");
  write(t.path / ".ignore", "!special.log\n*.txt\n");
  write(t.path / "sub" / ".ignore", "!*.txt\n");
  for (const char* f : {"a.log", "special.log", "b.py", "keep.txt", "secret/x.py", "sub/n.txt",
                        "sub/m.log", ".hidden/h.py"})
    write(t.path / f, "x\n");

  SECTION("ignore files on") {
    const WalkResult res = walk({t.str()}, WalkOptions{});
    const std::vector<std::string> want = {".gitignore", ".hidden/h.py", ".ignore", "b.py",
                                           "special.log", "sub/.ignore", "sub/n.txt"};
    CHECK(rel_paths(res) == want);
    CHECK(res.skipped.empty());
  }
  SECTION("use_ignore_files=false lists everything") {
    WalkOptions o;
    o.use_ignore_files = false;
    const WalkResult res = walk({t.str()}, o);
    const std::vector<std::string> want = {
        ".gitignore", ".hidden/h.py", ".ignore", "a.log", "b.py", "keep.txt", "secret/x.py",
        "special.log", "sub/.ignore", "sub/m.log", "sub/n.txt"};
    CHECK(rel_paths(res) == want);
  }
  SECTION("but .git is never scanned") {
    write(t.path / ".git" / "HEAD", "ref: refs/heads/main\n");
    write(t.path / ".git" / "config", "x\n");
    WalkOptions o;
    o.use_ignore_files = false;
    for (const auto& e : walk({t.str()}, o).files) CHECK(e.rel_path.rfind(".git/", 0) != 0);
  }
}

TEST_CASE("walk applies --include and --exclude globs", "[walk]") {
  TempDir t;
  for (const char* f : {"a.py", "b.js", "src/c.py", "src/d.ts", "src/vendor/e.py", "docs/x.md",
                        "docs/deep/y.md", "tests/test_a.py", "vendor/f.py"})
    write(t.path / f, "x\n");
  struct Case {
    std::vector<std::string> include, exclude, want;
  };
  const Case cases[] = {
      {{"*.py"}, {}, {"a.py", "src/c.py", "src/vendor/e.py", "tests/test_a.py", "vendor/f.py"}},
      {{}, {"vendor"}, {"a.py", "b.js", "docs/deep/y.md", "docs/x.md", "src/c.py", "src/d.ts",
                        "tests/test_a.py"}},
      {{}, {"/vendor"}, {"a.py", "b.js", "docs/deep/y.md", "docs/x.md", "src/c.py", "src/d.ts",
                         "src/vendor/e.py", "tests/test_a.py"}},
      {{}, {"docs/*.md"}, {"a.py", "b.js", "docs/deep/y.md", "src/c.py", "src/d.ts",
                           "src/vendor/e.py", "tests/test_a.py", "vendor/f.py"}},
      {{"*.py"}, {"test_*", "vendor/"}, {"a.py", "src/c.py"}},
      {{"src"}, {}, {"src/c.py", "src/d.ts", "src/vendor/e.py"}},  // a directory includes its files
      {{"src/**/*.py"}, {}, {"src/c.py", "src/vendor/e.py"}},
      {{"*.md", "*.ts"}, {"deep/"}, {"docs/x.md", "src/d.ts"}},
  };
  for (const Case& c : cases) {
    WalkOptions o;
    o.include_globs = c.include;
    o.exclude_globs = c.exclude;
    INFO("include " << Catch::Detail::stringify(c.include) << " exclude "
                    << Catch::Detail::stringify(c.exclude));
    CHECK(rel_paths(walk({t.str()}, o)) == c.want);
  }
}

TEST_CASE("walk scans explicit arguments even when ignored, and dedupes", "[walk]") {
  TempDir home;
  const fs::path r = home.path / "repo";
  init_repo(home.path, r, have_git());
  write(r / ".gitignore", "*.log\nbuild/\n");
  write(r / "a.py", "x\n");
  write(r / "b.log", "x\n");
  write(r / "build" / "out.js", "x\n");
  ChangeDir cd(r);

  const WalkResult res = walk({".", "b.log", "a.py", "./a.py", "build/out.js", "missing.txt"}, WalkOptions{});
  CHECK(res.root == r.string());
  CHECK(rel_paths(res) == std::vector<std::string>{".gitignore", "a.py", "b.log", "build/out.js"});
  for (const auto& e : res.files) CHECK(e.explicit_arg == (e.rel_path != ".gitignore"));
  REQUIRE(res.errors.size() == 1);
  CHECK(res.errors[0].path == "missing.txt");
  CHECK(res.errors[0].message == "no such file or directory");

  // A single file argument: root is the current directory.
  const WalkResult one = walk({"build/out.js"}, WalkOptions{});
  CHECK(one.root == r.string());
  REQUIRE(one.files.size() == 1);
  CHECK(one.files[0].rel_path == "build/out.js");
  CHECK(one.files[0].explicit_arg);

  // A file outside the root gets a normalised relative path.
  write(home.path / "outside" / "o.py", "x\n");
  const WalkResult out = walk({"a.py", "../outside/./o.py"}, WalkOptions{});
  CHECK(rel_paths(out) == std::vector<std::string>{"../outside/o.py", "a.py"});

  // No arguments means ".".
  CHECK(rel_paths(walk({}, WalkOptions{})) == std::vector<std::string>{".gitignore", "a.py"});
}

TEST_CASE("walk skips special files and symlink trouble without hanging", "[walk]") {
  TempDir t;
  const fs::path& p = t.path;
  write(p / "a" / "real.py", "print(1)\n");
  write(p / "big.bin", std::string(200, 'x'));
  write(p / "small.txt", std::string(100, 'x'));
  REQUIRE(::mkfifo((p / "pipe").c_str(), 0644) == 0);
  REQUIRE(::mkfifo((p / "a" / ".gitignore").c_str(), 0644) == 0);  // never read: it is a FIFO
  REQUIRE(::mkfifo((p / "ignored.fifo").c_str(), 0644) == 0);
  write(p / ".gitignore", "*.fifo\n");
  fs::create_directory_symlink("..", p / "a" / "loop");   // to an ancestor
  fs::create_directory_symlink(".", p / "a" / "here");    // to itself
  fs::create_symlink("self", p / "self");                 // ELOOP
  fs::create_symlink("does-not-exist", p / "broken");
  fs::create_symlink("a/real.py", p / "link.py");
  TempDir ext;
  write(ext.path / "ext.py", "x\n");
  fs::create_directory_symlink(ext.path, p / "ext");                     // out of the root
  fs::create_symlink(ext.path / "ext.py", p / "ext.py");                  // a file out of the root
  fs::create_symlink("/etc/passwd", p / "passwd");                        // a secret's shape
  fs::create_directory_symlink("/proc", p / "proc");                      // would never finish
  fs::create_symlink("../small.txt", p / "a" / "via-parent.txt");         // inside, through ..

  WalkOptions o;
  o.max_filesize = 150;
  const WalkResult res = walk_or_fail({p.string()}, o);
  CHECK(rel_paths(res) == std::vector<std::string>{".gitignore", "a/real.py", "a/via-parent.txt", "link.py",
                                                   "small.txt"});
  const std::vector<std::string> want_skipped = {
      "a/.gitignore: fifo",
      "a/here: symlink to a directory (not followed)",
      "a/loop: symlink to a directory (not followed)",
      "big.bin: too large (200 B > 150 B)",
      "broken: broken symlink",
      "ext: symlink to a directory (not followed)",
      "ext.py: symlink out of the scan root (not followed)",
      "passwd: symlink out of the scan root (not followed)",
      "pipe: fifo",
      "proc: symlink to a directory (not followed)",
      "self: symlink loop",
  };
  CHECK(skipped_strings(res) == want_skipped);
  check_sorted_unique(res);

  // An explicitly named FIFO is reported, not opened.
  ChangeDir cd(p);
  const WalkResult named = walk_or_fail({"pipe", "broken"}, WalkOptions{});
  CHECK(named.files.empty());
  CHECK(skipped_strings(named) == std::vector<std::string>{"broken: broken symlink", "pipe: fifo"});
}

TEST_CASE("walk reports sizes in human units and unreadable directories", "[walk]") {
  TempDir t;
  write(t.path / "one.bin", std::string(1536 * 1024, 'x'));  // 1.5 MiB
  write(t.path / "ok.txt", "x\n");
  WalkOptions o;
  o.max_filesize = 1 << 20;
  WalkResult res = walk({t.str()}, o);
  CHECK(skipped_strings(res) == std::vector<std::string>{"one.bin: too large (1.5 MiB > 1.0 MiB)"});

  if (::geteuid() == 0) {
    WARN("running as root: the unreadable-directory check is skipped");
  } else {
    write(t.path / "locked" / "x.py", "x\n");
    ::chmod((t.path / "locked").c_str(), 0);
    res = walk({t.str()}, o);
    CHECK(rel_paths(res) == std::vector<std::string>{"ok.txt"});
    CHECK(skipped_strings(res) ==
          std::vector<std::string>{"locked: unreadable directory: Permission denied",
                                   "one.bin: too large (1.5 MiB > 1.0 MiB)"});
  }
}

TEST_CASE("read_regular_file refuses special files and stops past the limit", "[walk]") {
  TempDir t;
  write(t.path / "small.txt", "hello\n");
  write(t.path / "big.txt", std::string(5000, 'x'));
  REQUIRE(::mkfifo((t.path / "pipe").c_str(), 0644) == 0);  // never opened for long: no writer
  fs::create_symlink("/dev/zero", t.path / "zero");         // endless, through a link
  struct Case {
    std::string name;
    bool ok;
    size_t size;  // bytes read when ok
  };
  const std::vector<Case> cases = {
      {"small.txt", true, 6}, {"big.txt", true, 1001}, {"pipe", false, 0}, {"zero", false, 0}, {"missing", false, 0}};
  for (const Case& c : cases) {
    INFO(c.name);
    std::string out, why;
    const bool ok = modelshift::read_regular_file((t.path / c.name).string(), 1000, &out, &why);
    CHECK(ok == c.ok);
    if (ok) CHECK(out.size() == c.size);
    else CHECK_FALSE(why.empty());
  }
}
