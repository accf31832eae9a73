#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/yaml_util.h"
#include "report/sarif.h"

namespace modelshift {

namespace {

const char* const kRulesFile = "report/sarif_rules.yaml";

bool valid_level(const std::string& s) { return s == "error" || s == "warning" || s == "note"; }

std::string or_model(const Finding& f) { return f.written.empty() ? f.model : f.written; }

// "active 6, deprecated 3" from a catalogue's counts.
std::string status_counts(const Finding& f) {
  std::string out;
  for (const auto& [status, n] : f.catalogue_by_status)
    out += (out.empty() ? "" : ", ") + status + " " + std::to_string(n);
  return out;
}

// A detail's JSON text as message text: strings and scalars only, so a
// structure (a prompt's messages, a schema) never spills into a message.
std::string detail_text(const Finding& f, std::string_view name) {
  for (const auto& [key, value] : f.details) {
    if (key != name) continue;
    auto v = nlohmann::json::parse(value, nullptr, false);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number() || v.is_boolean()) return v.dump();
    return "";
  }
  return "";
}

// The value of template field `name` for `f`: nullopt when the name is not a
// field at all, "" when the finding has no value for it.
std::optional<std::string> field_value(const Finding& f, std::string_view name) {
  if (name.rfind("detail.", 0) == 0) return detail_text(f, name.substr(7));
  if (name == "written") return or_model(f);
  if (name == "entries") return f.entries ? std::to_string(f.entries) : "";
  if (name == "models") return f.catalogue_models.empty() ? "" : std::to_string(f.catalogue_models.size());
  if (name == "by_status") return status_counts(f);
  const std::pair<const char*, const std::string*> plain[] = {
      {"model", &f.model},           {"canonical", &f.canonical},       {"provider", &f.provider},
      {"status", &f.status},         {"deprecated_on", &f.deprecated_on}, {"shutdown_on", &f.shutdown_on},
      {"replacement", &f.replacement}, {"kind", &f.kind},               {"context", &f.context},
      {"key_path", &f.key_path},     {"language", &f.language},         {"sdk", &f.sdk},
      {"api", &f.api},               {"callee", &f.callee},             {"model_source", &f.model_source},
      {"platform", &f.platform},     {"model_kind", &f.model_kind},
  };
  for (const auto& [key, value] : plain)
    if (name == key) return *value;
  return std::nullopt;
}

// Renders tmpl[pos...] up to the end or to the "]]" closing the current
// group. *missing is set when a field in this group (not in a nested one)
// rendered empty.
std::string render_group(std::string_view tmpl, size_t* pos, const Finding& f, bool* missing) {
  std::string out;
  while (*pos < tmpl.size()) {
    if (tmpl.compare(*pos, 2, "]]") == 0) {
      *pos += 2;
      return out;
    }
    if (tmpl.compare(*pos, 2, "[[") == 0) {
      *pos += 2;
      bool inner_missing = false;
      std::string inner = render_group(tmpl, pos, f, &inner_missing);
      if (!inner_missing) out += inner;
      continue;
    }
    if (tmpl[*pos] == '{') {
      size_t close = tmpl.find('}', *pos);
      if (close == std::string_view::npos) close = tmpl.size();
      std::string value = field_value(f, tmpl.substr(*pos + 1, close - *pos - 1)).value_or("");
      if (value.empty()) *missing = true;
      out += value;
      *pos = std::min(close + 1, tmpl.size());
      continue;
    }
    out += tmpl[(*pos)++];
  }
  return out;
}

void read_rule(YamlReader& yr, const YAML::Node& n, SarifRules* out) {
  yr.check_keys(n, {"id", "name", "short", "full", "help", "help_markdown", "level", "precision",
                    "problem_severity", "tags", "scan", "message"});
  SarifRule r;
  r.id = yr.str(n, "id", true).value_or("");
  r.name = yr.str(n, "name", true).value_or("");
  r.short_description = yr.str(n, "short", true).value_or("");
  r.full_description = yr.str(n, "full", true).value_or("");
  r.help = yr.str(n, "help", true).value_or("");
  r.help_markdown = yr.str(n, "help_markdown").value_or("");
  r.level = yr.str(n, "level", true).value_or("");
  r.precision = yr.str(n, "precision").value_or("");
  r.problem_severity = yr.str(n, "problem_severity").value_or("");
  r.tags = yr.str_list(n, "tags");
  r.message = yr.str(n, "message").value_or("");
  if (!r.level.empty() && !valid_level(r.level)) yr.error(n["level"], "level must be error, warning or note");
  // GitHub code scanning truncates or rejects longer texts.
  if (r.short_description.size() > 1024 || r.full_description.size() > 1024)
    yr.error(n, "short and full descriptions are limited to 1024 characters");
  if (r.tags.size() > 20) yr.error(n["tags"], "at most 20 tags");
  if (YAML::Node scan = n["scan"]) {
    yr.check_keys(scan, {"kinds", "status"});
    r.scan_kinds = yr.str_list(scan, "kinds");
    r.scan_status = yr.str_list(scan, "status");
    if (r.scan_kinds.empty()) yr.error(scan, "scan needs at least one kind");
    if (r.message.empty()) yr.error(n, "a rule with scan needs a message template");
  }
  std::string why;
  if (!r.message.empty() && !check_message_template(r.message, &why)) yr.error(n["message"], why);
  if (out->index_of(r.id) >= 0) yr.error(n["id"], "duplicate rule id '" + r.id + "'");
  out->rules.push_back(std::move(r));
}

void read_notification(YamlReader& yr, const YAML::Node& n, SarifRules* out) {
  yr.check_keys(n, {"id", "short", "full", "help", "level"});
  SarifNotification d;
  d.id = yr.str(n, "id", true).value_or("");
  d.short_description = yr.str(n, "short", true).value_or("");
  d.full_description = yr.str(n, "full", true).value_or("");
  d.help = yr.str(n, "help", true).value_or("");
  d.level = yr.str(n, "level", true).value_or("");
  if (!d.level.empty() && !valid_level(d.level)) yr.error(n["level"], "level must be error, warning or note");
  out->notifications.push_back(std::move(d));
}

bool holds(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

SarifRules SarifRules::load(const std::vector<RuleFile>& files, std::vector<Diagnostic>* errors) {
  SarifRules out;
  auto it = std::find_if(files.begin(), files.end(), [](const RuleFile& f) { return f.path == kRulesFile; });
  if (it == files.end()) {
    errors->push_back({std::string("rules/") + kRulesFile, 0, 0, "missing (needed by --format sarif|github)"});
    return out;
  }
  YamlReader yr(it->origin, errors);
  std::optional<YAML::Node> root = yr.parse(it->text);
  if (!root) return out;
  yr.check_keys(*root, {"tool", "github", "rules", "notifications"});
  if (YAML::Node tool = (*root)["tool"]) {
    yr.check_keys(tool, {"name", "information_uri", "category"});
    out.tool_name = yr.str(tool, "name", true).value_or("");
    out.information_uri = yr.str(tool, "information_uri", true).value_or("");
    out.category = yr.str(tool, "category", true).value_or("");
  } else {
    yr.error(*root, "missing required key 'tool'");
  }
  if (YAML::Node gh = (*root)["github"]) {
    yr.check_keys(gh, {"max_results"});
    out.max_results = static_cast<uint64_t>(yr.number(gh, "max_results").value_or(0));
  }
  for (const YAML::Node& n : (*root)["rules"]) read_rule(yr, n, &out);
  for (const YAML::Node& n : (*root)["notifications"]) read_notification(yr, n, &out);
  if (out.rules.empty()) yr.error(*root, "no rules");
  return out;
}

int SarifRules::index_of(std::string_view id) const {
  for (size_t i = 0; i < rules.size(); ++i)
    if (rules[i].id == id) return static_cast<int>(i);
  return -1;
}

SarifVerdict classify_finding(const SarifRules& rules, const Finding& f) {
  const std::string where = f.path + ":" + std::to_string(f.loc.line);
  if (!f.severity.empty()) {
    int i = rules.index_of(f.policy);
    if (i < 0 || !valid_level(f.severity))
      throw std::logic_error(where + ": policy '" + f.policy + "' (severity '" + f.severity +
                             "') has no SARIF rule in rules/report/sarif_rules.yaml");
    return {static_cast<size_t>(i), f.severity, f.message};
  }
  for (size_t i = 0; i < rules.rules.size(); ++i) {
    const SarifRule& r = rules.rules[i];
    if (!holds(r.scan_kinds, f.kind)) continue;
    if (!r.scan_status.empty() && !holds(r.scan_status, f.status)) continue;
    // An SDK's own code (src/link/sdk_packages.h) is not usage: a note at most.
    return {i, f.context == "sdk_definition" ? "note" : r.level, render_message(r.message, f)};
  }
  throw std::logic_error(where + ": finding kind '" + f.kind + "' (status '" + f.status +
                         "') has no SARIF rule in rules/report/sarif_rules.yaml");
}

std::string render_message(std::string_view tmpl, const Finding& f) {
  size_t pos = 0;
  bool missing = false;
  return render_group(tmpl, &pos, f, &missing);
}

bool check_message_template(std::string_view tmpl, std::string* why) {
  const Finding none;
  int depth = 0;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl.compare(i, 2, "[[") == 0) ++depth, ++i;
    else if (tmpl.compare(i, 2, "]]") == 0) {
      if (--depth < 0) return *why = "']]' without '[['", false;
      ++i;
    } else if (tmpl[i] == '{') {
      size_t close = tmpl.find('}', i);
      if (close == std::string_view::npos) return *why = "'{' without '}'", false;
      std::string_view name = tmpl.substr(i + 1, close - i - 1);
      if (!field_value(none, name)) return *why = "unknown field {" + std::string(name) + "}", false;
      i = close;
    }
  }
  if (depth != 0) return *why = "'[[' without ']]'", false;
  return true;
}

