// analyze_toml: a positioned TOML lexer.
//
// Paths: `[a.b]` + `k = v` -> a.b.k; dotted and quoted keys are split into
// segments (`a."b.c".d` -> segments a, b.c, d -> path a.b.c.d: the dot inside
// the quoted segment is kept as written). `[[x.y]]` opens element x.y[0],
// x.y[1], ...; later headers below it resolve against the latest element
// (`[[fruits]]` then `[fruits.physical]` -> fruits[0].physical). Arrays give
// items [i]; inline tables give .key.
//
// Regions: each key segment (in headers and key/value lines) -> Key with the
// path up to that segment; strings -> Value between the delimiters (also for
// """ and ''' multi-line strings); numbers, booleans, dates -> Value;
// comments -> Comment.
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "read/regions.h"

namespace modelshift {

namespace {

using regions_detail::Builder;
using regions_detail::join_index;
using regions_detail::join_key;
using regions_detail::kMaxKeyParts;
using regions_detail::kMaxNesting;

bool is_ws(char c) { return c == ' ' || c == '\t'; }
bool is_nl(char c) { return c == '\n' || c == '\r'; }
bool bare_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool bare_value_char(char c) {
  return !(is_ws(c) || is_nl(c) || c == ',' || c == ']' || c == '}' || c == '[' || c == '{' || c == '#' ||
           c == '=' || c == '"' || c == '\'');
}

class Toml {
 public:
  Toml(std::string_view t, Builder& b) : t_(t), n_(t.size()), b_(b) {}

  void run() {
    size_t i = regions_detail::bom_length(t_);
    while (i < n_) {
      char c = t_[i];
      if (is_ws(c) || is_nl(c)) {
        ++i;
      } else if (c == '#') {
        i = comment(i);
      } else if (c == '[') {
        i = header(i);
      } else {
        i = keyval(i);
      }
    }
  }

 private:
  struct Segment {
    size_t b, e;  // region of the key text (without quotes)
    std::string text;
  };

  size_t eol(size_t i) const {
    const void* nl = i < n_ ? std::memchr(t_.data() + i, '\n', n_ - i) : nullptr;
    return nl ? static_cast<size_t>(static_cast<const char*>(nl) - t_.data()) : n_;
  }
  size_t content_end(size_t i) const {  // end of line i's content, before \r\n
    size_t e = eol(i);
    if (e > i && t_[e - 1] == '\r') --e;
    return e;
  }

  size_t comment(size_t i) {
    size_t e = content_end(i);
    b_.add(i, e, RegionKind::Comment);
    return e;
  }

  // After a statement: blanks, an optional comment, the line end.
  size_t rest_of_line(size_t i) {
    while (i < n_ && is_ws(t_[i])) ++i;
    if (i >= n_) return i;
    if (t_[i] == '#') return comment(i);
    if (is_nl(t_[i])) return i;
    b_.error(i, "malformed TOML: unexpected content after a value");
    return eol(i);
  }

  // Dotted key at i; returns false (and i unchanged) when no key starts here.
  bool dotted_key(size_t& i, std::vector<Segment>& segs) {
    size_t j = i;
    while (true) {
      while (j < n_ && is_ws(t_[j])) ++j;
      if (j >= n_) break;
      char c = t_[j];
      Segment s;
      if (c == '"' || c == '\'') {
        size_t k = j + 1;
        while (k < n_ && t_[k] != c && !is_nl(t_[k])) k += (c == '"' && t_[k] == '\\' && k + 1 < n_) ? 2 : 1;
        if (k >= n_ || t_[k] != c) {
          b_.error(j, "malformed TOML: unterminated quoted key");
          s = Segment{j + 1, std::min(k, n_), std::string(t_.substr(j + 1, std::min(k, n_) - j - 1))};
          segs.push_back(std::move(s));
          i = std::min(k, n_);
          return true;
        }
        s = Segment{j + 1, k, std::string(t_.substr(j + 1, k - j - 1))};
        j = k + 1;
      } else if (bare_key_char(c)) {
        size_t k = j;
        while (k < n_ && bare_key_char(t_[k])) ++k;
        s = Segment{j, k, std::string(t_.substr(j, k - j))};
        j = k;
      } else {
        break;
      }
      if (segs.size() < kMaxKeyParts) {
        segs.push_back(std::move(s));
      } else if (segs.size() == kMaxKeyParts) {
        b_.error(j, "malformed TOML: key with more than " + std::to_string(kMaxKeyParts) + " parts");
      }
      size_t k = j;
      while (k < n_ && is_ws(t_[k])) ++k;
      if (k < n_ && t_[k] == '.') {
        j = k + 1;
        continue;
      }
      j = k;
      break;
    }
    if (segs.empty()) return false;
    i = j;
    return true;
  }

