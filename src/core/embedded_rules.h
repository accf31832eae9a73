// The rules/ directory as it was at build time, compiled into the binary.
// `--rules DIR` reads a directory instead (for rule authors).
#pragma once

#include <string_view>
#include <vector>

namespace modelshift {

struct EmbeddedFile {
  std::string_view path;     // relative to rules/, '/'-separated, e.g. "models/openai.yaml"
  std::string_view content;
};

const std::vector<EmbeddedFile>& embedded_rules();

}  // namespace modelshift
