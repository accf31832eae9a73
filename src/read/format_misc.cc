// analyze_dockerfile, analyze_shell, analyze_sql: formats where most of the
// text is "usage" (commands, arguments) rather than key/value data.
//
// Dockerfile: instructions are case-insensitive; `\` (or the `# escape=`
// directive's character) continues a line; comment lines inside a continued
// instruction are Comment regions. `ENV K=V K2="V 2"`, legacy `ENV K V`,
// `ARG K=V` and `LABEL "k"=v` give Key regions for the keys and Value regions
// (between the quotes when quoted) with key path K. Other instructions'
// arguments are Value regions with an empty key path, one per physical line;
// heredoc bodies (`RUN <<EOF ... EOF`) are one Value region.
//
// Shell: `#` starts a comment only at the start of a word, outside quotes
// (`$#`, `a#b`, `${#x}` are not comments). '...', "...", $'...', $(...),
// ${...} and backticks nest. Any word `NAME=value` / `NAME+=value` (also after
// export/local/declare, and as a command argument such as `-e MODEL=x`) gives
// a Key region for NAME and a Value region for the value word with key path
// NAME (quotes stripped when the whole word is one quoted string; an array
// `X=(a b)` is one region). Heredoc bodies and everything else that is not a
// comment are Value regions with an empty key path.
//
// SQL: `--` and `/* */` (not nested) are comments; '...' with '' escapes,
// "..." and `...` identifiers and $tag$...$tag$ bodies are skipped as units so
// that comment markers inside them are not comments. Everything else is Value
// with an empty key path. Backslash escapes are not recognised (standard SQL).
#include <cstring>
#include <string>
#include <vector>

#include "read/regions.h"

namespace modelshift {

namespace {

using regions_detail::Builder;
using regions_detail::kMaxNesting;

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) { return is_alpha(c) || (c >= '0' && c <= '9') || c == '_'; }

struct Line {
  size_t begin, end, next;
};

Line line_at(std::string_view t, size_t pos) {
  const void* nl = pos < t.size() ? std::memchr(t.data() + pos, '\n', t.size() - pos) : nullptr;
  size_t e = nl ? static_cast<size_t>(static_cast<const char*>(nl) - t.data()) : t.size();
  Line l{pos, e, nl ? e + 1 : t.size()};
  if (l.end > l.begin && t[l.end - 1] == '\r') --l.end;
  return l;
}

// A here-document body from `pos` up to the line that holds only `delim`
// (after leading tabs when `strip_tabs`, as for <<-; Dockerfiles also forgive
// trailing blanks, the shell does not). `next` is just past the delimiter
// line, or the end of the text when it is missing (`found` false).
struct HeredocBody {
  size_t begin, end, next;
  bool found;
};

HeredocBody heredoc_body(std::string_view t, size_t pos, std::string_view delim, bool strip_tabs,
                         bool trim_trailing_blanks) {
  HeredocBody body{pos, pos, t.size(), false};
  while (pos < t.size()) {
    Line l = line_at(t, pos);
    size_t r = l.begin, e = l.end;
    if (strip_tabs)
      while (r < e && t[r] == '\t') ++r;
    if (trim_trailing_blanks)
      while (e > r && is_ws(t[e - 1])) --e;
    pos = l.next;
    if (t.substr(r, e - r) == delim) {
      body.next = pos;
      body.found = true;
      return body;
    }
    body.end = l.end;
  }
  return body;
}

// ============================ Dockerfile ============================

class Dockerfile {
 public:
  Dockerfile(std::string_view t, Builder& b) : t_(t), n_(t.size()), b_(b) {}

  void run() {
    size_t pos = regions_detail::bom_length(t_);
    directives(pos);
    sep_.assign(n_, true);
    while (pos < n_) pos = instruction(pos);
    b_.fill_words([this](size_t k) { return static_cast<bool>(sep_[k]); }, /*split_options=*/true);
  }

