// Tokenizer (src/plan/tokenizer.h): exact ids against the reference.
//
// Every expected id below was obtained from the reference implementation:
// the npm package tiktoken 1.0.22 (the version tokenizers/package-lock.json
// pins; OpenAI's Rust core compiled to WASM, ranks inside the WASM), in
// Node 20, as
//   get_encoding(name).encode_ordinary(text)
// with byte strings that are not valid UTF-8 first decoded by
//   new TextDecoder().decode(Buffer.from(hex, "hex"))
// tests/e2e/tokenizer_reference.sh runs the same comparison over a large
// corpus at test time.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "plan/tokenizer.h"

namespace modelshift {
namespace {

const std::string kLongSpaces = std::string(1000, ' ') + "x";

struct Case {
  const char* label;
  std::string text;
  std::vector<uint32_t> o200k;
  std::vector<uint32_t> cl100k;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> table = {
      {"hello world", "hello world", {24912, 2375}, {15339, 1917}},
      {"code", "def f(x):\n    return x*2\n",
       {1314, 285, 4061, 1883, 271, 622, 1215, 9, 17, 198},
       {755, 282, 2120, 997, 262, 471, 865, 9, 17, 198}},
      {"emoji", "\xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",  // 😀👍🏽
       {84083, 82514, 52622, 121},
       {76460, 222, 9468, 239, 235, 9468, 237, 121}},
      {"cjk", "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE3\x83\x86\xE3\x82\xAD\xE3\x82\xB9\xE3\x83\x88",
       {9048, 40909, 3385, 16056, 18368, 38236},
       {9080, 22656, 45918, 252, 16144, 57933, 62903, 71634}},  // 日本語のテキスト
      {"numbers", "12345678", {7633, 19354, 4388}, {4513, 10961, 2495}},
      {"contraction", "I'm here", {15390, 2105}, {40, 2846, 1618}},
      {"leading spaces", "   leading spaces", {256, 8117, 18608}, {256, 6522, 12908}},
      {"blank line", "a\n\n  b", {64, 279, 220, 287}, {64, 271, 220, 293}},
      {"trailing spaces", "trailing   ", {371, 24408, 271}, {376, 14612, 262}},
      {"run of spaces gives one back", "a   b", {64, 256, 287}, {64, 256, 293}},
      {"invalid byte", "a\xFF" "b", {64, 3251, 65}, {64, 5809, 65}},
      {"truncated sequence", "\xE2\x82", {3251}, {5809}},  // one U+FFFD
      {"surrogate", "\xED\xA0\x80", {72387}, {58432}},      // three U+FFFD
      {"overlong", "\xC0\xAF", {10123}, {10178}},           // two U+FFFD
      {"empty", "", {}, {}},
      {"unicode white space", "a\xE3\x80\x80\xE3\x80\x80" "b\xC2\xA0\xC2\xA0" "c\xE2\x80\x83 d",
       {64, 1397, 1397, 65, 5310, 5310, 66, 33203, 272},
       {64, 23249, 23249, 65, 4194, 4194, 66, 378, 225, 294}},
      {"ideographic space is white space", "!\xE3\x80\x80\xE3\x80\x80!", {0, 1397, 1397, 0}, {0, 23249, 23249, 0}},
      {"vertical tab, NEL", "x\x0B\x0By\xC2\x85\xC2\x85z",
       {87, 199, 199, 88, 126, 227, 126, 227, 89},
       {87, 199, 199, 88, 126, 227, 126, 227, 89}},
      {"special token is text", "<|endoftext|> is text",
       {27, 91, 419, 1440, 919, 91, 29, 382, 2201},
       {27, 91, 8862, 728, 428, 91, 29, 374, 1495}},
      {"contractions, any case", "HE'S DON'T we'LL",
       {2895, 31233, 153384, 581, 6, 7454},
       {1837, 13575, 45373, 17773, 584, 6, 4178}},
      {"long s folds to s", "\xC5\xBF '\xC5\xBF", {70067, 461, 70067}, {129, 123, 364, 129, 123}},
      {"long run of spaces", kLongSpaces,
       {72056, 72056, 72056, 72056, 72056, 72056, 72056, 9344, 4754, 1215},
       {58040, 58040, 58040, 58040, 58040, 58040, 58040, 5351, 2623, 865}},
      {"path, CRLF", "src/plan/tokenizer.h\r\n/usr/bin",
       {7205, 14, 10838, 101390, 4492, 1508, 370, 165272, 20950},
       {3632, 14, 10609, 55486, 3213, 870, 319, 55438, 8923}},
  };
  return table;
}

TEST_CASE("tokenizer: ids equal the reference's", "[tokenizer]") {
  for (const char* name : {"o200k_base", "cl100k_base"}) {
    const Tokenizer* t = Tokenizer::get(name);
    REQUIRE(t != nullptr);
    CHECK(t->name() == name);
    for (const Case& c : cases()) {
      INFO(name << ": " << c.label);
      const std::vector<uint32_t>& want = std::string_view(name) == "o200k_base" ? c.o200k : c.cl100k;
      CHECK(t->encode(c.text) == want);
      CHECK(t->count(c.text) == want.size());
    }
  }
}

TEST_CASE("tokenizer: counts of long pieces equal the reference's", "[tokenizer]") {
  struct Count {
    const char* label;
    std::string text;
    size_t o200k, cl100k;
  };
  const std::vector<Count> counts = {
      {"3000 letters, one piece", std::string(3000, 'a'), 375, 375},
      {"json", R"({"model": "gpt-4o", "max_tokens": 1024})", 18, 18},
  };
  for (const Count& c : counts) {
    INFO(c.label);
    CHECK(Tokenizer::get("o200k_base")->count(c.text) == c.o200k);
    CHECK(Tokenizer::get("cl100k_base")->count(c.text) == c.cl100k);
  }
}

TEST_CASE("tokenizer: decode inverts encode on valid UTF-8", "[tokenizer]") {
  std::string big;
  for (int i = 0; i < 200; ++i) big += "line " + std::to_string(i * 7919) + ":\tcaf\xC3\xA9 \xF0\x9F\x98\x80  \n";
  for (const char* name : {"o200k_base", "cl100k_base"}) {
    const Tokenizer* t = Tokenizer::get(name);
    for (const Case& c : cases()) {
      const std::string_view label = c.label;
      if (label == "invalid byte" || label == "truncated sequence" || label == "surrogate" || label == "overlong")
        continue;  // not UTF-8; the next test case covers them
      INFO(name << ": " << c.label);
      CHECK(t->decode(t->encode(c.text)) == c.text);
    }
    CHECK(t->decode(t->encode(big)) == big);
    CHECK(t->count(big) == t->encode(big).size());
    CHECK(t->count(big) < big.size() / 2);  // BPE merged, not bytes
  }
}

TEST_CASE("tokenizer: invalid UTF-8 decodes to U+FFFD per maximal subpart", "[tokenizer]") {
  const Tokenizer* t = Tokenizer::get("o200k_base");
  const std::string fffd = "\xEF\xBF\xBD";
  struct Repair {
    std::string in, out;
  };
  const std::vector<Repair> repairs = {
      {"a\xFF" "b", "a" + fffd + "b"},
      {"\xE2\x82", fffd},                         // truncated at the end: one
      {"\xE2\x82z", fffd + "z"},                  // truncated before a byte: one, byte kept
      {"\xED\xA0\x80", fffd + fffd + fffd},       // surrogate: lead invalid after ED
      {"\xC0\xAF", fffd + fffd},                  // overlong lead bytes
      {"\xF4\x90\x80\x80", fffd + fffd + fffd + fffd},  // above U+10FFFF
      {"\xF0\x9F\x98", fffd},                     // 4-byte sequence cut short
      {"\x80\x80", fffd + fffd},                  // lone continuation bytes
  };
  for (const Repair& r : repairs) {
    INFO(r.out.size());
    CHECK(t->decode(t->encode(r.in)) == r.out);
    CHECK(t->encode(r.in) == t->encode(r.out));
  }
}

TEST_CASE("tokenizer: unknown encodings, one instance per encoding", "[tokenizer]") {
  CHECK(Tokenizer::get("gpt2") == nullptr);
  CHECK(Tokenizer::get("") == nullptr);
  CHECK(Tokenizer::get("O200K_BASE") == nullptr);
  CHECK(Tokenizer::get("o200k_base") == Tokenizer::get("o200k_base"));
  CHECK(Tokenizer::get("o200k_base") != Tokenizer::get("cl100k_base"));
  CHECK(Tokenizer::get("cl100k_base")->decode({15339, 1917, 999999999}) == "hello world");
}

TEST_CASE("tokenizer: concurrent first use", "[tokenizer]") {
  std::vector<std::thread> threads;
  std::vector<size_t> got(8);
  for (size_t i = 0; i < got.size(); ++i)
    threads.emplace_back([&got, i] {
      got[i] = Tokenizer::get(i % 2 ? "o200k_base" : "cl100k_base")->count("hello world, again and again");
    });
  for (std::thread& th : threads) th.join();
  for (size_t i = 0; i < got.size(); ++i) CHECK(got[i] == got[i % 2]);
  CHECK(got[0] == Tokenizer::get("cl100k_base")->count("hello world, again and again"));
}

}  // namespace
}  // namespace modelshift
