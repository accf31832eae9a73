// Positioned JSON / JSONC reader (see json_doc.h). Iterative: an explicit
// stack of open containers, so hostile nesting cannot overflow the C++ stack.
#include "read/json_doc.h"

#include <algorithm>
#include <cstring>
#include <exception>

#include "read/json_text.h"
#include "read/regions.h"

namespace modelshift {

const JsonValue* JsonValue::get(std::string_view key) const {
  if (type != Type::Object) return nullptr;
  size_t n = std::min(keys.size(), items.size());
  for (size_t i = 0; i < n; ++i)
    if (keys[i].str == key) return &items[i];
  return nullptr;
}

namespace {

using json_detail::decode_unit;
using json_detail::StrEvent;

constexpr size_t kDepthClamp = 4096;

class Parser {
 public:
  Parser(std::string_view text, bool comments, size_t max_depth)
      : t_(text), n_(text.size()), comments_(comments), max_depth_(std::min(max_depth, kDepthClamp)) {}

  JsonParse run() {
    if (n_ >= 0xFFFFFFFFull) {
      error(0, "malformed JSON: file too large (4 GiB or more)");
      return std::move(doc_);
    }
    i_ = regions_detail::bom_length(t_);
    loop();
    doc_.ok = ok_;
    return std::move(doc_);
  }

 private:
  enum class St { ObjKeyOrEnd, ObjKey, ObjColon, ObjValue, ObjCommaOrEnd, ArrValueOrEnd, ArrValue, ArrCommaOrEnd };
  struct Frame {
    JsonValue v;
    St st;
    JsonValue key;
  };

  void error(size_t pos, std::string msg) {
    ok_ = false;
    if (!doc_.diagnostics.empty()) return;
    Diagnostic d;
    regions_detail::line_column(t_, pos, d.line, d.column);
    d.message = std::move(msg);
    doc_.diagnostics.push_back(std::move(d));
  }

  static bool ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  static bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
           c == '.' || c == '+' || c == '-';
  }

  // Skips a comment at i_ (t_[i_] == '/', next is '/' or '*').
  void comment() {
    size_t b = i_;
    if (!comments_) error(b, "malformed JSON: comments are not allowed in JSON");
    if (t_[i_ + 1] == '/') {
      const void* nl = std::memchr(t_.data() + i_, '\n', n_ - i_);
      i_ = nl ? static_cast<size_t>(static_cast<const char*>(nl) - t_.data()) : n_;
      return;
    }
    size_t j = i_ + 2;
    while (j + 1 < n_ && !(t_[j] == '*' && t_[j + 1] == '/')) ++j;
    if (j + 1 >= n_) {
      error(b, "malformed JSON: unterminated comment");
      i_ = n_;
    } else {
      i_ = j + 2;
    }
  }

  void skip_ws() {
    while (i_ < n_) {
      char c = t_[i_];
      if (ws(c)) {
        ++i_;
      } else if (c == '/' && i_ + 1 < n_ && (t_[i_ + 1] == '/' || t_[i_ + 1] == '*')) {
        comment();
      } else {
        break;
      }
    }
  }

  JsonValue parse_string() {
    JsonValue v;
    v.type = JsonValue::Type::String;
    v.begin = static_cast<uint32_t>(i_);
    size_t p = i_ + 1;
    bool terminated = false;
    while (p < n_) {
      char c = t_[p];
      if (c == '"') {
        terminated = true;
        ++p;
        break;
      }
      if (c == '\n') break;
      StrEvent ev;
      size_t q = decode_unit(t_, p, v.str, ev);
      if (ev == StrEvent::BadEscape) error(p, "malformed JSON: invalid escape sequence in string");
      if (ev == StrEvent::Control && c != '\r') error(p, "malformed JSON: control character in string");
      p = q;
    }
    size_t end = p;
    if (!terminated) {
      error(i_, "malformed JSON: unterminated string");
      if (end > i_ + 1 && t_[end - 1] == '\r') {
        --end;
        if (!v.str.empty() && v.str.back() == '\r') v.str.pop_back();
      }
    }
    v.end = static_cast<uint32_t>(end);
    i_ = p;
    return v;
  }