 private:
  struct Seg {
    size_t b, e;
  };
  // A cursor over the segments of one instruction; segment boundaries read
  // as a blank.
  struct Cur {
    size_t si = 0, j = 0;
  };

  void directives(size_t pos) {
    while (pos < n_) {
      Line l = line_at(t_, pos);
      size_t p = l.begin;
      while (p < l.end && is_ws(t_[p])) ++p;
      if (p >= l.end || t_[p] != '#') return;
      ++p;
      while (p < l.end && is_ws(t_[p])) ++p;
      size_t kb = p;
      while (p < l.end && is_name_char(t_[p])) ++p;
      std::string key(t_.substr(kb, p - kb));
      for (char& c : key) c = static_cast<char>(c | 0x20);
      while (p < l.end && is_ws(t_[p])) ++p;
      if (p >= l.end || t_[p] != '=' || key.empty()) return;
      ++p;
      while (p < l.end && is_ws(t_[p])) ++p;
      if (key == "escape" && p < l.end && (t_[p] == '`' || t_[p] == '\\')) escape_ = t_[p];
      pos = l.next;
    }
  }

  // Content end without a trailing continuation character; sets `cont`.
  size_t seg_end(const Line& l, size_t p, bool& cont) const {
    size_t e = l.end;
    while (e > p && is_ws(t_[e - 1])) --e;
    cont = e > p && t_[e - 1] == escape_;
    if (cont) {
      --e;
      while (e > p && is_ws(t_[e - 1])) --e;
    }
    return e;
  }

  bool at_end(const std::vector<Seg>& s, const Cur& c) const { return c.si >= s.size(); }
  char ch(const std::vector<Seg>& s, const Cur& c) const { return at_end(s, c) ? '\0' : t_[c.j]; }
  // Advances one byte; returns true when a segment boundary was crossed.
  bool adv(const std::vector<Seg>& s, Cur& c) const {
    ++c.j;
    if (c.j < s[c.si].e) return false;
    do {
      ++c.si;
    } while (c.si < s.size() && s[c.si].b >= s[c.si].e);
    if (c.si < s.size()) c.j = s[c.si].b;
    return true;
  }

  // Adds regions for [from, to) split at segment boundaries.
  void emit(const std::vector<Seg>& s, Cur from, Cur to, RegionKind kind, const std::string& path) {
    for (size_t si = from.si; si < s.size() && si <= to.si; ++si) {
      size_t b = si == from.si ? from.j : s[si].b;
      size_t e = si == to.si ? to.j : s[si].e;
      b_.add(b, e, kind, path);
    }
  }

  // Skips blanks (and boundaries).
  void skip_blanks(const std::vector<Seg>& s, Cur& c) const {
    while (!at_end(s, c) && is_ws(t_[c.j])) adv(s, c);
  }

  // Reads a token: quoted (returns the inner range) or up to a blank, `stop`
  // or a segment boundary.
  void token(const std::vector<Seg>& s, Cur& c, char stop, Cur& b, Cur& e, bool& quoted) {
    quoted = false;
    char q = ch(s, c);
    if (q == '"' || q == '\'') {
      size_t open = c.j;
      quoted = true;
      adv(s, c);
      b = c;
      while (!at_end(s, c) && t_[c.j] != q) {
        if (q == '"' && t_[c.j] == escape_) adv(s, c);
        if (!at_end(s, c)) adv(s, c);
      }
      e = c;
      if (at_end(s, c))
        b_.error(open, "malformed Dockerfile: unterminated quoted string");
      else
        adv(s, c);
      return;
    }
    b = c;
    while (!at_end(s, c) && !is_ws(t_[c.j]) && t_[c.j] != stop) {
      size_t si = c.si;
      bool esc = t_[c.j] == escape_;
      bool crossed = adv(s, c);
      if (!crossed && esc) crossed = adv(s, c);
      if (crossed) {  // a segment boundary ends an unquoted token
        e = Cur{si, s[si].e};
        return;
      }
    }
    e = c;
  }

