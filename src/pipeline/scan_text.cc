// Reading one text: the prefilter, the reader for its language or format
// (tree-sitter for code, region tables for config and scripts), the context
// of each candidate id, the rules that drop what is not a model reference,
// and the code detectors (call sites, SDK constants, structures, prompts).
// Declared in scan.h as scan_text; scan_bytes and notebooks call it.
#include <cctype>
#include <cstring>
#include <memory>
#include <optional>
#include <set>

#include "detect/code_context.h"
#include "pipeline/scan.h"
#include "read/lexical.h"
#include "read/regions.h"

namespace modelshift {

namespace {

RegionTable regions_for(Reader reader, std::string_view text, const Language& lang) {
  switch (reader) {
    case Reader::Yaml: return analyze_yaml(text);
    case Reader::Json: return analyze_json(text);
    case Reader::Toml: return analyze_toml(text);
    case Reader::KeyValue: return analyze_keyvalue(text);
    case Reader::Dockerfile: return analyze_dockerfile(text);
    case Reader::Hcl: return analyze_hcl(text);
    case Reader::Shell: return analyze_shell(text);
    case Reader::Sql: return analyze_sql(text);
    default: {
      LexSpec spec{lang.line_comments, lang.block_comments, lang.quotes};
      return lexical_regions(text, spec);
    }
  }
}

bool is_config_reader(Reader r) {
  return r == Reader::Yaml || r == Reader::Json || r == Reader::Toml || r == Reader::KeyValue ||
         r == Reader::Dockerfile || r == Reader::Hcl;
}

// The value's content: trimmed of whitespace and quotes.
void trim_value(std::string_view text, uint32_t* b, uint32_t* e) {
  while (*b < *e && (std::isspace(static_cast<unsigned char>(text[*b])) || std::strchr("\"'`", text[*b]))) ++*b;
  while (*e > *b && (std::isspace(static_cast<unsigned char>(text[*e - 1])) || std::strchr("\"'`", text[*e - 1]))) --*e;
}

// Markdown inline code: `o1` stands alone between backticks.
bool backticked(std::string_view text, uint32_t b, uint32_t e) {
  return b > 0 && e < text.size() && text[b - 1] == '`' && text[e] == '`';
}

bool quoted(std::string_view text, uint32_t b, uint32_t e) {
  return b > 0 && e < text.size() && text[b - 1] == text[e] && std::strchr("\"'`", text[e]);
}

std::string normalise_line(std::string_view text, uint32_t offset) {
  size_t b = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  b = (b == std::string_view::npos || b >= offset) ? 0 : b + 1;
  if (offset == 0) b = 0;
  size_t e = text.find('\n', offset);
  if (e == std::string_view::npos) e = text.size();
  std::string out;
  bool space = false;
  for (size_t i = b; i < e && out.size() < 512; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  return out;
}

// "a.b[3]" -> "a.b", "a.b" -> "a", "a" -> "": the mapping or list that holds
// the value, so the entries of one list or map share a table.
std::string parent_key_path(const std::string& key_path) {
  size_t cut = key_path.find_last_of(".[");
  return cut == std::string::npos ? std::string() : key_path.substr(0, cut);
}

bool is_prose(const std::string& context) {
  return context == "docs" || context == "comment" || context == "docstring" || context == "text";
}

// In prose, a mixed-case token of a case-insensitive family ("Llama2",
// "Llama-3") is a display name; ids written with capitals look like
// Hugging Face repos ("meta-llama/Llama-3.3-70B-Instruct") or carry a size
// suffix ("Llama-3.3-70B-Instruct"), so they have a '/' or two hyphens.
bool display_name(std::string_view token) {
  bool upper = false;
  int hyphens = 0;
  for (char ch : token) {
    upper |= ch >= 'A' && ch <= 'Z';
    hyphens += ch == '-';
    if (ch == '/') return false;
  }
  return upper && hyphens < 2;
}


// A model_reference hit for a resolved candidate.
TextHit reference_hit(const Candidate& c, std::string_view text, const Language& lang, const std::string& context) {
  TextHit hit;
  hit.begin = c.begin;
  hit.end = c.end;
  Finding& f = hit.finding;
  const Resolution& r = c.res;
  f.model = r.written_model;
  f.written = std::string(text.substr(c.begin, c.end - c.begin));
  f.canonical = r.canonical();
  f.provider = r.provider();
  f.family = r.family->id;
  f.platform = r.platform;
  f.model_kind = r.kind();
  f.listing = r.listing();
  const Lifecycle& life = r.lifecycle();
  f.deprecated_on = life.deprecated_on;
  f.shutdown_on = life.shutdown_on;
  f.replacement = life.replacement;
  f.context = context;
  f.language = lang.name;
  f.rule = r.family->id;
  f.line_text = normalise_line(text, c.begin);
  return hit;
}

// SDK constants that name a model (Go's openai.GPT4o, Java's
// ChatModel.GPT_4O; rules/sdk/constants.yaml) are model references where the
// code uses them. Inside strings they are not code; in comments they still
// name the model.
void sdk_constant_hits(const Engine& engine, const Language& lang, TSTree* tree, std::string_view text,
                       std::vector<TextHit>* hits) {
  auto it = engine.sdk_constants.find(lang.name);
  auto ids = engine.sdk_constant_ids.find(lang.name);
  if (it == engine.sdk_constants.end() || ids == engine.sdk_constant_ids.end()) return;
  std::vector<Candidate> found;
  re2::StringPiece input(text.data(), text.size()), m;
  size_t pos = 0;
  while (pos < text.size() && it->second->Match(input, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
    size_t b = m.data() - text.data(), e = b + m.size();
    pos = e > b ? e : b + 1;
    // Whole identifiers only: not the tail of a longer dotted name.
    if ((b > 0 && (is_id_char(text[b - 1]) || text[b - 1] == '.')) || (e < text.size() && is_id_char(text[e]) &&
                                                                        text[e] != '.' && text[e] != ':'))
      continue;
    auto id = ids->second.find(std::string(m.data(), m.size()));
    if (id == ids->second.end()) continue;
    std::optional<Resolution> res = engine.catalog->resolve(id->second);
    if (res) found.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e), std::move(*res)});
  }
  if (found.empty()) return;
  std::vector<CodeContext> contexts;
  CodeParser::classify(tree, lang, engine.languages, text, found, &contexts);
  for (size_t i = 0; i < found.size(); ++i) {
    const std::string& ctx = contexts[i].context;
    if (ctx == "string" || ctx == "docstring") continue;
    hits->push_back(reference_hit(found[i], text, lang, ctx.empty() ? "code" : ctx));
  }
}

TextHit call_site_hit(const Engine& engine, const Language& lang, std::string_view text, CallHit c) {
  TextHit hit;
  hit.begin = c.begin;
  hit.end = c.end;
  Finding& f = hit.finding;
  f.kind = "call_site";
  f.sdk = std::move(c.sdk);
  f.api = std::move(c.api);
  f.callee = std::move(c.callee);
  f.model = std::move(c.model);
  f.model_source = std::move(c.model_source);
  f.resolution = std::move(c.steps);
  f.parameters = std::move(c.parameters);
  f.symbol = std::move(c.symbol);
  f.env_var = std::move(c.env_var);
  f.config_key = std::move(c.config_key);
  f.context = "code";
  f.language = lang.name;
  f.rule = c.rule->id;
  f.line_text = normalise_line(text, c.begin);
  describe_call_model(*engine.catalog, &f);
  return hit;
}

// One scan_text call: what it reads and what it fills.
struct TextScan {
  const Engine& engine;
  const Language& lang;
  std::string_view text;
  const ScanFocus* focus;
  FileResult* result;
  std::vector<TextHit>* hits;
};

// What a text is read for, decided before anything is parsed.
struct Wants {
  bool constants = false, structures = false, exports = true, calls = false;
};

// The prefilter: a file is parsed only when it names a model or holds a
// keyword some call-site rule needs.
Wants decide_wants(const Engine& engine, const Language& lang, std::string_view text,
                   const std::vector<Candidate>& cands, const ScanFocus* focus) {
  Wants want;
  auto consts = engine.sdk_constants.find(lang.name);
  want.constants = lang.reader == Reader::Code && consts != engine.sdk_constants.end() &&
                   RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *consts->second);
  want.structures = !focus && lang.reader == Reader::Code && engine.structures()->wants(text);
  // Without a focus every call site counts. With one: within one file a
  // call's model is statically known only through a literal (or an SDK
  // constant) somewhere in it, which the matcher sees; no flagged literal
  // and no constant means no flagged call, and the call-site rules are not
  // even loaded.
  bool maybe_calls = lang.reader == Reader::Code;
  if (focus) {
    bool flagged = false;
    for (const Candidate& c : cands)
      flagged = flagged || focus->flags(c.res, text.substr(c.begin, c.end - c.begin));
    maybe_calls = maybe_calls && (flagged || want.constants);
    want.exports = false;
  }
  want.calls = maybe_calls && engine.sdk()->wants(lang.name, text);
  return want;
}

