// Test-only driver for tests/e2e/tokenizer_reference.sh (not a user-facing
// command): encodes every record of a corpus file with one encoding and
// prints one line of space-separated token ids per record, the format
// reference.js prints for the reference encoder.
//   modelshift_tokenizer_encode ENCODING CORPUS
// A corpus is a sequence of records: u32 little-endian length, then bytes.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "plan/tokenizer.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: modelshift_tokenizer_encode ENCODING CORPUS\n");
    return 2;
  }
  const modelshift::Tokenizer* t = modelshift::Tokenizer::get(argv[1]);
  if (!t) {
    std::fprintf(stderr, "modelshift: error: unknown encoding '%s'\n", argv[1]);
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  const std::string corpus((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    std::fprintf(stderr, "modelshift: error: %s: cannot read\n", argv[2]);
    return 2;
  }
  std::string out;
  for (size_t at = 0; at < corpus.size();) {
    if (corpus.size() - at < 4) {
      std::fprintf(stderr, "modelshift: error: %s: truncated record header\n", argv[2]);
      return 2;
    }
    uint32_t len = 0;
    for (int k = 3; k >= 0; --k) len = (len << 8) | static_cast<unsigned char>(corpus[at + k]);
    at += 4;
    if (corpus.size() - at < len) {
      std::fprintf(stderr, "modelshift: error: %s: truncated record\n", argv[2]);
      return 2;
    }
    const auto ids = t->encode(std::string_view(corpus).substr(at, len));
    if (t->count(std::string_view(corpus).substr(at, len)) != ids.size()) {
      std::fprintf(stderr, "modelshift: error: count() disagrees with encode() at byte %zu\n", at);
      return 1;
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      if (i) out += ' ';
      out += std::to_string(ids[i]);
    }
    out += '\n';
    at += len;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
