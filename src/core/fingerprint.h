// Fingerprints: 64-bit FNV-1a as 16 hex digits. Not cryptographic; stable
// across platforms and releases, which is what baselines need.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace modelshift {

inline uint64_t fnv1a64(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

inline std::string fingerprint_hex(std::string_view s) {
  static const char* digits = "0123456789abcdef";
  uint64_t h = fnv1a64(s);
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[i] = digits[h & 15];
  return out;
}

}  // namespace modelshift
