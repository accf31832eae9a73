// Code owners: who owns a path, read from the repository's CODEOWNERS file
// the way GitHub or GitLab reads it. The migration plan tags every usage with
// the owner this gives. Nothing is fetched or executed; only the file is read.
//
// The two forges share a line format ("pattern owner owner ...") but not its
// semantics. What each rule below follows (checked 2026-12):
//
// GitHub — docs.github.com "About code owners"
//   (repositories/managing-your-repositorys-settings-and-features/
//    customizing-your-repository/about-code-owners):
//  * the file is .github/CODEOWNERS, else CODEOWNERS at the root, else
//    docs/CODEOWNERS: the first found is the only one used; a file of 3 MB or
//    more is not loaded at all;
//  * patterns follow gitignore: no '/' (or only a trailing one) = any depth,
//    a '/' at the start or in the middle anchors at the root, a trailing '/'
//    = everything under that directory, "**" as in git, and a pattern that
//    names a directory owns everything below it ("/apps/github" un-owns the
//    subdirectory) — except that "docs/*" owns only direct children
//    ("docs/getting-started.md", not "docs/build-app/troubleshooting.md");
//  * the LAST matching line decides; a line with no owners leaves the path
//    unowned; `#` starts a comment, also after the owners ("*.js @js-owner
//    #This is an inline comment.");
//  * documented as NOT working, so such a line is reported and skipped (the
//    forge skips invalid lines and reports them as errors): "!" negation,
//    "[ ]" character ranges, and "\#" escaping a leading '#'.
//  * owners: @user, @org/team-name, or an email address.
//
// GitLab — docs.gitlab.com "Syntax of CODEOWNERS file"
//   (user/project/codeowners/reference) and "Advanced CODEOWNERS
//   configuration" (user/project/codeowners/advanced); details where the docs
//   are silent from GitLab's ee/lib/gitlab/code_owners/file.rb and
//   section_parser.rb (read, not copied):
//  * the file is CODEOWNERS at the root, else docs/CODEOWNERS, else
//    .gitlab/CODEOWNERS (gitlab-org/gitlab#219916 documents this order);
//  * a pattern is matched with Ruby's File.fnmatch(FNM_PATHNAME |
//    FNM_DOTMATCH) after normalising: a leading '/' anchors at the root, any
//    other pattern gets "/**/" in front (so "docs/api" matches at any depth,
//    unlike GitHub), a trailing '/' becomes "/**/*"; there is no directory
//    rule, so "/docs" names only a file called docs; a final "**" is a '*';
//    "\#" and "\ " escape a leading '#' and a space;
//  * "[Section]" headers group lines: "^[Section]" is optional,
//    "[Section][2]" needs two approvals, "[Section] @a @b" gives default
//    owners to its lines without owners; names are case-insensitive and
//    repeated headers continue one section; lines before the first header
//    form an unnamed section;
//  * within each section the last matching line decides (a repeated pattern
//    replaces the earlier line where it stood); a path's owners are those of
//    every section with a deciding line, in section order;
//  * "!pattern" (GitLab 17.10+) excludes matching paths from the section it
//    is in, whatever comes after it (GitLab has no re-inclusion);
//  * there are no inline comments: the owners of a trailing "# ..." are
//    still parsed, its other words are reported as malformed owners;
//  * owners: @user, @group/subgroup/..., @@developer/@@maintainer/@@owner
//    roles, or an email address. A malformed owner is reported and dropped,
//    the rest of the line still counts (as GitLab does).
//
// Both: a UTF-8 BOM and CRLF line ends are accepted; paths are compared
// byte-wise and case-sensitively. Matching reuses the project's git
// wildmatch (src/walk/ignore.h): IgnoreList for GitHub's gitignore rules, Glob for
// GitLab's normalised fnmatch patterns (the two agree on '*', '?', "**/",
// classes and escapes once the forms above are rewritten).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "walk/ignore.h"

