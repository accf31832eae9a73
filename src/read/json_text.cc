// JSON escapes and numbers (see json_text.h and json_doc.h).
#include "read/json_text.h"

#include <algorithm>
#include <cstdint>

#include "read/json_doc.h"

namespace modelshift {

namespace json_detail {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at t[pos..pos+4), or -1.
long hex4(std::string_view t, size_t pos) {
  if (pos + 4 > t.size()) return -1;
  long v = 0;
  for (size_t k = 0; k < 4; ++k) {
    int h = hex_value(t[pos + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

size_t decode_unit(std::string_view t, size_t pos, std::string& out, StrEvent& ev) {
  ev = StrEvent::None;
  char c = t[pos];
  if (c != '\\') {
    if (static_cast<unsigned char>(c) < 0x20) ev = StrEvent::Control;
    out.push_back(c);
    return pos + 1;
  }
  if (pos + 1 >= t.size() || t[pos + 1] == '\n' || t[pos + 1] == '\r') {
    ev = StrEvent::BadEscape;
    out.push_back('\\');
    return pos + 1;
  }
  char e = t[pos + 1];
  switch (e) {
    case '"': out.push_back('"'); return pos + 2;
    case '\\': out.push_back('\\'); return pos + 2;
    case '/': out.push_back('/'); return pos + 2;
    case 'b': out.push_back('\b'); return pos + 2;
    case 'f': out.push_back('\f'); return pos + 2;
    case 'n': out.push_back('\n'); return pos + 2;
    case 'r': out.push_back('\r'); return pos + 2;
    case 't': out.push_back('\t'); return pos + 2;
    case 'u': {
      long cp = hex4(t, pos + 2);
      if (cp < 0) {
        ev = StrEvent::BadEscape;
        out.push_back('u');
        return pos + 2;
      }
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (pos + 7 < t.size() && t[pos + 6] == '\\' && t[pos + 7] == 'u') {
          long lo = hex4(t, pos + 8);
          if (lo >= 0xDC00 && lo <= 0xDFFF) {
            append_utf8(out, 0x10000 + ((static_cast<uint32_t>(cp) - 0xD800) << 10) + (static_cast<uint32_t>(lo) - 0xDC00));
            return pos + 12;
          }
        }
        append_utf8(out, 0xFFFD);  // unpaired high surrogate
        return pos + 6;
      }
      if (cp >= 0xDC00 && cp <= 0xDFFF) {
        append_utf8(out, 0xFFFD);  // unpaired low surrogate
        return pos + 6;
      }
      append_utf8(out, static_cast<uint32_t>(cp));
      return pos + 6;
    }
    default:
      ev = StrEvent::BadEscape;
      out.push_back(e);
      return pos + 2;
  }
}


}  // namespace json_detail

using json_detail::decode_unit;
using json_detail::StrEvent;

uint32_t json_source_offset(std::string_view text, const JsonValue& value, uint32_t decoded_offset) {
  size_t begin = value.begin, end = std::min<size_t>(value.end, text.size());
  if (value.type != JsonValue::Type::String || begin >= end || text[begin] != '"') {
    return static_cast<uint32_t>(std::min<size_t>(begin + decoded_offset, end));
  }
  std::string buf;
  size_t p = begin + 1, produced = 0;
  while (p < end) {
    char c = text[p];
    if (c == '"' || c == '\n') break;
    buf.clear();
    StrEvent ev;
    size_t q = decode_unit(text, p, buf, ev);
    if (decoded_offset < produced + buf.size()) return static_cast<uint32_t>(p);
    produced += buf.size();
    p = q;
  }
  return static_cast<uint32_t>(std::min(p, end));
}

std::string json_decode_string(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  StrEvent ev;
  for (size_t p = 0; p < body.size();) p = decode_unit(body, p, out, ev);
  return out;
}

bool json_number_valid(std::string_view s) {
  size_t k = 0, n = s.size();
  if (k < n && s[k] == '-') ++k;
  if (k >= n) return false;
  if (s[k] == '0') {
    ++k;
  } else if (s[k] >= '1' && s[k] <= '9') {
    while (k < n && s[k] >= '0' && s[k] <= '9') ++k;
  } else {
    return false;
  }
  if (k < n && s[k] == '.') {
    ++k;
    size_t d = k;
    while (k < n && s[k] >= '0' && s[k] <= '9') ++k;
    if (k == d) return false;
  }
  if (k < n && (s[k] == 'e' || s[k] == 'E')) {
    ++k;
    if (k < n && (s[k] == '+' || s[k] == '-')) ++k;
    size_t d = k;
    while (k < n && s[k] >= '0' && s[k] <= '9') ++k;
    if (k == d) return false;
  }
  return k == n;
}

}  // namespace modelshift
