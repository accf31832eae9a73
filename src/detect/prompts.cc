// Prompts: find_prompts() picks the reader (config values, or the code
// scanner of prompt_scanner.h over a parse's literals and comments),
// describe_prompt() fills every prompt's details, and link_prompts() links
// each prompt to the call site it feeds. The rules' loader lives in
// prompt_rules.cc; the code scanner in prompt_scanner.cc, prompt_messages.cc
// and prompt_keys.cc.
#include "detect/prompts.h"

#include <tree_sitter/api.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "core/fingerprint.h"
#include "detect/calls.h"
#include "detect/prompt_scanner.h"
#include "read/regions.h"

namespace modelshift {

using prompt_scan::utf8_length;

namespace {

// A string literal's content inside its node: prefixes (f, r, b, @, $, #)
// and up to three quotes stripped at each end.
Region literal_region(std::string_view text, uint32_t b, uint32_t e) {
  while (b < e && (std::isalpha(static_cast<unsigned char>(text[b])) || text[b] == '@' || text[b] == '$' ||
                   text[b] == '#'))
    ++b;
  int quotes = 0;
  while (b < e && quotes < 3 && std::strchr("\"'`", text[b])) ++b, ++quotes;
  while (e > b && text[e - 1] == '#') --e;
  for (int q = 0; q < quotes && e > b && std::strchr("\"'`", text[e - 1]); ++q) --e;
  return {b, e, RegionKind::Value, ""};
}

// String literals and comments of a parsed file, as regions. A string node
// is taken whole (its children are its parts), except concatenations.
RegionTable tree_regions(TSTree* tree, const LanguageTable& table, std::string_view text) {
  RegionTable out;
  auto has_word = [](const char* type, const std::vector<std::string>& words) {
    for (const std::string& w : words)
      if (std::strstr(type, w.c_str())) return true;
    return false;
  };
  TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(tree));
  bool descend = true;
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&cur);
    const char* type = ts_node_type(n);
    bool leaf_region = false;
    if (descend && ts_node_is_named(n) && !std::strstr(type, "concatenated")) {
      if (has_word(type, table.comment_node_words())) {
        out.regions.push_back({ts_node_start_byte(n), ts_node_end_byte(n), RegionKind::Comment, ""});
        leaf_region = true;
      } else if (has_word(type, table.string_node_words()) && std::strcmp(type, "symbol") != 0) {
        out.regions.push_back(literal_region(text, ts_node_start_byte(n), ts_node_end_byte(n)));
        leaf_region = true;
      }
    }
    if (descend && !leaf_region && ts_tree_cursor_goto_first_child(&cur)) continue;
    if (ts_tree_cursor_goto_next_sibling(&cur)) {
      descend = true;
      continue;
    }
    bool up = false;
    while (ts_tree_cursor_goto_parent(&cur)) {
      if (ts_tree_cursor_goto_next_sibling(&cur)) {
        up = true;
        break;
      }
    }
    if (!up) break;
    descend = true;
  }
  ts_tree_cursor_delete(&cur);
  std::sort(out.regions.begin(), out.regions.end(), [](const Region& a, const Region& b) { return a.begin < b.begin; });
  return out;
}

std::string last_key(const std::string& key_path) {
  size_t cut = key_path.find_last_of('.');
  std::string k = cut == std::string::npos ? key_path : key_path.substr(cut + 1);
  size_t br = k.find('[');
  return br == std::string::npos ? k : k.substr(0, br);
}

