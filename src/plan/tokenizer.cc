// Tokenizer: see tokenizer.h for what it reproduces and how.
#include "plan/tokenizer.h"

#include <re2/re2.h>

#include <functional>
#include <iterator>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <utility>

#include "plan/tokenizer_data.h"

namespace modelshift {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

// The encodings we emulate, each with its split regex exactly as tiktoken
// ships it (the blob must carry the same one; see load()).
struct EncodingSpec {
  std::string_view name;
  std::string_view reference_regex;
};
constexpr EncodingSpec kEncodings[] = {
    {"o200k_base",
     R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
     R"(|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
     R"(|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)"},
    {"cl100k_base",
     R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+)"
     R"(|\s+(?!\S)|\s+)"},
};

// Unicode White_Space, what `\s` means to the reference; RE2's `\s` is
// [\t\n\f\r ] only. For use inside a character class.
constexpr std::string_view kWhiteSpace =
    R"(\t\n\x{0B}\f\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000})";

bool is_white_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// The RE2 pattern for a reference regex: its final `\s+(?!\S)|\s+` becomes
// `\s+` (the lookahead is emulated in next_piece), then every `\s` is spelled
// out as Unicode White_Space. The reference regexes have no nested classes.
std::string re2_pattern(std::string_view reference) {
  constexpr std::string_view kLookaheadTail = R"(|\s+(?!\S)|\s+)";
  if (reference.size() < kLookaheadTail.size() ||
      reference.substr(reference.size() - kLookaheadTail.size()) != kLookaheadTail)
    throw std::logic_error("tokenizer: split regex does not end in \\s+(?!\\S)|\\s+");
  std::string_view body = reference.substr(0, reference.size() - kLookaheadTail.size());
  std::string in = std::string(body) + R"(|\s+)";
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\\' && i + 1 < in.size()) {
      if (in[i + 1] == 's') {
        out += in_class ? std::string(kWhiteSpace) : "[" + std::string(kWhiteSpace) + "]";
      } else {
        out.append(in, i, 2);
      }
      ++i;
      continue;
    }
    if (in[i] == '[') in_class = true;
    if (in[i] == ']') in_class = false;
    out += in[i];
  }
  return out;
}

// --- UTF-8 ------------------------------------------------------------------

// One step of the WHATWG UTF-8 decoder at s[i]: the number of bytes it
// consumes (>= 1) and whether they form a valid character. An invalid step
// covers a maximal invalid subpart, which the decoder turns into one U+FFFD;
// the byte after it is decoded afresh.
std::pair<size_t, bool> utf8_step(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {1, true};
  size_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) {
    need = 1;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need = 2;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 3;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    return {1, false};
  }
  size_t j = i + 1;
  for (size_t got = 0; got < need; ++got, ++j) {
    if (j >= s.size()) return {j - i, false};
    const auto c = static_cast<unsigned char>(s[j]);
    if (c < lo || c > hi) return {j - i, false};
    lo = 0x80;
    hi = 0xBF;
  }
  return {j - i, true};
}

// `text` with every maximal invalid subpart replaced by U+FFFD; false (and
// `out` untouched) when it is valid UTF-8 already.
bool repair_utf8(std::string_view text, std::string* out) {
  size_t i = 0;
  while (i < text.size()) {
    auto [len, ok] = utf8_step(text, i);
    if (!ok) break;
    i += len;
  }
  if (i == text.size()) return false;
  out->assign(text.substr(0, i));
  while (i < text.size()) {
    auto [len, ok] = utf8_step(text, i);
    if (ok) {
      out->append(text.substr(i, len));
    } else {
      out->append("\xEF\xBF\xBD");
    }
    i += len;
  }
  return true;
}

