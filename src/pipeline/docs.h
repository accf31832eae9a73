// Documentation files (Markdown, MDX, reStructuredText): prose is read as
// docs, and each code block whose language the rules know is read as code of
// that language, so a call site, prompt or embedding shown in a README is
// found on its own line with context "docs".
//
// The blocks of one language are read together as one module, in order, the
// way a reader runs a tutorial's snippets (a client made in one block is
// called in the next). Every byte is read once: block code is blanked out of
// the prose, and prose out of the code, keeping newlines so that offsets and
// lines are the file's own.
#pragma once

#include <string_view>
#include <vector>

#include "pipeline/scan.h"

namespace modelshift {

// Reads a Reader::Docs file. Returns hits with offsets into `text` (place
// them with the identity mapping). Snippets are often partial: their parse
// and format warnings are not reported, and names they bind are not exported
// to other files.
std::vector<TextHit> scan_document(const Engine& engine, const Language& docs, std::string_view text,
                                   CodeParser& parser, FileResult* result, const ScanFocus* focus);

}  // namespace modelshift
