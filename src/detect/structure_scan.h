// Internal to find_structures() (schemas.h): the one file it scans and the
// helpers its steps share. Each step lives in its own file, so that a change
// to one kind of finding has one room:
//   schema_literals.cc      JSON-schema literals and JSON strings in SDK calls
//   schema_declarations.cc  declared models (Pydantic, zod, Go jsonschema)
//   schema_files.cc         loads of JSON schema files, linked across files later
//   embeddings.cc           embeddings and the vector stores they feed
// Not a public interface: only the detect/ files above include it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "detect/schemas.h"
#include "detect/source_text.h"
#include "pipeline/scan.h"

namespace modelshift::structures {

using json = nlohmann::ordered_json;

// Notes of the link steps left for finish_links().
inline constexpr const char* kUsedBy = "used_by";
inline constexpr const char* kEmbeddingLink = "embedding";
inline constexpr const char* kStoreLink = "vector_stores";  // on an embedding: the stores it feeds

// Text from scanned files may hold invalid UTF-8: replaced, never thrown.
std::string dump_json(const json& j);
// A JSON array of strings.
std::string list_json(const std::vector<std::string>& v);

// One file as every step reads it: its text, the text with comments and
// strings masked (`m`, same offsets), its statements and its call sites
// (pointers into the hits find_structures() was given). Cheap to pass by
// reference; lives for one find_structures() call; not thread-shared.
struct FileScan {
  const StructureRules& rules;
  const std::string& language;
  std::string_view text;
  const std::string& m;
  const std::vector<source_text::Statement>& st;
  const std::vector<const TextHit*>& calls;

  // True when `p` is code (not inside a comment or string).
  bool code_at(size_t p) const { return p < m.size() && m[p] == text[p]; }
  // A tool_schema hit over [b, e) with the line for its fingerprint.
  TextHit hit(size_t b, size_t e, const std::string& rule) const;
  // Links a schema to the call sites that use it: calls whose span holds its
  // definition (inline) or names its variable (or a name assigned from it)
  // as a word. Adds kUsedBy steps to `h`.
  void link_calls(TextHit* h, const std::string& name) const;
};

// 1. JSON-schema literals beside a name (`"parameters": {...}`).
void find_json_schemas(const FileScan& f, std::vector<TextHit>* out);
// 1b. Schemas written as JSON strings in an SDK call (C# raw strings).
void find_string_schemas(const FileScan& f, std::vector<TextHit>* out);
// 2. Declared models (Pydantic, zod, Go jsonschema.Definition) that a call
//    or a helper uses.
void find_declared_schemas(const FileScan& f, std::vector<TextHit>* out);
// 2b. Loads of JSON schema files (kSchemaFileLoad hits), left for
//     link_across_files().
void find_schema_loads(const FileScan& f, const SchemaFileLoad& load, std::vector<TextHit>* out);
// 3-4. Embeddings derived from the embedding call sites, then (when `full`:
//      the language has a syntax entry) vector stores linked to them through
//      names the code passes.
void find_embeddings_and_stores(const FileScan& f, bool full, std::vector<TextHit>* out);

}  // namespace modelshift::structures
