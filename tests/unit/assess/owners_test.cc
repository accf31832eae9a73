// Tests for the CODEOWNERS reader (src/assess/owners.h): one table per
// forge, each row a file, a path, the owners and the deciding line the forge
// would give (GitHub's "About code owners" examples, GitLab's reference page
// and its fnmatch normalisation); malformed lines; where load() looks.
#include <catch2/catch.hpp>

#include <boost/filesystem.hpp>

#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "assess/owners.h"

using modelshift::CodeOwners;
using modelshift::Diagnostic;
using modelshift::OwnerMatch;
using Owners = std::vector<std::string>;
namespace fs = boost::filesystem;

namespace {

struct Row {
  const char* text;
  const char* path;
  Owners owners;
  uint32_t line;             // 0: no rule matched
  const char* section = "";  // GitLab only
};

void check_rows(const std::vector<Row>& rows, CodeOwners::Flavor flavor) {
  for (const Row& row : rows) {
    CAPTURE(row.text, row.path);
    std::vector<Diagnostic> warnings;
    const CodeOwners co = CodeOwners::parse(row.text, "CODEOWNERS", flavor, &warnings);
    const OwnerMatch m = co.owners_of(row.path);
    CHECK(m.owners == row.owners);
    CHECK(m.line == row.line);
    CHECK(m.source == (row.line ? "CODEOWNERS" : ""));
    CHECK(m.section == row.section);
  }
}

}  // namespace

TEST_CASE("GitHub: gitignore patterns, last match wins, owner-less lines un-own", "[owners]") {
  const std::vector<Row> rows = {
      // last match wins, whatever is more specific
      {"* @all\n*.js @js\n", "src/a.js", {"@js"}, 2},
      {"*.js @js\n* @all\n", "src/a.js", {"@all"}, 2},
      {"* @b @a\n", "x", {"@b", "@a"}, 1},
      // a line without owners leaves the path unowned (the docs' /apps/github)
      {"/apps/ @octocat\n/apps/github\n", "apps/github/x.rb", {}, 2},
      {"/apps/ @octocat\n/apps/github\n", "apps/main/x.rb", {"@octocat"}, 1},
      {"/apps/ @octocat\n/apps/github @doctocat\n", "apps/github/a/b.rb", {"@doctocat"}, 2},
      // anchored vs floating
      {"/build/logs/ @doc\n", "build/logs/a/b.txt", {"@doc"}, 1},
      {"/build/logs/ @doc\n", "x/build/logs/a.txt", {}, 0},
      {"apps/ @octocat\n", "deep/apps/x.js", {"@octocat"}, 1},
      {"docs/api @d\n", "docs/api/y.md", {"@d"}, 1},
      {"docs/api @d\n", "x/docs/api/y.md", {}, 0},  // a middle '/' anchors
      // *.js at any depth, and only .js
      {"*.js @js\n", "a/b/c.js", {"@js"}, 1},
      {"*.js @js\n", "a/b/c.jsx", {}, 0},
      // docs/* is direct children only; docs/ is the whole tree, at any depth
      {"docs/* docs@example.com\n", "docs/getting-started.md", {"docs@example.com"}, 1},
      {"docs/* docs@example.com\n", "docs/build-app/troubleshooting.md", {}, 0},
      {"docs/ @dir\n", "docs/build-app/troubleshooting.md", {"@dir"}, 1},
      {"docs/ @dir\n", "x/docs/a.md", {"@dir"}, 1},
      {"/* @root\n", "README.md", {"@root"}, 1},
      {"/* @root\n", "src/a.c", {}, 0},
      // **/logs: a logs directory anywhere
      {"**/logs @o\n", "build/logs/a.txt", {"@o"}, 1},
      {"**/logs @o\n", "deeply/nested/logs/x", {"@o"}, 1},
      {"**/logs @o\n", "logs/a", {"@o"}, 1},
      {"**/logs @o\n", "build/logsx/a", {}, 0},
      // apps/**: everything under the top apps/
      {"apps/** @o\n", "apps/a/b/c", {"@o"}, 1},
      {"apps/** @o\n", "x/apps/a", {}, 0},
      // comments, inline comments, owners of each kind
      {"# owner: @nobody\n*.js @js-owner #This is an inline comment.\n", "a.js", {"@js-owner"}, 2},
      {"*.txt @octo-org/octocats\n", "a.txt", {"@octo-org/octocats"}, 1},
      // CRLF line ends and a BOM
      {"* @all\r\n*.md @docs\r\n", "README.md", {"@docs"}, 2},
      {"\xEF\xBB\xBF*.md @docs\n", "a.md", {"@docs"}, 1},
      {"\xEF\xBB\xBF# c\n*.md @docs\n", "a.md", {"@docs"}, 2},
      // an escaped space; dotfiles; case matters
      {"path\\ with\\ spaces/ @s\n", "path with spaces/a", {"@s"}, 1},
      {"* @all\n", ".github/workflows/ci.yml", {"@all"}, 1},
      {"*.MD @u\n", "a.md", {}, 0},
      // "\#" does not work on GitHub: the line is skipped, line 1 decides
      {"* @all\n\\#notes.md @n\n", "#notes.md", {"@all"}, 1},
      {"", "a", {}, 0},
  };
  check_rows(rows, CodeOwners::Flavor::kGitHub);
}

