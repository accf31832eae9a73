// The BPE rank blobs compiled into the binary: the seam between the build
// (cmake/Tokenizers.cmake generates the definition, with one `.incbin` per
// encoding) and Tokenizer (tokenizer.h), the only reader.
//
// Blob layout, written by src/tools/pack_bpe_main.cc (integers little-endian):
//   8 bytes   magic "MSBPE01\n"
//   u32       token count n (ranks 0 .. n-1, no gaps)
//   u32       length p of the split regex
//   p bytes   the split regex exactly as the package ships it (pat_str)
//   n records one per rank in rank order: u8 length (1..255), then the bytes
// The tool refuses duplicate tokens, gaps and missing single bytes, so a
// reader only checks the sizes add up.
#pragma once

#include <string_view>
#include <vector>

namespace modelshift {

inline constexpr std::string_view kBpeBlobMagic = "MSBPE01\n";

struct EmbeddedBpe {
  std::string_view name;  // "o200k_base"
  std::string_view blob;  // layout above; static storage
};

// Every packed encoding, in the order cmake/Tokenizers.cmake lists them.
// Costs nothing (pointers into read-only data); thread-safe.
const std::vector<EmbeddedBpe>& embedded_bpe_ranks();

}  // namespace modelshift