// The code point of the valid UTF-8 character text[begin, end).
char32_t decode_char(std::string_view text, size_t begin, size_t end) {
  const auto b = static_cast<unsigned char>(text[begin]);
  if (end - begin == 1) return b;
  char32_t c = b & (0x7F >> (end - begin));
  for (size_t i = begin + 1; i < end; ++i) c = (c << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
  return c;
}

// --- Rank index ---------------------------------------------------------------

// Token bytes -> rank: open addressing over the blob's token views, built once
// per encoding (2^19 slots for o200k: 2 MB, a few milliseconds).
class RankIndex {
 public:
  void build(const std::vector<std::string_view>* tokens) {
    tokens_ = tokens;
    size_t capacity = 1;
    while (capacity < tokens->size() * 2) capacity <<= 1;
    slots_.assign(capacity, 0);
    mask_ = capacity - 1;
    for (uint32_t rank = 0; rank < tokens->size(); ++rank) {
      size_t slot = hash((*tokens)[rank]) & mask_;
      while (slots_[slot] != 0) slot = (slot + 1) & mask_;
      slots_[slot] = rank + 1;
    }
  }
  // The rank of a token with exactly these bytes, or kNone.
  uint32_t find(std::string_view bytes) const {
    for (size_t slot = hash(bytes) & mask_; slots_[slot] != 0; slot = (slot + 1) & mask_)
      if ((*tokens_)[slots_[slot] - 1] == bytes) return slots_[slot] - 1;
    return kNone;
  }

 private:
  static size_t hash(std::string_view bytes) { return std::hash<std::string_view>{}(bytes); }
  const std::vector<std::string_view>* tokens_ = nullptr;
  std::vector<uint32_t> slots_;  // rank + 1; 0 is empty
  size_t mask_ = 0;
};

uint32_t read_u32(std::string_view blob, size_t at) {
  uint32_t v = 0;
  for (int k = 3; k >= 0; --k) v = (v << 8) | static_cast<unsigned char>(blob[at + k]);
  return v;
}

}  // namespace

// --- The tokenizer --------------------------------------------------------------

struct Tokenizer::Impl {
  std::string name;
  std::unique_ptr<RE2> splitter;
  std::vector<std::string_view> tokens;  // rank -> bytes, views into the blob
  RankIndex index;

  // The length of the piece that starts at text[pos] (text is valid UTF-8).
  size_t next_piece(std::string_view text, size_t pos) const {
    re2::StringPiece m;
    if (!splitter->Match(text, pos, text.size(), RE2::ANCHOR_START, &m, 1) || m.empty())
      return utf8_step(text, pos).first;  // unreachable: every character is some alternative's
    const size_t end = pos + m.size();
    if (end == text.size()) return m.size();
    // `\s+(?!\S)`: a whitespace run (no \r, \n) of two or more characters
    // that text follows gives back its last character.
    size_t last = end - 1;
    while (last > pos && (static_cast<unsigned char>(text[last]) & 0xC0) == 0x80) --last;
    const char32_t c = decode_char(text, last, end);
    if (last > pos && c != '\r' && c != '\n' && is_white_space(c)) return last - pos;
    return m.size();
  }

  // Byte-pair merge of a piece that is not itself a token: repeatedly merge
  // the adjacent pair of parts whose concatenation has the lowest rank
  // (leftmost first among equal ranks, as tiktoken's linear scan does).
  // A min-heap on (rank, start) with stale entries skipped makes it
  // O(n log n); a part is named by its first byte's offset.
  template <class Emit>
  void merge(std::string_view piece, Emit& emit) const {
    const uint32_t n = static_cast<uint32_t>(piece.size());
    std::vector<uint32_t> next(n), prev(n), pair_rank(n, kNone);
    for (uint32_t i = 0; i < n; ++i) {
      next[i] = i + 1;
      prev[i] = i == 0 ? kNone : i - 1;
    }
    auto rank_of_pair = [&](uint32_t i) {
      const uint32_t j = next[i];
      return j >= n ? kNone : index.find(piece.substr(i, next[j] - i));
    };
    using Entry = std::pair<uint32_t, uint32_t>;  // (rank, start)
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
    for (uint32_t i = 0; i + 1 < n; ++i)
      if ((pair_rank[i] = rank_of_pair(i)) != kNone) heap.emplace(pair_rank[i], i);
    while (!heap.empty()) {
      const auto [rank, i] = heap.top();
      heap.pop();
      if (pair_rank[i] != rank) continue;  // stale: i was merged away or its pair grew
      const uint32_t j = next[i];
      next[i] = next[j];
      if (next[j] < n) prev[next[j]] = i;
      pair_rank[j] = kNone;
      // Each part's pair only grows, so a new rank never equals a stale one.
      if ((pair_rank[i] = rank_of_pair(i)) != kNone) heap.emplace(pair_rank[i], i);
      const uint32_t p = prev[i];
      if (p != kNone && (pair_rank[p] = rank_of_pair(p)) != kNone) heap.emplace(pair_rank[p], p);
    }
    for (uint32_t i = 0; i < n; i = next[i]) emit(index.find(piece.substr(i, next[i] - i)));
  }

