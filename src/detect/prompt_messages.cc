// Message lists (prompt_scanner.h): a message is written with a role key
// (`{"role": "system", "content": "..."}`, `Role: openai.ChatMessageRoleSystem`),
// as a ("system", "...") tuple, or with a constructor (SystemMessage("...")).
// Messages that share a bracket make one prompt: their literal contents
// joined, the first role, user/assistant pairs counted as few-shot.
#include <algorithm>
#include <cstring>
#include <map>

#include "detect/prompt_scanner.h"

namespace modelshift::prompt_scan {

void CodeScanner::role_key_messages(std::vector<Message>* found) {
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
      found->push_back(m);
    }
  }
}

void CodeScanner::tuple_messages(std::vector<Message>* found) {
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
    found->push_back(m);
  }
}

void CodeScanner::constructor_messages(std::vector<Message>* found) {
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
    found->push_back(m);
  }
}

// `found` is sorted by opener.
void CodeScanner::message_lists(const std::vector<Message>& found, std::vector<PromptHit>* out) {
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

void CodeScanner::messages(std::vector<PromptHit>* out) {
  std::vector<Message> found;
  role_key_messages(&found);
  tuple_messages(&found);
  constructor_messages(&found);
  if (found.empty()) return;
  std::sort(found.begin(), found.end(), [](const Message& a, const Message& b) { return a.opener < b.opener; });
  message_lists(found, out);
}

}  // namespace modelshift::prompt_scan