  // Skips a container nested too deep: balanced brackets, strings, comments.
  void skip_balanced() {
    size_t depth = 0;
    while (i_ < n_) {
      char c = t_[i_];
      if (c == '[' || c == '{') {
        ++depth;
        ++i_;
      } else if (c == ']' || c == '}') {
        ++i_;
        if (--depth == 0) return;
      } else if (c == '"') {
        ++i_;
        while (i_ < n_ && t_[i_] != '"' && t_[i_] != '\n') i_ += (t_[i_] == '\\' && i_ + 1 < n_ && t_[i_ + 1] != '\n') ? 2 : 1;
        if (i_ < n_ && t_[i_] == '"') ++i_;
      } else if (c == '/' && i_ + 1 < n_ && (t_[i_ + 1] == '/' || t_[i_ + 1] == '*')) {
        comment();
      } else {
        ++i_;
      }
    }
  }

  void deliver(JsonValue v) {
    if (stack_.empty()) {
      doc_.root = std::move(v);
      have_root_ = true;
      return;
    }
    Frame& f = stack_.back();
    if (f.v.type == JsonValue::Type::Object) {
      f.v.keys.push_back(std::move(f.key));
      f.key = JsonValue{};
      f.v.items.push_back(std::move(v));
      f.st = St::ObjCommaOrEnd;
    } else {
      f.v.items.push_back(std::move(v));
      f.st = St::ArrCommaOrEnd;
    }
  }

  void close_top(size_t end) {
    Frame& f = stack_.back();
    if (f.v.type == JsonValue::Type::Object && (f.st == St::ObjColon || f.st == St::ObjValue)) {
      // A key without a value: keep it, with a null value.
      JsonValue null;
      null.begin = null.end = static_cast<uint32_t>(end);
      f.v.keys.push_back(std::move(f.key));
      f.v.items.push_back(std::move(null));
    }
    JsonValue v = std::move(f.v);
    v.end = static_cast<uint32_t>(end);
    stack_.pop_back();
    deliver(std::move(v));
  }

  // A closer that does not match the innermost container.
  void mismatched(char c) {
    error(i_, std::string("malformed JSON: mismatched '") + c + "'");
    JsonValue::Type want = c == '}' ? JsonValue::Type::Object : JsonValue::Type::Array;
    for (size_t k = stack_.size(); k-- > 0;) {
      if (stack_[k].v.type == want) {
        while (stack_.size() > k + 1) close_top(i_);
        close_top(i_ + 1);
        ++i_;
        return;
      }
    }
    ++i_;  // nothing to close: skip it
  }

  void deliver_null_here() {
    JsonValue null;
    null.begin = null.end = static_cast<uint32_t>(i_);
    deliver(std::move(null));
  }

  void value_start() {
    char c = t_[i_];
    if (c == '{' || c == '[') {
      if (stack_.size() >= max_depth_) {
        error(i_, "malformed JSON: nesting deeper than " + std::to_string(max_depth_) + " levels");
        JsonValue skipped;
        skipped.begin = static_cast<uint32_t>(i_);
        skip_balanced();
        skipped.end = static_cast<uint32_t>(i_);
        deliver(std::move(skipped));
        return;
      }
      Frame f;
      f.v.type = c == '{' ? JsonValue::Type::Object : JsonValue::Type::Array;
      f.v.begin = static_cast<uint32_t>(i_);
      f.st = c == '{' ? St::ObjKeyOrEnd : St::ArrValueOrEnd;
      stack_.push_back(std::move(f));
      ++i_;
      return;
    }
    if (c == '"') {
      deliver(parse_string());
      return;
    }
    if (word_char(c)) {
      size_t b = i_;
      while (i_ < n_ && word_char(t_[i_])) ++i_;
      std::string_view w = t_.substr(b, i_ - b);
      JsonValue v;
      v.begin = static_cast<uint32_t>(b);
      v.end = static_cast<uint32_t>(i_);
      if (w == "true" || w == "false") {
        v.type = JsonValue::Type::Bool;
        v.str = std::string(w);
      } else if (w == "null") {
        v.type = JsonValue::Type::Null;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        v.type = JsonValue::Type::Number;
        v.str = std::string(w);
        if (!json_number_valid(w)) error(b, "malformed JSON: invalid number '" + std::string(w.substr(0, 40)) + "'");
      } else {
        error(b, "malformed JSON: unexpected token '" + std::string(w.substr(0, 40)) + "'");
      }
      deliver(std::move(v));
      return;
    }
    error(i_, "malformed JSON: unexpected character");
    ++i_;
  }

  static bool starts_value(char c) { return c == '{' || c == '[' || c == '"' || word_char(c); }