// Configs: values under prompt keys, and role/content mappings (promptfoo,
// LangChain hub exports).
void config_prompts(const PromptRules& rules, const Language& lang, const RegionTable& regions, std::string_view text,
                    std::vector<PromptHit>* out) {
  struct Msg {
    std::string role;
    const Region* content = nullptr;
    uint32_t begin = UINT32_MAX;
  };
  std::map<std::string, Msg> msgs;  // parent path -> message
  std::set<const Region*> used;
  for (const Region& r : regions.regions) {
    if (r.kind != RegionKind::Value) continue;
    std::string key = last_key(r.key_path);
    size_t cut = r.key_path.rfind('.');
    std::string parent = cut == std::string::npos ? "" : r.key_path.substr(0, cut);
    std::string_view value = text.substr(r.begin, r.end - r.begin);
    if (std::find(rules.role_keys.begin(), rules.role_keys.end(), key) != rules.role_keys.end()) {
      auto role = rules.roles.find(std::string(value));
      if (role != rules.roles.end()) {
        Msg& m = msgs[parent];
        m.role = role->second;
        m.begin = std::min(m.begin, r.begin);
      }
    } else if (std::find(rules.content_keys.begin(), rules.content_keys.end(), key) != rules.content_keys.end()) {
      Msg& m = msgs[parent];
      m.content = &r;
      m.begin = std::min(m.begin, r.begin);
    }
  }
  for (const auto& [parent, m] : msgs) {
    if (m.role.empty() || !m.content) continue;
    used.insert(m.content);
    std::string_view content = text.substr(m.content->begin, m.content->end - m.content->begin);
    PromptHit h;
    h.begin = m.begin;
    h.end = m.content->end;
    h.finding.kind = "prompt";
    h.finding.rule = "prompt.config_message";
    h.finding.language = lang.name;
    h.finding.context = "config";
    h.finding.key_path = parent;
    describe_prompt(rules, content, m.role, 0, &h.finding);
    out->push_back(std::move(h));
  }
  for (const Region& r : regions.regions) {
    if (r.kind != RegionKind::Value || used.count(&r)) continue;
    std::string_view value = text.substr(r.begin, r.end - r.begin);
    if (utf8_length(value) < rules.min_length) continue;
    std::string key = last_key(r.key_path);
    std::string role = rules.key_role(key);
    // promptfoo's `prompts:` list holds bare strings: prompts[0].
    if (role.empty() && r.key_path.compare(0, 8, "prompts[") == 0 && r.key_path.find('.') == std::string::npos)
      role = "user";
    if (role.empty()) continue;
    PromptHit h;
    h.begin = r.begin;
    h.end = r.end;
    h.finding.kind = "prompt";
    h.finding.rule = "prompt.config";
    h.finding.language = lang.name;
    h.finding.context = "config";
    h.finding.key_path = r.key_path;
    describe_prompt(rules, value, role, 0, &h.finding);
    out->push_back(std::move(h));
  }
}

}  // namespace

void redact_secrets(const PromptRules& rules, std::string* text) {
  for (const auto& re : rules.secrets) RE2::GlobalReplace(text, *re, "[REDACTED]");
}

void describe_prompt(const PromptRules& rules, std::string_view content, const std::string& role, int few_shot,
                     Finding* f) {
  // The whole content, for the plan's token counts (never printed; a prompt
  // file is capped by the scan's size limit).
  f->text.assign(content.data(), content.size());
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const auto& re : rules.placeholders) {
    re2::StringPiece input(content.data(), content.size()), name;
    while (RE2::FindAndConsume(&input, *re, &name)) {
      std::string n(name.data(), name.size());
      if (seen.insert(n).second) names.push_back(n);
    }
  }
  std::string list = "[";
  for (const std::string& n : names) list += (list.size() > 1 ? "," : "") + json_string(n, true);
  list += "]";
  // Excerpt: whitespace collapsed, cut at a character boundary, secrets out.
  std::string excerpt;
  bool space = false;
  size_t chars = 0;
  for (size_t i = 0; i < content.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(content[i]);
    if (std::isspace(c)) {
      space = !excerpt.empty();
      continue;
    }
    if ((c & 0xC0) != 0x80) {
      if (chars + (space ? 1 : 0) >= rules.excerpt_chars) break;
      if (space) excerpt += ' ', ++chars;
      ++chars;
    }
    space = false;
    excerpt += static_cast<char>(c);
  }
  redact_secrets(rules, &excerpt);
  f->details.clear();
  f->details.emplace_back("role", json_string(role, true));
  f->details.emplace_back("placeholders", list);
  f->details.emplace_back("few_shot", std::to_string(few_shot));
  f->details.emplace_back("length", std::to_string(utf8_length(content)));
  f->details.emplace_back("hash", json_string("fnv1a64:" + fingerprint_hex(content), true));
  f->details.emplace_back("excerpt", json_string(excerpt, true));
  f->line_text = "prompt:" + fingerprint_hex(content);
}

