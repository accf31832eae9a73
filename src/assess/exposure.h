// Customer-facing vs internal: which code serves users. One factor of a
// migration's risk: an LLM call in a file that serves HTTP routes, RPC
// handlers, queue consumers or UI actions (or in a module such a file
// imports) reaches customers; one in a script, notebook, test or example
// does not.
//
// Data in rules/exposure.yaml: per language, the patterns of serving code
// (framework + kind), the patterns of imports and how each resolves to
// files of the repository, the package a file declares, and the internal
// path globs. Nothing is executed and nothing is downloaded: files are read
// as text, once each.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/rule_files.h"
#include "core/types.h"
#include "read/language.h"
#include "walk/ignore.h"

namespace modelshift {

// How an import names files (see the comment on `imports` in the rules file).
enum class ImportResolve : uint8_t { kPython, kPath, kGo, kQualified, kNamespace };
// Which files a serving file reaches without an import.
enum class Peers : uint8_t { kNone, kDirectory, kNamespace };

// The rules of one group of languages of rules/exposure.yaml.
struct ExposureLanguage {
  struct Serve {
    std::string framework, kind;
    std::unique_ptr<RE2> pattern, requires_pattern;  // requires_pattern may be null
    std::vector<Glob> paths;                         // empty: any path
  };
  struct Import {
    std::unique_ptr<RE2> pattern;  // group 1: the name; group 2 (optional): imported names
    ImportResolve resolve = ImportResolve::kPath;
  };
  struct PathOptions {
    std::vector<std::string> suffixes{""};
    std::vector<std::string> replace_extensions;
    std::vector<std::pair<std::string, std::vector<std::string>>> aliases;  // prefix -> bases
    bool bare_relative = false;  // `x` resolves like `./x` (else it names a package)
    bool module_dir = false;     // also look under the importer's stem (Rust `mod x;` in a.rs)
  };
  std::vector<Serve> serves;
  std::unique_ptr<RE2::Set> serve_set;  // every serve pattern, for one pass over a file
  std::vector<Import> imports;
  std::unique_ptr<RE2> declares;  // group 1: the package or namespace; may be null
  Peers peers = Peers::kNone;
  PathOptions paths;
};

// One example of a rule of rules/exposure.yaml, for the tests.
struct ExposureExample {
  std::string where;      // "rules/exposure.yaml: python serves #1 FastAPI" (with :line when known)
  std::string text;
  bool match = false;     // true: `pattern` must match `text`; false: must not
  const RE2* pattern = nullptr;
};

class ExposureRules {
 public:
  // Loads rules/exposure.yaml (and rules/languages.yaml, whose names the
  // groups use and whose extensions classify files). Every mistake (unknown
  // key, kind or language, bad pattern, a language in two groups, a rule
  // without a `match` example) goes to `errors` with its location; the
  // rules returned are then incomplete. Cost: compiles every pattern once.
  static std::unique_ptr<ExposureRules> load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors);

  // The rules for a language name ("python"), or null when it has none.
  const ExposureLanguage* for_language(const std::string& name) const;
  // The reason phrase of a serving kind ("serves HTTP routes").
  std::string kind_phrase(const std::string& kind) const;

  struct Internal {
    std::vector<std::string> globs;  // gitignore syntax
    std::vector<IgnoreList> lists;   // one per glob
    std::string reason;
    bool beats_serving = false;
  };
  const std::vector<Internal>& internal() const { return internal_; }
  const LanguageTable& languages() const { return languages_; }
  const std::vector<ExposureExample>& examples() const { return examples_; }

 private:
  LanguageTable languages_;
  std::vector<ExposureLanguage> groups_;
  std::map<std::string, size_t> group_of_;  // language name -> index into groups_
  std::map<std::string, std::string> kinds_;
  std::vector<Internal> internal_;
  std::vector<ExposureExample> examples_;
};

struct Exposure {
  std::string surface;        // "customer_facing" | "internal" | "unknown"
  std::string reason;         // one line for people: "serves HTTP routes (FastAPI)",
                              // "imported by services/api/routes.py, which serves HTTP routes (FastAPI)",
                              // "script: under scripts/", "test file", "no route, handler or consumer found"
  std::string evidence_path;  // the file whose line decided (the route file), relative to the root
  uint32_t evidence_line = 0; // its 1-based line
};

// Classifies each of `targets` (rel paths of files with findings).
//
// Reads the code files among `files` (the walk of the same scan; languages
// by name through rules/languages.yaml) once each and never executes
// anything; files over 1 MiB or with NUL bytes are not read (a warning
// naming the file only when it is a target). In order of precedence:
//  1. `customer_facing_globs` / `internal_globs` (the user's config,
//     gitignore syntax): "config: <glob>"; when both match, the longer glob
//     wins, and customer-facing on a tie;
//  2. internal globs of the rules marked beats_serving (tests, examples...);
//  3. the file serves routes itself: customer-facing, evidence its line;
//  4. other internal globs (scripts/, cmd/...);
//  5. a serving file (or one the config calls customer-facing) imports it,
//     directly or through at most 6 imports (cycles are fine; a serving
//     file also reaches the other files of its Go directory or of its
//     Java/Kotlin/C# package): customer-facing, evidence the serving line;
//  6. else unknown.
// A serving file under an internal glob of step 2 serves nobody, so it does
// not make its imports customer-facing.
//
// Returns one entry per target (targets missing from `files` are judged by
// their path alone). Deterministic: files are visited in path order.
// Cost: one read and one RE2 pass per code file, plus linear import
// resolution. Thread-safe for concurrent calls on const rules.
std::map<std::string, Exposure> classify_exposure(const ExposureRules& rules,
                                                  const std::vector<WalkEntry>& files,
                                                  const std::vector<std::string>& targets,
                                                  const std::vector<std::string>& customer_facing_globs,
                                                  const std::vector<std::string>& internal_globs,
                                                  std::vector<Diagnostic>* warnings);

// True when one of the patterns of `list` (built by IgnoreList::from_globs)
// matches `rel_path` or one of its parent directories, as gitignore would.
bool glob_list_matches(const IgnoreList& list, const std::string& rel_path);

}  // namespace modelshift