TEST_CASE("GitLab: sections combine, defaults, optional, exclusions, fnmatch patterns", "[owners]") {
  const std::vector<Row> rows = {
      // within a section the last match wins
      {"* @all\n*.rb @ruby\n", "a/b.rb", {"@ruby"}, 2},
      // sections combine, in section order, without duplicates
      {"* @general\n[Docs]\ndocs/ @docs\n", "docs/a.md", {"@general", "@docs"}, 1},
      {"* @general\n[Docs]\ndocs/ @docs\n", "src/a.c", {"@general"}, 1},
      {"[Docs]\ndocs/ @docs\n", "src/a.c", {}, 0},
      {"* @a\n[S]\n* @b @a\n", "x", {"@a", "@b"}, 1},
      {"[Docs]\n*.md @d\n[Ruby]\n*.rb @r\n*.md @m\n", "a.md", {"@d", "@m"}, 2, "Docs"},
      // section names are case-insensitive; the first spelling names it
      {"[Docs]\n*.md @a\n[docs]\n*.txt @b\n", "a.txt", {"@b"}, 4, "Docs"},
      // default owners, optional sections, approval counts
      {"[Documentation] @docs-team\ndocs/\nREADME.md\n", "docs/x.md", {"@docs-team"}, 2, "Documentation"},
      {"[Documentation] @docs-team\ndocs/\nREADME.md @w\n", "README.md", {"@w"}, 3, "Documentation"},
      {"^[Database] @database-team\nmodel/db/\n", "model/db/x.sql", {"@database-team"}, 2, "Database"},
      {"[Documentation][2] @docs-team\ndocs/\n", "docs/a", {"@docs-team"}, 2, "Documentation"},
      // exclusions: final within their section, whatever follows
      {"* @default-owner\n!pom.xml\n", "pom.xml", {}, 2},
      {"* @default-owner\n!pom.xml\n", "a/Main.java", {"@default-owner"}, 1},
      {"[Ruby]\n!/config/*\n*.rb @ruby\n", "config/a.rb", {}, 2, "Ruby"},
      {"* @all\n[Ruby]\n*.rb @ruby\n!/config/*\n", "config/a.rb", {"@all"}, 1},
      {"* @all\n[Ruby]\n*.rb @ruby\n!/config/*\n", "lib/a.rb", {"@all", "@ruby"}, 1},
      // no leading '/': any depth, even with a '/' inside; no directory rule
      {"docs/api @d\n", "x/docs/api", {"@d"}, 1},
      {"docs/api @d\n", "docs/api/y.md", {}, 0},
      {"/docs @d\n", "docs", {"@d"}, 1},
      {"/docs @d\n", "docs/a.md", {}, 0},
      {"lib/ @lib-owner\n", "a/lib/b/c.rb", {"@lib-owner"}, 1},
      {"/config/ @config-owner\n", "x/config/a", {}, 0},
      // docs/* vs docs/
      {"/docs/* @root-docs\n", "docs/a.md", {"@root-docs"}, 1},
      {"/docs/* @root-docs\n", "docs/sub/a.md", {}, 0},
      {"/docs/ @all-docs\n", "docs/sub/a.md", {"@all-docs"}, 1},
      {"/docs/**/*.md @md\n", "docs/a/b/c.md", {"@md"}, 1},
      // a final ** is fnmatch's '*': direct children only
      {"apps/** @o\n", "apps/a", {"@o"}, 1},
      {"apps/** @o\n", "apps/a/b", {}, 0},
      // **/logs names a file called logs at any depth
      {"**/logs @o\n", "build/logs", {"@o"}, 1},
      {"**/logs @o\n", "build/logs/a", {}, 0},
      {"*.js @js\n", "a/b/c.js", {"@js"}, 1},
      // escapes, CRLF, BOM, dotfiles
      {"\\#file_with_pound.rb @owner-file-with-pound\n", "#file_with_pound.rb", {"@owner-file-with-pound"}, 1},
      {"\\#file_with_pound.rb @p\n", "x/#file_with_pound.rb", {"@p"}, 1},
      {"path\\ with\\ spaces/ @space-owner\n", "path with spaces/a", {"@space-owner"}, 1},
      {"\xEF\xBB\xBF[Docs]\r\n*.md @d\r\n", "a.md", {"@d"}, 2, "Docs"},
      {"* @all\n", ".gitlab-ci.yml", {"@all"}, 1},
      // a repeated pattern replaces the earlier line where it stood
      {"*.rb @a\ndocs/ @b\n*.rb @c\n", "docs/x.rb", {"@b"}, 2},
      {"*.rb @a\ndocs/ @b\n*.rb @c\n", "lib/x.rb", {"@c"}, 3},
      // owners: emails, nested groups, roles; a comment's owners count
      {"LICENSE @legal janedoe@gitlab.com\n", "LICENSE", {"@legal", "janedoe@gitlab.com"}, 1},
      {"README @group @group/with-nested/subgroup @@maintainer\n", "README",
       {"@group", "@group/with-nested/subgroup", "@@maintainer"}, 1},
      {"*.md @a # ask @b\n", "a.md", {"@a", "@b"}, 1},
      // an owner-less line outside any section leaves the path unowned
      {"* @all\n/vendor/\n", "vendor/x", {}, 2},
  };
  check_rows(rows, CodeOwners::Flavor::kGitLab);
}