void find_prompts(const PromptRules& rules, const Language& lang, const LanguageTable& table, TSTree* tree,
                  const RegionTable* regions, std::string_view text, std::vector<PromptHit>* out) {
  if (lang.reader == Reader::Yaml || lang.reader == Reader::Json || lang.reader == Reader::Toml) {
    if (regions) config_prompts(rules, lang, *regions, text, out);
    return;
  }
  if (lang.reader != Reader::Code && lang.reader != Reader::Lexical) return;
  RegionTable own;
  if (tree) own = tree_regions(tree, table, text);
  const RegionTable& rt = tree ? own : *regions;
  if (!tree && !regions) return;
  std::vector<Region> values, comments;
  for (const Region& r : rt.regions) (r.kind == RegionKind::Comment ? comments : values).push_back(r);
  prompt_scan::CodeScanner s(rules, lang, text, std::move(values), std::move(comments));
  s.messages(out);
  s.keyed(out);
}

Finding prompt_file_finding(const PromptRules& rules, const std::string& rel_path, const std::string& role,
                            std::string_view text) {
  Finding f;
  f.kind = "prompt";
  f.path = rel_path;
  f.rule = "prompt.file";
  f.context = "text";
  f.language = "prompt";
  uint32_t lines = 1, last_line_start = 0;
  for (uint32_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' && i + 1 < text.size()) ++lines, last_line_start = i + 1;
  size_t end = text.size();
  if (end > last_line_start && text[end - 1] == '\n') --end;
  f.loc = {1, 1, lines, static_cast<uint32_t>(end - last_line_start + 1)};
  describe_prompt(rules, text, role, 0, &f);
  return f;
}

void link_prompts(const PromptRules& rules, std::vector<Finding>* findings) {
  auto before = [](const Location& a, uint32_t line, uint32_t col) {
    return a.line < line || (a.line == line && a.column <= col);
  };
  for (Finding& p : *findings) {
    if (p.kind != "prompt") continue;
    const Finding* best = nullptr;
    for (const Finding& c : *findings) {
      if (c.kind != "call_site" || c.path != p.path || c.cell != p.cell) continue;
      bool inside = before(c.loc, p.loc.line, p.loc.column) &&
                    (p.loc.end_line < c.loc.end_line ||
                     (p.loc.end_line == c.loc.end_line && p.loc.end_column <= c.loc.end_column));
      if (inside && (!best || before(best->loc, c.loc.line, c.loc.column))) best = &c;
    }
    if (!best && !p.symbol.empty()) {
      std::string expr = "{\"expr\":" + json_string(p.symbol, true) + "}";
      for (const Finding& c : *findings) {
        if (c.kind != "call_site" || c.path != p.path) continue;
        for (const auto& [name, value] : c.parameters)
          if (value == expr) {
            best = &c;
            // `system=REVIEW_PROMPT`: the argument says the role.
            std::string role = rules.key_role(name);
            if (!role.empty() && !p.details.empty() && p.details.front().first == "role")
              p.details.front().second = json_string(role, true);
            break;
          }
        if (best) break;
      }
    }
    p.symbol.clear();
    if (best)
      p.details.emplace_back("feeds", "{\"path\":" + json_string(best->path, true) + ",\"line\":" + std::to_string(best->loc.line) +
                                          ",\"column\":" + std::to_string(best->loc.column) + "}");
  }
}

}  // namespace modelshift