  void pairs(const std::vector<Seg>& s, bool legacy_env) {
    Cur c{0, s[0].b};
    bool first = true;
    while (true) {
      skip_blanks(s, c);
      if (at_end(s, c)) return;
      Cur kb, ke;
      bool kq;
      token(s, c, '=', kb, ke, kq);
      std::string key;
      for (Cur k = kb; !at_end(s, k) && !(k.si == ke.si && k.j >= ke.j) && k.si <= ke.si;) {
        key.push_back(t_[k.j]);
        adv(s, k);
      }
      if (key.empty() && ch(s, c) != '=') {  // stray character
        if (!at_end(s, c)) adv(s, c);
        continue;
      }
      emit(s, kb, ke, RegionKind::Key, key);
      if (ch(s, c) != '=' || at_end(s, c)) {
        if (legacy_env && first) {  // ENV KEY value...
          skip_blanks(s, c);
          if (at_end(s, c)) return;
          Cur end{s.size(), 0};
          // trim trailing blanks of the last segment via emit's ranges
          emit(s, c, end, RegionKind::Value, key);
          return;
        }
        first = false;
        continue;  // ARG NAME (no default)
      }
      first = false;
      adv(s, c);  // '='
      if (at_end(s, c) || is_ws(t_[c.j])) continue;
      Cur vb, ve;
      bool vq;
      token(s, c, '\0', vb, ve, vq);
      emit(s, vb, ve, RegionKind::Value, key);
    }
  }

  size_t instruction(size_t pos) {
    Line l = line_at(t_, pos);
    size_t p = l.begin;
    while (p < l.end && is_ws(t_[p])) ++p;
    if (p >= l.end) return l.next;
    if (t_[p] == '#') {
      b_.add(p, l.end, RegionKind::Comment);
      return l.next;
    }
    size_t wb = p;
    while (p < l.end && (is_alpha(t_[p]) || t_[p] == '_')) ++p;
    std::string word(t_.substr(wb, p - wb));
    for (char& c : word) c = static_cast<char>((c >= 'a' && c <= 'z') ? c - 32 : c);
    while (p < l.end && is_ws(t_[p])) ++p;
    std::vector<Seg> segs;
    bool cont;
    size_t e = seg_end(l, p, cont);
    segs.push_back({p, e});
    Line cur = l;
    while (cont && cur.next < n_) {
      cur = line_at(t_, cur.next);
      size_t r = cur.begin;
      while (r < cur.end && is_ws(t_[r])) ++r;
      if (r >= cur.end) continue;  // empty continuation line
      if (t_[r] == '#') {
        b_.add(r, cur.end, RegionKind::Comment);
        continue;
      }
      size_t se = seg_end(cur, r, cont);
      segs.push_back({r, se});
    }
    size_t next = cur.next;
    // ONBUILD <INSTRUCTION> ...
    if (word == "ONBUILD" && !segs.empty()) {
      size_t q = segs[0].b;
      size_t ib = q;
      while (q < segs[0].e && is_alpha(t_[q])) ++q;
      word = std::string(t_.substr(ib, q - ib));
      for (char& c : word) c = static_cast<char>((c >= 'a' && c <= 'z') ? c - 32 : c);
      while (q < segs[0].e && is_ws(t_[q])) ++q;
      segs[0].b = q;
    }
    bool any = false;
    for (const Seg& s : segs) any = any || s.b < s.e;
    if (word == "ENV" || word == "ARG" || word == "LABEL") {
      if (any) {
        std::vector<Seg> nonempty;
        for (const Seg& s : segs)
          if (s.b < s.e) nonempty.push_back(s);
        pairs(nonempty, word == "ENV");
      }
    } else if (any) {
      size_t first = 0;
      while (segs[first].b >= segs[first].e) ++first;
      if (t_[segs[first].b] == '[')
        exec_form_words(segs);
      else
        shell_words(segs);
    }
    return heredocs(segs, next);
  }