namespace modelshift {

// Who owns one path, and which rule said so.
struct OwnerMatch {
  std::vector<std::string> owners;  // as written: "@org/team", "@user", "user@example.com"; empty = no owner
  std::string source;               // CODEOWNERS path relative to the repository root, "" when none matched
  uint32_t line = 0;                // 1-based line of the deciding rule
  std::string pattern;              // the deciding rule's pattern, as written ("!x" for an exclusion)
  std::string section;              // GitLab section name ("" outside sections / on GitHub)
};

// One CODEOWNERS file, parsed. Immutable after load/parse: concurrent const
// calls are thread-safe.
class CodeOwners {
 public:
  enum class Flavor { kGitHub, kGitLab };

  // Finds and parses the CODEOWNERS file of the repository whose top
  // directory is `repo_root` (absolute). Looks at .github/CODEOWNERS,
  // CODEOWNERS, docs/CODEOWNERS, .gitlab/CODEOWNERS and takes the first that
  // exists: that is GitHub's order, and GitLab's (root, docs/, .gitlab/) too
  // whenever no .github/CODEOWNERS exists. Flavor: GitLab when the file has a
  // "[Section]" header or lives in .gitlab/, else GitHub.
  // No file: an empty CodeOwners, no warning. A file that is not a regular
  // file, unreadable, binary (a NUL byte) or 3 MB or larger (GitHub does not
  // load it): one warning naming it, and an empty CodeOwners. Line warnings
  // as for parse(). Diagnostic paths are relative to repo_root.
  // Cost: a few stat calls and one read of the file. `warnings` may be null.
  static CodeOwners load(const std::string& repo_root, std::vector<Diagnostic>* warnings);

  // Parses the text of a CODEOWNERS file; `source` is its path relative to
  // the repository root (kept in OwnerMatch and in warnings). Never fails:
  // a malformed line (bad or unsupported pattern, unterminated section
  // header, an owner that is not @name, @org/team or an email) is a warning
  // at path:line:col and is skipped (GitLab: only the bad owner is dropped),
  // every other line works. Cost: linear in the text; each pattern compiled
  // once. `warnings` may be null.
  static CodeOwners parse(std::string_view text, std::string source, Flavor flavor,
                          std::vector<Diagnostic>* warnings);

  // Owners of `rel_path` ('/'-separated, relative to the repository root,
  // no leading '/'). No matching rule: an OwnerMatch with no owners and an
  // empty source. A rule that leaves the path unowned (GitHub: no owners;
  // GitLab: an exclusion or an owner-less line) gives no owners but names
  // that rule. GitLab: owners of all sections, in section order, duplicates
  // dropped; line/pattern/section are those of the first section that gave
  // owners (or, when none did, of the first section whose rule matched).
  // Cost: GitHub O(rules x path depth), GitLab O(rules), no allocation but
  // the result. Thread-safe.
  OwnerMatch owners_of(std::string_view rel_path) const;

  bool empty() const { return rules_.empty(); }
  const std::string& source() const { return source_; }
  Flavor flavor() const { return flavor_; }

 private:
  struct Rule {
    uint32_t line = 0;
    uint32_t section = 0;            // index into sections_
    bool exclusion = false;          // GitLab "!pattern"
    bool direct_only = false;        // GitHub ".../*": the path itself, not under a directory
    std::string pattern;             // as written
    std::string key;                 // GitLab: the normalised pattern (repeated patterns replace)
    std::vector<std::string> owners;
    IgnoreList github;               // GitHub: the pattern with gitignore semantics
    Glob gitlab;                     // GitLab: the normalised pattern
  };
  struct Section {
    std::string name;  // as first written; "" for lines before any header
    bool optional = false;
    uint32_t approvals = 0;
    uint32_t first = 0, count = 0;  // its rules: rules_[first, first + count)
  };
  class Parser;

  bool rule_matches(const Rule& r, std::string_view path) const;

  Flavor flavor_ = Flavor::kGitHub;
  std::string source_;
  std::vector<Section> sections_;
  std::vector<Rule> rules_;  // grouped by section, in section order; file order within
};

}  // namespace modelshift