  // Key regions for segments below `base`; returns the full path.
  std::string key_regions(const std::string& base, const std::vector<Segment>& segs) {
    std::string path = base;
    for (const Segment& s : segs) {
      path = join_key(path, s.text);
      b_.add(s.b, s.e, RegionKind::Key, path);
    }
    return path;
  }

  size_t header(size_t i) {
    size_t start = i;
    bool aot = i + 1 < n_ && t_[i + 1] == '[';
    i += aot ? 2 : 1;
    std::vector<Segment> segs;
    if (!dotted_key(i, segs)) {
      b_.error(start, "malformed TOML: invalid table header");
      return eol(start);
    }
    while (i < n_ && is_ws(t_[i])) ++i;
    bool closed = i < n_ && t_[i] == ']' && (!aot || (i + 1 < n_ && t_[i + 1] == ']'));
    if (!closed) {
      b_.error(start, "malformed TOML: unterminated table header");
    } else {
      i += aot ? 2 : 1;
    }
    std::string resolved;
    for (size_t k = 0; k < segs.size(); ++k) {
      resolved = join_key(resolved, segs[k].text);
      bool last = k + 1 == segs.size();
      if (aot && last) {
        size_t idx = aot_count_[resolved]++;
        resolved = join_index(resolved, idx);
      } else if (auto it = aot_count_.find(resolved); it != aot_count_.end() && it->second > 0) {
        resolved = join_index(resolved, it->second - 1);
      }
      b_.add(segs[k].b, segs[k].e, RegionKind::Key, resolved);
    }
    table_ = resolved;
    if (!closed) return eol(start);
    return rest_of_line(i);
  }

  size_t keyval(size_t i) {
    size_t start = i;
    std::vector<Segment> segs;
    if (!dotted_key(i, segs)) {
      b_.error(start, "malformed TOML: expected a key");
      return eol(start);
    }
    std::string path = key_regions(table_, segs);
    while (i < n_ && is_ws(t_[i])) ++i;
    if (i >= n_ || t_[i] != '=') {
      b_.error(i, "malformed TOML: expected '=' after a key");
      return eol(i);
    }
    ++i;
    while (i < n_ && is_ws(t_[i])) ++i;
    bool aborted = false;
    i = value(i, path, aborted);
    if (aborted) return i;
    return rest_of_line(i);
  }

  // A string at i (t_[i] is a quote). Adds its Value region; returns the end.
  size_t string(size_t i, const std::string& path) {
    char q = t_[i];
    bool multi = i + 2 < n_ && t_[i + 1] == q && t_[i + 2] == q;
    if (multi) {
      size_t j = i + 3;
      while (j < n_) {
        if (q == '"' && t_[j] == '\\') {
          j += 2;
          continue;
        }
        if (t_[j] == q && j + 2 < n_ && t_[j + 1] == q && t_[j + 2] == q) {
          size_t close = j;
          while (close + 3 < n_ && t_[close + 3] == q && close < j + 2) ++close;  // up to 2 quotes of content
          b_.add(i + 3, close, RegionKind::Value, path);
          return close + 3;
        }
        ++j;
      }
      b_.error(i, "malformed TOML: unterminated multi-line string");
      b_.add(i + 3, n_, RegionKind::Value, path);
      return n_;
    }
    size_t j = i + 1;
    while (j < n_ && t_[j] != q && !is_nl(t_[j])) j += (q == '"' && t_[j] == '\\' && j + 1 < n_ && !is_nl(t_[j + 1])) ? 2 : 1;
    if (j < n_ && t_[j] == q) {
      b_.add(i + 1, j, RegionKind::Value, path);
      return j + 1;
    }
    b_.error(i, "malformed TOML: unterminated string");
    b_.add(i + 1, j, RegionKind::Value, path);
    return j;
  }

