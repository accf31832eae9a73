#include "pipeline/scan.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <mutex>
#include <thread>

#include "core/embedded_snapshot.h"
#include "core/fingerprint.h"
#include "detect/code_context.h"
#include "gate/gate.h"
#include "link/sdk_packages.h"
#include "pipeline/notebook.h"
#include "read/lexical.h"
#include "read/regions.h"

namespace modelshift {

namespace {

// A NUL byte in the first block marks a binary file, as git and ripgrep judge.
constexpr size_t kBinaryProbe = 8192;

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Reads a whole regular file. Returns false with an errno message.
bool read_file(const std::string& path, uint64_t size_hint, std::string* out, std::string* error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    *error = std::strerror(errno);
    return false;
  }
  out->reserve(size_hint + 1);
  return read_and_close(fd, out, error);
}

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

}  // namespace

std::unique_ptr<Engine> Engine::load(const std::string& rules_dir, std::vector<Diagnostic>* errors) {
  auto engine = std::make_unique<Engine>();
  engine->rule_files = load_rule_files(rules_dir, errors);
  if (!errors->empty()) return engine;
  engine->languages = LanguageTable::load(engine->rule_files, errors);
  // The embedded catalog comes pre-loaded (embedded_snapshot.h); rules from
  // --rules DIR are read as YAML.
  std::string_view snapshot = rules_dir.empty() ? embedded_catalog_snapshot() : std::string_view();
  engine->catalog = snapshot.empty() ? Catalog::load(engine->rule_files, errors) : Catalog::from_snapshot(snapshot, errors);
  if (!errors->empty()) return engine;
  if (!rules_dir.empty()) {
    const Engine& e = *engine;
    std::call_once(e.sdk_.once, [&] {
      e.sdk_.value = SdkRules::load(e.rule_files, e.languages, errors, /*eager_queries=*/true);
    });
    std::call_once(e.prompts_.once, [&] { e.prompts_.value = PromptRules::load(e.rule_files, errors); });
    std::call_once(e.structures_.once, [&] { e.structures_.value = StructureRules::load(e.rule_files, errors); });
    if (!errors->empty()) return engine;
  }
  engine->deployments = DeploymentRules::load(engine->rule_files, errors);
  if (!errors->empty()) return engine;
  // SDK constants are model references of their own, so they are read here
  // and not with the (lazy) call-site rules. One alternation per language,
  // longest first so that openai.GPT4oMini is not read as openai.GPT4o.
  engine->sdk_constant_ids = SdkRules::load_constants(engine->rule_files, errors);
  for (const auto& [language, ids] : engine->sdk_constant_ids) {
    if (ids.empty()) continue;
    std::vector<std::string> names;
    for (const auto& kv : ids) names.push_back(kv.first);
    std::sort(names.begin(), names.end(),
              [](const std::string& a, const std::string& b) { return a.size() != b.size() ? a.size() > b.size() : a < b; });
    std::string alternation;
    for (const std::string& n : names) alternation += (alternation.empty() ? "" : "|") + RE2::QuoteMeta(n);
    auto re = std::make_unique<RE2>(alternation);
    if (!re->ok()) errors->push_back({"rules/sdk/constants.yaml", 0, 0, "constants of " + language + ": " + re->error()});
    engine->sdk_constants[language] = std::move(re);
  }
  engine->matcher = std::make_unique<Matcher>(*engine->catalog);
  if (!engine->matcher->ok()) errors->push_back({"rules/models", 0, 0, "prefilter: " + engine->matcher->error()});
  return engine;
}

template <class T, class Load>
const T* Engine::once(Lazy<T>& rules, Load load) {
  std::call_once(rules.once, [&] {
    std::vector<Diagnostic> errors;
    rules.value = load(&errors);
    for (const Diagnostic& d : errors)
      std::fprintf(stderr, "modelshift: internal error in the built-in rules: %s:%u: %s\n", d.path.c_str(), d.line,
                   d.message.c_str());
  });
  return rules.value.get();
}

