// CODEOWNERS: finding the file, parsing both forges' dialects, answering
// owners_of. The semantics and their sources are in owners.h.
#include "assess/owners.h"

#include <boost/filesystem.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace modelshift {

namespace fs = boost::filesystem;

namespace {

// GitHub: "CODEOWNERS files must be under 3 MB in size. A CODEOWNERS file
// over this limit will not be loaded".
constexpr uint64_t kMaxBytes = 3u * 1024 * 1024;

// Where the forges look, in the order load() tries them (owners.h).
constexpr const char* kPlaces[] = {".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS",
                                   ".gitlab/CODEOWNERS"};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

struct Token {
  std::string_view text;
  uint32_t column = 0;  // 1-based, in the line as written
};

// Splits at runs of unescaped blanks; a backslash keeps the next byte in the
// token ("path\ with\ spaces/" is one token), as both forges split a line.
std::vector<Token> split_tokens(std::string_view s, uint32_t first_column) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_blank(s[i])) ++i;
    if (i >= s.size()) break;
    const size_t start = i;
    while (i < s.size() && !is_blank(s[i])) i += (s[i] == '\\' && i + 1 < s.size()) ? 2 : 1;
    out.push_back({s.substr(start, i - start), static_cast<uint32_t>(first_column + start)});
  }
  return out;
}

// A user, group or team name: letters, digits, '_', '.', '-', starting with
// a letter, digit or '_'.
bool valid_name(std::string_view s) {
  if (s.empty() || !(is_alnum(s[0]) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return is_alnum(c) || c == '_' || c == '.' || c == '-'; });
}

bool is_email(std::string_view t) {
  const size_t at = t.find('@');
  if (at == 0 || at == std::string_view::npos || t.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view domain = t.substr(at + 1);
  if (domain.find('.') == std::string_view::npos || !is_alnum(domain.back()) || domain[0] == '.') return false;
  return std::all_of(domain.begin(), domain.end(),
                     [](char c) { return is_alnum(c) || c == '.' || c == '-' || c == '_'; }) &&
         std::none_of(t.begin(), t.begin() + at, [](char c) { return is_blank(c) || c == '#'; });
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// GitHub: @user, @org/team, email. GitLab: @user, @group/sub/..., an email,
// or a role (@@developer, @@maintainer, @@owner, optionally plural).
bool is_owner(std::string_view t, CodeOwners::Flavor flavor) {
  if (t.size() < 2) return false;
  if (t[0] != '@') return is_email(t);
  if (flavor == CodeOwners::Flavor::kGitLab && t[1] == '@') {
    std::string_view role = t.substr(2);
    if (!role.empty() && (role.back() == 's' || role.back() == 'S')) {
      for (std::string_view r : {"developer", "maintainer", "owner"})
        if (equals_ignore_case(role, r)) return true;
      role.remove_suffix(1);
    }
    for (std::string_view r : {"developer", "maintainer", "owner"})
      if (equals_ignore_case(role, r)) return true;
    return false;
  }
  std::string_view rest = t.substr(1);
  size_t parts = 0;
  for (;;) {
    const size_t slash = rest.find('/');
    if (!valid_name(rest.substr(0, slash))) return false;
    ++parts;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return flavor == CodeOwners::Flavor::kGitLab || parts <= 2;
}

// True when a '[' opens a class that never closes, or the pattern ends in a
// lone backslash: git's wildmatch (and fnmatch) then match nothing useful.
bool malformed_glob(std::string_view p) {
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      if (i + 1 >= p.size()) return true;
      ++i;
    } else if (p[i] == '[') {
      size_t k = i + 1;
      if (k < p.size() && (p[k] == '!' || p[k] == '^')) ++k;
      if (k < p.size() && p[k] == ']') ++k;  // a ']' first is part of the set
      const size_t close = p.find(']', k);
      if (close == std::string_view::npos) return true;
      i = close;
    }
  }
  return false;
}

bool has_unescaped(std::string_view p, char c) {
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') ++i;
    else if (p[i] == c) return true;
  }
  return false;
}