  // Inside an array / inline table, a line that looks like `key =` or a
  // `[table]` header means the container was never closed.
  bool looks_like_statement(size_t line_start) const {
    size_t j = line_start;
    while (j < n_ && is_ws(t_[j])) ++j;
    if (j >= n_) return false;
    if (t_[j] == '[') {
      size_t k = j + 1;
      if (k < n_ && t_[k] == '[') ++k;
      size_t b = k;
      while (k < n_ && (bare_key_char(t_[k]) || t_[k] == '.')) ++k;
      if (k == b || !(t_[b] == '_' || (t_[b] >= 'A' && t_[b] <= 'Z') || (t_[b] >= 'a' && t_[b] <= 'z'))) return false;
      std::string_view w = t_.substr(b, k - b);
      if (w == "true" || w == "false" || w == "inf" || w == "nan") return false;
      return k < n_ && t_[k] == ']';
    }
    if (!bare_key_char(t_[j])) return false;
    size_t k = j;
    while (k < n_ && (bare_key_char(t_[k]) || t_[k] == '.')) ++k;
    while (k < n_ && is_ws(t_[k])) ++k;
    return k < n_ && t_[k] == '=' && !(k + 1 < n_ && t_[k + 1] == '=');
  }

  enum class St { ArrValue, ArrComma, TabKey, TabValue, TabComma };
  struct Frame {
    bool array;
    std::string path;
    size_t index = 0;
    size_t open;
    St st;
    std::string key;
  };

