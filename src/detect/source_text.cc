// Masked source text, brackets, literals and statements: the text helpers
// of the schema, embedding and store extractors (see source_text.h).
#include "detect/source_text.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "detect/schemas.h"

namespace modelshift::source_text {

using json = nlohmann::ordered_json;

bool id_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

// `text` with the inside of strings and comments blanked (newlines kept), so
// brackets and words in it are code.
std::string mask(std::string_view text, const Syntax& syn) {
  std::string out(text);
  size_t i = 0, n = text.size();
  auto blank = [&](size_t b, size_t e) {
    for (size_t k = b; k < e && k < n; ++k)
      if (out[k] != '\n') out[k] = ' ';
  };
  while (i < n) {
    if (!syn.line_comment.empty() && text.compare(i, syn.line_comment.size(), syn.line_comment) == 0) {
      size_t e = text.find('\n', i);
      if (e == std::string_view::npos) e = n;
      blank(i, e);
      i = e;
    } else if (!syn.block_open.empty() && text.compare(i, syn.block_open.size(), syn.block_open) == 0) {
      size_t e = text.find(syn.block_close, i + syn.block_open.size());
      e = e == std::string_view::npos ? n : e + syn.block_close.size();
      blank(i, e);
      i = e;
    } else if (syn.quotes.find(text[i]) != std::string::npos) {
      char q = text[i];
      // Python triple quotes.
      bool triple = i + 2 < n && text[i + 1] == q && text[i + 2] == q;
      size_t k = i + (triple ? 3 : 1);
      while (k < n) {
        if (text[k] == '\\') {
          k += 2;
          continue;
        }
        if (triple ? (text.compare(k, 3, std::string(3, q)) == 0) : text[k] == q) break;
        if (!triple && q != '`' && text[k] == '\n') break;
        ++k;
      }
      blank(i + (triple ? 3 : 1), k);
      i = std::min(n, k + (triple ? 3 : 1));
    } else {
      ++i;
    }
  }
  return out;
}

bool opener(char c) { return c == '{' || c == '[' || c == '('; }
bool closer(char c) { return c == '}' || c == ']' || c == ')'; }

// The bracket closing the one at `open` (in masked text), or npos.
size_t match_close(const std::string& m, size_t open) {
  int depth = 0;
  for (size_t i = open; i < m.size(); ++i) {
    if (opener(m[i])) ++depth;
    else if (closer(m[i]) && --depth == 0) return i;
  }
  return std::string::npos;
}

// How far back enclosing_open() looks: a budget, so that a huge generated
// file with many schema keys stays linear rather than quadratic.
constexpr size_t kLookback = 64 * 1024;

// The unmatched opening bracket before `pos`, or npos.
size_t enclosing_open(const std::string& m, size_t pos) {
  int depth = 0;
  size_t stop = pos > kLookback ? pos - kLookback : 0;
  for (size_t i = pos; i-- > stop;) {
    if (closer(m[i])) ++depth;
    else if (opener(m[i]) && depth-- == 0) return i;
  }
  return std::string::npos;
}

namespace {

// ---- a tolerant reader of object literals ----

// Each loop of the reader starts every iteration further on than the last,
// or gives up: an iteration that consumed nothing would repeat forever (a
// stray closer in a list once appended {"expr": ""} until memory ran out).
// `moved(i)` at the top of an iteration is that guard.
class Progress {
 public:
  bool moved(size_t at) {
    if (at == last_) return false;
    last_ = at;
    return true;
  }

 private:
  size_t last_ = std::string_view::npos;
};

struct LiteralReader {
  std::string_view t;
  size_t i = 0;