const SdkRules* Engine::sdk() const {
  return once(sdk_, [this](std::vector<Diagnostic>* e) { return SdkRules::load(rule_files, languages, e, false); });
}

const PromptRules* Engine::prompts() const {
  return once(prompts_, [this](std::vector<Diagnostic>* e) { return PromptRules::load(rule_files, e); });
}

const StructureRules* Engine::structures() const {
  return once(structures_, [this](std::vector<Diagnostic>* e) { return StructureRules::load(rule_files, e); });
}

std::vector<std::pair<uint32_t, uint32_t>> line_columns(std::string_view text, const std::vector<uint32_t>& offsets) {
  std::vector<size_t> order(offsets.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return offsets[a] < offsets[b]; });
  std::vector<std::pair<uint32_t, uint32_t>> out(offsets.size());
  uint32_t line = 1;
  size_t line_start = 0, pos = 0;
  for (size_t idx : order) {
    size_t target = std::min<size_t>(offsets[idx], text.size());
    while (pos < target) {
      const void* nl = std::memchr(text.data() + pos, '\n', target - pos);
      if (!nl) {
        pos = target;
        break;
      }
      pos = static_cast<const char*>(nl) - text.data() + 1;
      ++line;
      line_start = pos;
    }
    out[idx] = {line, static_cast<uint32_t>(target - line_start + 1)};
  }
  return out;
}

namespace {

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

}  // namespace

namespace {

// A model_reference hit for a resolved candidate.
TextHit reference_hit(const Candidate& c, std::string_view text, const Language& lang, const std::string& as_of,
                      const std::string& context) {
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
  f.status = Catalog::status(r, as_of);
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
                       const std::string& as_of, std::vector<TextHit>* hits) {
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
    hits->push_back(reference_hit(found[i], text, lang, as_of, ctx.empty() ? "code" : ctx));
  }
}

TextHit call_site_hit(const Engine& engine, const Language& lang, std::string_view text, const std::string& as_of,
                      CallHit c) {
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
  describe_call_model(*engine.catalog, as_of, &f);
  return hit;
}

}  // namespace

