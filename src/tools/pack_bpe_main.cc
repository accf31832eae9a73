// Build step: packs one of tiktoken's encoders/<name>.json files (from the
// pinned npm package, see tokenizers/package.json) into the compact blob that
// src/plan/tokenizer_data.h describes, which the build then embeds with
// `.incbin`. The file holds `pat_str` (the split regex) and `bpe_ranks`: lines
// of "<tag> <first rank> <base64 token> <base64 token> ...", ranks counting up
// along the line. Anything unexpected stops the build: a malformed file,
// a gap or duplicate in the ranks, a duplicate token, a token longer than 255
// bytes, a single byte that is not a token.
//   modelshift_pack_bpe INPUT.json OUTPUT.bpe
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

constexpr char kMagic[] = "MSBPE01\n";  // tokenizer_data.h: kBpeBlobMagic

std::string base64_decode(const std::string& text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (text.empty() || text.size() % 4 != 0) throw std::runtime_error("bad base64 token '" + text + "'");
  std::string out;
  uint32_t bits = 0;
  int nbits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=') {
      if (i + 2 < text.size() || (i + 1 < text.size() && text[i + 1] != '='))
        throw std::runtime_error("bad base64 padding in '" + text + "'");
      break;
    }
    const int v = value(text[i]);
    if (v < 0) throw std::runtime_error("bad base64 token '" + text + "'");
    bits = (bits << 6) | static_cast<uint32_t>(v);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out += static_cast<char>((bits >> nbits) & 0xFF);
    }
  }
  return out;
}

// Rank -> token bytes, checked to be 0..n-1 without gaps or duplicates.
std::vector<std::string> read_ranks(const std::string& bpe_ranks) {
  std::map<uint64_t, std::string> by_rank;
  std::set<std::string> seen;
  std::istringstream lines(bpe_ranks);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string tag, first;
    if (!(fields >> tag)) continue;  // blank line
    if (!(fields >> first) || first.find_first_not_of("0123456789") != std::string::npos)
      throw std::runtime_error("bpe_ranks line without a first rank");
    uint64_t rank = std::stoull(first);
    for (std::string b64; fields >> b64; ++rank) {
      std::string token = base64_decode(b64);
      if (token.size() > 255) throw std::runtime_error("token of rank " + std::to_string(rank) + " is longer than 255 bytes");
      if (!seen.insert(token).second) throw std::runtime_error("duplicate token at rank " + std::to_string(rank));
      if (!by_rank.emplace(rank, std::move(token)).second)
        throw std::runtime_error("rank " + std::to_string(rank) + " given twice");
    }
  }
  std::vector<std::string> tokens;
  for (auto& [rank, token] : by_rank) {
    if (rank != tokens.size()) throw std::runtime_error("no token of rank " + std::to_string(tokens.size()));
    tokens.push_back(std::move(token));
  }
  for (int b = 0; b < 256; ++b)
    if (!seen.count(std::string(1, static_cast<char>(b))))
      throw std::runtime_error("byte " + std::to_string(b) + " is not a token");
  return tokens;
}

void put_u32(std::string& out, uint32_t v) {
  for (int k = 0; k < 4; ++k) out += static_cast<char>((v >> (8 * k)) & 0xFF);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: modelshift_pack_bpe INPUT.json OUTPUT.bpe\n");
    return 2;
  }
  const std::string input = argv[1], output = argv[2];
  try {
    std::ifstream in(input, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read the file");
    const nlohmann::json doc = nlohmann::json::parse(in);
    const std::string regex = doc.at("pat_str").get<std::string>();
    const std::vector<std::string> tokens = read_ranks(doc.at("bpe_ranks").get<std::string>());
    std::string blob(kMagic, sizeof kMagic - 1);
    put_u32(blob, static_cast<uint32_t>(tokens.size()));
    put_u32(blob, static_cast<uint32_t>(regex.size()));
    blob += regex;
    for (const std::string& t : tokens) {
      blob += static_cast<char>(t.size());
      blob += t;
    }
    std::ofstream out(output, std::ios::binary | std::ios::trunc);
    out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
    if (!out.flush()) throw std::runtime_error("cannot write " + output);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "modelshift: error: %s: %s\n", input.c_str(), e.what());
    std::remove(output.c_str());
    return 1;
  }
  return 0;
}
