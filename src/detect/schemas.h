// Tool schemas, embeddings and vector stores (issue 3, §3-4).
//
// Data in rules/structured_outputs.yaml and rules/vector_stores.yaml. Works
// on one file's text after the call-site engine ran: embeddings are derived
// from its `embeddings` call sites (not found twice), schemas are linked to
// the call sites whose arguments name them, and vector stores to the
// embedding the code passes them (through assignments in the same file).
//
// Links to other findings are left as ResolutionStep offsets with a note
// ("used_by", "embedding"); place_hits() turns them into details once lines
// are known (finish_links()).
#pragma once

#include <re2/re2.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/rule_files.h"
#include "core/types.h"
#include "detect/calls.h"

namespace modelshift {

struct TextHit;

struct Syntax {  // comments and quotes of a language, for masking
  std::string line_comment, block_open, block_close, quotes;
  std::vector<std::string> block_keywords;  // a '{' after a name starts a block in statements that begin with these
};

struct SchemaDeclaration {
  std::string id, form;  // form: fields | object | go_definition
  std::vector<std::string> languages;
  std::unique_ptr<RE2> pattern;
};

struct VectorStoreRule {
  std::string id;
  std::unique_ptr<RE2> pattern;
};

// A tool or response format built by an SDK call whose schema is a JSON
// string (C#'s ChatTool.CreateFunctionTool(..., BinaryData.FromBytes("""{...}"""u8.ToArray()))).
struct StringSchemaRule {
  std::vector<std::string> languages;
  std::unique_ptr<RE2> call;    // the call, ending at its '('
  std::unique_ptr<RE2> name;    // over the arguments: the first non-empty group is the name
  std::unique_ptr<RE2> strict;  // over the arguments: group 1 is true/false
};

// How one language loads a JSON schema file (rules/structured_outputs.yaml,
// schema_files): a statement naming a `.json` path is a load when its code
// holds one of `words`; `binds` name the loaded value where the statement's
// own assignment does not (`import schema from "./x.json"`, `with open(...) as f:`).
struct SchemaFileLoad {
  std::vector<std::string> words;
  std::vector<std::unique_ptr<RE2>> binds;
};

class StructureRules {
 public:
  // Reads rules/structured_outputs.yaml and rules/vector_stores.yaml; every
  // mistake is a located error.
  static std::unique_ptr<StructureRules> load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors);

  std::map<std::string, Syntax> syntax;
  std::vector<std::string> schema_keys, name_keys, helpers, tool_parameters, optional_markers;
  std::set<std::string> unsupported, embedding_apis, dimension_parameters;
  std::vector<SchemaDeclaration> declarations;
  std::vector<StringSchemaRule> string_schemas;
  std::vector<VectorStoreRule> stores;
  std::vector<std::string> global_settings;  // an embedding assigned here is every store's default
  std::unique_ptr<RE2> schema_key;
  std::vector<std::string> keywords;      // words that make a code file worth parsing for these kinds
  std::unique_ptr<RE2> any_store;         // the store patterns as one alternation
  // JSON schema files that code loads.
  std::string schema_file_extension;                  // ".json"
  std::map<std::string, SchemaFileLoad> schema_file_loads;  // language -> how it loads
  std::vector<std::string> schema_file_not_loads;     // text that makes a statement a write
  std::unique_ptr<RE2> schema_file_fill;              // a name filled through a pointer (&schema)
  // Pydantic fields: Field() arguments -> the JSON-schema keyword they
  // become, types that make an open object, arguments that give a default.
  std::map<std::string, std::string> pydantic_constraints;
  std::vector<std::string> pydantic_open_types, pydantic_default_keywords;

  // The prefilter: true when `text` holds a keyword or a store pattern.
  bool wants(std::string_view text) const;  // one alternation of schema_keys, followed by ':' and '{'
};

// Adds tool_schema, embedding and vector_store hits for one code file.
// The call_site hits already in `hits` (offsets into `text`) are read for
// embeddings and links; new hits are appended.
void find_structures(const StructureRules& rules, const std::string& language, std::string_view text,
                     std::vector<TextHit>* hits);

// For the kinds above: turns placed link steps into details
// ({"path","line","column"} objects) and clears them.
void finish_links(Finding* f);

// Kind of the internal findings find_structures() leaves for each load of a
// JSON schema file (details "file": the path as written, "name": the tool
// name the code gives it or ""; used_by links). scan_bytes() moves them out
// of the findings into FileResult::schema_loads; they are never reported.
inline constexpr const char* kSchemaFileLoad = "schema_file_load";

struct FileResult;
// After every file is scanned (run_scan), the steps that need other files:
//  * each JSON schema file that code loads and a call uses becomes a
//    tool_schema finding at the file (name, properties, required,
//    strict_issues, used_by, loaded_by). The path is resolved against the
//    loading file's directory, then its ancestors up to the scan root, among
//    the walked files. A missing or malformed file is a warning naming it.
//  * a vector store left without an embedding in its own file is linked to an
//    embedding of another file (same extension; same directory first, else
//    the only candidate) when the store's code names what carries it (the
//    embedding's module-level variable or the function that makes it); the
//    link is recorded on both sides.
// Reads JSON files on demand; never executes anything.
void link_across_files(const StructureRules& rules, const std::vector<WalkEntry>& files,
                       std::vector<FileResult>* results);

// The other side of a prompt's `feeds` and a tool schema's `used_by`: each
// call site gets `prompts` and `tool_schemas`, the places of what it uses.
// Run after every other link.
void link_call_sites(std::vector<FileResult>* results);

// What breaks under strict structured outputs for a JSON schema (exposed for
// tests): additionalProperties not false, properties not all required,
// unsupported keywords; each with its JSON path.
std::vector<std::string> strict_issues(const std::string& schema_json, const std::set<std::string>& unsupported);

// The line holding `pos` (for fingerprints): at most 512 bytes, found
// without scanning a long line end to end.
std::string_view line_near(std::string_view text, size_t pos);

// Reads a Python/JS/JSON object or array literal starting at `pos` (exposed
// for tests): quotes of any kind, True/False/None, unquoted keys, trailing
// commas; other expressions become {"expr": text}. Returns "" when `pos`
// does not start a literal.
std::string literal_to_json(std::string_view text, size_t pos);

}  // namespace modelshift
