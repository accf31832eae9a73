// Code inside documentation: the fenced blocks of Markdown/MDX and the code
// directives of reStructuredText, with the language their author named. The
// pipeline scans each block as code of that language (pipeline/docs.cc), so
// call sites, prompts and embeddings shown in docs are found on their lines.
//
// Pure functions of the bytes; no exceptions escape. Cost: Markdown is one
// tree-sitter parse (only when the text holds a fence marker at all); rst is
// one pass over the lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace modelshift {

struct CodeBlock {
  uint32_t begin = 0, end = 0;  // the block's bytes, [begin, end): fences and directive lines excluded
  std::string info;             // the language word as written, lower-cased ("python", "ts", ""); never trusted further
  // The code itself, line by line, as [begin, end) ranges of the text: each
  // line without the container's prefix (a list item's indentation, a block
  // quote's `> `, an rst body's indentation), with its newline when it has
  // one. Joined, they are the snippet as its author wrote it.
  std::vector<std::pair<uint32_t, uint32_t>> lines;
};

// Containers (quotes, list items) nested deeper than this are not given to
// the Markdown grammar (see markdown_code_blocks).
inline constexpr size_t kMaxMarkdownNesting = 128;

// Fenced code blocks (``` and ~~~) of a Markdown or MDX text, in order.
// Indented blocks name no language and are left to the prose reader. A text
// nested deeper than kMaxMarkdownNesting, or that the grammar cannot parse
// in time, yields no blocks and, in *not_read, why (the prose reader still
// sees every byte).
std::vector<CodeBlock> markdown_code_blocks(std::string_view text, std::string* not_read = nullptr);

// reStructuredText `.. code-block:: LANG`, `.. code:: LANG` and
// `.. sourcecode:: LANG` directives: the indented body after the directive's
// option lines, up to the first line indented no deeper than the directive.
std::vector<CodeBlock> rst_code_blocks(std::string_view text);

}  // namespace modelshift