  void loop() {
    while (true) {
      skip_ws();
      if (stack_.empty()) {
        if (i_ >= n_) {
          if (!have_root_) error(i_, "malformed JSON: no value");
          return;
        }
        if (have_root_) {
          error(i_, "malformed JSON: unexpected content after the JSON value");
          return;
        }
        value_start();
        continue;
      }
      if (i_ >= n_) {
        const Frame& f = stack_.back();
        error(f.v.begin, std::string("malformed JSON: unexpected end of input, unclosed '") +
                             (f.v.type == JsonValue::Type::Object ? '{' : '[') + "'");
        while (!stack_.empty()) close_top(n_);
        return;
      }
      Frame& f = stack_.back();
      char c = t_[i_];
      switch (f.st) {
        case St::ObjKeyOrEnd:
        case St::ObjKey:
          if (c == '}') {
            if (f.st == St::ObjKey && !comments_) error(i_, "malformed JSON: trailing comma");
            close_top(++i_);
          } else if (c == '"') {
            f.key = parse_string();
            f.st = St::ObjColon;
          } else if (c == ']') {
            mismatched(c);
          } else if (word_char(c)) {
            error(i_, "malformed JSON: expected a string key");
            size_t b = i_;
            while (i_ < n_ && word_char(t_[i_])) ++i_;
            f.key = JsonValue{};
            f.key.type = JsonValue::Type::String;
            f.key.begin = static_cast<uint32_t>(b);
            f.key.end = static_cast<uint32_t>(i_);
            f.key.str = std::string(t_.substr(b, i_ - b));
            f.st = St::ObjColon;
          } else {
            error(i_, "malformed JSON: expected a string key");
            ++i_;
          }
          break;
        case St::ObjColon:
          if (c == ':') {
            ++i_;
            f.st = St::ObjValue;
          } else {
            error(i_, "malformed JSON: expected ':'");
            if (c == ',' || c == '}')
              deliver_null_here();
            else
              f.st = St::ObjValue;
          }
          break;
        case St::ObjValue:
          if (c == '}' || c == ',') {
            error(i_, "malformed JSON: expected a value");
            deliver_null_here();
          } else if (c == ']') {
            mismatched(c);
          } else {
            value_start();
          }
          break;
        case St::ArrValueOrEnd:
        case St::ArrValue:
          if (c == ']') {
            if (f.st == St::ArrValue && !comments_) error(i_, "malformed JSON: trailing comma");
            close_top(++i_);
          } else if (c == ',') {
            error(i_, "malformed JSON: expected a value");
            deliver_null_here();
          } else if (c == '}') {
            mismatched(c);
          } else {
            value_start();
          }
          break;
        case St::ObjCommaOrEnd:
          if (c == ',') {
            ++i_;
            f.st = St::ObjKey;
          } else if (c == '}') {
            close_top(++i_);
          } else if (c == ']') {
            mismatched(c);
          } else if (c == '"') {
            error(i_, "malformed JSON: expected ',' or '}'");
            f.st = St::ObjKey;
          } else {
            error(i_, "malformed JSON: expected ',' or '}'");
            ++i_;
          }
          break;
        case St::ArrCommaOrEnd:
          if (c == ',') {
            ++i_;
            f.st = St::ArrValue;
          } else if (c == ']') {
            close_top(++i_);
          } else if (c == '}') {
            mismatched(c);
          } else if (starts_value(c)) {
            error(i_, "malformed JSON: expected ',' or ']'");
            f.st = St::ArrValue;
          } else {
            error(i_, "malformed JSON: expected ',' or ']'");
            ++i_;
          }
          break;
      }
    }
  }

  std::string_view t_;
  size_t n_;
  bool comments_;
  size_t max_depth_;
  size_t i_ = 0;
  bool ok_ = true;
  bool have_root_ = false;
  std::vector<Frame> stack_;
  JsonParse doc_;
};

}  // namespace

JsonParse parse_json(std::string_view text, bool allow_comments, size_t max_depth) {
  try {
    return Parser(text, allow_comments, max_depth).run();
  } catch (const std::exception& e) {
    JsonParse r;
    r.diagnostics.push_back(Diagnostic{{}, 0, 0, std::string("internal error while reading JSON: ") + e.what()});
    return r;
  } catch (...) {
    JsonParse r;
    r.diagnostics.push_back(Diagnostic{{}, 0, 0, "internal error while reading JSON"});
    return r;
  }
}

}  // namespace modelshift