  template <class Emit>
  void encode(std::string_view text, Emit&& emit) const {
    std::string repaired;
    if (repair_utf8(text, &repaired)) text = repaired;
    for (size_t pos = 0; pos < text.size();) {
      const size_t len = next_piece(text, pos);
      const std::string_view piece = text.substr(pos, len);
      const uint32_t rank = index.find(piece);
      if (rank != kNone) {
        emit(rank);
      } else {
        merge(piece, emit);
      }
      pos += len;
    }
  }
};

namespace {

// Reads a blob (layout in tokenizer_data.h) and compiles the splitter.
std::unique_ptr<Tokenizer::Impl> load(const EncodingSpec& spec, std::string_view blob) {
  const std::string where = "tokenizer " + std::string(spec.name) + ": ";
  auto impl = std::make_unique<Tokenizer::Impl>();
  impl->name = spec.name;
  if (blob.size() < 16 || blob.substr(0, 8) != kBpeBlobMagic)
    throw std::logic_error(where + "embedded ranks are not a packed BPE blob");
  const uint32_t count = read_u32(blob, 8), regex_len = read_u32(blob, 12);
  if (blob.size() < 16 + size_t{regex_len}) throw std::logic_error(where + "embedded ranks are truncated");
  if (blob.substr(16, regex_len) != spec.reference_regex)
    throw std::logic_error(where + "the packed split regex is not the one tokenizer.cc emulates; "
                           "the pinned tiktoken package changed it: update kEncodings and the emulation");
  impl->tokens.reserve(count);
  for (size_t at = 16 + regex_len; impl->tokens.size() < count;) {
    if (at >= blob.size()) throw std::logic_error(where + "embedded ranks are truncated");
    const size_t len = static_cast<unsigned char>(blob[at]);
    if (len == 0 || at + 1 + len > blob.size()) throw std::logic_error(where + "embedded ranks are truncated");
    impl->tokens.push_back(blob.substr(at + 1, len));
    at += 1 + len;
  }
  impl->index.build(&impl->tokens);
  for (int b = 0; b < 256; ++b)
    if (impl->index.find(std::string(1, static_cast<char>(b))) == kNone)
      throw std::logic_error(where + "a single byte is not a token");
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);  // the Unicode classes make a large DFA; avoid NFA fallback
  impl->splitter = std::make_unique<RE2>(re2_pattern(spec.reference_regex), options);
  if (!impl->splitter->ok()) throw std::logic_error(where + "split regex: " + impl->splitter->error());
  return impl;
}

}  // namespace

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::~Tokenizer() = default;

const Tokenizer* Tokenizer::get(std::string_view encoding) {
  struct Slot {
    std::once_flag once;
    std::unique_ptr<Tokenizer> tokenizer;
  };
  static Slot slots[std::size(kEncodings)];
  for (size_t i = 0; i < std::size(kEncodings); ++i) {
    if (kEncodings[i].name != encoding) continue;
    for (const EmbeddedBpe& e : embedded_bpe_ranks()) {
      if (e.name != encoding) continue;
      std::call_once(slots[i].once, [&] { slots[i].tokenizer.reset(new Tokenizer(load(kEncodings[i], e.blob))); });
      return slots[i].tokenizer.get();
    }
  }
  return nullptr;
}

std::vector<uint32_t> Tokenizer::encode(std::string_view utf8) const {
  std::vector<uint32_t> ids;
  impl_->encode(utf8, [&](uint32_t id) { ids.push_back(id); });
  return ids;
}

size_t Tokenizer::count(std::string_view utf8) const {
  size_t n = 0;
  impl_->encode(utf8, [&](uint32_t) { ++n; });
  return n;
}

std::string Tokenizer::decode(const std::vector<uint32_t>& ids) const {
  std::string out;
  for (uint32_t id : ids)
    if (id < impl_->tokens.size()) out.append(impl_->tokens[id]);
  return out;
}

const std::string& Tokenizer::name() const { return impl_->name; }

}  // namespace modelshift