// Parses code and runs the code detectors: the context of each candidate,
// call sites and exports, SDK constants, structures. Returns the tree, or
// null when the parse was abandoned (the caller then reads the text
// lexically).
std::shared_ptr<TSTree> read_code(const TextScan& s, CodeParser& parser, const Wants& want,
                                  const std::vector<Candidate>& cands, std::vector<CodeContext>* code) {
  s.result->parsed = true;
  std::shared_ptr<TSTree> tree = parser.parse(s.lang, s.text);
  if (!tree) {
    s.result->warnings.push_back({"", 0, 0, "parse abandoned (time budget); strings and comments found lexically"});
    return tree;
  }
  CodeParser::classify(tree.get(), s.lang, s.engine.languages, s.text, cands, code);
  std::vector<CallHit> calls;
  if (want.calls || want.exports)
    find_calls(*s.engine.sdk(), s.lang, tree.get(), s.text, want.calls ? &calls : nullptr,
               want.exports ? &s.result->exports : nullptr);
  for (CallHit& c : calls) s.hits->push_back(call_site_hit(s.engine, s.lang, s.text, std::move(c)));
  if (want.constants) sdk_constant_hits(s.engine, s.lang, tree.get(), s.text, s.hits);
  if (!s.focus) find_structures(*s.engine.structures(), s.lang.name, s.text, s.hits);
  return tree;
}

