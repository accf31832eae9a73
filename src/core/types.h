// Plain structs that move between the stages of a scan (see docs/design.md):
// walk -> SourceFile -> (prefilter, parse, match) -> Finding -> Inventory -> writers.
// No behaviour lives here; stages are free functions in their own files.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace modelshift {

// One file chosen by the walker. `rel_path` is '/'-separated and relative to
// the scan root; it is what every output shows. `abs_path` is only used to
// open the file and never printed.
struct WalkEntry {
  std::string abs_path;
  std::string rel_path;
  uint64_t size = 0;
  bool explicit_arg = false;  // named on the command line (scanned even if ignored)
};

// A file (or directory) the scan did not read, with a human reason.
// Reasons are short lower-case phrases: "binary", "too large (12.3 MiB > 8 MiB)",
// "symlink loop", "broken symlink", "fifo", "unreadable: Permission denied", ...
struct Skipped {
  std::string path;
  std::string reason;
};

// A warning about one file: the scan goes on. line/column are 1-based, 0 when
// not known.
struct Diagnostic {
  std::string path;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string message;
};

// Where in a file a match sits, syntactically.
//   "string"    a string literal in code
//   "comment"   a comment in code or config
//   "docstring" a documentation string (Python)
//   "code"      code the parser could not classify (inside a parse error)
//   "config"    a value (or key) in a config file; see key_path
//   "docs"      prose: Markdown, reStructuredText, plain text
//   "notebook markdown cells are "docs"; code cells use the code contexts.
//   "sdk_definition" any of the above inside an SDK's own package
//               (src/link/sdk_packages.h); not usage

struct Location {
  uint32_t line = 0, column = 0;          // 1-based; column counts bytes
  uint32_t end_line = 0, end_column = 0;  // 1-based, end_column exclusive
};

// One link of the chain that led a call site to its model: "MODEL = ... in
// settings.py:3". `path` empty means the call's own file.
struct ResolutionStep {
  std::string path;
  uint32_t offset = 0;  // into the scanned text, while path is empty and before placement
  uint32_t line = 0, column = 0;
  std::string note;
};

// The SDK package a file is part of (src/link/sdk_packages.h).
struct SdkPackage {
  std::string sdk;       // id in rules/sdk_packages.yaml
  std::string name;      // the package, as its manifest names it
  std::string version;   // as the manifest says, may be ""
  std::string manifest;  // path of the manifest, relative to the scan root
};

// Where a finding's model stands in the catalog: a fact of detection. The
// judge step (judge/lifecycle.h) turns it and the lifecycle dates into
// `status` for the --as-of day.
enum class Listing : uint8_t {
  None,     // names no model (prompts, schemas, ...): no status
  Unknown,  // a model the catalog does not know (deployment name, unlisted id)
  Family,   // only its family is listed; the dates are the family's
  Model,    // an exact catalog entry
};

struct Finding {
  std::string kind = "model_reference";
  std::string path;      // rel_path
  Location loc;
  std::string model;     // as written, routing prefix removed
  std::string written;   // the whole token as written, prefix included
  std::string canonical; // catalog id it resolves to
  std::string provider;
  std::string family;
  std::string platform;  // "", "bedrock", "vertex", "azure", "openrouter", ...
  std::string model_kind;  // chat, responses, embedding, ...
  Listing listing = Listing::None;  // fact: what the catalog lists for the model
  std::string status;      // active | deprecated | retired | unknown; filled by judge_lifecycle
  std::string deprecated_on, shutdown_on, replacement;
  std::string context;
  // context "sdk_definition" only: the syntactic context it replaced
  // ("string", "code", ...) and whose package the file is.
  std::string syntax;
  std::optional<SdkPackage> sdk_package;
  std::string language;
  std::string key_path;  // config files only
  std::optional<uint32_t> cell;  // notebooks: 0-based cell index
  std::string rule;              // catalog rule id that matched (family or model)
  std::string line_text;         // normalised source line, for the fingerprint only
  std::string table;             // id table it sits in ("" none), for catalogue detection only
  std::string fingerprint;

  // kind "model_catalogue" only: a table of ids collapsed into this one
  // finding; `loc` spans the table. The model fields above are empty.
  uint32_t entries = 0;                        // references the table holds
  std::vector<std::string> catalogue_models;   // distinct canonical ids, sorted
  std::map<std::string, uint32_t> catalogue_by_status;  // filled by judge_lifecycle
  // Facts behind catalogue_by_status: entries per (listing, deprecated_on, shutdown_on).
  std::map<std::tuple<Listing, std::string, std::string>, uint32_t> catalogue_lifecycles;

  // kind "call_site" only. The model fields above describe the resolved
  // model when there is one.
  std::string sdk, api, callee;
  std::string model_source;  // literal | constant | variable | env | config | parameter | unresolved | absent
  std::vector<ResolutionStep> resolution;
  std::vector<std::pair<std::string, std::string>> parameters;  // name -> JSON text
  std::string symbol, env_var;  // what is left to resolve across files
  std::string config_key;       // a dotted key read from a config file (`models.chat`), likewise

  // The verdict of policy evaluation (src/policy.*, used by `check` and by
  // `scan` for SARIF levels). Empty when no policy judged the finding.
  std::string severity;  // error | warning | note
  std::string policy;    // id of the policy that fired: "deprecated-model", "deny:gpt-5.2*", ...
  std::string message;   // one line for people: why it fired and what to use instead
  // Set by inline suppressions (`modelshift: ignore[...] reason`): the reason,
  // or "suppressed" without one. The finding is kept, only marked.
  std::string suppressed;

  // Kinds added after call_site (prompt, tool_schema, embedding,
  // vector_store): their own fields, name -> JSON text, written in this order
  // after the head of the finding. Links to other findings (the call site a
  // prompt feeds) are {"path","line","column"} objects in here.
  std::vector<std::pair<std::string, std::string>> details;
  // Embeddings and unlinked vector stores: names that can tie them to a
  // finding of another file (src/detect/schemas.h, link_across_files). Not printed.
  std::vector<std::string> link_names;
  // Prompts: the prompt's content, for the plan's token counts. Not printed
  // (the excerpt in details is the redacted, shortened view).
  std::string text;
};

}  // namespace modelshift
