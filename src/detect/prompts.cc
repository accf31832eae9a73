#include "detect/prompts.h"

#include <tree_sitter/api.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "core/fingerprint.h"
#include "core/yaml_util.h"
#include "detect/calls.h"
#include "read/regions.h"

namespace modelshift {

namespace {


// "**/prompts/**/*.txt" as an RE2 over '/'-separated relative paths; a
// leading "**/" also matches at the root.
std::string glob_to_re2(const std::string& glob) {
  std::string re;
  for (size_t i = 0; i < glob.size(); ++i) {
    if (glob.compare(i, 3, "**/") == 0) {
      re += "(?:.*/)?";
      i += 2;
    } else if (glob.compare(i, 2, "**") == 0) {
      re += ".*";
      ++i;
    } else if (glob[i] == '*') {
      re += "[^/]*";
    } else if (glob[i] == '?') {
      re += "[^/]";
    } else {
      re += RE2::QuoteMeta(std::string(1, glob[i]));
    }
  }
  return re;
}

bool is_id(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

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

// One text of a prompt: a run of adjacent literals ("a" "b", "a" + "b").
struct Run {
  size_t first = 0, last = 0;  // indexes into the value regions
  uint32_t begin = 0, end = 0;  // from the first opening quote to the last closing one
  std::string content;
};

class Scanner {
 public:
  Scanner(const PromptRules& rules, const Language& lang, std::string_view text, std::vector<Region> values,
          std::vector<Region> comments)
      : rules_(rules), lang_(lang), text_(text), values_(std::move(values)), comments_(std::move(comments)) {
    openers();
  }

  void messages(std::vector<PromptHit>* out);
  void keyed(std::vector<PromptHit>* out);

 private:
  struct Message {
    uint32_t opener;  // '{' or '(' of the message
    std::string role;
    int run = -1;  // index into runs_ of its literal content
  };

  bool in_code(uint32_t pos) const;
  int value_at(uint32_t pos) const;   // index of the value region starting at pos (its content), or -1
  int value_after(uint32_t pos) const;  // first value region whose quote starts after whitespace from pos
  Run run_from(size_t index) const;
  int enclosing(uint32_t pos) const;  // innermost opener index containing pos, or -1
  void openers();
  int content_in(uint32_t opener_pos, uint32_t from);
  PromptHit make(const std::string& rule, uint32_t begin, uint32_t end, const std::string& content,
                 const std::string& role, int few_shot) const;

  const PromptRules& rules_;
  const Language& lang_;
  std::string_view text_;
  std::vector<Region> values_, comments_;
  struct Opener {
    uint32_t pos, close;
    int parent;
  };
  std::vector<Opener> openers_;
  std::vector<Run> runs_;
  std::set<size_t> used_;  // value regions already part of a prompt
};

bool Scanner::in_code(uint32_t pos) const {
  for (const std::vector<Region>* v : {&values_, &comments_}) {
    auto it = std::upper_bound(v->begin(), v->end(), pos, [](uint32_t p, const Region& r) { return p < r.begin; });
    if (it != v->begin() && pos < std::prev(it)->end + (v == &values_ ? 1 : 0) && pos >= std::prev(it)->begin) return false;
  }
  return true;
}

int Scanner::value_at(uint32_t pos) const {
  auto it = std::lower_bound(values_.begin(), values_.end(), pos, [](const Region& r, uint32_t p) { return r.begin < p; });
  return it != values_.end() && it->begin == pos ? static_cast<int>(it - values_.begin()) : -1;
}

// The value region whose literal starts at the first non-blank after pos
// (a prefix and quotes in between).
int Scanner::value_after(uint32_t pos) const {
  while (pos < text_.size() && is_space(text_[pos])) ++pos;
  auto it = std::lower_bound(values_.begin(), values_.end(), pos, [](const Region& r, uint32_t p) { return r.begin < p; });
  if (it == values_.end() || it->begin > pos + 5) return -1;
  for (uint32_t k = pos; k < it->begin; ++k)
    if (!std::strchr("\"'`@$#fFrRbBuU", text_[k])) return -1;
  return static_cast<int>(it - values_.begin());
}

Run Scanner::run_from(size_t index) const {
  Run r;
  r.first = r.last = index;
  r.content = std::string(text_.substr(values_[index].begin, values_[index].end - values_[index].begin));
  while (r.last + 1 < values_.size()) {
    const Region& cur = values_[r.last];
    const Region& next = values_[r.last + 1];
    bool joined = true;
    for (uint32_t k = cur.end; k < next.begin && joined; ++k)
      joined = is_space(text_[k]) || std::strchr("\"'`+\\@$fFrRbBuU", text_[k]);
    if (!joined) break;
    ++r.last;
    r.content += text_.substr(next.begin, next.end - next.begin);
  }
  r.begin = values_[r.first].begin;
  while (r.begin > 0 && std::strchr("\"'`", text_[r.begin - 1])) --r.begin;
  r.end = values_[r.last].end;
  while (r.end < text_.size() && std::strchr("\"'`", text_[r.end])) ++r.end;
  return r;
}

// Brackets outside strings and comments, each with its closer and parent.
void Scanner::openers() {
  std::vector<int> stack;
  size_t vi = 0, ci = 0;
  for (uint32_t i = 0; i < text_.size(); ++i) {
    while (vi < values_.size() && values_[vi].end < i) ++vi;
    while (ci < comments_.size() && comments_[ci].end <= i) ++ci;
    if (vi < values_.size() && values_[vi].begin <= i && i < values_[vi].end) {
      i = values_[vi].end - 1;
      continue;
    }
    if (ci < comments_.size() && comments_[ci].begin <= i && i < comments_[ci].end) {
      i = comments_[ci].end - 1;
      continue;
    }
    char c = text_[i];
    if (c == '{' || c == '[' || c == '(') {
      openers_.push_back({i, static_cast<uint32_t>(text_.size()), stack.empty() ? -1 : stack.back()});
      stack.push_back(static_cast<int>(openers_.size()) - 1);
    } else if ((c == '}' || c == ']' || c == ')') && !stack.empty()) {
      openers_[stack.back()].close = i;
      stack.pop_back();
    }
  }
}

int Scanner::enclosing(uint32_t pos) const {
  auto it = std::lower_bound(openers_.begin(), openers_.end(), pos, [](const Opener& o, uint32_t p) { return o.pos < p; });
  int k = static_cast<int>(it - openers_.begin()) - 1;
  while (k >= 0 && openers_[k].close < pos) k = openers_[k].parent;
  return k;
}

// The literal content of a message: after a content key inside the message,
// else (tuples, constructors) the first literal after `from`.
int Scanner::content_in(uint32_t opener_pos, uint32_t from) {
  int oi = enclosing(opener_pos + 1);
  uint32_t close = oi >= 0 ? openers_[oi].close : static_cast<uint32_t>(text_.size());
  for (const std::string& key : rules_.content_keys) {
    for (size_t p = text_.find(key, opener_pos); p != std::string_view::npos && p < close; p = text_.find(key, p + 1)) {
      if ((p > 0 && is_id(text_[p - 1])) || (p + key.size() < text_.size() && is_id(text_[p + key.size()]))) continue;
      if (enclosing(static_cast<uint32_t>(p)) != oi) continue;
      size_t q = p + key.size();
      while (q < close && (text_[q] == '"' || text_[q] == '\'' || is_space(text_[q]))) ++q;
      if (q >= close || (text_[q] != ':' && text_[q] != '=')) continue;
      if (q + 1 < close && text_[q + 1] == '>') ++q;  // PHP =>
      int v = value_after(static_cast<uint32_t>(q + 1));
      if (v >= 0 && values_[v].begin < close) return v;
      return -1;  // content is not a literal
    }
  }
  int v = value_after(from);
  return v >= 0 && values_[v].begin < close ? v : -1;
}

PromptHit Scanner::make(const std::string& rule, uint32_t begin, uint32_t end, const std::string& content,
                        const std::string& role, int few_shot) const {
  PromptHit h;
  h.begin = begin;
  h.end = end;
  Finding& f = h.finding;
  f.kind = "prompt";
  f.rule = rule;
  f.language = lang_.name;
  f.context = lang_.reader == Reader::Code || lang_.reader == Reader::Lexical ? "code" : "config";
  describe_prompt(rules_, content, role, few_shot, &f);
  return h;
}

void Scanner::messages(std::vector<PromptHit>* out) {
  std::vector<Message> found;
  // role: "system" / "role": "user" / role="assistant" / Role: openai.ChatMessageRoleSystem
  for (const std::string& key : rules_.role_keys) {
    for (size_t p = text_.find(key); p != std::string_view::npos; p = text_.find(key, p + 1)) {
      if ((p > 0 && is_id(text_[p - 1])) || (p + key.size() < text_.size() && is_id(text_[p + key.size()]))) continue;
      int kv = value_at(static_cast<uint32_t>(p));
      if (kv >= 0 ? values_[kv].end != p + key.size() : !in_code(static_cast<uint32_t>(p))) continue;
      size_t q = p + key.size();
      while (q < text_.size() && (text_[q] == '"' || text_[q] == '\'' || is_space(text_[q]))) ++q;
      if (q >= text_.size() || (text_[q] != ':' && text_[q] != '=') || (q + 1 < text_.size() && text_[q + 1] == '=')) continue;
      ++q;
      if (q < text_.size() && text_[q] == '>') ++q;  // PHP 'role' => 'system'

      std::string value;
      int v = value_after(static_cast<uint32_t>(q));
      if (v >= 0) {
        value = std::string(text_.substr(values_[v].begin, values_[v].end - values_[v].begin));
      } else {
        while (q < text_.size() && is_space(text_[q])) ++q;
        size_t e = q;
        while (e < text_.size() && (is_id(text_[e]) || text_[e] == '.')) ++e;
        std::string_view path = text_.substr(q, e - q);
        size_t dot = path.rfind('.');
        value = std::string(dot == std::string_view::npos ? path : path.substr(dot + 1));
      }
      auto role = rules_.roles.find(value);
      if (role == rules_.roles.end()) continue;
      int oi = enclosing(static_cast<uint32_t>(p));
      if (oi < 0) continue;
      Message m{openers_[oi].pos, role->second, -1};
      int c = content_in(m.opener, static_cast<uint32_t>(q));
      if (c >= 0) m.run = c;
      found.push_back(m);
    }
  }
  // ("system", "You are ...") tuples, as in LangChain's from_messages.
  for (size_t i = 0; i + 1 < values_.size(); ++i) {
    std::string word(text_.substr(values_[i].begin, values_[i].end - values_[i].begin));
    auto role = rules_.roles.find(word);
    if (role == rules_.roles.end()) continue;
    int oi = enclosing(values_[i].begin);
    if (oi < 0 || (text_[openers_[oi].pos] != '(' && text_[openers_[oi].pos] != '[')) continue;
    uint32_t k = openers_[oi].pos + 1;
    while (k < values_[i].begin && (is_space(text_[k]) || std::strchr("\"'", text_[k]))) ++k;
    if (k != values_[i].begin) continue;
    uint32_t after = values_[i].end;
    while (after < text_.size() && std::strchr("\"' \t\n", text_[after])) ++after;
    if (after >= text_.size() || text_[after] != ',') continue;
    Message m{openers_[oi].pos, role->second, value_after(after + 1)};
    found.push_back(m);
  }
  // SystemMessage("..."), HumanMessage(content="...").
  re2::StringPiece input(text_.data(), text_.size()), name;
  size_t pos = 0;
  while (rules_.constructor_re && pos < text_.size() &&
         rules_.constructor_re->Match(input, pos, text_.size(), RE2::UNANCHORED, nullptr, 0)) {
    re2::StringPiece whole;
    rules_.constructor_re->Match(input, pos, text_.size(), RE2::UNANCHORED, &whole, 1);
    size_t b = whole.data() - text_.data(), e = b + whole.size();
    pos = e;
    if ((b > 0 && (is_id(text_[b - 1]) || text_[b - 1] == '.')) || !in_code(static_cast<uint32_t>(b))) continue;
    std::string id(text_.substr(b, e - b));
    id.erase(std::remove_if(id.begin(), id.end(), [](char c) { return c == '(' || is_space(c); }), id.end());
    auto role = rules_.constructors.find(id);
    if (role == rules_.constructors.end()) continue;
    Message m{static_cast<uint32_t>(e - 1), role->second, -1};
    int own = enclosing(m.opener + 1);
    // ChatHistory(): an empty constructor holds no message.
    if (own >= 0 && text_.find_first_not_of(" \t\r\n", m.opener + 1) == openers_[own].close) continue;
    m.run = content_in(m.opener, static_cast<uint32_t>(e));
    found.push_back(m);
  }
  if (found.empty()) return;
  std::sort(found.begin(), found.end(), [](const Message& a, const Message& b) { return a.opener < b.opener; });
  // One prompt per list: messages that share the enclosing bracket.
  std::map<int, std::vector<const Message*>> lists;
  for (const Message& m : found) {
    int list = enclosing(m.opener);  // the bracket around the message's own
    lists[list >= 0 ? list : -2 - static_cast<int>(m.opener)].push_back(&m);
  }
  for (const auto& [list, msgs] : lists) {
    std::string content, first_role = msgs.front()->role;
    bool literal = false;
    int pairs = 0;
    for (size_t i = 0; i < msgs.size(); ++i) {
      const Message& m = *msgs[i];
      if (i + 1 < msgs.size() && m.role == "user" && msgs[i + 1]->role == "assistant") ++pairs;
      if (m.run < 0) continue;
      Run r = run_from(static_cast<size_t>(m.run));
      for (size_t k = r.first; k <= r.last; ++k) used_.insert(k);
      if (!content.empty()) content += "\n";
      content += r.content;
      literal = true;
    }
    // Plumbing that moves messages around ({role: "system", content: text})
    // is not a prompt: the text must be there, a few words at least.
    if (!literal || utf8_length(content) < rules_.min_length) continue;
    const Message& first = *msgs.front();
    const Message& last = *msgs.back();
    int li = enclosing(last.opener + 1);
    uint32_t end = li >= 0 ? openers_[li].close + 1 : last.opener + 1;
    out->push_back(make("prompt.messages", first.opener, std::min<uint32_t>(end, text_.size()), content, first_role,
                        pairs));
  }
}

// NAME = "..." / name: "..." / "name": "..." / name="..." / .name("...").
void Scanner::keyed(std::vector<PromptHit>* out) {
  for (size_t i = 0; i < values_.size(); ++i) {
    if (used_.count(i)) continue;
    Run r = run_from(i);
    i = r.last;
    if (utf8_length(r.content) < rules_.min_length) continue;
    uint32_t p = r.begin;
    while (p > 0 && (std::isalpha(static_cast<unsigned char>(text_[p - 1])) || text_[p - 1] == '@' || text_[p - 1] == '$'))
      --p;  // string prefix
    auto back_space = [&](uint32_t q) {
      while (q > 0 && is_space(text_[q - 1])) --q;
      return q;
    };
    p = back_space(p);
    // The first item of a list under a list key: `contents=["Tag this.", x]`.
    bool list_item = false;
    if (p > 0 && text_[p - 1] == '[' && !rules_.list_keys.empty()) {
      p = back_space(p - 1);
      list_item = true;
    }
    std::string name;
    bool method = false;
    if (!list_item && p > 0 && text_[p - 1] == '(') {
      // .system("...") / from_template("...") / a parenthesised run.
      uint32_t q = back_space(p - 1), e = q;
      while (q > 0 && is_id(text_[q - 1])) --q;
      if (q < e) {
        name = std::string(text_.substr(q, e - q));
        method = true;
      } else {
        p = back_space(p - 1);
      }
    }
    if (!method) {
      if (p == 0) continue;
      char c = text_[p - 1];
      if (c == '>' && p > 1 && text_[p - 2] == '=') c = '=', --p;  // PHP 'key' => "..."
      if (c != '=' && c != ':') continue;
      if (c == '=' && p > 1 && std::strchr("=!<>+-*/", text_[p - 2]) && text_[p] != '>') continue;
      uint32_t q = p - 1;
      if (c == '=' && q > 0 && text_[q - 1] == ':') --q;  // Go :=
      q = back_space(q);
      if (q > 0 && std::strchr("\"'", text_[q - 1])) {
        int k = -1;
        for (int j = static_cast<int>(i) - 1; j >= 0 && j + 4 >= static_cast<int>(i) && k < 0; --j)
          if (values_[j].end == q - 1) k = j;
        if (k < 0) continue;
        name = std::string(text_.substr(values_[k].begin, values_[k].end - values_[k].begin));
      } else {
        uint32_t e = q;
        while (q > 0 && is_id(text_[q - 1])) --q;
        name = std::string(text_.substr(q, e - q));
        // NAME: str = "..." (Python annotation): the name is before the ':'.
        uint32_t a = back_space(q);
        if (c == '=' && a > 0 && text_[a - 1] == ':') {
          uint32_t ne = back_space(a - 1), nb = ne;
          while (nb > 0 && is_id(text_[nb - 1])) --nb;
          if (nb < ne) name = std::string(text_.substr(nb, ne - nb));
        }
      }
    }
    if (list_item && std::find(rules_.list_keys.begin(), rules_.list_keys.end(), name) == rules_.list_keys.end()) continue;
    if (list_item && rules_.list_keys_not_in) {
      // The call the list is an argument of: `embed_content(contents=[...])`
      // holds texts to embed.
      int k = enclosing(r.begin);
      while (k >= 0 && text_[openers_[k].pos] != '(') k = openers_[k].parent;
      if (k >= 0) {
        uint32_t e = back_space(openers_[k].pos), b = e;
        while (b > 0 && (is_id(text_[b - 1]) || text_[b - 1] == '.')) --b;
        if (RE2::PartialMatch(re2::StringPiece(text_.data() + b, e - b), *rules_.list_keys_not_in)) continue;
      }
    }
    std::string role = rules_.key_role(name);
    if (role.empty()) continue;
    PromptHit h = make("prompt.key", r.begin, r.end, r.content, role, 0);
    if (!method) h.finding.symbol = name;
    out->push_back(std::move(h));
  }
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

std::unique_ptr<PromptRules> PromptRules::load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors) {
  auto rules = std::make_unique<PromptRules>();
  for (const RuleFile& f : files) {
    if (f.path != "prompts.yaml") continue;
    YamlReader yr(f.origin, errors);
    std::optional<YAML::Node> root = yr.parse(f.text);
    if (!root) return rules;
    yr.check_keys(*root, {"keys", "role_keys", "roles", "content_keys", "list_keys", "list_keys_not_in", "message_constructors", "placeholders",
                          "files", "skip_paths", "min_length", "excerpt_chars", "secrets"});
    auto compile = [&](const YAML::Node& at, const std::string& re, bool case_insensitive) {
      RE2::Options o;
      o.set_case_sensitive(!case_insensitive);
      o.set_log_errors(false);
      auto out = std::make_unique<RE2>(re, o);
      if (!out->ok()) yr.error(at, "bad pattern: " + out->error());
      return out;
    };
    for (const YAML::Node& k : (*root)["keys"]) {
      yr.check_keys(k, {"pattern", "role"});
      auto pattern = yr.str(k, "pattern", true);
      auto role = yr.str(k, "role", true);
      if (pattern && role) rules->keys.push_back({compile(k, *pattern, true), *role});
    }
    rules->role_keys = yr.str_list(*root, "role_keys");
    rules->content_keys = yr.str_list(*root, "content_keys");
    rules->list_keys = yr.str_list(*root, "list_keys");
    if (auto n = yr.str(*root, "list_keys_not_in")) rules->list_keys_not_in = compile((*root)["list_keys_not_in"], *n, false);
    std::string alternation;
    for (const char* map : {"roles", "message_constructors"}) {
      const YAML::Node& n = (*root)[map];
      if (n && !n.IsMap()) yr.error(n, std::string(map) + " must be a mapping");
      if (!n || !n.IsMap()) continue;
      for (const auto& kv : n) {
        std::string name = kv.first.as<std::string>(), role = kv.second.as<std::string>();
        if (std::strcmp(map, "roles") == 0) {
          rules->roles[name] = role;
        } else {
          rules->constructors[name] = role;
          alternation += (alternation.empty() ? "" : "|") + RE2::QuoteMeta(name);
        }
      }
    }
    if (!alternation.empty()) rules->constructor_re = compile(*root, "(?:" + alternation + ")\\s*\\(", false);
    for (const char* list : {"placeholders", "secrets"}) {
      const YAML::Node& n = (*root)[list];
      if (!n) continue;
      for (const YAML::Node& p : n) {
        auto re = compile(p, p.as<std::string>(), false);
        if (std::strcmp(list, "placeholders") == 0 && re->ok() && re->NumberOfCapturingGroups() < 1)
          yr.error(p, "a placeholder pattern needs a group for the name");
        (std::strcmp(list, "secrets") == 0 ? rules->secrets : rules->placeholders).push_back(std::move(re));
      }
    }
    for (const YAML::Node& g : (*root)["files"]) {
      yr.check_keys(g, {"glob", "role"});
      auto glob = yr.str(g, "glob", true);
      auto role = yr.str(g, "role", true);
      if (glob && role) rules->files.emplace_back(compile(g, glob_to_re2(*glob), false), *role);
    }
    for (const std::string& g : yr.str_list(*root, "skip_paths")) rules->skip_paths.push_back(compile(*root, glob_to_re2(g), false));
    if (auto n = yr.number(*root, "min_length")) rules->min_length = static_cast<size_t>(*n);
    if (auto n = yr.number(*root, "excerpt_chars")) rules->excerpt_chars = static_cast<size_t>(*n);
  }
  return rules;
}

std::string PromptRules::key_role(std::string_view name) const {
  if (name.empty()) return "";
  for (const Key& k : keys)
    if (RE2::FullMatch(re2::StringPiece(name.data(), name.size()), *k.pattern)) return k.role;
  return "";
}

bool PromptRules::skipped(const std::string& rel_path) const {
  for (const auto& re : skip_paths)
    if (RE2::FullMatch(rel_path, *re)) return true;
  return false;
}

std::string PromptRules::file_role(const std::string& rel_path) const {
  for (const auto& [re, role] : files)
    if (RE2::FullMatch(rel_path, *re)) return role;
  return "";
}

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
  Scanner s(rules, lang, text, std::move(values), std::move(comments));
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
