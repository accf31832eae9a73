#include "pipeline/docs.h"

#include <algorithm>
#include <map>
#include <string>

#include "read/code_blocks.h"

namespace modelshift {

namespace {

// `text` with the blocks' bytes turned into spaces (newlines stay, so lines
// do not move): what the prose reader sees.
std::string without_blocks(std::string_view text, const std::vector<CodeBlock>& blocks) {
  std::string out(text);
  for (const CodeBlock& b : blocks)
    for (size_t i = b.begin; i < b.end; ++i)
      if (out[i] != '\n') out[i] = ' ';
  return out;
}

// The code of some blocks joined into one snippet, with where each line came
// from, so offsets into the snippet map back to the file.
struct Snippet {
  std::string code;
  std::vector<uint32_t> starts;  // offset in `code` of each line piece
  std::vector<uint32_t> files;   // offset in the file of the same piece
  std::vector<uint32_t> sizes;

  explicit Snippet(std::string_view text, const std::vector<CodeBlock>& blocks) {
    for (const CodeBlock& b : blocks) {
      for (auto [lb, le] : b.lines) {
        starts.push_back(static_cast<uint32_t>(code.size()));
        files.push_back(lb);
        sizes.push_back(le - lb);
        code += text.substr(lb, le - lb);
      }
      if (!code.empty() && code.back() != '\n') code += '\n';
    }
  }

  uint32_t to_file(uint32_t off, bool is_end) const {
    size_t k = std::upper_bound(starts.begin(), starts.end(), off) - starts.begin();
    k = k == 0 ? 0 : k - 1;
    // An end at a piece boundary belongs to the previous piece.
    if (is_end && k > 0 && off == starts[k]) --k;
    return files[k] + std::min(off - starts[k], sizes[k]);
  }
};

void map_to_file(const Snippet& s, TextHit* h) {
  h->begin = s.to_file(h->begin, false);
  h->end = s.to_file(h->end, true);
  for (ResolutionStep& step : h->finding.resolution)
    if (step.path.empty()) step.offset = s.to_file(step.offset, false);
}

}  // namespace

std::vector<TextHit> scan_document(const Engine& engine, const Language& docs, std::string_view text,
                                   CodeParser& parser, FileResult* result, const ScanFocus* focus) {
  std::vector<CodeBlock> blocks;
  if (docs.code_blocks == "markdown") {
    std::string not_read;
    blocks = markdown_code_blocks(text, &not_read);
    if (!not_read.empty()) result->warnings.push_back({{}, 1, 1, not_read});
  }
  else if (docs.code_blocks == "rst") blocks = rst_code_blocks(text);
  // Blocks of a language we read as something other than prose, by language.
  std::map<const Language*, std::vector<CodeBlock>> by_lang;
  std::vector<CodeBlock> known;
  for (CodeBlock& b : blocks) {
    const Language* lang = engine.languages.by_fence(b.info);
    if (!lang || lang->reader == Reader::Docs || lang->reader == Reader::Text || lang->reader == Reader::Notebook)
      continue;
    known.push_back(b);
    by_lang[lang].push_back(std::move(b));
  }
  if (known.empty()) return scan_text(engine, docs, text, parser, result, focus);

  std::vector<TextHit> hits = scan_text(engine, docs, without_blocks(text, known), parser, result, focus);
  for (const auto& [lang, lang_blocks] : by_lang) {
    const size_t warnings = result->warnings.size(), exports = result->exports.size(),
                 deployments = result->deployments.size();
    const Snippet snippet(text, lang_blocks);
    std::vector<TextHit> code = scan_text(engine, *lang, snippet.code, parser, result, focus);
    result->warnings.resize(warnings);
    result->exports.resize(exports);
    result->deployments.resize(deployments);
    for (TextHit& h : code) {
      map_to_file(snippet, &h);
      h.finding.context = "docs";
      hits.push_back(std::move(h));
    }
  }
  return hits;
}

}  // namespace modelshift
