// Finds model-id tokens in raw bytes: one case-insensitive pass for the
// catalog's keywords (the prefilter), then, around each hit, the whole token
// bounded by non-id characters, checked against the catalog. Context (is it
// in a string? a comment?) is judged later by the file's reader.
//
// Thread-safety: immutable after construction; find() is safe from many threads.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "judge/catalog.h"

namespace modelshift {

struct Candidate {
  uint32_t begin = 0, end = 0;  // byte range of the model id in the text (URL: just the id segment)
  Resolution res;
};

class Matcher {
 public:
  explicit Matcher(const Catalog& catalog);
  bool ok() const { return prefilter_ && prefilter_->ok(); }
  const std::string& error() const { return error_; }

  // True when `text` contains any keyword. Cost: one DFA pass, no allocation.
  bool might_match(std::string_view text) const;

  // Every id-shaped token in `text` that the catalog resolves, in order.
  // Tokens glued to other identifier characters, inside documentation URLs,
  // inside base64 runs, or listed as false positives are left out.
  std::vector<Candidate> find(std::string_view text) const;

  // True when the text just before an id (same line) makes it a tokenizer
  // choice rather than a model use (tiktoken.encoding_for_model("gpt-4")).
  bool in_tokenizer_context(std::string_view text, uint32_t begin) const;

  // True when a strict id at `begin` has a model-ish word before it on its
  // line, or in `key_path` (config files).
  bool in_model_context(std::string_view text, uint32_t begin, std::string_view key_path) const;

  // True when the id at [begin, end) is named by a constant or enum member
  // on its line: `O3_MINI = "o3-mini"`, `O1Mini20240912 = "o1-mini-2024-09-12"`,
  // `case O1 = 'o1';`, `O1_MINI("o1-mini")`. An identifier before the id,
  // split into words at `_` and at lower-to-upper or digit-to-upper changes,
  // must end with words whose letters and digits, lower-cased, are the id's.
  // Only ids holding a digit count: `ADA = "ada"` is as likely a currency or
  // a person as a model. Cost: one pass over the line before the id.
  bool named_by_constant(std::string_view text, uint32_t begin, uint32_t end) const;

  const Catalog& catalog() const { return catalog_; }

 private:
  const Catalog& catalog_;
  std::unique_ptr<RE2> prefilter_;
  std::string error_;
};

// Characters that can be part of a written model token.
inline bool is_id_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == ':' || c == '@' || c == '/';
}

}  // namespace modelshift
