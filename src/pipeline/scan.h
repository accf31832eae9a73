// The scan pipeline: walk -> read -> prefilter/match -> context -> findings,
// in parallel over files, merged and sorted so the output never depends on
// thread timing. `scan`, and later `check`, `baseline` and `plan`, are thin
// commands over run_scan().
//
// Where each part lives: scan.cc (run_scan, scan_bytes, placing hits,
// fingerprints), engine.cc (Engine: the rules), scan_text.cc (reading one
// text: prefilter, context, which ids count), cross_file.cc
// (resolve_across_files), catalogues.cc (collapse_catalogues), notebook.cc.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <unordered_map>
#include <memory>
#include <string>
#include <vector>

#include "assess/usages.h"
#include "core/types.h"
#include "detect/calls.h"
#include "detect/matcher.h"
#include "detect/prompts.h"
#include "detect/schemas.h"
#include "judge/catalog.h"
#include "link/deployments.h"
#include "read/language.h"
#include "walk/walk.h"

namespace modelshift {

// Everything loaded from rules/: built once per run, then shared read-only.
struct Engine {
  std::vector<RuleFile> rule_files;
  LanguageTable languages;
  std::unique_ptr<Catalog> catalog;
  std::unique_ptr<Matcher> matcher;
  std::map<std::string, std::unique_ptr<RE2>> sdk_constants;  // language -> its SDK constants, one alternation
  std::map<std::string, std::unordered_map<std::string, std::string>> sdk_constant_ids;  // language -> constant -> id
  std::unique_ptr<DeploymentRules> deployments;  // Azure deployment name -> model, from config files

  // Rules loaded on first use (thread-safe) when they are the embedded ones,
  // which the test suite loads and checks; from --rules DIR, load() reads
  // and checks them. A pre-commit check needs none of them for files that
  // name no flagged model, and they were half of its start-up.
  const SdkRules* sdk() const;                // call sites (rules/sdk/)
  const PromptRules* prompts() const;         // rules/prompts.yaml
  const StructureRules* structures() const;   // tool schemas, embeddings, vector stores

  // Loads and checks all rules; on failure `errors` is non-empty.
  static std::unique_ptr<Engine> load(const std::string& rules_dir, std::vector<Diagnostic>* errors);

 private:
  template <class T>
  struct Lazy {
    std::once_flag once;
    std::unique_ptr<T> value;
  };
  // Loads `rules` once; errors (only possible with embedded rules that the
  // tests would have failed on) are printed.
  template <class T, class Load>
  static const T* once(Lazy<T>& rules, Load load);
  mutable Lazy<SdkRules> sdk_;
  mutable Lazy<PromptRules> prompts_;
  mutable Lazy<StructureRules> structures_;
};

struct ScanOptions {
  std::vector<std::string> paths;
  WalkOptions walk;
  unsigned jobs = 0;    // 0: all cores
  std::string as_of;    // yyyy-mm-dd; lifecycle status is judged on this day
  bool progress = false;  // a progress line on stderr
  bool expand_catalogues = false;  // report every entry of id tables
};

struct ScanStats {
  uint64_t files_walked = 0, bytes_read = 0, files_with_keywords = 0, files_parsed = 0;
  uint64_t candidates = 0, findings = 0;
  uint64_t dropped_code = 0, dropped_strict = 0, dropped_tokenizer = 0;
  double walk_seconds = 0, scan_seconds = 0;
};

struct Inventory {
  std::string as_of;
  std::string root;  // absolute scan root (rel paths are relative to it); never printed
  std::vector<Finding> findings;   // sorted by path, line, column, kind
  std::vector<Skipped> skipped;    // sorted by path
  std::vector<Diagnostic> warnings;  // per-file trouble; the scan went on
  std::vector<Diagnostic> errors;    // bad arguments (missing paths)
  ScanStats stats;
  // Filled by the assess stage (src/assess/assess_run.h) for the formats
  // and commands that report risk; empty otherwise.
  std::vector<Usage> usages;
  // The files the walk chose (the assess stage reads code files once more for
  // exposure, without walking again). abs_path is never printed.
  std::vector<WalkEntry> files;
};

Inventory run_scan(const Engine& engine, const ScanOptions& options);

// Replaces each table of ids in one file's findings (sorted by position) by a
// single `model_catalogue` finding: a run of references, each at most
// fp.catalogue_max_line_gap lines after the previous one, naming at least
// fp.catalogue_min_distinct different canonical models. Price tables, token
// limit maps and model pickers list ids without calling them.
void collapse_catalogues(const FalsePositives& fp, std::vector<Finding>* findings);

// Scans one file's bytes as if it were at `rel_path` (used by run_scan and
// by tests; later by `check --staged` for blobs from the git index).
struct FileResult {
  std::vector<Finding> findings;
  std::vector<Diagnostic> warnings;
  std::vector<Skipped> skipped;
  std::vector<Export> exports;  // module-level names bound to model ids, for other files
  std::vector<std::pair<uint32_t, uint32_t>> export_lines;  // line, column of each export
  std::vector<Deployment> deployments;  // config files: deployment names and the models they serve
  std::vector<Finding> schema_loads;    // loads of JSON schema files (kSchemaFileLoad), for link_across_files
  bool had_keywords = false, parsed = false;
  uint64_t candidates = 0, dropped_code = 0, dropped_strict = 0, dropped_tokenizer = 0;
};
class CodeParser;

// What a caller needs of a file; scan_bytes without one finds everything.
// The gate judges model references and call sites only, and a call site only
// matters to it when the file names a model it flags: compiling a language's
// call-site queries costs more than all the rest of a pre-commit check, so
// files naming no flagged model are read for references alone.
struct ScanFocus {
  // True for a model reference the caller cares about (token as written).
  std::function<bool(const Resolution&, std::string_view token)> flags;
};

FileResult scan_bytes(const Engine& engine, const std::string& rel_path, std::string_view bytes,
                      CodeParser& parser, const ScanFocus* focus = nullptr);

// Reads `text` as `lang` and returns its findings with byte offsets into
// `text`; path and location are left for the caller (notebooks map offsets
// inside a cell back to the .ipynb file).
struct TextHit {
  uint32_t begin = 0, end = 0;
  Finding finding;  // resolution steps with an empty path hold offsets into the text
};

// Gives hits their path and lines: `to_file` maps an offset of the scanned
// text to an offset of `file` (identity for plain files; notebooks map cell
// text back into the .ipynb).
// After every file is read: resolves call-site models through module-level
// definitions in other files (same directory first) and environment
// variables set in .env and config files.
void resolve_across_files(const Engine& engine, const std::vector<WalkEntry>& files,
                          std::vector<FileResult>* results);

void place_hits(std::vector<TextHit>* hits, std::string_view file, const std::string& rel_path,
                const std::function<uint32_t(uint32_t offset, bool is_end)>& to_file, std::vector<Finding>* out);
std::vector<TextHit> scan_text(const Engine& engine, const Language& lang, std::string_view text,
                               CodeParser& parser, FileResult* result,
                               const ScanFocus* focus = nullptr);

// 1-based line and byte column of every offset in `offsets` (sorted or not).
std::vector<std::pair<uint32_t, uint32_t>> line_columns(std::string_view text, const std::vector<uint32_t>& offsets);

// Stable, line-move-proof fingerprints for a file's sorted findings.
void assign_fingerprints(std::vector<Finding>* findings);

}  // namespace modelshift
