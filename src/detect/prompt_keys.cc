// Strings bound to prompt names (prompt_scanner.h): NAME = "...",
// name: "...", "name": "...", name="...", .name("..."), NAME: str = "...",
// and the first item of a list under a list key (`contents=["...", x]`,
// unless the list is an argument of a call that embeds its texts). The name
// gives the role (rules/prompts.yaml `keys`); a variable's name is kept as
// the finding's symbol for link_prompts().
#include <algorithm>
#include <cstring>

#include "detect/prompt_scanner.h"

namespace modelshift::prompt_scan {

// False when the text before the run names nothing it can be bound to.
bool CodeScanner::name_before(size_t i, bool list_item, uint32_t p, std::string* name, bool* method) const {
  if (!list_item && p > 0 && text_[p - 1] == '(') {
    // .system("...") / from_template("...") / a parenthesised run.
    uint32_t q = back_space(p - 1), e = q;
    while (q > 0 && is_id(text_[q - 1])) --q;
    if (q < e) {
      *name = std::string(text_.substr(q, e - q));
      *method = true;
      return true;
    }
    p = back_space(p - 1);
  }
  if (p == 0) return false;
  char c = text_[p - 1];
  if (c == '>' && p > 1 && text_[p - 2] == '=') c = '=', --p;  // PHP 'key' => "..."
  if (c != '=' && c != ':') return false;
  if (c == '=' && p > 1 && std::strchr("=!<>+-*/", text_[p - 2]) && text_[p] != '>') return false;
  uint32_t q = p - 1;
  if (c == '=' && q > 0 && text_[q - 1] == ':') --q;  // Go :=
  q = back_space(q);
  if (q > 0 && std::strchr("\"'", text_[q - 1])) {
    int k = -1;
    for (int j = static_cast<int>(i) - 1; j >= 0 && j + 4 >= static_cast<int>(i) && k < 0; --j)
      if (values_[j].end == q - 1) k = j;
    if (k < 0) return false;
    *name = std::string(text_.substr(values_[k].begin, values_[k].end - values_[k].begin));
    return true;
  }
  uint32_t e = q;
  while (q > 0 && is_id(text_[q - 1])) --q;
  *name = std::string(text_.substr(q, e - q));
  // NAME: str = "..." (Python annotation): the name is before the ':'.
  uint32_t a = back_space(q);
  if (c == '=' && a > 0 && text_[a - 1] == ':') {
    uint32_t ne = back_space(a - 1), nb = ne;
    while (nb > 0 && is_id(text_[nb - 1])) --nb;
    if (nb < ne) *name = std::string(text_.substr(nb, ne - nb));
  }
  return true;
}

// The call the list at `pos` is an argument of matches list_keys_not_in:
// `embed_content(contents=[...])` holds texts to embed.
bool CodeScanner::in_excluded_call(uint32_t pos) const {
  int k = enclosing(pos);
  while (k >= 0 && text_[openers_[k].pos] != '(') k = openers_[k].parent;
  if (k < 0) return false;
  uint32_t e = back_space(openers_[k].pos), b = e;
  while (b > 0 && (is_id(text_[b - 1]) || text_[b - 1] == '.')) --b;
  return RE2::PartialMatch(re2::StringPiece(text_.data() + b, e - b), *rules_.list_keys_not_in);
}

void CodeScanner::keyed(std::vector<PromptHit>* out) {
  for (size_t i = 0; i < values_.size(); ++i) {
    if (used_.count(i)) continue;
    Run r = run_from(i);
    i = r.last;
    if (utf8_length(r.content) < rules_.min_length) continue;
    uint32_t p = r.begin;
    while (p > 0 && (std::isalpha(static_cast<unsigned char>(text_[p - 1])) || text_[p - 1] == '@' || text_[p - 1] == '$'))
      --p;  // string prefix
    p = back_space(p);
    // The first item of a list under a list key: `contents=["Tag this.", x]`.
    bool list_item = false;
    if (p > 0 && text_[p - 1] == '[' && !rules_.list_keys.empty()) {
      p = back_space(p - 1);
      list_item = true;
    }
    std::string name;
    bool method = false;
    if (!name_before(i, list_item, p, &name, &method)) continue;
    if (list_item && std::find(rules_.list_keys.begin(), rules_.list_keys.end(), name) == rules_.list_keys.end()) continue;
    if (list_item && rules_.list_keys_not_in && in_excluded_call(r.begin)) continue;
    std::string role = rules_.key_role(name);
    if (role.empty()) continue;
    PromptHit h = make("prompt.key", r.begin, r.end, r.content, role, 0);
    if (!method) h.finding.symbol = name;
    out->push_back(std::move(h));
  }
}

}  // namespace modelshift::prompt_scan
