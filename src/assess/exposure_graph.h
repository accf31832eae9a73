// The repository as classify_exposure (exposure.h) sees it: its code files,
// what each one serves, imports and declares, and the indexes that turn an
// import into files. Internal to src/assess/exposure*.cc.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "assess/exposure.h"

namespace modelshift {

// One import as written: `spec` is group 1 of the pattern, `names` group 2.
struct RawImport {
  ImportResolve resolve = ImportResolve::kPath;
  std::string spec, names;
};

// What one read of a code file found.
struct CodeFacts {
  std::string rel_path;
  const ExposureLanguage* group = nullptr;
  bool read = false;
  std::string problem;  // why it was not read ("larger than 1 MiB", ...), for a warning
  // The first serving line (0: none) and its rule.
  uint32_t serve_line = 0;
  const ExposureLanguage::Serve* serve = nullptr;
  std::vector<RawImport> imports;
  std::string declared;  // package or namespace, '.'-separated; "" none
};

// Reads `abs_path` and fills the rest of `facts` (group and rel_path set).
// Never throws; trouble goes to facts->problem.
void read_code_facts(const std::string& abs_path, uint64_t size, CodeFacts* facts);

// The code files and their indexes. Indices are into `files`, which is
// sorted by path (the walk's order).
struct CodeGraph {
  std::vector<CodeFacts> files;
  std::unordered_map<std::string, size_t> by_path;
  std::map<std::string, std::vector<size_t>> by_dir;          // directory ("" top) -> files in it
  std::unordered_map<std::string, std::vector<size_t>> by_key_suffix;   // module key suffix -> files
  std::unordered_map<std::string, std::vector<size_t>> by_dir_suffix;   // directory suffix -> directories' files
  std::unordered_map<std::string, std::vector<size_t>> by_namespace;    // declared package -> files
  std::vector<std::pair<std::string, std::string>> go_modules;  // go.mod directory, module path

  // Fills the indexes from `files` (after every file was read).
  void index();
  // Files an import of `from` names (same language group only), sorted.
  std::vector<size_t> resolve(size_t from, const RawImport& imp) const;
  // Files `from` reaches without an import (its Go package, its Java package).
  std::vector<size_t> peers(size_t from) const;
};

// The directory part of a '/'-separated path ("" at the top).
std::string dir_of(const std::string& path);

}  // namespace modelshift