  // A value at i under `path`, arrays and inline tables included (explicit
  // stack). Sets `aborted` when an unterminated container was abandoned at a
  // line start (the caller then must not look for the rest of the line).
  size_t value(size_t i, const std::string& path, bool& aborted) {
    std::vector<Frame> fs;
    size_t skip_depth = 0;
    bool want_value = true;  // top level: one value
    std::string vpath = path;
    while (true) {
      if (fs.empty() && !want_value) return i;
      if (!fs.empty()) {
        // Blanks, newlines and comments between elements.
        while (i < n_) {
          char c = t_[i];
          if (is_ws(c) || c == '\r') {
            ++i;
          } else if (c == '\n') {
            ++i;
            if (skip_depth == 0 && looks_like_statement(i)) {
              b_.error(fs.back().open, fs.back().array ? "malformed TOML: unterminated array"
                                                       : "malformed TOML: unterminated inline table");
              aborted = true;
              return i;
            }
          } else if (c == '#') {
            i = comment(i);
          } else {
            break;
          }
        }
        if (i >= n_) {
          b_.error(fs.back().open, fs.back().array ? "malformed TOML: unterminated array"
                                                   : "malformed TOML: unterminated inline table");
          return n_;
        }
        char c = t_[i];
        if (skip_depth > 0) {
          if (c == '"' || c == '\'') {
            i = skip_string(i);
          } else {
            if (c == '[' || c == '{') ++skip_depth;
            if (c == ']' || c == '}') --skip_depth;
            ++i;
            if (skip_depth == 0) {
              want_value = false;
              fs.back().st = fs.back().array ? St::ArrComma : St::TabComma;
            }
          }
          continue;
        }
        Frame& f = fs.back();
        if (f.st == St::ArrValue || f.st == St::ArrComma) {
          if (c == ']') {
            fs.pop_back();
            ++i;
            want_value = false;
            if (!fs.empty()) fs.back().st = fs.back().array ? St::ArrComma : St::TabComma;
            continue;
          }
          if (f.st == St::ArrComma) {
            if (c == ',') {
              ++f.index;
              f.st = St::ArrValue;
              ++i;
              continue;
            }
            b_.error(i, "malformed TOML: expected ',' or ']' in array");
            ++f.index;  // assume a missing comma
            f.st = St::ArrValue;
          }
          vpath = join_index(f.path, f.index);
        } else {
          if (c == '}') {
            fs.pop_back();
            ++i;
            want_value = false;
            if (!fs.empty()) fs.back().st = fs.back().array ? St::ArrComma : St::TabComma;
            continue;
          }
          if (f.st == St::TabComma) {
            if (c == ',') {
              f.st = St::TabKey;
              ++i;
              continue;
            }
            b_.error(i, "malformed TOML: expected ',' or '}' in inline table");
            f.st = St::TabKey;
          }
          if (f.st == St::TabKey) {
            std::vector<Segment> segs;
            if (!dotted_key(i, segs)) {
              b_.error(i, "malformed TOML: expected a key in inline table");
              ++i;
              continue;
            }
            f.key = key_regions(f.path, segs);
            while (i < n_ && is_ws(t_[i])) ++i;
            if (i < n_ && t_[i] == '=') {
              ++i;
            } else {
              b_.error(i, "malformed TOML: expected '=' after a key");
            }
            f.st = St::TabValue;
            continue;
          }
          vpath = f.key;
        }
      }
      // A value at i (skipping blanks at top level).
      while (i < n_ && is_ws(t_[i])) ++i;
      if (i >= n_) {
        b_.error(i, "malformed TOML: expected a value");
        return i;
      }
      char c = t_[i];
      if (c == '[' || c == '{') {
        if (fs.size() >= kMaxNesting) {
          b_.error(i, "malformed TOML: nesting deeper than " + std::to_string(kMaxNesting) + " levels");
          skip_depth = 1;
          ++i;
          continue;
        }
        Frame nf;
        nf.array = c == '[';
        nf.path = vpath;
        nf.open = i;
        nf.st = nf.array ? St::ArrValue : St::TabKey;
        fs.push_back(std::move(nf));
        ++i;
        continue;
      }
      size_t b = i;
      if (c == '"' || c == '\'') {
        i = string(i, vpath);
      } else {
        while (i < n_ && bare_value_char(t_[i])) ++i;
        // Local date-time with a space: 1979-05-27 07:32:00
        if (i - b == 10 && t_[b + 4] == '-' && t_[b + 7] == '-' && i + 1 < n_ && t_[i] == ' ' && t_[i + 1] >= '0' &&
            t_[i + 1] <= '9') {
          ++i;
          while (i < n_ && bare_value_char(t_[i])) ++i;
        }
        if (i == b) {
          b_.error(i, "malformed TOML: expected a value");
          if (fs.empty()) return i;
          if (!is_nl(t_[i])) ++i;  // skip the stray character
          continue;
        }
        b_.add(b, i, RegionKind::Value, vpath);
      }
      want_value = false;
      if (!fs.empty()) fs.back().st = fs.back().array ? St::ArrComma : St::TabComma;
    }
  }

  size_t skip_string(size_t i) {
    char q = t_[i];
    size_t j = i + 1;
    while (j < n_ && t_[j] != q && !is_nl(t_[j])) j += (q == '"' && t_[j] == '\\' && j + 1 < n_) ? 2 : 1;
    return j < n_ && t_[j] == q ? j + 1 : j;
  }

  std::string_view t_;
  size_t n_;
  Builder& b_;
  std::string table_;
  std::unordered_map<std::string, size_t> aot_count_;
};

}  // namespace

RegionTable analyze_toml(std::string_view text) {
  return regions_detail::run_analyzer(text, "TOML", [&](Builder& b) { Toml(text, b).run(); });
}

}  // namespace modelshift
