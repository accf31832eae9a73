// analyze_keyvalue: .env, .properties and INI-style (.ini/.cfg/.conf) files.
//
// The analyzer does not know the file name, so it picks a dialect from the
// text: if any line is a `[section]` header the file is read as INI,
// otherwise as .env / .properties.
//
//  * .env / .properties: `KEY=value`, `export KEY=value`, `key: value`,
//    `key value` (the key ends at the first '=', ':' or blank); `#` and `!`
//    comment lines; "double" and 'single' quoted values (a double-quoted
//    value may span lines, as in dotenv; in INI mode quotes end at the line
//    end); ` # comment` after an unquoted
//    value; a line ending in an odd number of backslashes continues the value.
//  * INI: `[section]` -> paths `section.key`; the key ends at the first '='
//    or ':' (keys may contain blanks), else at the first blank; `;` and `#`
//    comment lines, and ` ;` / ` #` inline comments; lines indented deeper
//    than their key continue its value (Python configparser style).
//    Section names are kept as written (`[remote "origin"]` ->
//    `remote "origin".url`).
//
// Regions: keys -> Key; values -> Value (quoted: between the quotes;
// multi-line: from the first to the last character); comments -> Comment.
// Escapes in keys (`a\ b`) are kept as written.
#include <cstring>
#include <string>

#include "read/regions.h"

namespace modelshift {

namespace {

using regions_detail::Builder;

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\f'; }

class KeyValue {
 public:
  KeyValue(std::string_view t, Builder& b) : t_(t), n_(t.size()), b_(b) {}

  void run() {
    size_t start = regions_detail::bom_length(t_);
    ini_ = detect_ini(start);
    size_t pos = start;
    while (pos < n_) pos = line(pos);
  }

 private:
  struct Line {
    size_t begin, end, next;
  };
  Line line_at(size_t pos) const {
    const void* nl = std::memchr(t_.data() + pos, '\n', n_ - pos);
    size_t e = nl ? static_cast<size_t>(static_cast<const char*>(nl) - t_.data()) : n_;
    Line l{pos, e, nl ? e + 1 : n_};
    if (l.end > l.begin && t_[l.end - 1] == '\r') --l.end;
    return l;
  }

  bool detect_ini(size_t pos) const {
    while (pos < n_) {
      Line l = line_at(pos);
      size_t p = l.begin;
      while (p < l.end && is_ws(t_[p])) ++p;
      if (p < l.end && t_[p] == '[') {
        size_t close = std::string_view(t_.data() + p, l.end - p).find(']');
        if (close != std::string_view::npos && close > 1) return true;
      }
      pos = l.next;
    }
    return false;
  }

  size_t trim_end(size_t b, size_t e) const {
    while (e > b && is_ws(t_[e - 1])) --e;
    return e;
  }

  // End of an unquoted value on [p, end): before an inline comment, trimmed.
  size_t unquoted_end(size_t p, size_t end, size_t& comment_at) const {
    comment_at = std::string::npos;
    for (size_t j = p; j < end; ++j) {
      char c = t_[j];
      if ((c == '#' || (ini_ && c == ';')) && j > p && is_ws(t_[j - 1])) {
        comment_at = j;
        return trim_end(p, j);
      }
    }
    return trim_end(p, end);
  }

  static bool odd_backslashes(std::string_view t, size_t b, size_t e) {
    size_t k = 0;
    while (e > b && t[e - 1] == '\\') {
      --e;
      ++k;
    }
    return k % 2 == 1;
  }

