// Tests for the ignore engine (src/walk/ignore.h): wildmatch semantics, gitignore
// line syntax and git's precedence rules. The wildmatch expectations follow
// git's own answers (git's wildmatch with WM_PATHNAME); the walker tests
// (walk_test.cc) compare whole trees against a real `git`.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "walk/ignore.h"

using modelshift::glob_match;
using modelshift::Glob;
using modelshift::IgnoreList;
using modelshift::IgnoreRules;
using modelshift::IgnoreVerdict;

namespace {

struct GlobCase {
  const char* pattern;
  const char* text;
  bool match;
};

// wildmatch(pattern, text, WM_PATHNAME) as git answers it.
const GlobCase kGlobCases[] = {
    // literals and '?'
    {"foo", "foo", true},
    {"foo", "bar", false},
    {"", "", true},
    {"", "a", false},
    {"foo", "foo/", false},
    {"???", "foo", true},
    {"??", "foo", false},
    {"a?c", "a/c", false},  // '?' never matches '/'
    // '*' stays inside one component
    {"*", "foo", true},
    {"*", "", true},
    {"*", "foo/bar", false},
    {"f*", "foo", true},
    {"*f", "foo", false},
    {"*o", "foo", true},
    {"*.py", "a.py", true},
    {"*.py", "dir/a.py", false},
    {"foo*", "foo/bar", false},
    {"foo/*", "foo/bar", true},
    {"foo/*", "foo/bar/baz", false},
    {"foo/*/baz", "foo/bar/baz", true},
    {"foo/*/baz", "foo/b/a/baz", false},
    {"*/*", "a/b", true},
    {"*a*b*c*", "xaybzc", true},
    {"*a*b*c*", "xaybz", false},
    {"*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
    // leading "**/": any depth, including none
    {"**/foo", "foo", true},
    {"**/foo", "a/foo", true},
    {"**/foo", "a/b/c/foo", true},
    {"**/foo", "afoo", false},
    {"**/foo", "a/foo/b", false},
    {"**/foo/bar", "x/foo/bar", true},
    {"**/foo/bar", "foo/bar", true},
    // trailing "/**": everything inside, not the directory itself
    {"foo/**", "foo/a", true},
    {"foo/**", "foo/a/b/c", true},
    {"foo/**", "foo/", true},
    {"foo/**", "foo", false},
    {"foo/**", "foobar/a", false},
    {"**", "", true},
    {"**", "a/b/c", true},
    // "a/**/b": zero or more directories
    {"a/**/b", "a/b", true},
    {"a/**/b", "a/x/b", true},
    {"a/**/b", "a/x/y/z/b", true},
    {"a/**/b", "a/xb", false},
    {"a/**/b", "ab", false},
    {"a/**/b/**/c", "a/1/b/2/3/c", true},
    {"a/**/b/**/c", "a/b/c", true},
    {"a/**/*.py", "a/x/y/z.py", true},
    {"a/**/*.py", "a/z.py", true},
    {"a/**/*.py", "a/x/z.pyc", false},
    // "**" that is not a whole component is an ordinary '*'
    {"a**b", "axb", true},
    {"a**b", "ax/yb", false},
    {"**foo", "xfoo", true},
    {"**foo", "x/foo", false},
    {"foo**", "foox/y", false},
    {"a/**b", "a/xb", true},
    {"a/**b", "a/x/b", false},
    // "**\/" (escaped slash) is any bytes then '/', without git's
    // zero-directory shortcut
    {"**\\/foo", "a/foo", true},
    {"**\\/foo", "foo", false},
    // classes
    {"[abc]", "b", true},
    {"[abc]", "d", false},
    {"[a-c]x", "bx", true},
    {"[a-c]x", "dx", false},
    {"[!a-c]x", "dx", true},
    {"[!a-c]x", "bx", false},
    {"[^a-c]x", "dx", true},
    {"[^a-c]x", "ax", false},
    {"[]]", "]", true},
    {"[!]]", "a", true},
    {"[!]]", "]", false},
    {"[]-a]", "^", true},  // ']'..'a' range
    {"[a-]", "-", true},
    {"[-a]", "-", true},
    {"[\\]]", "]", true},
    {"[\\-]", "-", true},
    {"[[:digit:]]x", "7x", true},
    {"[[:digit:]]x", "ax", false},
    {"[[:alpha:][:digit:]]", "Q", true},
    {"[[:upper:]]", "q", false},
    {"[![:space:]]", "x", true},
    {"[[:xdigit:]]", "F", true},
    {"[[:punct:]]", "!", true},
    {"[a/b]", "/", false},   // a class never matches '/'
    {"[!a]", "/", false},
    {"a[/]b", "a/b", false},
    // malformed classes match nothing
    {"[abc", "a", false},
    {"[abc", "[abc", false},
    {"[[:nope:]]", "n", false},
    {"a[", "a[", false},
    // escapes
    {"\\*", "*", true},
    {"\\*", "x", false},
    {"\\?", "?", true},
    {"\\[ab]", "[ab]", true},
    {"\\#foo", "#foo", true},
    {"\\!foo", "!foo", true},
    {"foo\\", "foo\\", false},  // a trailing backslash matches nothing
    {"a\\/b", "a/b", true},
};

struct ListCase {
  const char* text;  // the ignore file
  const char* base;  // its directory
  const char* path;
  bool is_dir;
  IgnoreVerdict want;
};

constexpr auto kNone = IgnoreVerdict::kNone;
constexpr auto kIgn = IgnoreVerdict::kIgnored;
constexpr auto kInc = IgnoreVerdict::kIncluded;

const ListCase kListCases[] = {
    // basename patterns match at any depth
    {"*.log\n", "", "a.log", false, kIgn},
    {"*.log\n", "", "x/y/a.log", false, kIgn},
    {"*.log\n", "", "x/a.log/b", false, kNone},  // only the path itself is judged
    {"build\n", "", "src/build", true, kIgn},
    {"build\n", "", "src/build", false, kIgn},
    // directory-only
    {"build/\n", "", "src/build", true, kIgn},
    {"build/\n", "", "src/build", false, kNone},
    {"a/b/\n", "", "a/b", true, kIgn},
    {"a/b/\n", "", "a/b", false, kNone},
    // anchored: a leading or middle '/'
    {"/todo\n", "", "todo", false, kIgn},
    {"/todo\n", "", "x/todo", false, kNone},
    {"doc/frotz\n", "", "doc/frotz", true, kIgn},
    {"doc/frotz\n", "", "a/doc/frotz", true, kNone},
    {"/doc/*.txt\n", "", "doc/a.txt", false, kIgn},
    {"/doc/*.txt\n", "", "doc/x/a.txt", false, kNone},
    // base directory
    {"*.tmp\n", "sub", "sub/a.tmp", false, kIgn},
    {"*.tmp\n", "sub", "a.tmp", false, kNone},
    {"*.tmp\n", "sub", "subx/a.tmp", false, kNone},
    {"/x\n", "sub/deep", "sub/deep/x", false, kIgn},
    {"/x\n", "sub/deep", "sub/deep/y/x", false, kNone},
    {"x\n", "sub", "sub", true, kNone},  // the directory of the file itself
    // "**"
    {"**/logs\n", "", "logs", true, kIgn},
    {"**/logs\n", "", "a/b/logs", true, kIgn},
    {"**/logs/debug.log\n", "", "a/logs/debug.log", false, kIgn},
    {"logs/**\n", "", "logs/a/b", false, kIgn},
    {"logs/**\n", "", "logs", true, kNone},
    {"a/**/z\n", "", "a/z", false, kIgn},
    {"a/**/z\n", "", "a/b/c/z", false, kIgn},
    // git's literal-prefix quirk: the rest after the literal prefix "x/a" is
    // wildmatched on its own, so its "**" counts as a whole component
    {"x/a**/c\n", "", "x/ab/d/c", false, kIgn},
    {"x/a**/c\n", "", "x/ab/c", false, kIgn},
    // last matching line wins; negation
    {"*.log\n!keep.log\n", "", "keep.log", false, kInc},
    {"*.log\n!keep.log\n", "", "other.log", false, kIgn},
    {"!keep.log\n*.log\n", "", "keep.log", false, kIgn},
    {"!keep.log\n", "", "keep.log", false, kInc},
    // escapes: "\#" and "\!" are literal, "#" starts a comment
    {"#comment\n", "", "#comment", false, kNone},
    {"\\#hash\n", "", "#hash", false, kIgn},
    {"\\!bang\n", "", "!bang", false, kIgn},
    {"\\!bang\n", "", "bang", false, kNone},
    {" #notcomment\n", "", " #notcomment", false, kIgn},
    // trailing spaces: dropped unless escaped; tabs are kept
    {"trail   \n", "", "trail", false, kIgn},
    {"trail\\ \n", "", "trail ", false, kIgn},
    {"trail\\ \n", "", "trail", false, kNone},
    {"trail\\  \n", "", "trail ", false, kIgn},
    {"tab\t\n", "", "tab\t", false, kIgn},
    {"tab\t\n", "", "tab", false, kNone},
    // CRLF, BOM, no final newline, empty lines
    {"a.txt\r\nb.txt\r\n", "", "a.txt", false, kIgn},
    {"a.txt\r\nb.txt\r\n", "", "b.txt", false, kIgn},
    {"\xEF\xBB\xBFhead.txt\n", "", "head.txt", false, kIgn},
    {"\n\n   \nlast", "", "last", false, kIgn},
    {"!\n", "", "x", false, kNone},
    {"/\n", "", "x", true, kNone},
    // suffix fast path agrees with the general matcher
    {"*.min.js\n", "", "a/b.min.js", false, kIgn},
    {"*.min.js\n", "", ".min.js", false, kIgn},
    {"*.min.js\n", "", "min.js", false, kNone},
    // classes in gitignore lines
    {"[Dd]ebug/\n", "", "x/Debug", true, kIgn},
    {"*.py[cod]\n", "", "m.pyc", false, kIgn},
    {"*.py[cod]\n", "", "m.pyx", false, kNone},
};

}  // namespace

TEST_CASE("glob_match follows git's wildmatch with WM_PATHNAME", "[ignore]") {
  for (const GlobCase& c : kGlobCases) {
    INFO("pattern '" << c.pattern << "' text '" << c.text << "'");
    CHECK(glob_match(c.pattern, c.text) == c.match);
    // A compiled Glob gives the same answer on repeated use.
    const Glob g = Glob::compile(c.pattern);
    CHECK(g.match(c.text) == c.match);
    CHECK(g.match(c.text) == c.match);
  }
}

TEST_CASE("Glob reports literal patterns", "[ignore]") {
  CHECK(Glob::compile("abc").is_literal());
  CHECK(Glob::compile("a\\*c").is_literal());
  CHECK_FALSE(Glob::compile("a*c").is_literal());
  CHECK_FALSE(Glob::compile("a[bc]").is_literal());
}

TEST_CASE("IgnoreList parses gitignore lines like git", "[ignore]") {
  for (const ListCase& c : kListCases) {
    INFO("file '" << c.text << "' base '" << c.base << "' path '" << c.path << "' dir " << c.is_dir);
    const IgnoreList list = IgnoreList::parse(c.text, c.base);
    CHECK(list.match(c.path, c.is_dir) == c.want);
  }
}

TEST_CASE("IgnoreList skips comments and blank lines", "[ignore]") {
  const IgnoreList list = IgnoreList::parse("# c\n\n  \n\\#x\n!\n/\n*.a\n", "");
  CHECK(list.size() == 2);
}

TEST_CASE("IgnoreList::from_globs treats '!' and '#' literally", "[ignore]") {
  const IgnoreList globs =
      IgnoreList::from_globs({"!x", "#y", "*.md", "docs/", "/top.txt", "src/**/gen", "./dot.py"});
  struct {
    const char* path;
    bool is_dir;
    IgnoreVerdict want;
  } cases[] = {
      {"!x", false, kIgn},          {"x", false, kNone},        {"#y", false, kIgn},
      {"a/b/readme.md", false, kIgn}, {"docs", true, kIgn},      {"docs", false, kNone},
      {"top.txt", false, kIgn},     {"sub/top.txt", false, kNone}, {"src/a/b/gen", true, kIgn},
      {"src/gen", false, kIgn},     {"dot.py", false, kIgn},    {"a/dot.py", false, kNone},
  };
  for (const auto& c : cases) {
    INFO(c.path);
    CHECK(globs.match(c.path, c.is_dir) == c.want);
  }
}

TEST_CASE("IgnoreRules applies git's precedence", "[ignore]") {
  IgnoreRules rules;
  rules.add_exclude_file("*.secret\nexcluded-by-info\n!info-keeps.log\n");
  rules.add_file("*.log\n/build/\nvendor/\n!important.log\n", "");
  rules.add_file("!*.log\nlocal.txt\n", "sub");
  rules.add_file("!keep.txt\n", "sub/deep");
  rules.add_file("*.txt\n", "sub/deep");  // added later, same base: wins

  struct {
    const char* path;
    bool is_dir;
    bool ignored;
  } cases[] = {
      {"a.log", false, true},
      {"important.log", false, false},
      {"sub/a.log", false, false},          // deeper file re-includes
      {"sub/local.txt", false, true},
      {"other/local.txt", false, false},    // sub's rules stay in sub
      {"sub/deep/keep.txt", false, true},   // later file at the same level wins
      {"build/x.c", false, true},           // inside an ignored directory
      {"src/build/x.c", false, false},      // "/build/" is anchored
      {"vendor/lib/important.log", false, true},  // cannot re-include inside ignored dir
      {"x.secret", false, true},            // info/exclude applies...
      {"info-keeps.log", false, true},      // ...but loses to every .gitignore
      {"excluded-by-info", true, true},
      {"sub/deep/x.secret", false, true},
      {"plain.c", false, false},
  };
  for (const auto& c : cases) {
    INFO(c.path);
    CHECK(rules.is_ignored(c.path, c.is_dir) == c.ignored);
  }
  CHECK(rules.match("vendor/lib/important.log", false) == kInc);  // path alone
  CHECK(rules.match("vendor", true) == kIgn);
}

TEST_CASE("IgnoreRules judges a directory only by the files above it", "[ignore]") {
  IgnoreRules rules;
  rules.add_file("*\n", "d");  // ignores everything inside d, not d itself
  CHECK_FALSE(rules.is_ignored("d", true));
  CHECK(rules.is_ignored("d/x", false));
  CHECK(rules.is_ignored("d/e/x", false));
  CHECK_FALSE(rules.is_ignored("e/x", false));
}
