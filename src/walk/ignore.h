// The ignore engine: git's wildmatch (WM_PATHNAME) and gitignore pattern
// lists with git's precedence rules. No I/O happens here: callers hand in the
// text of an ignore file and the directory it lives in; the walker
// (walk.cc) and anything that judges paths from the git index reuse it.
//
// Paths everywhere in this header are '/'-separated and relative to the top
// of the rule tree (the git work tree top, or the scan root outside git),
// with no leading "./" and no trailing '/'. Matching is byte-wise and
// case-sensitive (git's default core.ignoreCase=false on Linux).
//
// What is git's and what is not:
//  * line syntax: '#' comments, '!' negation, "\#" and "\!" escapes,
//    unescaped trailing spaces dropped ("\ " keeps one), CRLF line ends,
//    a UTF-8 BOM at the start of the file, a trailing '/' = directories
//    only, a '/' at the start or in the middle = anchored to the file's
//    directory, otherwise the pattern matches the basename at any depth;
//  * precedence: a deeper file beats a shallower one, within a file the last
//    matching line wins, "exclude files" ($GIT_DIR/info/exclude) lose to
//    every per-directory file, and once a directory is ignored nothing under
//    it can be re-included (see IgnoreRules::is_ignored);
//  * git's quirk is kept that a pathname pattern whose literal prefix ends
//    right before "**" treats that "**" as if it started a component
//    ("foo/a**/b" matches "foo/ax/y/b"), because git matches the prefix
//    with memcmp and the rest with wildmatch;
//  * core.ignoreCase, core.excludesFile and the global ignore file are not
//    consulted here (the walker does not read git config at all).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace modelshift {

// A wildmatch pattern compiled once and matched many times.
// Semantics are git's wildmatch() with WM_PATHNAME:
//   '*'  any run of bytes except '/';   '?'  one byte except '/';
//   "**" spanning whole components: "**/x" (x at any depth, also at the
//        top), "x/**" (everything under x, not x itself), "x/**/y" (zero or
//        more directories between); any other "**" behaves like '*';
//   "[...]" a class: ranges "a-z", negation with '!' or '^', "[:alpha:]"
//        style POSIX classes, '\' escapes, a ']' right after '[' or '[!' is
//        literal; a class never matches '/';
//   '\x' the byte x literally.
// A malformed pattern (unterminated '[' or unknown "[:name:]") matches
// nothing, as in git.
class Glob {
 public:
  Glob() = default;  // matches only the empty string

  // Compiles `pattern`. The start of the pattern counts as a component
  // boundary for "**" (as in git). Cost: O(pattern length), one allocation
  // for the token vector (and one for the character classes, if any).
  static Glob compile(std::string_view pattern);

  // True when the whole of `text` matches. Does not allocate; runs in
  // O(|pattern| * |text|) in the worst case (backtracking is limited to the
  // latest '*' and the latest "**/", which is enough for these semantics).
  // Thread-safe for concurrent calls on a const Glob.
  bool match(std::string_view text) const;

  // True when the pattern has no wildcard (after escapes), i.e. it matches
  // exactly one string.
  bool is_literal() const { return literal_; }

 private:
  enum class Op : uint8_t { kByte, kAny, kClass, kStar, kStarStarSlash, kStarStarAny, kRest };
  struct Tok {
    Op op;
    uint8_t byte;    // kByte
    uint16_t cls;    // kClass: index into classes_
  };
  std::vector<Tok> toks_;
  std::vector<std::array<uint64_t, 4>> classes_;  // 256-bit sets
  bool never_ = false;   // malformed: matches nothing
  bool literal_ = true;
};

// git's wildmatch(pattern, path, WM_PATHNAME) == WM_MATCH.
// Compiles the pattern on every call (allocates); for repeated use keep a
// Glob. Thread-safe.
bool glob_match(std::string_view pattern, std::string_view path);

// What the last matching pattern of a list said about a path.
enum class IgnoreVerdict : uint8_t {
  kNone,      // no pattern matched: ask the next list
  kIgnored,   // a plain pattern matched
  kIncluded,  // a '!' pattern matched (the path is explicitly not ignored)
};

// One parsed ignore file (a .gitignore, .ignore, info/exclude, or a list of
// --include/--exclude globs): an ordered list of compiled patterns that all
// share one base directory.
class IgnoreList {
 public:
  IgnoreList() = default;