  size_t line(size_t pos) {
    Line l = line_at(pos);
    size_t p = l.begin;
    while (p < l.end && is_ws(t_[p])) ++p;
    if (p == l.end) return l.next;
    char c = t_[p];
    if (c == '#' || c == ';' || c == '!') {
      b_.add(p, l.end, RegionKind::Comment);
      return l.next;
    }
    size_t indent = p - l.begin;
    if (ini_ && have_key_ && indent > key_indent_) {
      // configparser continuation line
      size_t cat;
      size_t e = unquoted_end(p, l.end, cat);
      b_.add(p, e, RegionKind::Value, key_path_);
      if (cat != std::string::npos) b_.add(cat, l.end, RegionKind::Comment);
      return l.next;
    }
    if (c == '[' && ini_) {
      size_t close = p + 1;
      while (close < l.end && t_[close] != ']') ++close;
      size_t nb = p + 1, ne = close;
      while (nb < ne && is_ws(t_[nb])) ++nb;
      ne = trim_end(nb, ne);
      section_ = std::string(t_.substr(nb, ne - nb));
      b_.add(nb, ne, RegionKind::Key, section_);
      have_key_ = false;
      if (close >= l.end) {
        b_.error(p, "malformed INI: unterminated section header");
        return l.next;
      }
      size_t r = close + 1;
      while (r < l.end && is_ws(t_[r])) ++r;
      if (r < l.end && (t_[r] == '#' || t_[r] == ';')) b_.add(r, l.end, RegionKind::Comment);
      return l.next;
    }
    // `export KEY=value`
    if (l.end - p > 7 && t_.substr(p, 6) == "export" && is_ws(t_[p + 6])) {
      size_t q = p + 6;
      while (q < l.end && is_ws(t_[q])) ++q;
      if (q < l.end) p = q;
    }
    // Key.
    size_t kb = p, ke = p;
    if (ini_) {
      size_t j = p;
      while (j < l.end && t_[j] != '=' && t_[j] != ':') ++j;
      if (j == l.end) {
        j = p;
        while (j < l.end && !is_ws(t_[j])) ++j;
      }
      ke = trim_end(kb, j);
      p = j;
    } else {
      size_t j = p;
      while (j < l.end && t_[j] != '=' && t_[j] != ':' && !is_ws(t_[j])) j += (t_[j] == '\\' && j + 1 < l.end) ? 2 : 1;
      ke = std::min(j, l.end);
      p = ke;
    }
    while (p < l.end && is_ws(t_[p])) ++p;
    if (p < l.end && (t_[p] == '=' || t_[p] == ':')) {
      ++p;
      while (p < l.end && is_ws(t_[p])) ++p;
    }
    std::string key(t_.substr(kb, ke - kb));
    key_path_ = section_.empty() || !ini_ ? key : section_ + "." + key;
    key_indent_ = kb - l.begin;
    have_key_ = true;
    if (ke == kb) b_.error(kb, std::string(ini_ ? "malformed INI" : "malformed key/value file") + ": missing key");
    b_.add(kb, ke, RegionKind::Key, key_path_);
    if (p >= l.end) return l.next;
    // Value.
    char q = t_[p];
    if (q == '"' || q == '\'') {
      size_t j = p + 1;
      size_t limit = (q == '"' && !ini_) ? n_ : l.end;  // dotenv: double quotes may span lines
      while (j < limit && t_[j] != q) j += (q == '"' && t_[j] == '\\' && j + 1 < limit) ? 2 : 1;
      if (j < limit && t_[j] == q) {
        b_.add(p + 1, j, RegionKind::Value, key_path_);
        Line cl = line_at(j < l.end ? l.begin : last_line_start(j));
        size_t r = j + 1;
        while (r < cl.end && is_ws(t_[r])) ++r;
        if (r < cl.end && (t_[r] == '#' || (ini_ && t_[r] == ';'))) b_.add(r, cl.end, RegionKind::Comment);
        return cl.next;
      }
      if (q == '"') b_.error(p, std::string(ini_ ? "malformed INI" : "malformed key/value file") + ": unterminated quoted value");
      // Unterminated: fall through and read it as an unquoted value.
    }
    size_t cat;
    size_t e = unquoted_end(p, l.end, cat);
    size_t begin = p;
    size_t next = l.next;
    if (cat != std::string::npos) {
      b_.add(cat, l.end, RegionKind::Comment);
    } else {
      // Backslash continuation.
      Line cur = l;
      while (odd_backslashes(t_, p, cur.end) && cur.next < n_) {
        cur = line_at(cur.next);
        size_t r = cur.begin;
        while (r < cur.end && is_ws(t_[r])) ++r;
        if (r < cur.end) e = trim_end(r, cur.end);
        p = r;
      }
      next = cur.next;
    }
    b_.add(begin, e, RegionKind::Value, key_path_);
    return next;
  }

  size_t last_line_start(size_t j) const {
    while (j > 0 && t_[j - 1] != '\n') --j;
    return j;
  }

  std::string_view t_;
  size_t n_;
  Builder& b_;
  bool ini_ = false;
  std::string section_;
  std::string key_path_;
  size_t key_indent_ = 0;
  bool have_key_ = false;
};

}  // namespace

RegionTable analyze_keyvalue(std::string_view text) {
  return regions_detail::run_analyzer(text, "key/value", [&](Builder& b) { KeyValue(text, b).run(); });
}

}  // namespace modelshift
