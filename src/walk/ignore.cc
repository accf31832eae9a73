// Implementation of the ignore engine declared in ignore.h: a wildmatch
// compiler/matcher and gitignore pattern lists. Written from git's
// documented behaviour (gitignore(5), wildmatch tests); no regex, and no
// allocation while matching.
#include "walk/ignore.h"

#include <algorithm>
#include <cstring>

namespace modelshift {
namespace {

using ClassSet = std::array<uint64_t, 4>;

inline void set_bit(ClassSet& s, unsigned char c) { s[c >> 6] |= uint64_t{1} << (c & 63); }
inline bool has_bit(const ClassSet& s, unsigned char c) {
  return (s[c >> 6] >> (c & 63)) & 1;
}

// POSIX character classes in the "C" locale (git's wildmatch uses ctype
// with the C locale; bytes >= 0x80 belong to no class).
bool in_posix_class(std::string_view name, unsigned char c, bool* known) {
  *known = true;
  const bool upper = c >= 'A' && c <= 'Z';
  const bool lower = c >= 'a' && c <= 'z';
  const bool digit = c >= '0' && c <= '9';
  const bool alpha = upper || lower;
  const bool alnum = alpha || digit;
  const bool graph = c >= 0x21 && c <= 0x7e;
  if (name == "alnum") return alnum;
  if (name == "alpha") return alpha;
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "cntrl") return c < 0x20 || c == 0x7f;
  if (name == "digit") return digit;
  if (name == "graph") return graph;
  if (name == "lower") return lower;
  if (name == "print") return c >= 0x20 && c <= 0x7e;
  if (name == "punct") return graph && !alnum;
  if (name == "space") return c == ' ' || (c >= '\t' && c <= '\r');
  if (name == "upper") return upper;
  if (name == "xdigit") return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  *known = false;
  return false;
}

// Bytes before the first byte wildmatch treats specially (git's
// simple_length: '*', '?', '[', '\').
size_t simple_length(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '*' || c == '?' || c == '[' || c == '\\') return i;
  }
  return s.size();
}

// git's trim_trailing_spaces(): drops a run of trailing ' ' unless the first
// of them is escaped by a backslash. Tabs are kept.
std::string_view trim_trailing_spaces(std::string_view s) {
  size_t last_space = std::string_view::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ') {
      if (last_space == std::string_view::npos) last_space = i;
    } else if (c == '\\') {
      ++i;
      if (i >= s.size()) return s;  // a lone trailing backslash: keep all
      last_space = std::string_view::npos;
    } else {
      last_space = std::string_view::npos;
    }
  }
  return last_space == std::string_view::npos ? s : s.substr(0, last_space);
}

inline std::string_view basename_of(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

int base_depth(std::string_view base) {
  if (base.empty()) return 0;
  return 1 + static_cast<int>(std::count(base.begin(), base.end(), '/'));
}

}  // namespace

// ---------------------------------------------------------------- Glob

