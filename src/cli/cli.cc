#include "cli/cli.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/config.h"
#include "cli/plan_cli.h"
#include "core/embedded_rules.h"
#include "core/yaml_util.h"
#include "gate/gate.h"
#include "pipeline/scan.h"
#include "report/report.h"
#include "report/report_cyclonedx.h"

namespace modelshift {

namespace {

namespace fs = boost::filesystem;

struct UsageError {
  std::string message;
};

struct Command {
  const char* name;
  const char* summary;
  const char* help;
  int (*run)(const Options&);
};

const Command kCommands[] = {
    {"scan", "inventory every model identifier under PATHs",
     "usage: modelshift scan [options] [PATH...]\n"
     "\n"
     "Walks PATHs (default .), honouring .gitignore like git, and reports every\n"
     "LLM model identifier with its provider, lifecycle status and replacement.\n"
     "\n"
     "options:\n"
     "  --format text|json|jsonl|yaml|sarif|github|cyclonedx\n"
     "                           output format (default text); jsonl is one JSON\n"
     "                           finding a line; sarif is SARIF 2.1.0 for code\n"
     "                           scanning (judged findings only), github is workflow\n"
     "                           annotations, cyclonedx a CycloneDX 1.6 ML-BOM\n"
     "  --status S,..            only models of these statuses (active, deprecated,\n"
     "                           retired, unknown)\n"
     "  --model GLOB, --provider P, --kind K,..   only these models, providers, kinds\n"
     "  --context C,..           only code, config or docs (or an exact context)\n"
     "  --min-risk LEVEL         only usages of risk low, medium or high and above\n"
     "  --fail-on V,..           exit 1 when a finding is retired, deprecated, unknown,\n"
     "                           denied, warned or of this risk level (for CI)\n"
     "  --sarif-all              SARIF and github: the whole inventory, not only\n"
     "                           judged findings (retired, deprecated, denied)\n"
     "  -v, --verbose            text: list docs findings and skipped files\n"
     "  -o, --output FILE        write the report to FILE instead of stdout\n"
     "  --sarif-output FILE      also write SARIF 2.1.0 to FILE\n"
     "  -j, --jobs N             worker threads (default: all cores)\n"
     "  --include GLOB           only scan files matching GLOB (repeatable)\n"
     "  --exclude GLOB           skip files and directories matching GLOB (repeatable)\n"
     "  --config FILE            settings file (default: .modelshift.yaml at the root)\n"
     "  --max-filesize SIZE      skip larger files, e.g. 500K, 8M (default 8M)\n"
     "  --no-ignore              do not read .gitignore/.ignore files\n"
     "  --color auto|always|never  colour in text output (NO_COLOR is honoured)\n"
     "  --as-of YYYY-MM-DD       judge lifecycle status on this day (default: today, UTC)\n"
     "  --rules DIR              read rules from DIR instead of the built-in copy\n"
     "  --baseline FILE          leave out findings listed in FILE (modelshift baseline);\n"
     "                           stale entries are warned about; implies --expand-catalogues\n"
     "  --expand-catalogues      list every entry of id tables (price lists, pickers)\n"
     "                           instead of one model_catalogue finding per table\n"
     "  -q, --quiet              text: findings only, no summary\n"
     "  --stats                  counters and timings on stderr\n"
     "  -h, --help               this help\n"
     "\n"
     "exit status: 0 success, 1 a finding matches --fail-on, 2 usage, config or\n"
     "I/O error\n",
     &run_scan_command},
    {"check", "gate: fail on new references to deprecated or denied models",
     "usage: modelshift check (--staged | --since REV | FILE...) [options]\n"
     "\n"
     "Judges added lines against the policies of .modelshift.yaml (default: a\n"
     "deprecated or retired model is an error). Reads only the files named (by git\n"
     "or on the command line), never the whole tree. Modes:\n"
     "\n"
     "  --staged                 a commit: the lines the git index adds\n"
     "  --since REV              CI on a pull request: the lines HEAD adds since\n"
     "                           merge-base(REV, HEAD)\n"
     "  FILE...                  what pre-commit passes. With PRE_COMMIT_FROM_REF and\n"
     "                           PRE_COMMIT_TO_REF set (pre-push, run --from-ref/--to-ref)\n"
     "                           the lines that range adds; when every file has staged\n"
     "                           changes (a commit) the lines changed against HEAD;\n"
     "                           otherwise (run --all-files, files by hand) every line\n"
     "  --all-lines              FILE...: every line, whatever git says (a full audit)\n"
     "  --strict                 unused and stale suppressions are errors, not warnings\n"
     "  --baseline FILE          accepted findings (default: .modelshift-baseline at\n"
     "                           the repository root when present)\n"
     "  --format text|json|sarif|github   (default text: path:line:col: level: message)\n"
     "  -o, --output FILE        non-text formats: write to FILE\n"
     "  --config FILE, --rules DIR, --as-of YYYY-MM-DD, -q   as for scan\n"
     "  --status, --model, --provider, --kind, --context     judge only these, as for scan\n"
     "\n"
     "Allow a finding on purpose with a comment on its line, on any line of its\n"
     "call, or on the line above:\n"
     "  # modelshift: ignore[<model or rule>] <reason>\n"
     "\n"
     "exit status: 0 nothing blocking (quiet when clean), 1 a blocking finding is new,\n"
     "2 usage, config, git or I/O error\n",
     &run_check_command},
    {"baseline", "record today's findings so that check ignores them",
     "usage: modelshift baseline [-o FILE] [--accept-new] [PATH...]\n"
     "\n"
     "Scans PATHs (default: the repository root) and writes every finding's\n"
     "fingerprint to FILE (default: .modelshift-baseline at the repository root),\n"
     "sorted, one a line, no timestamps. Commit it; `check` and `scan --baseline`\n"
     "then skip those findings. Fingerprints survive moved lines and edits elsewhere.\n"
     "Refuses to run while the staged changes add blocking findings (that is what\n"
     "the gate is for) unless --accept-new is given.\n"
     "\n"
     "options: -o FILE, --accept-new, --include/--exclude GLOB, --config FILE, --rules DIR, -q\n",
     &run_baseline_command},
    {"plan", "the migration plan YAML: every usage with target, owner, risk, changes, tests, cost",
     "usage: modelshift plan [options] [PATH...]\n"
     "\n"
     "Scans PATHs (default .), groups findings into usages (a call with its model\n"
     "references, prompts, schemas, embeddings and stores), tags each with risk\n"
     "(reasons included), owner (CODEOWNERS, .modelshift.yaml) and metadata, and\n"
     "prints the migration plan of every usage whose model is deprecated or retired\n"
     "or named by --from or a migrations: rule.\n"
     "\n"
     "  --to MODEL               the target of every planned usage (default: the\n"
     "                           config's migrations:, else the catalog's replacement)\n"
     "  --from GLOB              also plan usages of these models (repeatable)\n"
     "  --format yaml|json       (default yaml; docs/schema/plan.schema.json)\n"
     "  -o, --output FILE        write to FILE instead of stdout\n"
     "  --as-of YYYY-MM-DD, --config FILE, --rules DIR, --include/--exclude GLOB,\n"
     "  -j N                     as for scan\n",
     &run_plan_command},
    {"runbook", "the runbook skeleton; with --kit DIR the whole migration kit",
     "usage: modelshift runbook [options] [PATH...]\n"
     "\n"
     "Prints the runbook skeleton YAML of the plan: owners, phases audit, testing,\n"
     "canary and full_rollout with dates, canary traffic steps, rollback triggers and\n"
     "a checklist (sign-offs, re-indexing, shadow tests, parameter changes).\n"
     "\n"
     "  --start YYYY-MM-DD       first day of the audit (default: runbook.start of\n"
     "                           the config, else the as-of date)\n"
     "  --kit DIR                also write DIR/runbook.yaml, plan.yaml,\n"
     "                           models_config.yaml, feature_flags.yaml,\n"
     "                           prompt_tests.csv and inventory.csv\n"
     "  --to, --from, --format, -o, and the scan options as for plan\n",
     &run_runbook_command},
    {"init", "write a commented starter .modelshift.yaml from what a scan finds",
     "usage: modelshift init [-o FILE|-] [--force] [PATH]\n"
     "\n"
     "Scans PATH (default .) and writes .modelshift.yaml at its root: migrations for\n"
     "the deprecated models found, the directories that serve users, owners,\n"
     "metadata and price placeholders, runbook settings. An existing file is kept\n"
     "unless --force is given; -o - prints it.\n",
     &run_init_command},
    {"install-hook", "install a plain git pre-commit hook running check --staged",
     "usage: modelshift install-hook [--force]\n"
     "\n"
     "Writes .git/hooks/pre-commit running `modelshift check --staged`. An existing\n"
     "hook that modelshift did not write is kept unless --force is given.\n",
     &run_install_hook_command},
};

void print_main_help(std::ostream& out) {
  out << "usage: modelshift <command> [options] [PATH...]\n\ncommands:\n";
  for (const Command& c : kCommands) out << "  " << c.name << std::string(std::max<size_t>(2, 14 - std::strlen(c.name)), ' ') << c.summary << "\n";
  out << "\nglobal options:\n  --version   print the version and the date of the built-in model catalog\n  -h, --help  this help; `modelshift <command> --help` for a command\n";
}

uint64_t parse_size(const std::string& s) {
  if (s.empty()) throw UsageError{"--max-filesize needs a size"};
  size_t pos = 0;
  double v = 0;
  try {
    v = std::stod(s, &pos);
  } catch (...) {
    throw UsageError{"bad size '" + s + "' (e.g. 500K, 8M, 1G)"};
  }
  std::string unit = s.substr(pos);
  double mult = 1;
  if (unit.empty() || unit == "B") mult = 1;
  else if (unit == "K" || unit == "KB" || unit == "KiB" || unit == "k") mult = 1024;
  else if (unit == "M" || unit == "MB" || unit == "MiB" || unit == "m") mult = 1024.0 * 1024;
  else if (unit == "G" || unit == "GB" || unit == "GiB" || unit == "g") mult = 1024.0 * 1024 * 1024;
  else throw UsageError{"bad size unit in '" + s + "' (use K, M or G)"};
  if (v < 0) throw UsageError{"size must not be negative"};
  return static_cast<uint64_t>(v * mult);
}

// Parses flags after the subcommand. Flags take values as `--flag V` or `--flag=V`.
void parse_flags(int argc, char** argv, int start, Options* o, bool* help) {
  bool only_paths = false;
  for (int i = start; i < argc; ++i) {
    std::string arg = argv[i];
    if (only_paths || arg.empty() || arg[0] != '-' || arg == "-") {
      o->paths.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_paths = true;
      continue;
    }
    std::string name = arg, value;
    bool has_value = false;
    if (size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    } else if (arg.size() > 2 && arg[1] != '-' && (arg[1] == 'j' || arg[1] == 'o')) {
      name = arg.substr(0, 2);  // -j4, -oFILE: short options with the value attached
      value = arg.substr(2);
      has_value = true;
    }
    auto take = [&]() -> std::string {
      if (has_value) return value;
      if (i + 1 >= argc) throw UsageError{name + " needs a value"};
      return argv[++i];
    };
    if (name == "-h" || name == "--help") *help = true;
    else if (name == "--format") o->format = take();
    else if (name == "-o" || name == "--output") o->output = take();
    else if (name == "--sarif-output") o->sarif_output = take();
    else if (name == "-j" || name == "--jobs") {
      std::string v = take();
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (!end || *end || n < 1 || n > 1024) throw UsageError{"-j needs a number from 1 to 1024"};
      o->jobs = static_cast<unsigned>(n);
    } else if (name == "--include") o->include.push_back(take());
    else if (name == "--exclude") o->exclude.push_back(take());
    else if (name == "--config") o->config = take();
    else if (name == "--max-filesize") {
      o->max_filesize = parse_size(take());
      o->max_filesize_set = true;
    } else if (name == "--color" || name == "--colour") o->color = take();
    else if (name == "-q" || name == "--quiet") o->quiet = true;
    else if (name == "--stats") o->stats = true;
    else if (name == "--no-ignore") o->no_ignore = true;
    else if (name == "--expand-catalogues") o->expand_catalogues = true;
    else if (name == "--rules") o->rules_dir = take();
    else if (name == "--as-of") o->as_of = take();
    else if (name == "--staged") o->staged = true;
    else if (name == "--since") o->since = take();
    else if (name == "--baseline") o->baseline = take();
    else if (name == "--all-lines") o->all_lines = true;
    else if (name == "--strict") o->strict = true;
    else if (name == "--accept-new") o->accept_new = true;
    else if (name == "--force") o->force = true;
    else if (name == "--to") o->to = take();
    else if (name == "--from") o->from.push_back(take());
    else if (name == "--start") o->start = take();
    else if (name == "--kit") o->kit = take();
    else if (std::string error; parse_report_flag(name, take, o, &error)) {
      if (!error.empty()) throw UsageError{error};
    } else {
      std::vector<std::string> known = {"--help", "--format", "--output", "--jobs", "--include",
                                                     "--exclude", "--config", "--max-filesize", "--color",
                                                     "--quiet", "--stats", "--no-ignore", "--rules", "--as-of",
                                                     "--expand-catalogues", "--version", "--sarif-output",
                                                     "--staged", "--since", "--baseline", "--force",
                                                     "--all-lines", "--strict", "--accept-new",
                                                     "--to", "--from", "--start", "--kit"};
      known.insert(known.end(), report_flag_names().begin(), report_flag_names().end());
      std::string hint = closest_word(name, known);
      throw UsageError{"unknown option '" + name + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)")};
    }
  }
  static const std::vector<std::string> formats = {"text", "json", "jsonl", "yaml", "sarif", "github", "cyclonedx"};
  if (std::find(formats.begin(), formats.end(), o->format) == formats.end())
    throw UsageError{"--format must be text, json, jsonl, yaml, sarif, github or cyclonedx (got '" + o->format + "')"};
  if (o->color != "auto" && o->color != "always" && o->color != "never")
    throw UsageError{"--color must be auto, always or never"};
  if (o->command != "scan" && o->command != "check" && (!o->filter.empty() || o->sarif_all || o->verbose))
    throw UsageError{"--status, --model, --provider, --kind, --context, --sarif-all and --verbose are options of scan and check"};
  if (o->command != "scan" && (!o->filter.min_risk.empty() || !o->fail_on.empty()))
    throw UsageError{"--min-risk and --fail-on are scan options (check fails on its policies)"};
  if (!o->as_of.empty() && !valid_date(o->as_of)) throw UsageError{"--as-of must be a real YYYY-MM-DD date (got '" + o->as_of + "')"};
}


}  // namespace

// Writes through a temporary file and a rename, so a failed run never
// leaves half a report behind. Special files (/dev/null, a FIFO, a
// terminal) are written in place: renaming over them would replace the
// device or pipe with a regular file.
bool write_output(const std::string& path, const std::string& content) {
  if (path.empty()) {
    std::fwrite(content.data(), 1, content.size(), stdout);
    return std::fflush(stdout) == 0;
  }
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    std::ofstream out(path, std::ios::binary);
    return out && (out << content) && out.flush();
  }
  std::string tmp = path + ".tmp-modelshift";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out << content;
    if (!out.flush()) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}