  void skip() {
    while (i < t.size()) {
      char c = t[i];
      if (std::isspace(static_cast<unsigned char>(c))) ++i;
      else if (c == '#' || (c == '/' && i + 1 < t.size() && t[i + 1] == '/')) {
        while (i < t.size() && t[i] != '\n') ++i;
      } else break;
    }
  }
  // One string literal at `i`, or several adjacent ones ("a" "b"), which
  // concatenate; a loop, so a long run of them cannot exhaust the stack.
  bool str(std::string* out) {
    out->clear();
    if (!one_str(out)) return false;
    for (;;) {
      size_t save = i;
      skip();
      if (i >= t.size() || (t[i] != '"' && t[i] != '\'')) {
        i = save;
        return true;
      }
      std::string more;
      if (!one_str(&more)) {
        i = save;
        return true;
      }
      *out += more;
    }
  }
  // The string literal at `i` (appended to `out`); false, and `i` unmoved,
  // when it is not closed.
  bool one_str(std::string* out) {
    char q = t[i];
    bool triple = i + 2 < t.size() && t[i + 1] == q && t[i + 2] == q;
    size_t k = i + (triple ? 3 : 1);
    while (k < t.size()) {
      if (t[k] == '\\' && k + 1 < t.size()) {
        char e = t[k + 1];
        *out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        k += 2;
        continue;
      }
      if (triple ? t.compare(k, 3, std::string(3, q)) == 0 : t[k] == q) break;
      *out += t[k++];
    }
    if (k >= t.size()) return false;
    i = k + (triple ? 3 : 1);
    return true;
  }
  // An expression up to the next ',' '}' ']' ')' at depth 0.
  std::string expr() {
    size_t b = i;
    int depth = 0;
    while (i < t.size()) {
      char c = t[i];
      if (c == '"' || c == '\'' || c == '`') {
        std::string ignored;
        if (!str(&ignored)) return std::string(t.substr(b));
        continue;
      }
      if (opener(c)) ++depth;
      else if (closer(c)) {
        if (depth == 0) break;
        --depth;
      } else if (c == ',' && depth == 0) break;
      ++i;
    }
    std::string e(t.substr(b, i - b));
    while (!e.empty() && std::isspace(static_cast<unsigned char>(e.back()))) e.pop_back();
    return e;
  }
  bool value(json* out, int depth) {
    skip();
    if (i >= t.size() || depth > 64) return false;
    char c = t[i];
    if (closer(c)) return false;  // no value here: the caller decides
    if (c == '{') {
      ++i;
      *out = json::object();
      for (Progress p;;) {
        if (!p.moved(i)) return false;
        skip();
        if (i >= t.size()) return false;
        if (t[i] == '}') {
          ++i;
          return true;
        }
        if (t[i] == ',') {
          ++i;
          continue;
        }
        std::string key;
        if (t[i] == ':' && i + 1 < t.size() && id_char(t[i + 1])) ++i;  // Ruby :symbol => value
        if (t[i] == '"' || t[i] == '\'') {
          if (!str(&key)) return false;
        } else if (t.compare(i, 3, "...") == 0 || t.compare(i, 2, "**") == 0) {
          expr();  // spread: not a property we can name
          continue;
        } else {
          size_t b = i;
          while (i < t.size() && id_char(t[i])) ++i;
          if (i == b) return false;
          key = std::string(t.substr(b, i - b));
        }
        skip();
        if (i >= t.size()) return false;
        if (t.compare(i, 2, "=>") == 0) ++i;  // Ruby hash rocket
        else if (t[i] != ':') {  // shorthand {name}
          (*out)[key] = json{{"expr", key}};
          continue;
        }
        ++i;
        json v;
        size_t save = i;
        if (!value(&v, depth + 1)) {
          i = save;
          skip();
          v = json{{"expr", expr()}};
        }
        (*out)[key] = std::move(v);
      }
    }
    if (c == '[') {
      ++i;
      // A PHP array with 'key' => value entries is an object.
      json items = json::array(), keyed = json::object();
      for (Progress p;;) {
        if (!p.moved(i)) return false;
        skip();
        if (i >= t.size() || (closer(t[i]) && t[i] != ']')) return false;  // unclosed, or a stray closer
        if (t[i] == ']') {
          ++i;
          *out = keyed.empty() ? std::move(items) : std::move(keyed);
          return true;
        }
        if (t[i] == ',') {
          ++i;
          continue;
        }
        json v;
        size_t save = i;
        if (!value(&v, depth + 1)) {
          i = save;
          v = json{{"expr", expr()}};
        }
        skip();
        if (v.is_string() && t.compare(i, 2, "=>") == 0) {
          i += 2;
          json w;
          save = i;
          if (!value(&w, depth + 1)) {
            i = save;
            skip();
            w = json{{"expr", expr()}};
          }
          keyed[v.get<std::string>()] = std::move(w);
          continue;
        }
        items.push_back(std::move(v));
      }
    }
    if (c == '"' || c == '\'') {
      std::string s;
      if (!str(&s)) return false;
      skip();
      // "a" + x is an expression, not a literal.
      if (i < t.size() && t[i] != ',' && !closer(t[i]) && t[i] != ':' && t.compare(i, 2, "=>") != 0) return false;
      *out = s;
      return true;
    }
    size_t b = i;
    std::string e = expr();
    auto word = [&](const char* w) { return e == w; };
    if (word("True") || word("true")) *out = true;
    else if (word("False") || word("false")) *out = false;
    else if (word("None") || word("null")) *out = nullptr;
    else {
      json num = json::parse(e, nullptr, false);
      if (!num.is_discarded() && num.is_number()) *out = num;
      else {
        i = b;
        return false;
      }
    }
    return true;
  }
};

}  // namespace

json read_literal(std::string_view text, size_t pos) {
  LiteralReader r{text, pos};
  json v;
  if (pos >= text.size() || (text[pos] != '{' && text[pos] != '[')) return json();
  if (!r.value(&v, 0)) return json();
  return v;
}

std::vector<Statement> statements(std::string_view text, const std::string& m,
                                  const std::vector<std::string>& block_keywords) {
  // `x =`, `const x =`, `let mut x =`, `val x =`, `@x =` (Ruby), `$x =` (PHP),
  // fields (`self.x =`, `this.x =`, `$this->x =`: the name is x) and typed
  // declarations (`final EmbeddingModel x =`, `List<Float> v =`).
  static const RE2 assign(
      R"(^\s*(?:(?:export|const|let|mut|var|val|final|auto|private|public|protected|internal|static|readonly)\s+)*)"
      R"((?:[A-Z][\w.]*(?:<[^=\n]*>)?(?:\[\])?\??\s+)?(?:@{1,2}|(?:self|this|\$this)(?:\.|->))?\{?\s*([A-Za-z_$][\w$]*)\s*\}?\s*(?::\s*[^=\n]+?)?\s*:?=[^=>])");
  static const RE2 for_in(R"(^\s*(?:async\s+)?for\s+([A-Za-z_]\w*)\s+in\s)");
  std::vector<Statement> out;
  size_t i = 0;
  while (i < m.size()) {
    size_t b = i;
    // Brackets of an expression keep the statement open; a block's braces
    // (after ')', '=>', else, ...) do not, so a function body is many
    // statements.
    std::vector<bool> counted;
    int depth = 0;
    while (i < m.size()) {
      char c = m[i];
      if (opener(c)) {
        bool expr = c != '{';
        if (!expr) {
          size_t k = i;
          while (k > b && std::isspace(static_cast<unsigned char>(m[k - 1]))) --k;
          expr = k > b && std::strchr("=([,:?", m[k - 1]) && !(m[k - 1] == '=' && k >= 2 && m[k - 2] == '>') &&
                 !(m[k - 1] == '=' && k >= 2 && m[k - 2] == '=');
          // A composite literal (Go's T{...}) after a name, unless the
          // statement starts with a block keyword (func, if, class, ...).
          if (!expr && k > b && (id_char(m[k - 1]) || m[k - 1] == ']') && depth > 0) expr = true;
          if (!expr && k > b && (id_char(m[k - 1]) || m[k - 1] == ']')) {
            size_t w = b;
            while (w < k && std::isspace(static_cast<unsigned char>(m[w]))) ++w;
            size_t we = w;
            while (we < k && id_char(m[we])) ++we;
            expr = std::find(block_keywords.begin(), block_keywords.end(), m.substr(w, we - w)) == block_keywords.end();
          }
        }
        counted.push_back(expr);
        depth += expr;
      } else if (closer(c) && !counted.empty()) {
        depth -= counted.back();
        counted.pop_back();
      } else if (c == '\n' && depth <= 0) {
        // A builder chain continues on lines that start with '.'.
        size_t k = i + 1;
        while (k < m.size() && std::isspace(static_cast<unsigned char>(m[k]))) ++k;
        if (!(k + 1 < m.size() && m[k] == '.' && m[k + 1] != '.')) break;
      }
      ++i;
    }
    Statement s{b, i, ""};
    re2::StringPiece line(m.data() + b, i - b);
    std::string name;
    if (RE2::PartialMatch(line, assign, &name) || RE2::PartialMatch(line, for_in, &name)) s.target = name;
    (void)text;
    out.push_back(std::move(s));
    ++i;
  }
  return out;
}

std::set<std::string> words(const std::string& m, size_t b, size_t e) {
  std::set<std::string> out;
  size_t i = b;
  while (i < e) {
    if (id_char(m[i]) && !std::isdigit(static_cast<unsigned char>(m[i])) && (i == 0 || !id_char(m[i - 1]))) {
      size_t k = i;
      while (k < e && id_char(m[k])) ++k;
      out.insert(m.substr(i, k - i));
      i = k;
    } else {
      ++i;
    }
  }
  return out;
}

bool has_word(const std::string& m, size_t b, size_t e, const std::string& w) {
  if (w.empty()) return false;
  size_t p = b;
  while ((p = m.find(w, p)) != std::string::npos && p + w.size() <= e) {
    if ((p == 0 || !id_char(m[p - 1])) && (p + w.size() >= m.size() || !id_char(m[p + w.size()]))) return true;
    ++p;
  }
  return false;
}

const Statement* statement_at(const std::vector<Statement>& st, size_t pos) {
  auto it = std::upper_bound(st.begin(), st.end(), pos, [](size_t p, const Statement& s) { return p < s.begin; });
  return it == st.begin() ? nullptr : &*(it - 1);
}

}  // namespace modelshift::source_text
