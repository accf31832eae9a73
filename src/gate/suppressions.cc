// Inline suppressions (`# modelshift: ignore[gpt-4] reason`): where they are,
// what each covers, and the comment's own text (see gate.h).
#include <algorithm>
#include <cstring>
#include <tuple>

#include "core/rule_files.h"
#include "core/yaml_util.h"
#include "gate/gate.h"
#include "judge/policy.h"
#include "pipeline/scan.h"

namespace modelshift {

SuppressionSyntax SuppressionSyntax::load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors) {
  SuppressionSyntax s;
  for (const RuleFile& f : files) {
    if (f.path != "report/gate.yaml") continue;
    YamlReader yr(f.origin, errors);
    std::optional<YAML::Node> root = yr.parse(f.text);
    if (!root) return s;
    yr.check_keys(*root, {"suppression", "baseline_file"});
    if (YAML::Node sup = (*root)["suppression"]) {
      yr.check_keys(sup, {"directive", "comment_markers"});
      s.directive = yr.str(sup, "directive", true).value_or(s.directive);
      s.comment_markers = yr.str_list(sup, "comment_markers");
    }
    s.baseline_file = yr.str(*root, "baseline_file").value_or(s.baseline_file);
  }
  // Longest first, so "<!--" is tried before "-".
  std::sort(s.comment_markers.begin(), s.comment_markers.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  if (s.comment_markers.empty()) errors->push_back({"rules/report/gate.yaml", 0, 0, "no suppression comment_markers"});
  return s;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<Suppression> find_suppressions(const SuppressionSyntax& syntax, std::string_view text) {
  std::vector<Suppression> out;
  if (syntax.directive.empty() || text.find(syntax.directive) == std::string_view::npos) return out;
  uint32_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    ++line_no;
    for (size_t at = line.find(syntax.directive); at != std::string_view::npos;
         at = line.find(syntax.directive, at + 1)) {
      // Only in a comment: a comment marker right before it (spaces between).
      std::string_view before = line.substr(0, at);
      while (!before.empty() && (before.back() == ' ' || before.back() == '\t')) before.remove_suffix(1);
      const std::string* marker = nullptr;
      for (const std::string& m : syntax.comment_markers)
        if (before.size() >= m.size() && before.substr(before.size() - m.size()) == m) {
          marker = &m;
          break;
        }
      if (!marker) continue;
      Suppression s;
      s.comment_column = static_cast<uint32_t>(before.size() - marker->size() + 1);
      s.trailing = !trim(before.substr(0, before.size() - marker->size())).empty();
      s.line = line_no;
      s.column = static_cast<uint32_t>(at + 1);
      std::string_view rest = line.substr(at + syntax.directive.size());
      if (!rest.empty() && rest.front() == '[') {
        size_t close = rest.find(']');
        std::string_view list = rest.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
        while (!list.empty()) {
          size_t comma = list.find(',');
          std::string_view t = trim(list.substr(0, comma));
          if (!t.empty()) s.targets.emplace_back(t);
          if (comma == std::string_view::npos) break;
          list.remove_prefix(comma + 1);
        }
        rest = close == std::string_view::npos ? std::string_view() : rest.substr(close + 1);
      }
      rest = trim(rest);
      for (const char* closer : {"*/", "-->", "#>", "#}"})
        if (rest.size() >= std::strlen(closer) && rest.substr(rest.size() - std::strlen(closer)) == closer)
          rest = trim(rest.substr(0, rest.size() - std::strlen(closer)));
      s.reason = std::string(rest);
      out.push_back(std::move(s));
      break;  // one directive per line
    }
    if (eol == text.size()) break;
    pos = eol + 1;
  }
  return out;
}

namespace {

bool targets_match(const Suppression& s, const Finding& f) {
  if (s.targets.empty()) return true;
  for (const std::string& t : s.targets) {
    if (t == f.policy || t == f.rule || t == f.kind) return true;
    for (const std::string* id : {&f.canonical, &f.model, &f.written})
      if (model_glob_match(t, *id)) return true;
  }
  return false;
}

bool covers(const Suppression& s, std::pair<uint32_t, uint32_t> span, const Finding& f) {
  bool on = s.line >= span.first && s.line <= span.second;
  bool above = !s.trailing && s.line + 1 == span.first;
  return (on || above) && targets_match(s, f);
}

// Start..end of a finding, in (line, column) order.
bool holds(const Finding& outer, const Finding& inner) {
  uint32_t end_line = std::max(outer.loc.end_line, outer.loc.line);
  if (std::tie(inner.loc.line, inner.loc.column) < std::tie(outer.loc.line, outer.loc.column)) return false;
  if (inner.loc.line != end_line) return inner.loc.line < end_line;
  return outer.loc.end_column == 0 || inner.loc.column < outer.loc.end_column;
}

}  // namespace

std::vector<std::pair<uint32_t, uint32_t>> suppression_spans(const std::vector<Finding>& findings,
                                                             const std::vector<Finding>& calls) {
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  spans.reserve(findings.size());
  for (const Finding& f : findings) {
    std::pair<uint32_t, uint32_t> span{f.loc.line, std::max(f.loc.line, f.loc.end_line)};
    for (const Finding& c : calls)
      if (c.kind == "call_site" && holds(c, f)) {
        span.first = std::min(span.first, c.loc.line);
        span.second = std::max(span.second, std::max(c.loc.line, c.loc.end_line));
      }
    spans.push_back(span);
  }
  return spans;
}

void apply_suppressions(std::vector<Suppression>* sups, std::vector<Finding>* findings,
                        const std::vector<Finding>* calls) {
  if (sups->empty()) return;
  std::vector<std::pair<uint32_t, uint32_t>> spans = suppression_spans(*findings, calls ? *calls : *findings);
  for (size_t k = 0; k < findings->size(); ++k) {
    Finding& f = (*findings)[k];
    for (Suppression& s : *sups)
      if (covers(s, spans[k], f)) {
        f.suppressed = s.reason.empty() ? "suppressed" : s.reason;
        s.used = true;
        break;
      }
  }
}

void drop_suppression_text(const std::vector<Suppression>& sups, std::vector<Finding>* findings) {
  if (sups.empty()) return;
  auto in_comment = [&](const Finding& f) {
    for (const Suppression& s : sups)
      if (f.loc.line == s.line && f.loc.column >= s.comment_column) return true;
    return false;
  };
  findings->erase(std::remove_if(findings->begin(), findings->end(), in_comment), findings->end());
}

void mark_suppressed(const Engine& engine, std::string_view text, std::vector<Finding>* findings) {
  if (findings->empty()) return;
  std::vector<Diagnostic> errors;  // reported by check, which loads the same file
  SuppressionSyntax syntax = SuppressionSyntax::load(engine.rule_files, &errors);
  std::vector<Suppression> sups = find_suppressions(syntax, text);
  drop_suppression_text(sups, findings);
  apply_suppressions(&sups, findings);
}

}  // namespace modelshift