// GitLab's normalisation of a pattern for File.fnmatch, written for our
// wildmatch on paths without the leading '/': anchored or "**/"-prefixed, a
// trailing '/' owning everything below, a final "**" meaning '*' (fnmatch's
// "**" is special only before a '/').
std::string gitlab_glob(std::string_view p) {
  std::string s = p[0] == '/' ? std::string(p.substr(1)) : "**/" + std::string(p);
  if (!s.empty() && s.back() == '/') {
    s += "**";
  } else if (s == "**" || (s.size() > 3 && s.compare(s.size() - 3, 3, "/**") == 0)) {
    s.pop_back();
  }
  return s;
}

// A section header as GitLab's parser sees one: "[" or "^[" at the start of
// the trimmed line.
bool looks_like_header(std::string_view body) {
  return !body.empty() && (body[0] == '[' || (body.size() > 1 && body[0] == '^' && body[1] == '['));
}

bool has_section_header(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    while (!line.empty() && is_blank(line.front())) line.remove_prefix(1);
    if (looks_like_header(line) && line.find(']') != std::string_view::npos) return true;
    pos = nl + 1;
  }
  return false;
}

}  // namespace

// ---------------------------------------------------------------- Parser

// One pass over the lines; collects rules per section, then lays them out in
// section order.
class CodeOwners::Parser {
 public:
  Parser(CodeOwners* out, std::vector<Diagnostic>* warnings) : out_(out), warnings_(warnings) {
    out_->sections_.push_back({});
    by_section_.emplace_back();
  }

  void line(std::string_view raw, uint32_t number) {
    line_ = number;
    size_t lead = 0;
    while (lead < raw.size() && is_blank(raw[lead])) ++lead;
    std::string_view body = raw.substr(lead);
    while (!body.empty() && is_blank(body.back())) body.remove_suffix(1);
    if (body.empty() || body[0] == '#') return;
    const uint32_t column = static_cast<uint32_t>(lead + 1);
    if (out_->flavor_ == Flavor::kGitHub) {
      github_entry(body, column);
    } else if (looks_like_header(body)) {
      gitlab_header(body, column);
    } else {
      gitlab_entry(body, column);
    }
  }

  void finish() {
    for (size_t s = 0; s < by_section_.size(); ++s) {
      Section& sec = out_->sections_[s];
      sec.first = static_cast<uint32_t>(out_->rules_.size());
      sec.count = static_cast<uint32_t>(by_section_[s].size());
      for (Rule& r : by_section_[s]) out_->rules_.push_back(std::move(r));
    }
  }

 private:
  void warn(uint32_t column, std::string message) {
    if (warnings_) warnings_->push_back({out_->source_, line_, column, std::move(message)});
  }

  // Why GitHub rejects `pattern`, or "" when it does not.
  static std::string github_pattern_problem(std::string_view p) {
    if (p[0] == '!') return "negation ('!') does not work in GitHub's CODEOWNERS";
    if (p.substr(0, 2) == "\\#") return "escaping a leading '#' does not work in GitHub's CODEOWNERS";
    if (has_unescaped(p, '[')) return "character ranges ('[ ]') do not work in GitHub's CODEOWNERS";
    if (p == "/") return "the pattern '/' never matches anything; did you mean '*'?";
    if (malformed_glob(p)) return "malformed pattern";
    return {};
  }

  void github_entry(std::string_view body, uint32_t column) {
    const std::vector<Token> toks = split_tokens(body, column);
    const Token& pat = toks[0];
    if (std::string why = github_pattern_problem(pat.text); !why.empty()) {
      warn(pat.column, "'" + std::string(pat.text) + "': " + why + "; line skipped");
      return;
    }
    Rule r;
    for (size_t i = 1; i < toks.size(); ++i) {
      if (toks[i].text[0] == '#') break;  // an inline comment
      if (!is_owner(toks[i].text, Flavor::kGitHub)) {
        warn(toks[i].column, "'" + std::string(toks[i].text) +
                                 "' is not an owner (@user, @org/team or an email); line skipped");
        return;
      }
      r.owners.emplace_back(toks[i].text);
    }
    r.github = IgnoreList::parse(pat.text, "");
    if (r.github.size() != 1) {
      warn(pat.column, "'" + std::string(pat.text) + "' never matches anything; line skipped");
      return;
    }
    r.line = line_;
    r.pattern.assign(pat.text);
    r.direct_only = r.pattern.size() >= 2 && r.pattern.compare(r.pattern.size() - 2, 2, "/*") == 0;
    by_section_[0].push_back(std::move(r));
  }

