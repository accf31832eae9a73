// Source text as the schema, embedding and vector-store extractors
// (schemas.cc) read it: strings and comments masked, brackets matched,
// object literals read as JSON, lines grouped into statements. No parser:
// plain scans over the text, so every language with a `syntax` entry in
// rules/structured_outputs.yaml gets the same treatment.
//
// Pure functions, thread-safe. Offsets are byte offsets into the text; `m`
// is always the masked text of the same length.
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace modelshift {

struct Syntax;

namespace source_text {

// Identifier characters of the languages read here ($ for JS and PHP).
bool id_char(char c);

// `text` with the inside of strings and comments blanked (newlines and the
// quotes themselves kept), so brackets and words in it are code. Triple
// quotes (Python, Java text blocks, C# raw strings) are one string.
std::string mask(std::string_view text, const Syntax& syn);

bool opener(char c);  // ( [ {
bool closer(char c);  // ) ] }

// The bracket closing the one at `open` in masked text, or npos.
size_t match_close(const std::string& m, size_t open);

// The unmatched opening bracket before `pos` in masked text, or npos. Looks
// back at most 64 KiB, so many lookups in a huge file stay linear.
size_t enclosing_open(const std::string& m, size_t pos);

// Reads a Python/JS/JSON/Ruby/PHP object or array literal at `pos`: quotes
// of any kind, True/False/None, unquoted keys, trailing commas, `=>` pairs;
// other expressions become {"expr": text}. Null JSON when `pos` does not
// start a literal, or the literal is not closed or holds a stray closer
// (`[}`); a holder keeps such a part as {"expr": text}. Depth is bounded
// (64), so the cost is at most that many passes over the literal; every
// loop of the reader consumes input or stops, whatever the text.
nlohmann::ordered_json read_literal(std::string_view text, size_t pos);

// A statement: a line, extended while brackets of an expression stay open
// and over builder chains (next line starting with '.').
struct Statement {
  size_t begin, end;
  std::string target;  // the name it assigns, if any (`x = `, `val x =`, `self.x =`, `List<T> x =`)
};

// The statements of `text` (masked as `m`). A '{' after a name opens a block,
// not a literal, in statements starting with one of `block_keywords`.
std::vector<Statement> statements(std::string_view text, const std::string& m,
                                  const std::vector<std::string>& block_keywords);

// The identifiers in m[b, e).
std::set<std::string> words(const std::string& m, size_t b, size_t e);

// Whether `w` occurs as a whole identifier in m[b, e).
bool has_word(const std::string& m, size_t b, size_t e, const std::string& w);

// The statement holding `pos` (st sorted by begin), or nullptr.
const Statement* statement_at(const std::vector<Statement>& st, size_t pos);

}  // namespace source_text
}  // namespace modelshift