  // Shell-form arguments: words split at unquoted blanks and ; | & ( ) < >.
  void shell_words(const std::vector<Seg>& segs) {
    char q = 0;
    for (const Seg& s : segs) {
      for (size_t j = s.b; j < s.e; ++j) {
        char c = t_[j];
        if (q) {
          sep_[j] = false;
          if (c == escape_ && q == '"' && j + 1 < s.e) {
            sep_[++j] = false;
          } else if (c == q) {
            q = 0;
          }
          continue;
        }
        if (is_ws(c) || std::strchr(";|&()<>", c) != nullptr) continue;
        sep_[j] = false;
        if (c == escape_ && j + 1 < s.e) {
          sep_[++j] = false;
        } else if (c == '"' || c == '\'') {
          q = c;
        }
      }
    }
  }

  // Exec form ["python", "app.py"]: each string's content is a word.
  void exec_form_words(const std::vector<Seg>& segs) {
    bool in = false;
    for (const Seg& s : segs) {
      for (size_t j = s.b; j < s.e; ++j) {
        char c = t_[j];
        if (!in) {
          if (c == '"') in = true;
          continue;
        }
        if (c == '"') {
          in = false;
          continue;
        }
        sep_[j] = false;
        if (c == '\\' && j + 1 < s.e) sep_[++j] = false;
      }
    }
  }

  // Heredoc bodies announced in the instruction's arguments (<<EOF, <<-"EOF").
  size_t heredocs(const std::vector<Seg>& segs, size_t next) {
    struct Doc {
      std::string delim;
      bool strip;
    };
    std::vector<Doc> docs;
    for (const Seg& s : segs) {
      for (size_t j = s.b; j + 2 < s.e; ++j) {
        if (t_[j] != '<' || t_[j + 1] != '<' || t_[j + 2] == '<') continue;
        size_t k = j + 2;
        bool strip = false;
        if (k < s.e && t_[k] == '-') {
          strip = true;
          ++k;
        }
        char q = k < s.e && (t_[k] == '"' || t_[k] == '\'') ? t_[k] : '\0';
        if (q) ++k;
        size_t db = k;
        while (k < s.e && (is_name_char(t_[k]) || t_[k] == '-' || t_[k] == '.')) ++k;
        if (k == db) continue;
        docs.push_back({std::string(t_.substr(db, k - db)), strip});
        j = k;
      }
    }
    size_t pos = next;
    for (const Doc& d : docs) {
      HeredocBody body = heredoc_body(t_, pos, d.delim, d.strip, true);
      if (!body.found) b_.error(body.begin, "malformed Dockerfile: unterminated heredoc (missing " + d.delim + ")");
      b_.add(body.begin, body.end, RegionKind::Value);
      pos = body.next;
    }
    return pos;
  }

  std::string_view t_;
  size_t n_;
  Builder& b_;
  char escape_ = '\\';
  std::vector<bool> sep_;  // false for bytes of argument words
};

// ============================ shell ============================

class Shell {
 public:
  Shell(std::string_view t, Builder& b) : t_(t), n_(t.size()), b_(b) {}

  void run() {
    size_t i = regions_detail::bom_length(t_);
    st_.push_back({'T', 0, i});
    sep_.assign(n_, false);
    while (i < n_) i = step(i);
    end_assignment(n_, true);
    if (st_.size() > 1 && !deep_) {
      const Frame& f = st_.back();
      const char* what = f.kind == 'D' ? "double-quoted string" : f.kind == 'K' ? "backquote" : f.kind == 'B' ? "${...}" : "'(' / '$('";
      b_.error(f.open, std::string("malformed shell script: unterminated ") + what);
    }
    b_.fill_words([this](size_t k) { return static_cast<bool>(sep_[k]); }, /*split_options=*/true);
  }