  // "[Name]", "^[Name]", "[Name][2]", each optionally followed by default
  // owners. A header opens (or continues) a section for the lines after it.
  void gitlab_header(std::string_view body, uint32_t column) {
    const bool optional = body[0] == '^';
    const size_t open = optional ? 1 : 0;
    const size_t close = body.find(']', open + 1);
    if (close == std::string_view::npos) {
      warn(column, "unterminated section header (no ']'); line skipped");
      return;
    }
    const std::string_view name = body.substr(open + 1, close - open - 1);
    if (name.empty()) {
      warn(column, "section header without a name; line skipped");
      return;
    }
    size_t pos = close + 1;
    uint32_t approvals = 0;
    if (pos < body.size() && body[pos] == '[') {
      const size_t end = body.find(']', pos + 1);
      const std::string_view digits =
          end == std::string_view::npos ? std::string_view{} : body.substr(pos + 1, end - pos - 1);
      if (end != std::string_view::npos &&
          std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        approvals = digits.empty() || digits.size() > 6 ? 0 : static_cast<uint32_t>(std::stoul(std::string(digits)));
        pos = end + 1;
      }
    }
    if (optional && approvals > 0)
      warn(column, "an optional section ('^[...]') cannot require approvals");
    std::vector<std::string> defaults;
    const std::string_view rest = body.substr(pos);
    if (!rest.empty() && !is_blank(rest[0])) {
      warn(static_cast<uint32_t>(column + pos), "text right after the section header is ignored");
    } else {
      defaults = owners_of_tokens(split_tokens(rest, static_cast<uint32_t>(column + pos)));
    }
    open_section(name, optional, approvals);
    defaults_ = std::move(defaults);
  }

  void open_section(std::string_view name, bool optional, uint32_t approvals) {
    std::vector<Section>& secs = out_->sections_;
    for (size_t i = 1; i < secs.size(); ++i) {
      if (equals_ignore_case(secs[i].name, name)) {
        current_ = static_cast<uint32_t>(i);
        return;
      }
    }
    Section s;
    s.name.assign(name);
    s.optional = optional;
    s.approvals = approvals;
    secs.push_back(std::move(s));
    by_section_.emplace_back();
    current_ = static_cast<uint32_t>(secs.size() - 1);
  }

  // GitLab keeps every owner it can read and reports the line once for the
  // rest (its MALFORMED_ENTRY_OWNER).
  std::vector<std::string> owners_of_tokens(const std::vector<Token>& toks) {
    std::vector<std::string> owners;
    const Token* bad = nullptr;
    for (const Token& t : toks) {
      if (is_owner(t.text, Flavor::kGitLab)) owners.emplace_back(t.text);
      else if (!bad) bad = &t;
    }
    if (bad) {
      warn(bad->column, "'" + std::string(bad->text) +
                            "' is not an owner (@user, @group/subgroup, @@role or an email); ignored" +
                            (bad->text[0] == '#' ? " (GitLab has no inline comments)" : ""));
    }
    return owners;
  }

  void gitlab_entry(std::string_view body, uint32_t column) {
    std::vector<Token> toks = split_tokens(body, column);
    std::string_view pat = toks[0].text;
    Rule r;
    r.exclusion = pat[0] == '!';
    if (r.exclusion) pat.remove_prefix(1);
    if (pat.empty() || pat == "/" || malformed_glob(pat)) {
      warn(toks[0].column, "'" + std::string(toks[0].text) + "' is not a usable pattern; line skipped");
      return;
    }
    if (!r.exclusion) {
      r.owners = owners_of_tokens(std::vector<Token>(toks.begin() + 1, toks.end()));
      if (r.owners.empty()) r.owners = defaults_;
      if (r.owners.empty())
        warn(toks[0].column, "no owners, and the section has no default owners: matching paths get none from it");
    }
    r.line = line_;
    r.section = current_;
    r.pattern.assign(toks[0].text);
    r.key = gitlab_glob(pat);
    r.gitlab = Glob::compile(r.key);
    // GitLab keys a section's lines by normalised pattern: a repeated one
    // replaces the earlier line where that line stood.
    std::vector<Rule>& rules = by_section_[current_];
    auto same = std::find_if(rules.begin(), rules.end(), [&](const Rule& o) { return o.key == r.key; });
    if (same != rules.end()) *same = std::move(r);
    else rules.push_back(std::move(r));
  }