std::vector<TextHit> scan_text(const Engine& engine, const Language& lang, std::string_view text,
                               const std::string& as_of, CodeParser& parser, FileResult* result,
                               const ScanFocus* focus) {
  std::vector<TextHit> hits;
  std::vector<Candidate> cands = engine.matcher->find(text);
  result->candidates += cands.size();
  // The prefilter: a file is parsed only when it names a model or holds a
  // keyword some call-site rule needs.
  auto consts = engine.sdk_constants.find(lang.name);
  const bool want_constants = lang.reader == Reader::Code && consts != engine.sdk_constants.end() &&
                              RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *consts->second);
  const bool want_structures = !focus && lang.reader == Reader::Code && engine.structures()->wants(text);
  bool want_exports = true;
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
    maybe_calls = maybe_calls && (flagged || want_constants);
    want_exports = false;
  }
  const bool want_calls = maybe_calls && engine.sdk()->wants(lang.name, text);
  if (cands.empty() && !want_calls && !want_constants && !want_structures) return hits;
  result->had_keywords = true;

  // Per candidate: context, key path, and the extent of the enclosing value
  // (strict families must fill a value whole).
  struct Judged {
    std::string context, key_path;
    uint32_t group = 0;  // code: the id table around it (CodeContext::group)
    uint32_t vb, ve;
    bool in_value;  // inside a string literal or config value (not prose)
  };
  std::vector<Judged> judged(cands.size());
  Reader reader = lang.reader;
  std::vector<CodeContext> code;
  std::shared_ptr<TSTree> tree;
  if (reader == Reader::Code) {
    result->parsed = true;
    tree = parser.parse(lang, text);
    if (!tree) {
      result->warnings.push_back({"", 0, 0, "parse abandoned (time budget); strings and comments found lexically"});
      reader = Reader::Lexical;
    } else {
      CodeParser::classify(tree.get(), lang, engine.languages, text, cands, &code);
      std::vector<CallHit> calls;
      if (want_calls || want_exports)
        find_calls(*engine.sdk(), lang, tree.get(), text, want_calls ? &calls : nullptr,
                   want_exports ? &result->exports : nullptr);
      for (CallHit& c : calls) hits.push_back(call_site_hit(engine, lang, text, as_of, std::move(c)));
      if (want_constants) sdk_constant_hits(engine, lang, tree.get(), text, as_of, &hits);
      if (!focus) find_structures(*engine.structures(), lang.name, text, &hits);
    }
  }
  RegionTable regions;
  if (reader != Reader::Code && reader != Reader::Docs && reader != Reader::Text) {
    regions = regions_for(reader, text, lang);
    for (Diagnostic d : regions.diagnostics) result->warnings.push_back(std::move(d));
    if (is_config_reader(reader)) result->deployments = engine.deployments->extract(text, regions);
  }
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

  for (size_t i = 0; i < cands.size(); ++i) {
    const Candidate& c = cands[i];
    const Judged& j = judged[i];
    if (j.context.empty()) {
      ++result->dropped_code;
      continue;
    }
    if (c.res.strict()) {
      bool whole = j.in_value && j.vb == c.begin && j.ve == c.end;
      if (j.context == "docs" || j.context == "text")
        whole = backticked(text, c.begin, c.end) &&
                (!c.res.family->word || engine.matcher->in_model_context(text, c.begin, ""));
      // Commented-out code keeps its quotes: `# create(model="o3-mini")`.
      else if (j.context == "comment" && quoted(text, c.begin, c.end))
        whole = engine.matcher->in_model_context(text, c.begin, "");
      else whole = whole && engine.matcher->in_model_context(text, j.vb, j.key_path);
      if (!whole) {
        ++result->dropped_strict;
        continue;
      }
    }
    if (is_prose(j.context) && display_name(text.substr(c.begin, c.end - c.begin))) {
      ++result->dropped_strict;
      continue;
    }
    if (j.context != "comment" && j.context != "docs" && engine.matcher->in_tokenizer_context(text, c.begin)) {
      ++result->dropped_tokenizer;
      continue;
    }
    TextHit hit = reference_hit(c, text, lang, as_of, j.context);
    Finding& f = hit.finding;
    f.key_path = j.key_path;
    if (j.group) f.table = "code@" + std::to_string(j.group);
    else if (!j.key_path.empty()) f.table = "key@" + parent_key_path(j.key_path);
    hits.push_back(std::move(hit));
  }
  if (focus) return hits;  // prompts name no model
  std::vector<PromptHit> prompts;
  find_prompts(*engine.prompts(), lang, engine.languages, tree.get(), &regions, text, &prompts);
  for (PromptHit& p : prompts) hits.push_back({p.begin, p.end, std::move(p.finding)});
  return hits;
}

FileResult scan_bytes(const Engine& engine, const std::string& rel_path, std::string_view bytes,
                      const std::string& as_of, CodeParser& parser, const ScanFocus* focus) {
  FileResult result;
  if (std::memchr(bytes.data(), '\0', std::min(bytes.size(), kBinaryProbe))) {
    result.skipped.push_back({rel_path, "binary"});
    return result;
  }
  std::string_view text = bytes;
  // Prompt files are prompts by their path, keywords or not (no model: a
  // focused scan skips them).
  std::string prompt_role = focus ? "" : engine.prompts()->file_role(rel_path);
  if (!prompt_role.empty()) result.findings.push_back(prompt_file_finding(*engine.prompts(), rel_path, prompt_role, text));
  const Language* lang = engine.languages.classify(rel_path, text.substr(0, 256));
  if (lang->reader == Reader::Notebook) {
    scan_notebook(engine, rel_path, text, as_of, parser, &result);
  } else {
    std::vector<TextHit> hits = scan_text(engine, *lang, text, as_of, parser, &result, focus);
    place_hits(&hits, text, rel_path, [](uint32_t off, bool) { return off; }, &result.findings);
    std::vector<uint32_t> offsets;
    for (const Export& e : result.exports) offsets.push_back(e.offset);
    result.export_lines = line_columns(text, offsets);
  }
  if (!focus) {
    if (engine.prompts()->skipped(rel_path))
      std::erase_if(result.findings, [](const Finding& f) { return f.kind == "prompt"; });
    link_prompts(*engine.prompts(), &result.findings);
  }
  // Loads of JSON schema files wait for link_across_files (run_scan); never reported.
  auto loads = std::stable_partition(result.findings.begin(), result.findings.end(),
                                     [](const Finding& f) { return f.kind != kSchemaFileLoad; });
  result.schema_loads.assign(std::make_move_iterator(loads), std::make_move_iterator(result.findings.end()));
  result.findings.erase(loads, result.findings.end());
  for (Diagnostic& d : result.warnings) d.path = rel_path;
  return result;
}