Glob Glob::compile(std::string_view p) {
  Glob g;
  const size_t n = p.size();
  size_t i = 0;
  auto push = [&g](Op op, uint8_t byte = 0, uint16_t cls = 0) {
    g.toks_.push_back(Tok{op, byte, cls});
  };
  while (i < n && !g.never_) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if (c == '*') {
      size_t j = i;
      while (j < n && p[j] == '*') ++j;
      g.literal_ = false;
      if (j - i >= 2) {
        // "**" is special only as a whole component: preceded by the start
        // or '/', followed by the end, '/' or an escaped '/'.
        const bool starts = i == 0 || p[i - 1] == '/';
        const bool ends = j == n || p[j] == '/' || (p[j] == '\\' && j + 1 < n && p[j + 1] == '/');
        if (starts && ends) {
          if (j == n) {
            push(Op::kRest);
            i = j;
          } else if (p[j] == '/') {
            push(Op::kStarStarSlash);
            i = j + 1;
          } else {
            // "**\/": git skips its zero-directory shortcut here, so this
            // is "any bytes, then '/'".
            push(Op::kStarStarAny);
            push(Op::kByte, '/');
            i = j + 2;
          }
          continue;
        }
      }
      if (g.toks_.empty() || g.toks_.back().op != Op::kStar) push(Op::kStar);
      i = j;
      continue;
    }
    if (c == '?') {
      g.literal_ = false;
      push(Op::kAny);
      ++i;
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= n) {  // a trailing backslash can never match
        g.never_ = true;
        break;
      }
      push(Op::kByte, static_cast<uint8_t>(p[i + 1]));
      i += 2;
      continue;
    }
    if (c != '[') {
      push(Op::kByte, c);
      ++i;
      continue;
    }
    // A character class. The first byte after '[' (or "[!", "[^") is part
    // of the set even when it is ']'.
    g.literal_ = false;
    ClassSet set{};
    size_t k = i + 1;
    auto at = [&](size_t idx) -> int {
      return idx < n ? static_cast<unsigned char>(p[idx]) : -1;
    };
    int pc = at(k);
    if (pc == '^') pc = '!';
    const bool negated = pc == '!';
    if (negated) pc = at(++k);
    int prev = 0;
    bool bad = false;
    for (;;) {
      if (pc < 0) {
        bad = true;
        break;
      }
      if (pc == '\\') {
        pc = at(++k);
        if (pc < 0) {
          bad = true;
          break;
        }
        set_bit(set, static_cast<unsigned char>(pc));
      } else if (pc == '-' && prev && at(k + 1) >= 0 && at(k + 1) != ']') {
        pc = at(++k);
        if (pc == '\\') {
          pc = at(++k);
          if (pc < 0) {
            bad = true;
            break;
          }
        }
        for (int ch = prev; ch <= pc; ++ch) set_bit(set, static_cast<unsigned char>(ch));
        pc = 0;  // a range cannot start a range
      } else if (pc == '[' && at(k + 1) == ':') {
        const size_t s = k + 2;
        size_t q = s;
        while (q < n && p[q] != ']') ++q;
        if (q >= n) {
          bad = true;
          break;
        }
        if (q == s || p[q - 1] != ':') {
          set_bit(set, '[');  // not "[:name:]": a literal '[' and go on after it
          pc = '[';
        } else {
          const std::string_view name = p.substr(s, q - s - 1);
          bool known = true;
          in_posix_class(name, 'a', &known);
          if (!known) {
            bad = true;
            break;
          }
          for (int ch = 0; ch < 256; ++ch) {
            bool k2;
            if (in_posix_class(name, static_cast<unsigned char>(ch), &k2))
              set_bit(set, static_cast<unsigned char>(ch));
          }
          k = q;
          pc = 0;
        }
      } else {
        set_bit(set, static_cast<unsigned char>(pc));
      }
      prev = pc;
      pc = at(++k);
      if (pc == ']') break;
    }
    if (bad) {
      g.never_ = true;
      break;
    }
    if (negated)
      for (auto& w : set) w = ~w;
    // With WM_PATHNAME a class never matches '/'.
    set[static_cast<unsigned char>('/') >> 6] &= ~(uint64_t{1} << ('/' & 63));
    g.classes_.push_back(set);
    push(Op::kClass, 0, static_cast<uint16_t>(g.classes_.size() - 1));
    i = k + 1;
  }
  if (g.never_) {
    g.toks_.clear();
    g.classes_.clear();
    g.literal_ = false;
  }
  return g;
}