 private:
  struct Frame {
    char kind;  // T top, P ( or $(, D "...", B ${...}, K `...`
    int paren;
    size_t open;
  };
  struct Heredoc {
    std::string delim;
    bool strip;
    size_t op;
  };

  bool code() const { return st_.back().kind == 'T' || st_.back().kind == 'P'; }

  void push(char kind, size_t open) {
    if (st_.size() >= kMaxNesting) {
      if (!deep_) b_.error(open, "malformed shell script: nesting deeper than " + std::to_string(kMaxNesting) + " levels");
      deep_ = true;
      ++overflow_;
      return;
    }
    st_.push_back({kind, 0, open});
  }
  void pop() {
    if (overflow_ > 0) {
      --overflow_;
      return;
    }
    if (st_.size() > 1) st_.pop_back();
  }

  bool word_start(size_t i) const {
    if (i == 0) return true;
    char p = t_[i - 1];
    return is_ws(p) || p == '\n' || p == ';' || p == '&' || p == '|' || p == '(' || p == ')';
  }

  // Ends the pending assignment's value at `at` when we are back at the
  // nesting depth where it started (or always, with force).
  void end_assignment(size_t at, bool force = false) {
    if (!assign_ || (!force && st_.size() + overflow_ != assign_depth_)) return;
    size_t b = assign_begin_, e = at;
    if (e > b + 1 && (t_[b] == '"' || t_[b] == '\'') && t_[e - 1] == t_[b]) {
      sep_[b++] = true;
      sep_[--e] = true;
    }
    b_.add(b, e, RegionKind::Value, assign_key_);
    assign_ = false;
  }

  // Single-quoted string opened at i (t_[i] == '\''); `ansi` for $'...'.
  size_t single_quoted(size_t i, bool ansi) {
    size_t j = i + 1;
    while (j < n_ && t_[j] != '\'') j += (ansi && t_[j] == '\\' && j + 1 < n_) ? 2 : 1;
    if (j >= n_) {
      b_.error(i, "malformed shell script: unterminated single-quoted string");
      return n_;
    }
    return j + 1;
  }

  size_t read_heredocs(size_t pos) {
    std::vector<Heredoc> docs = std::move(heredocs_);
    heredocs_.clear();
    for (const Heredoc& d : docs) {
      HeredocBody body = heredoc_body(t_, pos, d.delim, d.strip, false);
      if (!body.found) b_.error(d.op, "malformed shell script: unterminated here-document (missing " + d.delim + ")");
      b_.add(body.begin, body.end, RegionKind::Value);
      pos = body.next;
    }
    return pos;
  }

  size_t heredoc_operator(size_t i) {
    size_t j = i + 2;
    bool strip = false;
    if (j < n_ && t_[j] == '-') {
      strip = true;
      ++j;
    }
    while (j < n_ && (t_[j] == ' ' || t_[j] == '\t')) ++j;
    std::string delim;
    while (j < n_ && !is_ws(t_[j]) && t_[j] != '\n' && t_[j] != ';' && t_[j] != '&' && t_[j] != '|' &&
           t_[j] != '<' && t_[j] != '>' && t_[j] != '(' && t_[j] != ')') {
      char c = t_[j];
      if (c == '\'' || c == '"') {
        size_t k = j + 1;
        while (k < n_ && t_[k] != c && t_[k] != '\n') ++k;
        delim.append(t_.substr(j + 1, k - j - 1));
        j = k < n_ && t_[k] == c ? k + 1 : k;
        continue;
      }
      if (c == '\\' && j + 1 < n_) {
        delim.push_back(t_[j + 1]);
        j += 2;
        continue;
      }
      delim.push_back(c);
      ++j;
    }
    if (!delim.empty()) heredocs_.push_back({std::move(delim), strip, i});
    return j;
  }