TEST_CASE("Malformed lines are located warnings and later lines still work", "[owners]") {
  struct Case {
    CodeOwners::Flavor flavor;
    const char* text;
    std::vector<std::pair<uint32_t, uint32_t>> at;  // (line, column) of each warning
    const char* path;
    Owners owners;
    const char* section = "";
  };
  using F = CodeOwners::Flavor;
  const std::vector<Case> cases = {
      {F::kGitHub, "!foo @a\n* @b\n", {{1, 1}}, "foo", {"@b"}},
      {F::kGitHub, "* @b\n*.[ch] @a\n", {{2, 1}}, "x.c", {"@b"}},
      {F::kGitHub, "\\#x @a\n", {{1, 1}}, "#x", {}},
      {F::kGitHub, "* user\n*.md @d\n", {{1, 3}}, "a.md", {"@d"}},
      {F::kGitHub, "* user\n*.md @d\n", {{1, 3}}, "a.txt", {}},
      {F::kGitHub, "/ @a\n* @b\n", {{1, 1}}, "x", {"@b"}},
      {F::kGitHub, "  *.md @a @org/team/sub\n*.md @c\n", {{1, 11}}, "a.md", {"@c"}},
      {F::kGitHub, "* @a\n*.md @b\r\n*.txt nope\r\n*.txt @c\r\n", {{3, 7}}, "a.txt", {"@c"}},
      {F::kGitLab, "[Docs\n*.md @d\n", {{1, 1}}, "a.md", {"@d"}},
      {F::kGitLab, "[]\n* @a\n", {{1, 1}}, "x", {"@a"}},
      {F::kGitLab, "^[Opt][2] @a\n* \n", {{1, 1}}, "x", {"@a"}, "Opt"},
      {F::kGitLab, "*.md @a bogus @b\n", {{1, 9}}, "a.md", {"@a", "@b"}},
      {F::kGitLab, "[S]\n*.md\n*.txt @t\n", {{2, 1}}, "a.txt", {"@t"}, "S"},
      {F::kGitLab, "foo[ @a\n* @b\n", {{1, 1}}, "foo[", {"@b"}},
      {F::kGitLab, "[Docs]x @a\n* @b\n", {{1, 7}}, "x", {"@b"}, "Docs"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text, c.path);
    std::vector<Diagnostic> warnings;
    const CodeOwners co = CodeOwners::parse(c.text, ".github/CODEOWNERS", c.flavor, &warnings);
    std::vector<std::pair<uint32_t, uint32_t>> at;
    for (const Diagnostic& d : warnings) {
      CHECK(d.path == ".github/CODEOWNERS");
      CHECK(!d.message.empty());
      at.emplace_back(d.line, d.column);
    }
    CHECK(at == c.at);
    const OwnerMatch m = co.owners_of(c.path);
    CHECK(m.owners == c.owners);
    CHECK(m.section == c.section);
  }
}