bool Glob::match(std::string_view s) const {
  if (never_) return false;
  const size_t nt = toks_.size();
  const size_t n = s.size();
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t ti = 0, si = 0;
  // Backtrack points: the latest '*' (can grow within one component) and
  // the latest "**/" (can grow by whole components; "**\/" by bytes). Older ones never need
  // revisiting: a later '*' or "**/" can absorb whatever an earlier one
  // would have, and a '*' is pinned by the '/' that ends its component.
  size_t star_t = kNone, star_s = 0;
  size_t dstar_t = kNone, dstar_s = 0;
  bool dstar_any = false;  // "**" that grows byte by byte (see compile)
  for (;;) {
    if (ti < nt) {
      const Tok& t = toks_[ti];
      switch (t.op) {
        case Op::kRest:
          return true;
        case Op::kStar:
          star_t = ti + 1;
          star_s = si;
          ++ti;
          continue;
        case Op::kStarStarSlash:
        case Op::kStarStarAny:
          dstar_t = ti + 1;
          dstar_s = si;
          dstar_any = t.op == Op::kStarStarAny;
          star_t = kNone;
          ++ti;
          continue;
        case Op::kByte:
          if (si < n && static_cast<unsigned char>(s[si]) == t.byte) {
            ++ti;
            ++si;
            continue;
          }
          break;
        case Op::kAny:
          if (si < n && s[si] != '/') {
            ++ti;
            ++si;
            continue;
          }
          break;
        case Op::kClass:
          if (si < n && has_bit(classes_[t.cls], static_cast<unsigned char>(s[si]))) {
            ++ti;
            ++si;
            continue;
          }
          break;
      }
    } else if (si == n) {
      return true;
    }
    // Mismatch: let the latest '*' take one more byte (not a '/').
    if (star_t != kNone && star_s < n && s[star_s] != '/') {
      ++star_s;
      ti = star_t;
      si = star_s;
      continue;
    }
    star_t = kNone;
    // Else let the latest "**/" take one more component.
    if (dstar_t != kNone && dstar_any) {
      if (dstar_s >= n) return false;
      ti = dstar_t;
      si = ++dstar_s;
      continue;
    }
    if (dstar_t != kNone) {
      const size_t slash = s.find('/', dstar_s);
      if (slash == std::string_view::npos) return false;
      dstar_s = slash + 1;
      ti = dstar_t;
      si = dstar_s;
      continue;
    }
    return false;
  }
}

bool glob_match(std::string_view pattern, std::string_view path) {
  return Glob::compile(pattern).match(path);
}

// ---------------------------------------------------------------- IgnoreList

void IgnoreList::add_line(std::string_view line, bool gitignore_syntax) {
  uint8_t flags = 0;
  if (gitignore_syntax) {
    if (line.empty() || line[0] == '#') return;
    line = trim_trailing_spaces(line);
    if (!line.empty() && line[0] == '!') {
      flags |= kNegative;
      line.remove_prefix(1);
    }
  }
  if (line.empty()) return;
  if (line.back() == '/') {
    flags |= kDirOnly;
    line.remove_suffix(1);
    if (line.empty()) return;  // "/" alone: git never matches it either
  }
  if (line.find('/') == std::string_view::npos) {
    flags |= kBasename;
  } else if (line[0] == '/') {
    line.remove_prefix(1);  // anchored; the '/' itself is not matched
    if (line.empty()) return;
  }
  Pattern p;
  p.text.assign(line);
  p.prefix_len = static_cast<uint32_t>(simple_length(line));
  if (p.prefix_len == line.size()) flags |= kLiteral;
  if ((flags & kBasename) && !(flags & kLiteral) && line[0] == '*' &&
      simple_length(line.substr(1)) == line.size() - 1)
    flags |= kSuffix;
  p.flags = flags;
  if (!(flags & kLiteral)) {
    // Pathname patterns: git compares the literal prefix bytewise and
    // wildmatches only the rest (so the rest starts at a "**" boundary).
    p.rest = (flags & kBasename) ? Glob::compile(line) : Glob::compile(line.substr(p.prefix_len));
  }
  patterns_.push_back(std::move(p));
}

IgnoreList IgnoreList::parse(std::string_view text, std::string_view base, std::string source) {
  IgnoreList list;
  list.base_.assign(base);
  list.source_ = std::move(source);
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.empty() || line[0] == '#') continue;
    if (line.back() == '\r') line.remove_suffix(1);
    list.add_line(line, /*gitignore_syntax=*/true);
  }
  return list;
}