// Per candidate: context, key path, and the extent of the enclosing value
// (strict families must fill a value whole).
struct Judged {
  std::string context, key_path;
  uint32_t group = 0;  // code: the id table around it (CodeContext::group)
  uint32_t vb, ve;
  bool in_value;  // inside a string literal or config value (not prose)
};

std::vector<Judged> judge_candidates(std::string_view text, Reader reader, const std::vector<Candidate>& cands,
                                     const std::vector<CodeContext>& code, const RegionTable& regions) {
  std::vector<Judged> judged(cands.size());
  for (size_t i = 0; i < cands.size(); ++i) {
    const Candidate& c = cands[i];
    Judged& j = judged[i];
    j.vb = c.begin;
    j.ve = c.end;
    j.in_value = false;
    if (reader == Reader::Code) {
      j.context = code[i].context;
      j.vb = code[i].value_begin;
      j.ve = code[i].value_end;
      j.group = code[i].group;
      j.in_value = j.context == "string";
    } else if (reader == Reader::Docs) {
      j.context = "docs";
    } else if (reader == Reader::Text) {
      j.context = "text";
    } else {
      const Region* r = regions.find(c.begin);
      bool config = is_config_reader(reader);
      if (r && r->kind == RegionKind::Comment) {
        j.context = "comment";
      } else if (r) {
        j.context = config ? "config" : "string";
        j.key_path = r->key_path;
        j.vb = r->begin;
        j.ve = r->end;
        trim_value(text, &j.vb, &j.ve);
        j.in_value = true;
      } else {
        // Outside any string or value: real code in a lexical language
        // (not a reference), bare text in a config or script.
        j.context = config || reader == Reader::Shell || reader == Reader::Sql ? (config ? "config" : "string") : "";
      }
    }
  }
  return judged;
}

// Where the words that name an id table end: its first byte, or, when the
// table opens its own line (`export type ChatModel =\n  | 'o1'`), the end
// of the line before.
uint32_t table_head(std::string_view text, uint32_t start) {
  size_t nl = start == 0 ? std::string_view::npos : text.rfind('\n', start - 1);
  if (nl == std::string_view::npos) return start;
  for (size_t k = nl + 1; k < start; ++k)
    if (!std::isspace(static_cast<unsigned char>(text[k])) && !std::strchr("|=([{,", text[k])) return start;
  return static_cast<uint32_t>(nl);
}

// In code, a constant block or enum says "model" for a strict id too: a
// member named after it (`O3_MINI = "o3-mini"`), a table that holds another
// model (`["gpt-4o", "o1"]`; ids with a digit only, since `"ada"` beside a
// model in a dict is as likely a name), or a model word in the declaration
// that opens the table (`ENGINES = [`, `enum ChatModel {`). Everyday words (`command`) never
// count this way: `{"command": [...]}` sits in many a dict beside a model.
bool in_id_block(const TextScan& s, const Candidate& c, const Judged& j, const std::set<uint32_t>& model_tables) {
  if (c.res.family->word) return false;
  const Matcher& matcher = *s.engine.matcher;
  if (j.context == "string" && matcher.named_by_constant(s.text, c.begin, c.end)) return true;
  if (!j.group) return false;
  bool digit = false;
  for (uint32_t k = c.begin; k < c.end; ++k) digit |= std::isdigit(static_cast<unsigned char>(s.text[k])) != 0;
  if (digit && model_tables.count(j.group)) return true;
  // The words before the table name it only when they are a declaration,
  // not a call (`Action.model_validate({` opens a dict of anything).
  uint32_t head = table_head(s.text, j.group - 1);
  size_t nl = head == 0 ? std::string_view::npos : s.text.rfind('\n', head - 1);
  size_t from = nl == std::string_view::npos ? 0 : nl + 1;
  if (s.text.substr(from, head - from).find('(') != std::string_view::npos) return false;
  return matcher.in_model_context(s.text, head, "");
}