namespace {

// One model_catalogue finding for `entries` (sorted by position).
Finding make_catalogue(std::vector<Finding>& entries) {
  const Finding& first = entries.front();
  const Finding& last = entries.back();
  Finding table;
  table.kind = "model_catalogue";
  table.path = first.path;
  table.loc = {first.loc.line, first.loc.column, last.loc.end_line, last.loc.end_column};
  table.context = first.context;
  table.language = first.language;
  table.cell = first.cell;
  table.rule = "catalogue";
  table.line_text = first.line_text;
  table.entries = static_cast<uint32_t>(entries.size());
  std::set<std::string> distinct;
  for (const Finding& e : entries) {
    distinct.insert(e.canonical);
    ++table.catalogue_by_status[e.status];
  }
  table.catalogue_models.assign(distinct.begin(), distinct.end());
  return table;
}

size_t distinct_models(const std::vector<Finding>& v, size_t b, size_t e) {
  std::set<std::string> distinct;
  for (size_t k = b; k < e; ++k) distinct.insert(v[k].canonical);
  return distinct.size();
}

}  // namespace

namespace {

std::string dir_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// ".py" of "a/b.py"; "" without an extension.
std::string ext(const std::string& path) {
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  return dot == std::string::npos || (slash != std::string::npos && dot < slash) ? std::string() : path.substr(dot);
}

// The last name of a key path: "chat.env.CHAT_MODEL" -> "CHAT_MODEL".
std::string last_key(const std::string& key_path) {
  size_t cut = key_path.find_last_of(".]");
  return cut == std::string::npos ? key_path : key_path.substr(cut + 1);
}

}  // namespace