  CodeOwners* out_;
  std::vector<Diagnostic>* warnings_;
  std::vector<std::vector<Rule>> by_section_;
  std::vector<std::string> defaults_;  // of the header above the current line
  uint32_t current_ = 0;
  uint32_t line_ = 0;
};

// ---------------------------------------------------------------- CodeOwners

CodeOwners CodeOwners::parse(std::string_view text, std::string source, Flavor flavor,
                             std::vector<Diagnostic>* warnings) {
  CodeOwners co;
  co.flavor_ = flavor;
  co.source_ = std::move(source);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Parser parser(&co, warnings);
  uint32_t number = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    parser.line(line, ++number);
  }
  parser.finish();
  return co;
}

CodeOwners CodeOwners::load(const std::string& repo_root, std::vector<Diagnostic>* warnings) {
  auto warn = [&](const std::string& rel, std::string message) {
    if (warnings) warnings->push_back({rel, 0, 0, std::move(message)});
    return CodeOwners{};
  };
  for (const char* rel : kPlaces) {
    const fs::path path = fs::path(repo_root) / rel;
    boost::system::error_code ec;
    const fs::file_status link = fs::symlink_status(path, ec);
    if (!fs::exists(link)) continue;
    // The forges read the file from git, where a symlink is not followed.
    if (!fs::is_regular_file(link)) return warn(rel, "CODEOWNERS is not a regular file; no owners read");
    const uint64_t size = fs::file_size(path, ec);
    if (ec) return warn(rel, "unreadable CODEOWNERS: " + ec.message());
    if (size >= kMaxBytes)
      return warn(rel, "CODEOWNERS is " + std::to_string(size) +
                           " bytes, not under GitHub's 3 MB limit (the forge ignores it); no owners read");
    std::ifstream in(path.string(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in || in.bad()) return warn(rel, "unreadable CODEOWNERS");
    const std::string text = ss.str();
    if (text.find('\0') != std::string::npos) return warn(rel, "CODEOWNERS is binary; no owners read");
    const bool gitlab = std::string_view(rel).substr(0, 8) == ".gitlab/" || has_section_header(text);
    return parse(text, rel, gitlab ? Flavor::kGitLab : Flavor::kGitHub, warnings);
  }
  return CodeOwners{};
}

bool CodeOwners::rule_matches(const Rule& r, std::string_view path) const {
  if (flavor_ == Flavor::kGitLab) return r.gitlab.match(path);
  if (r.github.match(path, false) != IgnoreVerdict::kNone) return true;
  if (r.direct_only) return false;
  // A pattern that names a directory owns everything below it.
  for (size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1))
    if (r.github.match(path.substr(0, slash), true) != IgnoreVerdict::kNone) return true;
  return false;
}

OwnerMatch CodeOwners::owners_of(std::string_view rel_path) const {
  while (!rel_path.empty() && rel_path[0] == '/') rel_path.remove_prefix(1);
  OwnerMatch m;
  const Rule* fallback = nullptr;  // a deciding rule that gave no owners
  const Rule* decided = nullptr;   // the first section's rule that gave owners
  for (const Section& sec : sections_) {
    const Rule* last = nullptr;
    const Rule* excluded = nullptr;
    for (uint32_t i = sec.first + sec.count; i-- > sec.first;) {
      const Rule& r = rules_[i];
      if (!rule_matches(r, rel_path)) continue;
      if (r.exclusion) {
        excluded = &r;  // GitLab: any matching exclusion empties the section
        break;
      }
      if (!last) last = &r;
      if (flavor_ == Flavor::kGitHub) break;
    }
    const Rule* deciding = excluded ? excluded : last;
    if (!deciding) continue;
    if (excluded || last->owners.empty()) {
      if (!fallback) fallback = deciding;
      continue;
    }
    if (!decided) decided = last;
    for (const std::string& o : last->owners)
      if (std::find(m.owners.begin(), m.owners.end(), o) == m.owners.end()) m.owners.push_back(o);
  }
  const Rule* r = decided ? decided : fallback;
  if (!r) return m;
  m.source = source_;
  m.line = r->line;
  m.pattern = r->pattern;
  m.section = sections_[r->section].name;
  return m;
}

}  // namespace modelshift
