// SDK definitions: when the scanned tree holds an SDK's own package (the
// `openai` npm package under node_modules, a clone of openai-python), the
// model ids in its type declarations and the calls its helpers make of its
// own methods are the SDK's definition, not usage. A file belongs to an SDK
// when the nearest package manifest above it (within the scan root) names one
// of the packages of rules/sdk_packages.yaml; its findings then get
// `context: "sdk_definition"` (the syntactic context is kept in
// Finding::syntax) and the reports leave them out of the usage counts.
//
// Manifests are read as text, never executed (setup.py is searched for a
// literal `name=`), once per directory, and only for files with findings.
// Installed Python packages have no manifest of their own: in a
// site-packages directory, `openai-1.54.0.dist-info/` (its METADATA, and
// top_level.txt or RECORD for the top-level names) claims `openai/`; Go's
// vendor/modules.txt claims each vendored module's directory.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace modelshift {

struct RuleFile;

// rules/sdk_packages.yaml. Immutable after load; thread-safe to share.
class SdkPackageRules {
 public:
  // Reads rules/sdk_packages.yaml out of `files` (none: no SDK is known).
  // Mistakes go to `errors`, located.
  static std::unique_ptr<SdkPackageRules> load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors);

  // The id of the SDK whose package `name` is in `ecosystem` ("npm", "pypi",
  // "go", "maven", "nuget", "crates", "gems", "composer"), or "".
  std::string sdk_of(std::string_view ecosystem, std::string_view name) const;

  // True when a directory of this name (examples/, tests/) holds usage
  // samples even inside an SDK's package.
  bool usage_dir(std::string_view name) const;

  // True when findings of this context ("docs") stay usage even in an SDK's
  // own files: prose shows how to call, as examples do.
  bool usage_context(std::string_view context) const;

  // True when a file of this base name (CHANGELOG.md) is the SDK's own
  // record even though it is prose.
  bool definition_file(std::string_view base_name) const;

 private:
  struct Entry {
    std::string sdk, ecosystem, pattern;  // pattern normalised; may end with '*'
  };
  std::vector<Entry> entries_;
  std::vector<std::string> usage_dirs_, usage_contexts_, definition_files_;
};

// What a package manifest says. `name` empty: the manifest names no package
// (it does not decide whose files are below it).
struct Manifest {
  std::string ecosystem;  // npm, pypi, go, maven, nuget, crates, gems, composer
  std::string name;       // as the ecosystem spells it (maven: "groupId:artifactId")
  std::string version;    // "" when the manifest does not say (or computes it)
};

// The order in which one directory's manifests are consulted (package.json
// first); -1 for a name that is not a manifest (nor *.dist-info, nor
// modules.txt). The readers below live in sdk_manifests.cc.
int manifest_rank(std::string_view name);

// Reads the METADATA of an installed Python distribution (`Name:`,
// `Version:`); a Manifest with an empty name when it has none.
Manifest read_dist_metadata(std::string_view text);

// The top-level modules an installed distribution provides: the lines of its
// top_level.txt, else the first path components in its RECORD (".py"
// dropped; the .dist-info itself, "..", __pycache__ left out). Sorted, unique.
std::vector<std::string> dist_top_levels(std::string_view top_level_txt, std::string_view record);

// Go's vendor/modules.txt: each vendored module (`# path version` lines) as
// (its directory under vendor/, Manifest with the /vN suffix taken off the
// name like go.mod's).
std::vector<std::pair<std::string, Manifest>> read_vendor_modules(std::string_view text);

// Reads the manifest `file_name` (a base name: "package.json", "x.csproj")
// from its text. nullopt when the name is not a manifest this reader knows.
// Malformed manifests give a warning in `warnings` (path empty: the caller
// names the file) and a Manifest with what could be read.
std::optional<Manifest> read_manifest(std::string_view file_name, std::string_view text,
                                      std::vector<Diagnostic>* warnings);

// "openai 4.x": the package and its major version (0.x keeps its minor:
// "0.12.x"), for people.
std::string sdk_package_label(const SdkPackage& p);

// Finds, and caches per directory, the SDK package that owns a path. The
// file system is behind two functions so that tests run in memory:
//   list(dir, &names)  the entries of `dir` ("" is the root) that may be
//                      manifests or *.dist-info directories; false if none
//   read(path, &text, &error)  a file's bytes; false if it cannot be read,
//                      with `error` empty when the file does not exist
// Not thread-safe: used after the parallel part of a scan.
class SdkPackageIndex {
 public:
  using ListFn = std::function<bool(const std::string& dir, std::vector<std::string>* names)>;
  using ReadFn = std::function<bool(const std::string& path, std::string* text, std::string* error)>;
  SdkPackageIndex(const SdkPackageRules& rules, ListFn list, ReadFn read);

  // The index over the directory tree at `root` (absolute or relative).
  // Only regular files of at most 1 MiB are read as manifests (a FIFO named
  // package.json never blocks the scan).
  static SdkPackageIndex on_disk(const SdkPackageRules& rules, const std::string& root);

  // The SDK package that `rel_path` (a file, '/'-separated, relative to the
  // root) is part of, or nullptr: when its nearest naming manifest is not an
  // SDK's, when there is none within the root, or when a usage directory
  // (examples/, tests/) lies between the file and that manifest.
  const SdkPackage* owner(const std::string& rel_path);

  const SdkPackageRules& rules() const { return rules_; }

  // Malformed manifests met so far, each naming its file.
  std::vector<Diagnostic> take_warnings() { return std::move(warnings_); }

 private:
  struct DirInfo {
    std::optional<Manifest> manifest;  // the first naming manifest of the directory
    std::string manifest_path;
    // site-packages: top-level module -> (its distribution, the .dist-info path)
    std::map<std::string, std::pair<Manifest, std::string>> dists;
    // Go vendor/: module directory -> its module; the modules.txt path
    std::vector<std::pair<std::string, Manifest>> vendored;
    std::string vendor_path;
  };
  const DirInfo& dir_info(const std::string& dir);
  void read_dist_info(const std::string& path, DirInfo* info);
  // The manifest of `info` (directory `dir`) that claims `rel_path`, whose
  // component right below `dir` is `child`; nullptr when none does.
  static const Manifest* claimant(const DirInfo& info, const std::string& dir, const std::string& child,
                                  const std::string& rel_path, const std::string** path);

  const SdkPackageRules& rules_;
  ListFn list_;
  ReadFn read_;
  std::map<std::string, DirInfo> dirs_;
  std::map<std::string, std::optional<SdkPackage>> owners_;  // by directory
  std::vector<Diagnostic> warnings_;
};

// Marks the findings (each by its own path) that lie in an SDK's own
// package, except those of usage contexts (prose) outside definition files
// (changelogs): context becomes "sdk_definition", the old context moves to
// Finding::syntax and Finding::sdk_package says whose package it is.
void mark_sdk_definitions(SdkPackageIndex& index, std::vector<Finding>* findings);

}  // namespace modelshift