IgnoreList IgnoreList::from_globs(const std::vector<std::string>& globs) {
  IgnoreList list;
  for (const std::string& g : globs) {
    // "./x" names x at the top: the same as the anchored "/x".
    std::string_view v = g;
    bool anchored = false;
    while (v.size() > 2 && v.substr(0, 2) == "./") {
      v.remove_prefix(2);
      anchored = true;
    }
    if (anchored && v[0] != '/')
      list.add_line("/" + std::string(v), /*gitignore_syntax=*/false);
    else
      list.add_line(v, /*gitignore_syntax=*/false);
  }
  return list;
}

bool IgnoreList::pattern_matches(const Pattern& p, std::string_view rel, std::string_view basename,
                                 bool is_dir) const {
  if ((p.flags & kDirOnly) && !is_dir) return false;
  if (p.flags & kBasename) {
    if (p.flags & kLiteral) return basename == p.text;
    if (p.flags & kSuffix) {
      const size_t len = p.text.size() - 1;
      return basename.size() >= len &&
             std::memcmp(basename.data() + basename.size() - len, p.text.data() + 1, len) == 0;
    }
    return p.rest.match(basename);
  }
  if (p.prefix_len > rel.size()) return false;
  if (std::memcmp(p.text.data(), rel.data(), p.prefix_len) != 0) return false;
  if (p.flags & kLiteral) return rel.size() == p.prefix_len;
  return p.rest.match(rel.substr(p.prefix_len));
}

IgnoreVerdict IgnoreList::match(std::string_view path, bool is_dir) const {
  return match(path, basename_of(path), is_dir);
}

IgnoreVerdict IgnoreList::match(std::string_view path, std::string_view basename,
                                bool is_dir) const {
  if (patterns_.empty()) return IgnoreVerdict::kNone;
  std::string_view rel = path;
  if (!base_.empty()) {
    if (path.size() <= base_.size() + 1 || path[base_.size()] != '/' ||
        path.compare(0, base_.size(), base_) != 0)
      return IgnoreVerdict::kNone;
    rel = path.substr(base_.size() + 1);
  }
  if (rel.empty()) return IgnoreVerdict::kNone;
  for (size_t i = patterns_.size(); i-- > 0;) {
    const Pattern& p = patterns_[i];
    if (pattern_matches(p, rel, basename, is_dir))
      return (p.flags & kNegative) ? IgnoreVerdict::kIncluded : IgnoreVerdict::kIgnored;
  }
  return IgnoreVerdict::kNone;
}

// ---------------------------------------------------------------- IgnoreRules

void IgnoreRules::add_file(std::string_view text, std::string_view base, std::string source) {
  IgnoreList list = IgnoreList::parse(text, base, std::move(source));
  const int depth = base_depth(list.base());
  // Deepest first; a later file goes before earlier files of the same depth.
  auto pos = std::find_if(dir_lists_.begin(), dir_lists_.end(), [&](const IgnoreList& l) {
    return base_depth(l.base()) <= depth;
  });
  dir_lists_.insert(pos, std::move(list));
}

void IgnoreRules::add_exclude_file(std::string_view text, std::string source) {
  exclude_lists_.push_back(IgnoreList::parse(text, "", std::move(source)));
}

IgnoreVerdict IgnoreRules::match(std::string_view path, bool is_dir) const {
  const std::string_view base = basename_of(path);
  for (const IgnoreList& l : dir_lists_) {
    const IgnoreVerdict v = l.match(path, base, is_dir);
    if (v != IgnoreVerdict::kNone) return v;
  }
  for (size_t i = exclude_lists_.size(); i-- > 0;) {
    const IgnoreVerdict v = exclude_lists_[i].match(path, base, is_dir);
    if (v != IgnoreVerdict::kNone) return v;
  }
  return IgnoreVerdict::kNone;
}

bool IgnoreRules::is_ignored(std::string_view path, bool is_dir) const {
  for (size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    if (match(path.substr(0, slash), true) == IgnoreVerdict::kIgnored) return true;
  }
  return match(path, is_dir) == IgnoreVerdict::kIgnored;
}

}  // namespace modelshift