// Keeps the candidates that are model references and counts the rest:
// code outside strings, strict ids that do not fill their value (or stand
// in prose without backticks), display names, tokenizer names.
void keep_references(const TextScan& s, const std::vector<Candidate>& cands, const std::vector<Judged>& judged) {
  const Matcher& matcher = *s.engine.matcher;
  std::string_view text = s.text;
  // Id tables (code) that hold an id of a non-strict family: a strict id
  // beside it (`["gpt-4o", "o1"]`, `'gpt-4o' | 'o3'`) is one more model.
  std::set<uint32_t> model_tables;
  for (size_t i = 0; i < cands.size(); ++i)
    if (judged[i].group && judged[i].in_value && !cands[i].res.strict()) model_tables.insert(judged[i].group);
  for (size_t i = 0; i < cands.size(); ++i) {
    const Candidate& c = cands[i];
    const Judged& j = judged[i];
    if (j.context.empty()) {
      ++s.result->dropped_code;
      continue;
    }
    if (c.res.strict()) {
      bool whole = j.in_value && j.vb == c.begin && j.ve == c.end;
      if (j.context == "docs" || j.context == "text")
        whole = backticked(text, c.begin, c.end) && (!c.res.family->word || matcher.in_model_context(text, c.begin, ""));
      // Commented-out code keeps its quotes: `# create(model="o3-mini")`.
      else if (j.context == "comment" && quoted(text, c.begin, c.end))
        whole = matcher.in_model_context(text, c.begin, "");
      else whole = whole && (matcher.in_model_context(text, j.vb, j.key_path) || in_id_block(s, c, j, model_tables));
      if (!whole) {
        ++s.result->dropped_strict;
        continue;
      }
    }
    if (is_prose(j.context) && display_name(text.substr(c.begin, c.end - c.begin))) {
      ++s.result->dropped_strict;
      continue;
    }
    if (j.context != "comment" && j.context != "docs" && matcher.in_tokenizer_context(text, c.begin)) {
      ++s.result->dropped_tokenizer;
      continue;
    }
    TextHit hit = reference_hit(c, text, s.lang, j.context);
    Finding& f = hit.finding;
    f.key_path = j.key_path;
    if (j.group) f.table = "code@" + std::to_string(j.group);
    else if (!j.key_path.empty()) f.table = "key@" + parent_key_path(j.key_path);
    s.hits->push_back(std::move(hit));
  }
}

}  // namespace

std::vector<TextHit> scan_text(const Engine& engine, const Language& lang, std::string_view text,
                               CodeParser& parser, FileResult* result,
                               const ScanFocus* focus) {
  std::vector<TextHit> hits;
  std::vector<Candidate> cands = engine.matcher->find(text);
  result->candidates += cands.size();
  const Wants want = decide_wants(engine, lang, text, cands, focus);
  if (cands.empty() && !want.calls && !want.constants && !want.structures) return hits;
  result->had_keywords = true;

  const TextScan s{engine, lang, text, focus, result, &hits};
  Reader reader = lang.reader;
  std::vector<CodeContext> code;
  std::shared_ptr<TSTree> tree;
  if (reader == Reader::Code) {
    tree = read_code(s, parser, want, cands, &code);
    if (!tree) reader = Reader::Lexical;
  }
  RegionTable regions;
  if (reader != Reader::Code && reader != Reader::Docs && reader != Reader::Text) {
    regions = regions_for(reader, text, lang);
    for (Diagnostic d : regions.diagnostics) result->warnings.push_back(std::move(d));
    if (is_config_reader(reader)) result->deployments = engine.deployments->extract(text, regions);
  }
  keep_references(s, cands, judge_candidates(text, reader, cands, code, regions));
  if (focus) return hits;  // prompts name no model
  std::vector<PromptHit> prompts;
  find_prompts(*engine.prompts(), lang, engine.languages, tree.get(), &regions, text, &prompts);
  for (PromptHit& p : prompts) hits.push_back({p.begin, p.end, std::move(p.finding)});
  return hits;
}

}  // namespace modelshift
