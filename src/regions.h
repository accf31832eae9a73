// Syntactic regions of a config or data file: which byte ranges are values,
// keys or comments, and under which key path they sit. The scanner finds
// model ids in the raw bytes and then asks the region table where each one is.
//
// Every analyzer here is a pure function of the bytes: no I/O, no exceptions
// escape, no recursion without a depth limit, and malformed input yields a
// best-effort table plus a Diagnostic (never a crash, never a hang).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "types.h"

namespace modelshift {

enum class RegionKind { Value, Key, Comment };

struct Region {
  uint32_t begin = 0;  // byte offsets into the file, [begin, end)
  uint32_t end = 0;
  RegionKind kind = RegionKind::Value;
  // Dotted key path of the value, sequences as [i]:
  //   models.default_generation.current
  //   model_list[0].litellm_params.model
  // For a Key region, the path of the key itself. Empty for comments and
  // for values at top level with no key.
  std::string key_path;
};

struct RegionTable {
  std::vector<Region> regions;  // sorted by begin, non-overlapping
  // Problems found (malformed input, depth limit hit). path is left empty;
  // the caller fills it. line/column 1-based where known.
  std::vector<Diagnostic> diagnostics;

  // The region that contains byte `offset`, or nullptr.
  const Region* find(uint32_t offset) const;
};

// One analyzer per format family.
RegionTable analyze_yaml(std::string_view text);
RegionTable analyze_json(std::string_view text);  // also JSONC: // and /* */ comments, trailing commas
RegionTable analyze_toml(std::string_view text);
// .env, .env.*, .properties, .ini/.cfg/.conf: KEY=VALUE, key: value, [section]
RegionTable analyze_keyvalue(std::string_view text);
RegionTable analyze_dockerfile(std::string_view text);
RegionTable analyze_hcl(std::string_view text);  // Terraform .tf/.tfvars/.hcl
RegionTable analyze_shell(std::string_view text);
RegionTable analyze_sql(std::string_view text);

}  // namespace modelshift