void resolve_across_files(const Engine& engine, const std::string& as_of, const std::vector<WalkEntry>& files,
                          std::vector<FileResult>* results) {
  struct Def {
    const std::string* path;
    const Export* e;
    uint32_t line, column;
  };
  std::map<std::string, std::vector<Def>> defs;
  std::map<std::string, const Finding*> env;  // first setting by path order
  std::vector<const Finding*> config;         // model ids in config files, by key path
  for (size_t i = 0; i < results->size(); ++i) {
    const FileResult& r = (*results)[i];
    for (size_t k = 0; k < r.exports.size() && k < r.export_lines.size(); ++k)
      defs[r.exports[k].name].push_back({&files[i].rel_path, &r.exports[k], r.export_lines[k].first, r.export_lines[k].second});
    for (const Finding& f : r.findings)
      if (f.kind == "model_reference" && f.context == "config" && !f.key_path.empty())
      {
        env.emplace(last_key(f.key_path), &f);
        config.push_back(&f);
      }
  }
  for (size_t i = 0; i < results->size(); ++i) {
    for (Finding& f : (*results)[i].findings) {
      if (f.kind != "call_site" && f.kind != "embedding") continue;
      bool changed = false;
      if (f.model.empty() && !f.symbol.empty()) {
        auto it = defs.find(f.symbol);
        if (it != defs.end()) {
          // Same directory (package) first; else a single definition, or
          // several that agree.
          // Only definitions in files of the same kind (extension) count.
          std::vector<Def> cands;
          for (const Def& d : it->second)
            if (ext(*d.path) == ext(f.path)) cands.push_back(d);
          const Def* pick = nullptr;
          for (const Def& d : cands)
            if (dir_of(*d.path) == dir_of(f.path)) {
              pick = &d;
              break;
            }
          if (!pick && !cands.empty()) {
            bool agree = true;
            for (const Def& d : cands) agree &= d.e->value == cands.front().e->value;
            if (agree) pick = &cands.front();
          }
          if (pick) {
            f.model = pick->e->value;
            f.model_source = pick->e->source;
            if (!pick->e->env_var.empty()) f.env_var = pick->e->env_var;
            f.resolution.push_back({*pick->path, 0, pick->line, pick->column, f.symbol + " defined in " + *pick->path});
            f.symbol.clear();
            changed = true;
          } else if (cands.size() > 1) {
            f.resolution.push_back({"", 0, f.loc.line, f.loc.column,
                                    std::to_string(cands.size()) + " different definitions of " + f.symbol});
            f.resolution.back().path = f.path;
          }
        }
      }
      if (!f.env_var.empty()) {
        auto it = env.find(f.env_var);
        if (it != env.end()) {
          const Finding& set = *it->second;
          f.resolution.push_back({set.path, 0, set.loc.line, set.loc.column,
                                  f.env_var + "=" + set.written + " in " + set.path});
          f.model = set.written;
          f.model_source = "env";
          changed = true;
        }
      }
      // CONFIG["models"]["chat"] / settings.models.chat: a config file of the
      // repository whose key path ends with that key (first by path order;
      // the same directory first). It wins over a default in code
      // (`config('k', 'd')`, "${k:d}"), as the running application would.
      if ((f.model.empty() || f.model_source == "config") && !f.config_key.empty()) {
        const Finding* pick = nullptr;
        for (const Finding* c : config) {
          const std::string& k = c->key_path;
          bool ends = k == f.config_key || (k.size() > f.config_key.size() &&
                                            k.compare(k.size() - f.config_key.size(), f.config_key.size(), f.config_key) == 0 &&
                                            k[k.size() - f.config_key.size() - 1] == '.');
          if (!ends) continue;
          if (!pick || (dir_of(c->path) == dir_of(f.path) && dir_of(pick->path) != dir_of(f.path))) pick = c;
        }
        if (pick) {
          f.resolution.push_back({pick->path, 0, pick->loc.line, pick->loc.column,
                                  pick->key_path + ": " + pick->written + " in " + pick->path});
          f.model = pick->written;
          f.model_source = "config";
          changed = true;
        }
      }
      if (changed) describe_call_model(*engine.catalog, as_of, &f);
    }
  }
  // Last, so that a deployment name read from the environment resolves too.
  std::vector<std::pair<const std::string*, const std::vector<Deployment>*>> deployments;
  std::vector<Finding*> call_sites;
  for (size_t i = 0; i < results->size(); ++i) {
    if (!(*results)[i].deployments.empty()) deployments.push_back({&files[i].rel_path, &(*results)[i].deployments});
    for (Finding& f : (*results)[i].findings)
      if (f.kind == "call_site") call_sites.push_back(&f);
  }
  resolve_deployments(deployments, *engine.catalog, &call_sites,
                      [&](Finding* f) { describe_call_model(*engine.catalog, as_of, f); });
}

void place_hits(std::vector<TextHit>* hits, std::string_view file, const std::string& rel_path,
                const std::function<uint32_t(uint32_t, bool)>& to_file, std::vector<Finding>* out) {
  std::vector<uint32_t> offsets;
  for (const TextHit& h : *hits) {
    offsets.push_back(to_file(h.begin, false));
    offsets.push_back(to_file(h.end, true));
    for (const ResolutionStep& s : h.finding.resolution)
      if (s.path.empty()) offsets.push_back(to_file(s.offset, false));
  }
  std::vector<std::pair<uint32_t, uint32_t>> lc = line_columns(file, offsets);
  size_t k = 0;
  for (TextHit& h : *hits) {
    Finding f = std::move(h.finding);
    f.path = rel_path;
    f.loc = {lc[k].first, lc[k].second, lc[k + 1].first, lc[k + 1].second};
    k += 2;
    for (ResolutionStep& s : f.resolution)
      if (s.path.empty()) {
        s.path = rel_path;
        s.line = lc[k].first;
        s.column = lc[k].second;
        ++k;
      }
    finish_links(&f);
    out->push_back(std::move(f));
  }
}