  // Parses the text of a gitignore-format file living in directory `base`
  // (relative to the rule-tree top; "" for the top; no trailing '/').
  // `source` is only kept for messages (e.g. the file's path). Never fails:
  // lines git would accept are compiled, others (e.g. "!" alone) skipped.
  // Cost: linear in the text; each pattern compiled once.
  static IgnoreList parse(std::string_view text, std::string_view base,
                          std::string source = {});

  // Builds a list from command-line globs (--include/--exclude): each string
  // is one pattern with gitignore semantics (no '/' = basename at any depth,
  // a '/' anchors it at the top, a trailing '/' = directories only, "**"),
  // but '!' and '#' at the start are literal, trailing spaces are kept, and
  // a leading "./" anchors the glob at the top like a leading '/'.
  static IgnoreList from_globs(const std::vector<std::string>& globs);

  // The verdict of the last pattern in this list that matches `path`
  // (a file, or a directory when is_dir). Only paths strictly below base()
  // can match. Does not consider parent directories (see IgnoreRules).
  // No allocation; cost O(number of patterns) with a cheap literal/suffix
  // fast path per pattern. Thread-safe on a const list.
  IgnoreVerdict match(std::string_view path, bool is_dir) const;

  // Same, when the caller already knows the basename (the part after the
  // last '/'; the whole path when there is none). Avoids one scan per call.
  IgnoreVerdict match(std::string_view path, std::string_view basename,
                      bool is_dir) const;

  bool empty() const { return patterns_.empty(); }
  size_t size() const { return patterns_.size(); }
  const std::string& base() const { return base_; }
  const std::string& source() const { return source_; }

 private:
  enum Flags : uint8_t {
    kNegative = 1,   // '!'
    kDirOnly = 2,    // trailing '/'
    kBasename = 4,   // no '/' in the pattern: match the basename
    kLiteral = 8,    // no wildcard at all: compare bytes
    kSuffix = 16,    // "*literal" basename pattern: compare the tail
  };
  struct Pattern {
    std::string text;        // without '!', leading '/', trailing '/'
    uint32_t prefix_len = 0; // bytes before the first wildcard or '\'
    uint8_t flags = 0;
    Glob rest;               // kBasename: whole text; else text after prefix
  };
  void add_line(std::string_view line, bool gitignore_syntax);
  bool pattern_matches(const Pattern& p, std::string_view rel,
                       std::string_view basename, bool is_dir) const;

  std::string base_;    // "" or "dir/sub"
  std::string source_;
  std::vector<Pattern> patterns_;
};

// All the ignore files that apply to one rule tree (a git work tree), with
// git's precedence. Useful when paths come from somewhere other than a
// directory walk (e.g. the git index for `check --staged`); the walker keeps
// its own per-directory stack of IgnoreList for speed.
//
// Not thread-safe while adding; concurrent const queries are safe.
class IgnoreRules {
 public:
  // Adds a per-directory file (".gitignore") found in directory `base`.
  // Deeper bases take precedence; for two files with the same base the one
  // added later takes precedence (add ".gitignore" then ".ignore" to get
  // ripgrep's order).
  void add_file(std::string_view text, std::string_view base,
                std::string source = {});

  // Adds an exclude file with base "" and the lowest precedence
  // (e.g. $GIT_DIR/info/exclude). Later exclude files win over earlier ones.
  void add_exclude_file(std::string_view text, std::string source = {});

  // The verdict for `path` alone: the first list, deepest base first, then
  // the exclude files, whose last matching pattern decides. Parent
  // directories are not consulted. Cost O(total patterns of the files whose
  // base contains path).
  IgnoreVerdict match(std::string_view path, bool is_dir) const;

  // Whether git would consider `path` ignored: true when any parent
  // directory of it is ignored (re-including a path inside an ignored
  // directory is impossible) or the path itself is. Each parent directory is
  // judged only by the files above it, as git does. Cost O(depth * total
  // patterns); no allocation.
  bool is_ignored(std::string_view path, bool is_dir) const;

  bool empty() const { return dir_lists_.empty() && exclude_lists_.empty(); }

 private:
  std::vector<IgnoreList> dir_lists_;      // sorted: deepest base first, stable
  std::vector<IgnoreList> exclude_lists_;  // later = higher precedence
};

}  // namespace modelshift
