// analyze_dockerfile: instructions, their arguments as words, ENV/ARG/LABEL
// pairs and heredocs. A hand-written reader: no Dockerfile grammar is pinned.
//
// Dockerfile: instructions are case-insensitive; `\` (or the `# escape=`
// directive's character) continues a line; comment lines inside a continued
// instruction are Comment regions. `ENV K=V K2="V 2"`, legacy `ENV K V`,
// `ARG K=V` and `LABEL "k"=v` give Key regions for the keys and Value regions
// (between the quotes when quoted) with key path K. Other instructions'
// arguments are Value regions with an empty key path, one per physical line;
// heredoc bodies (`RUN <<EOF ... EOF`) are one Value region.
//
#include <cstring>
#include <string>
#include <vector>

#include "read/format_text.h"
#include "read/regions.h"

namespace modelshift {

namespace {

using namespace regions_detail;  // Builder, and the byte helpers of format_text.h

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

}  // namespace

RegionTable analyze_dockerfile(std::string_view text) {
  return regions_detail::run_analyzer(text, "Dockerfile", [&](Builder& b) { Dockerfile(text, b).run(); });
}

}  // namespace modelshift