  // Assignment word at i (word start, code context)? Returns the position
  // after '=' or 0.
  size_t assignment(size_t i, size_t& name_end) const {
    if (!(is_alpha(t_[i]) || t_[i] == '_')) return 0;
    size_t j = i;
    while (j < n_ && is_name_char(t_[j])) ++j;
    name_end = j;
    if (j < n_ && t_[j] == '[') {
      size_t k = j + 1;
      while (k < n_ && t_[k] != ']' && t_[k] != '\n' && k - j < 256) ++k;
      if (k < n_ && t_[k] == ']') j = k + 1;
    }
    if (j < n_ && t_[j] == '+') ++j;
    if (j < n_ && t_[j] == '=') return j + 1;
    return 0;
  }

  size_t step(size_t i) {
    char c = t_[i];
    Frame& f = st_.back();
    if (code() && overflow_ == 0) {
      if (c == '\n' || is_ws(c) || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == ')' ||
          c == '(')
        sep_[i] = true;  // word boundary in code
      if (c == '\n') {
        end_assignment(i);
        if (!heredocs_.empty()) return read_heredocs(i + 1);
        return i + 1;
      }
      if (is_ws(c)) {
        end_assignment(i);
        return i + 1;
      }
      if (c == ';' || c == '&' || c == '|' || c == '<' || c == '>') {
        end_assignment(i);
        if (c == '<' && i + 1 < n_ && t_[i + 1] == '<') {
          if (i + 2 < n_ && t_[i + 2] == '<') return i + 3;  // here-string
          return heredoc_operator(i);
        }
        return i + 1;
      }
      if (c == '#' && word_start(i)) {
        Line l = line_at(t_, i);
        b_.add(i, l.end, RegionKind::Comment);
        return l.end;
      }
      if (c == ')') {
        end_assignment(i);
        if (f.kind == 'P') {
          if (f.paren > 0)
            --f.paren;
          else
            pop();
        }
        return i + 1;
      }
      if (c == '(') {
        if (f.kind == 'P')
          ++f.paren;
        else
          push('P', i);
        return i + 1;
      }
      if (word_start(i) && !assign_) {
        size_t name_end = 0;
        size_t v = assignment(i, name_end);
        if (v) {
          assign_key_ = std::string(t_.substr(i, name_end - i));
          b_.add(i, name_end, RegionKind::Key, assign_key_);
          for (size_t k = name_end; k < v; ++k) sep_[k] = true;  // '=' (and [index], '+')
          assign_ = true;
          assign_begin_ = v;
          assign_depth_ = st_.size();
          return v;
        }
      }
    }
    // Quoting and expansions (all contexts).
    switch (overflow_ > 0 ? '\0' : f.kind) {
      case 'T':
      case 'P':
        break;
      case 'D':
        if (c == '\\') return i + 2;
        if (c == '"') {
          pop();
          return i + 1;
        }
        if (c == '`') {
          push('K', i);
          return i + 1;
        }
        if (c == '$' && i + 1 < n_ && (t_[i + 1] == '(' || t_[i + 1] == '{')) {
          push(t_[i + 1] == '(' ? 'P' : 'B', i);
          return i + 2;
        }
        return i + 1;
      case 'K':
        if (c == '\\') return i + 2;
        if (c == '`') pop();
        return i + 1;
      case 'B':
        if (c == '}') {
          pop();
          return i + 1;
        }
        break;
      default:
        // Too deep: only track quotes and brackets loosely.
        if (c == '(' || c == '{') ++overflow_;
        if ((c == ')' || c == '}') && overflow_ > 0) --overflow_;
        if (c == '\\') return i + 2;
        return i + 1;
    }
    // Code (T, P) and ${...} (B).
    if (c == '\\') return i + 2;
    if (c == '\'') return single_quoted(i, false);
    if (c == '"') {
      push('D', i);
      return i + 1;
    }
    if (c == '`') {
      push('K', i);
      return i + 1;
    }
    if (c == '$' && i + 1 < n_) {
      char d = t_[i + 1];
      if (d == '\'') return single_quoted(i + 1, true);
      if (d == '(') {
        push('P', i);
        return i + 2;
      }
      if (d == '{') {
        push('B', i);
        return i + 2;
      }
    }
    return i + 1;
  }