TEST_CASE("Well-formed files give no warnings", "[owners]") {
  const char* github =
      "# comment\n*       @global-owner1 @global-owner2\n*.js    @js-owner #This is an inline comment.\n"
      "*.go docs@example.com\n*.txt @octo-org/octocats\n/build/logs/ @doctocat\ndocs/*  docs@example.com\n"
      "apps/ @octocat\n/docs/ @doctocat\n/scripts/ @doctocat @octocat\n**/logs @octocat\n/apps/ @octocat\n"
      "/apps/github\n";
  const char* gitlab =
      "* @general-approvers\n\n[Documentation][2] @docs-team\ndocs/\nREADME.md\n\n^[Database] @database-team\n"
      "model/db/\nconfig/db/database-setup.md @docs-team\n[Ruby]\n*.rb @@developer\n!/config/*\n";
  std::vector<Diagnostic> warnings;
  CodeOwners a = CodeOwners::parse(github, "CODEOWNERS", CodeOwners::Flavor::kGitHub, &warnings);
  CodeOwners b = CodeOwners::parse(gitlab, "CODEOWNERS", CodeOwners::Flavor::kGitLab, &warnings);
  for (const Diagnostic& d : warnings) UNSCOPED_INFO(d.line << ":" << d.column << ": " << d.message);
  CHECK(warnings.empty());
  CHECK(!a.empty());
  CHECK(b.owners_of("config/db/database-setup.md").owners ==
        Owners{"@general-approvers", "@docs-team"});
  CHECK(b.owners_of("config/db/database-setup.md").section == "");
  CHECK(b.owners_of("model/db/x.rb").owners == Owners{"@general-approvers", "@database-team", "@@developer"});
  CHECK(CodeOwners::parse("# only comments\n\n", "CODEOWNERS", CodeOwners::Flavor::kGitHub, nullptr).empty());
}

namespace {

struct TempRepo {
  fs::path root;
  TempRepo() {
    root = fs::temp_directory_path() / fs::unique_path("modelshift-owners-%%%%-%%%%-%%%%");
    fs::create_directories(root);
  }
  ~TempRepo() {
    boost::system::error_code ec;
    fs::remove_all(root, ec);
  }
  void write(const std::string& rel, const std::string& text) const {
    const fs::path p = root / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p.string(), std::ios::binary) << text;
  }
};

}  // namespace

TEST_CASE("load picks the file each forge documents", "[owners]") {
  struct Case {
    std::vector<std::pair<std::string, std::string>> files;
    const char* source;  // "" none
    CodeOwners::Flavor flavor;
    Owners owners;  // of "src/a.py"
    size_t warnings;
  };
  using F = CodeOwners::Flavor;
  const std::string big(3u * 1024 * 1024, '#');
  const std::vector<Case> cases = {
      {{{".github/CODEOWNERS", "* @gh\n"}, {"CODEOWNERS", "* @root\n"}, {"docs/CODEOWNERS", "* @docs\n"},
        {".gitlab/CODEOWNERS", "* @gl\n"}},
       ".github/CODEOWNERS", F::kGitHub, {"@gh"}, 0},
      {{{"CODEOWNERS", "* @root\n"}, {"docs/CODEOWNERS", "* @docs\n"}, {".gitlab/CODEOWNERS", "* @gl\n"}},
       "CODEOWNERS", F::kGitHub, {"@root"}, 0},
      {{{"docs/CODEOWNERS", "* @docs\n"}, {".gitlab/CODEOWNERS", "* @gl\n"}}, "docs/CODEOWNERS", F::kGitHub,
       {"@docs"}, 0},
      {{{".gitlab/CODEOWNERS", "src/ @gl\n"}}, ".gitlab/CODEOWNERS", F::kGitLab, {"@gl"}, 0},
      {{{"CODEOWNERS", "[Python]\n*.py @py\n"}}, "CODEOWNERS", F::kGitLab, {"@py"}, 0},
      {{{"README.md", "# no owners here\n"}}, "", F::kGitHub, {}, 0},
      {{{".github/CODEOWNERS", big}, {"CODEOWNERS", "* @root\n"}}, "", F::kGitHub, {}, 1},
      {{{"CODEOWNERS", std::string("* @a\n\0* @b\n", 12)}}, "", F::kGitHub, {}, 1},
      {{{"CODEOWNERS", "* @a\n*.py nobody\n"}}, "CODEOWNERS", F::kGitHub, {"@a"}, 1},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    CAPTURE(i);
    TempRepo repo;
    for (const auto& [rel, text] : c.files) repo.write(rel, text);
    std::vector<Diagnostic> warnings;
    const CodeOwners co = CodeOwners::load(repo.root.string(), &warnings);
    CHECK(co.source() == c.source);
    CHECK(co.flavor() == c.flavor);
    CHECK(co.empty() == (c.owners.empty()));
    const OwnerMatch m = co.owners_of("src/a.py");
    CHECK(m.owners == c.owners);
    CHECK(m.source == c.source);
    CHECK(warnings.size() == c.warnings);
    for (const Diagnostic& d : warnings) {
      CHECK(d.path.find(repo.root.string()) == std::string::npos);  // never an absolute path
      CHECK(d.path.find("CODEOWNERS") != std::string::npos);
    }
  }
}