SourceReader disk_source_reader(std::string root) {
  return [root = std::move(root)](const std::string& rel) -> std::optional<std::string> {
    std::ifstream in(root.empty() ? rel : root + "/" + rel, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(ss).str();
  };
}

uint32_t utf16_length(std::string_view bytes) {
  uint32_t units = 0;
  for (size_t i = 0; i < bytes.size();) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= bytes.size();
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(bytes[i + k]) & 0xC0) == 0x80;
    if (!ok) {  // a stray or truncated byte: one replacement character
      ++units;
      ++i;
      continue;
    }
    units += len == 4 ? 2 : 1;  // beyond the BMP: a surrogate pair
    i += len;
  }
  return units;
}

void Utf16Columns::load(const std::string& path) {
  path_ = path;
  loaded_ = true;
  line_starts_.clear();
  text_ = reader_ ? reader_(path) : std::nullopt;
  if (!text_) return;
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_->size(); ++i)
    if ((*text_)[i] == '\n') line_starts_.push_back(static_cast<uint32_t>(i + 1));
}

uint32_t Utf16Columns::convert(const std::string& path, uint32_t line, uint32_t byte_column) {
  if (!loaded_ || path != path_) load(path);
  if (!text_ || line == 0 || byte_column == 0 || line > line_starts_.size()) return byte_column;
  size_t start = line_starts_[line - 1];
  size_t end = line < line_starts_.size() ? line_starts_[line] : text_->size();
  if (start + byte_column - 1 > end) return byte_column;  // the file changed since the scan
  return utf16_length(std::string_view(*text_).substr(start, byte_column - 1)) + 1;
}

}  // namespace modelshift