  std::string_view t_;
  size_t n_;
  Builder& b_;
  std::vector<Frame> st_;
  std::vector<Heredoc> heredocs_;
  std::vector<bool> sep_;  // word boundaries found in code context
  size_t overflow_ = 0;
  bool deep_ = false;
  bool assign_ = false;
  size_t assign_begin_ = 0;
  size_t assign_depth_ = 0;
  std::string assign_key_;
};

// ============================ SQL ============================

void sql(std::string_view t, Builder& b) {
  size_t n = t.size();
  size_t i = regions_detail::bom_length(t);
  while (i < n) {
    char c = t[i];
    if (c == '-' && i + 1 < n && t[i + 1] == '-') {
      Line l = line_at(t, i);
      b.add(i, l.end, RegionKind::Comment);
      i = l.end;
    } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
      size_t j = i + 2;
      while (j + 1 < n && !(t[j] == '*' && t[j + 1] == '/')) ++j;
      if (j + 1 >= n) {
        b.error(i, "malformed SQL: unterminated /* comment");
        b.add(i, n, RegionKind::Comment);
        i = n;
      } else {
        b.add(i, j + 2, RegionKind::Comment);
        i = j + 2;
      }
    } else if (c == '\'' || c == '"' || c == '`') {
      size_t j = i + 1;
      while (j < n) {
        if (t[j] == c) {
          if (j + 1 < n && t[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      if (j >= n) {
        b.error(i, c == '\'' ? "malformed SQL: unterminated string literal" : "malformed SQL: unterminated quoted identifier");
        b.add(i + 1, n, RegionKind::Value);
        i = n;
      } else {
        b.add(i + 1, j, RegionKind::Value);
        i = j + 1;
      }
    } else if (c == '$' && (i == 0 || !is_name_char(t[i - 1]))) {
      // $tag$ ... $tag$ (PostgreSQL dollar quoting); $1 is a parameter.
      size_t j = i + 1;
      while (j < n && (is_alpha(t[j]) || t[j] == '_' || (j > i + 1 && t[j] >= '0' && t[j] <= '9'))) ++j;
      if (j < n && t[j] == '$') {
        std::string_view tag = t.substr(i, j - i + 1);
        size_t close = t.find(tag, j + 1);
        if (close == std::string_view::npos) {
          b.error(i, "malformed SQL: unterminated dollar-quoted string");
          b.add(j + 1, n, RegionKind::Value);
          i = n;
        } else {
          b.add(j + 1, close, RegionKind::Value);
          i = close + tag.size();
        }
      } else {
        i = j;
      }
    } else {
      ++i;
    }
  }
  b.fill_words(
      [t](size_t k) {
        char c = t[k];
        return is_ws(c) || c == '\n' || std::strchr(",;()=<>+*/|!%^~[]{}'\"`", c) != nullptr;
      },
      /*split_options=*/false);
}

}  // namespace

RegionTable analyze_dockerfile(std::string_view text) {
  return regions_detail::run_analyzer(text, "Dockerfile", [&](Builder& b) { Dockerfile(text, b).run(); });
}

RegionTable analyze_shell(std::string_view text) {
  return regions_detail::run_analyzer(text, "shell", [&](Builder& b) { Shell(text, b).run(); });
}

RegionTable analyze_sql(std::string_view text) {
  return regions_detail::run_analyzer(text, "SQL", [&](Builder& b) { sql(text, b); });
}

}  // namespace modelshift