std::string today_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

void print_diagnostic(const Diagnostic& d, const char* level) {
  std::string where = d.path;
  if (d.line) where += ":" + std::to_string(d.line);
  if (d.line && d.column) where += ":" + std::to_string(d.column);
  std::fprintf(stderr, "modelshift: %s: %s%s%s\n", level, where.c_str(), where.empty() ? "" : ": ", d.message.c_str());
}

ScanOptions scan_options(const Options& o, const std::string& baseline_file) {
  ScanOptions so;
  so.paths = o.paths;
  so.walk.include_globs = o.include;
  so.walk.exclude_globs = o.exclude;
  // The baseline file lists model ids: it is not the project's own use of them.
  so.walk.exclude_globs.push_back(baseline_file);
  // Nor is the settings file: its migrations, prices and policies name
  // models to move away from, not uses of them.
  so.walk.exclude_globs.push_back("/.modelshift.yaml");
  so.walk.max_filesize = o.max_filesize;
  so.walk.use_ignore_files = !o.no_ignore;
  so.jobs = o.jobs;
  so.as_of = o.as_of.empty() ? today_utc() : o.as_of;
  return so;
}

namespace {

// The embedded catalog's date (rules/catalog.yaml), or "unknown" when the
// file or its `date` is missing (the e2e test of --version fails then).
std::string catalog_date() {
  for (const EmbeddedFile& f : embedded_rules()) {
    if (f.path != "catalog.yaml") continue;
    std::vector<Diagnostic> errors;
    YamlReader yr("rules/catalog.yaml", &errors);
    std::optional<YAML::Node> root = yr.parse(std::string(f.content));
    if (root && root->IsMap()) return yr.str(*root, "date").value_or("unknown");
  }
  return "unknown";
}

}  // namespace

int run_cli(int argc, char** argv) {
  try {
    if (argc < 2) {
      print_main_help(std::cerr);
      return kExitError;
    }
    std::string first = argv[1];
    if (first == "--version" || first == "-V") {
      std::printf("modelshift %s (model catalog of %s)\n", MODELSHIFT_VERSION, catalog_date().c_str());
      return kExitOk;
    }
    if (first == "-h" || first == "--help" || first == "help") {
      print_main_help(std::cout);
      return kExitOk;
    }
    for (const Command& c : kCommands) {
      if (first != c.name) continue;
      Options o;
      o.command = c.name;
      bool help = false;
      parse_flags(argc, argv, 2, &o, &help);
      if (help) {
        std::fputs(c.help, stdout);
        return kExitOk;
      }
      return c.run(o);
    }
    std::vector<std::string> names;
    for (const Command& c : kCommands) names.push_back(c.name);
    std::string hint = closest_word(first, names);
    throw UsageError{"unknown command '" + first + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                     "; see modelshift --help"};
  } catch (const UsageError& e) {
    std::fprintf(stderr, "modelshift: error: %s\n", e.message.c_str());
    return kExitError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "modelshift: error: %s\n", e.what());
    return kExitError;
  }
}

}  // namespace modelshift