void collapse_catalogues(const FalsePositives& fp, std::vector<Finding>* findings) {
  // 1. Syntactic tables: the findings of one dict/list/switch/union (code) or
  //    one mapping/list (config), however far apart their lines are.
  std::map<std::string, std::vector<size_t>> tables;
  for (size_t i = 0; i < findings->size(); ++i) {
    const Finding& f = (*findings)[i];
    if (f.kind == "model_reference" && !f.table.empty()) tables[std::to_string(f.cell.value_or(0)) + '/' + f.table].push_back(i);
  }
  std::vector<bool> taken(findings->size(), false);
  std::vector<Finding> out;
  for (const auto& [key, idx] : tables) {
    std::set<std::string> distinct;
    for (size_t i : idx) distinct.insert((*findings)[i].canonical);
    if (distinct.size() < fp.catalogue_min_distinct) continue;
    std::vector<Finding> entries;
    for (size_t i : idx) {
      taken[i] = true;
      entries.push_back((*findings)[i]);
    }
    out.push_back(make_catalogue(entries));
  }
  std::vector<Finding> in;
  for (size_t i = 0; i < findings->size(); ++i) {
    if (taken[i]) continue;
    // Only model references make tables; call sites and the rest pass.
    if ((*findings)[i].kind != "model_reference") out.push_back(std::move((*findings)[i]));
    else in.push_back(std::move((*findings)[i]));
  }

  // 2. Dense runs of the rest (lists in docs and text, tables the readers do
  //    not see as one structure).
  size_t i = 0;
  while (i < in.size()) {
    size_t j = i + 1;
    while (j < in.size() && in[j].loc.line <= in[j - 1].loc.end_line + fp.catalogue_max_line_gap) ++j;
    if (distinct_models(in, i, j) < fp.catalogue_min_distinct) {
      for (size_t k = i; k < j; ++k) out.push_back(std::move(in[k]));
      i = j;
      continue;
    }
    std::vector<Finding> entries(std::make_move_iterator(in.begin() + i), std::make_move_iterator(in.begin() + j));
    out.push_back(make_catalogue(entries));
    i = j;
  }
  std::sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.loc.line, a.loc.column, a.kind, a.loc.end_line, a.loc.end_column) <
           std::tie(b.loc.line, b.loc.column, b.kind, b.loc.end_line, b.loc.end_column);
  });
  *findings = std::move(out);
}

void assign_fingerprints(std::vector<Finding>* findings) {
  // Occurrence index among findings of the same file with the same rule,
  // model and line text, so identical lines stay distinct but moving a line
  // (or editing others) changes nothing.
  std::map<std::string, uint32_t> seen;
  for (Finding& f : *findings) {
    // A call site keys on its callee, not on a model that a fix will change.
    const std::string& what = f.kind == "call_site" ? f.callee : f.written;
    std::string key = f.kind + '\x1f' + f.rule + '\x1f' + f.path + '\x1f' + what + '\x1f' + f.line_text;
    uint32_t occurrence = seen[key]++;
    f.fingerprint = fingerprint_hex(key + '\x1f' + std::to_string(occurrence));
  }
}

