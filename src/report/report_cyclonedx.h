// CycloneDX 1.6 ML-BOM: the models a repository uses, as a bill of materials
// that supply-chain tools (Dependency-Track, SBOM scanners) read beside the
// software BOM. `modelshift scan --format cyclonedx` writes it.
//
// Layout (field names from the CycloneDX 1.6 JSON schema):
//   bomFormat "CycloneDX", specVersion "1.6", version 1,
//   serialNumber  "urn:uuid:" + a name-based (SHA-1, RFC 4122 version 5)
//                 UUID of the document's own content: the same inventory
//                 gives the same serial, a different one a different serial;
//   metadata      timestamp = the inventory's as_of day at 00:00:00Z (never
//                 the clock), tools.components = modelshift and its version,
//                 properties modelshift:as_of and
//                 modelshift:sdk_definitions_left_out; no scanned-root
//                 component (its name would be a local directory);
//   components    one `machine-learning-model` per (provider, canonical id),
//                 sorted by bom-ref `model:<provider>/<canonical>`: name,
//                 publisher and supplier.name (the provider's display name,
//                 rules/models/providers.yaml), modelCard.modelParameters.task
//                 (the model kind: chat, embedding, ...), `modelshift:`
//                 properties (status on as_of, deprecated_on, shutdown_on,
//                 replacement, family, kind, platform per platform seen, and
//                 context_window, max_output_tokens, input/output cost per
//                 million tokens when the catalog lists them), and
//                 evidence.occurrences: every place the model is named
//                 (location = report path, line, offset = byte column,
//                 symbol = callee of a call site, additionalContext = finding
//                 kind and context), sorted by path, line, column.
//
// Which findings count: every finding that resolved to a model (model
// references, call sites, embeddings, and prompts, tool schemas or vector
// stores that carry a model), and each model listed by a model_catalogue
// finding (one occurrence at the table per model). Findings with context
// "sdk_definition" (an SDK's own package, src/link/sdk_packages.h) are left out:
// they are not usage; their number is in modelshift:sdk_definitions_left_out.
// Call sites whose model did not resolve name no component.
#pragma once

#include <ostream>

#include "judge/catalog.h"
#include "pipeline/scan.h"

namespace modelshift {

// Writes the BOM as indented JSON and a final newline. Cost: one pass over
// the findings plus a sort of each model's occurrences; the catalog is only
// read (model numbers, provider names, catalogue entries' lifecycle). No
// timestamps, no absolute paths: the same inventory gives the same bytes.
// Malformed UTF-8 in paths is replaced, never an error. Does not throw for
// any inventory; safe to call from any thread while nothing mutates `inv`.
void write_cyclonedx(std::ostream& out, const Inventory& inv, const Catalog& catalog);

}  // namespace modelshift