Inventory run_scan(const Engine& engine, const ScanOptions& options) {
  Inventory inv;
  inv.as_of = options.as_of;
  auto t0 = std::chrono::steady_clock::now();
  WalkResult walked = walk(options.paths.empty() ? std::vector<std::string>{"."} : options.paths, options.walk);
  inv.stats.walk_seconds = seconds_since(t0);
  inv.stats.files_walked = walked.files.size();
  inv.root = walked.root;
  inv.errors = std::move(walked.errors);
  inv.skipped = std::move(walked.skipped);
  // Files of an SDK's own package (node_modules/openai/...) define the SDK:
  // their findings are marked so that reports do not count them as usage.
  std::unique_ptr<SdkPackageRules> sdk_packages = SdkPackageRules::load(engine.rule_files, &inv.errors);
  SdkPackageIndex sdk_index = SdkPackageIndex::on_disk(*sdk_packages, inv.root);

  auto t1 = std::chrono::steady_clock::now();
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(1, walked.files.size())));
  std::vector<FileResult> results(walked.files.size());
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> bytes{0};
  std::atomic<size_t> done{0};
  auto worker = [&]() {
    CodeParser parser;
    std::string buffer;
    for (size_t i = next++; i < walked.files.size(); i = next++) {
      const WalkEntry& e = walked.files[i];
      std::string error;
      if (!read_file(e.abs_path, e.size, &buffer, &error)) {
        results[i].skipped.push_back({e.rel_path, "unreadable: " + error});
      } else if (buffer.size() > options.walk.max_filesize) {
        // The file grew after the walk looked at it.
        results[i].skipped.push_back({e.rel_path, "too large"});
      } else {
        bytes += buffer.size();
        results[i] = scan_bytes(engine, e.rel_path, buffer, options.as_of, parser);
        mark_suppressed(engine, buffer, &results[i].findings);  // the gate's inline suppressions
      }
      ++done;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  if (options.progress && walked.files.size() > 200) {
    // The main thread reports progress while it also works.
    std::thread progress([&]() {
      while (done < walked.files.size()) {
        std::fprintf(stderr, "\rmodelshift: scanned %zu/%zu files", done.load(), walked.files.size());
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      std::fprintf(stderr, "\r\033[K");
    });
    worker();
    for (std::thread& t : threads) t.join();
    progress.join();
  } else {
    worker();
    for (std::thread& t : threads) t.join();
  }

  resolve_across_files(engine, options.as_of, walked.files, &results);
  link_across_files(*engine.structures(), walked.files, &results);  // schema files, stores of other files
  link_call_sites(&results);  // each call site lists the prompts and schemas it uses

  // Merge in walk order (already sorted by path), then sort each file's findings.
  for (FileResult& r : results) {
    inv.stats.files_with_keywords += r.had_keywords;
    inv.stats.files_parsed += r.parsed;
    inv.stats.candidates += r.candidates;
    inv.stats.dropped_code += r.dropped_code;
    inv.stats.dropped_strict += r.dropped_strict;
    inv.stats.dropped_tokenizer += r.dropped_tokenizer;
    std::sort(r.findings.begin(), r.findings.end(), [](const Finding& a, const Finding& b) {
      return std::tie(a.loc.line, a.loc.column, a.kind, a.loc.end_line, a.loc.end_column) <
             std::tie(b.loc.line, b.loc.column, b.kind, b.loc.end_line, b.loc.end_column);
    });
    if (!options.expand_catalogues) collapse_catalogues(engine.catalog->false_positives(), &r.findings);
    mark_sdk_definitions(sdk_index, &r.findings);
    assign_fingerprints(&r.findings);
    for (Finding& f : r.findings) inv.findings.push_back(std::move(f));
    for (Skipped& s : r.skipped) inv.skipped.push_back(std::move(s));
    for (Diagnostic& d : r.warnings) inv.warnings.push_back(std::move(d));
  }
  for (Diagnostic& d : sdk_index.take_warnings()) inv.warnings.push_back(std::move(d));
  std::stable_sort(inv.findings.begin(), inv.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.path, a.loc.line, a.loc.column, a.kind) < std::tie(b.path, b.loc.line, b.loc.column, b.kind);
  });
  std::sort(inv.skipped.begin(), inv.skipped.end(), [](const Skipped& a, const Skipped& b) {
    return std::tie(a.path, a.reason) < std::tie(b.path, b.reason);
  });
  inv.stats.bytes_read = bytes;
  inv.stats.findings = inv.findings.size();
  inv.stats.scan_seconds = seconds_since(t1);
  return inv;
}

}  // namespace modelshift
