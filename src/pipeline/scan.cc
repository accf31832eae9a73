// The scan driver: run_scan walks, reads every file on a pool of threads
// (scan_bytes each), resolves and links across files, then merges in path
// order. Rooms of its own: engine.cc (rules), scan_text.cc (reading one
// text), cross_file.cc (resolve_across_files), catalogues.cc
// (collapse_catalogues), notebook.cc (.ipynb cells).
#include "pipeline/scan.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <thread>
#include <tuple>

#include "core/fingerprint.h"
#include "detect/code_context.h"
#include "gate/gate.h"
#include "judge/lifecycle.h"
#include "link/sdk_packages.h"
#include "pipeline/docs.h"
#include "pipeline/notebook.h"

namespace modelshift {

namespace {

// A NUL byte in the first block marks a binary file, as git and ripgrep judge.
constexpr size_t kBinaryProbe = 8192;

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Reads and scans every walked file on `options.jobs` threads, each with its
// own parser; (*results)[i] belongs to files[i]. Returns the bytes read.
uint64_t scan_files(const Engine& engine, const ScanOptions& options, const std::vector<WalkEntry>& files,
                    std::vector<FileResult>* results_out) {
  std::vector<FileResult>& results = *results_out;
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(1, files.size())));
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> bytes{0};
  std::atomic<size_t> done{0};
  auto worker = [&]() {
    CodeParser parser;
    std::string buffer;
    for (size_t i = next++; i < files.size(); i = next++) {
      const WalkEntry& e = files[i];
      std::string error;
      if (!read_regular_file(e.abs_path, options.walk.max_filesize, &buffer, &error)) {
        results[i].skipped.push_back({e.rel_path, "unreadable: " + error});
      } else if (buffer.size() > options.walk.max_filesize) {
        // The file grew after the walk looked at it.
        results[i].skipped.push_back({e.rel_path, "too large"});
      } else {
        bytes += buffer.size();
        results[i] = scan_bytes(engine, e.rel_path, buffer, parser);
        mark_suppressed(engine, buffer, &results[i].findings);  // the gate's inline suppressions
      }
      ++done;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  if (options.progress && files.size() > 200) {
    // The main thread reports progress while it also works.
    std::thread progress([&]() {
      while (done < files.size()) {
        std::fprintf(stderr, "\rmodelshift: scanned %zu/%zu files", done.load(), files.size());
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      std::fprintf(stderr, "\r\033[K");
    });
    worker();
    for (std::thread& t : threads) t.join();
    progress.join();
  } else {
    worker();
    for (std::thread& t : threads) t.join();
  }
  return bytes;
}

// Moves each file's results into the inventory in walk order (already sorted
// by path), each file's findings sorted, catalogues collapsed (unless
// --expand-catalogues), SDK definitions marked and fingerprints assigned;
// then sorts the whole inventory.
void merge_results(const Engine& engine, const ScanOptions& options, SdkPackageIndex& sdk_index,
                   std::vector<FileResult>* results, Inventory* inv) {
  for (FileResult& r : *results) {
    inv->stats.files_with_keywords += r.had_keywords;
    inv->stats.files_parsed += r.parsed;
    inv->stats.candidates += r.candidates;
    inv->stats.dropped_code += r.dropped_code;
    inv->stats.dropped_strict += r.dropped_strict;
    inv->stats.dropped_tokenizer += r.dropped_tokenizer;
    std::sort(r.findings.begin(), r.findings.end(), [](const Finding& a, const Finding& b) {
      return std::tie(a.loc.line, a.loc.column, a.kind, a.loc.end_line, a.loc.end_column) <
             std::tie(b.loc.line, b.loc.column, b.kind, b.loc.end_line, b.loc.end_column);
    });
    if (!options.expand_catalogues) collapse_catalogues(engine.catalog->false_positives(), &r.findings);
    mark_sdk_definitions(sdk_index, &r.findings);
    assign_fingerprints(&r.findings);
    for (Finding& f : r.findings) inv->findings.push_back(std::move(f));
    for (Skipped& s : r.skipped) inv->skipped.push_back(std::move(s));
    for (Diagnostic& d : r.warnings) inv->warnings.push_back(std::move(d));
  }
  for (Diagnostic& d : sdk_index.take_warnings()) inv->warnings.push_back(std::move(d));
  std::stable_sort(inv->findings.begin(), inv->findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.path, a.loc.line, a.loc.column, a.kind) < std::tie(b.path, b.loc.line, b.loc.column, b.kind);
  });
  std::sort(inv->skipped.begin(), inv->skipped.end(), [](const Skipped& a, const Skipped& b) {
    return std::tie(a.path, a.reason) < std::tie(b.path, b.reason);
  });
}

}  // namespace

std::vector<std::pair<uint32_t, uint32_t>> line_columns(std::string_view text, const std::vector<uint32_t>& offsets) {
  std::vector<size_t> order(offsets.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return offsets[a] < offsets[b]; });
  std::vector<std::pair<uint32_t, uint32_t>> out(offsets.size());
  uint32_t line = 1;
  size_t line_start = 0, pos = 0;
  for (size_t idx : order) {
    size_t target = std::min<size_t>(offsets[idx], text.size());
    while (pos < target) {
      const void* nl = std::memchr(text.data() + pos, '\n', target - pos);
      if (!nl) {
        pos = target;
        break;
      }
      pos = static_cast<const char*>(nl) - text.data() + 1;
      ++line;
      line_start = pos;
    }
    out[idx] = {line, static_cast<uint32_t>(target - line_start + 1)};
  }
  return out;
}

FileResult scan_bytes(const Engine& engine, const std::string& rel_path, std::string_view bytes,
                      CodeParser& parser, const ScanFocus* focus) {
  FileResult result;
  if (std::memchr(bytes.data(), '\0', std::min(bytes.size(), kBinaryProbe))) {
    result.skipped.push_back({rel_path, "binary"});
    return result;
  }
  std::string_view text = bytes;
  // Prompt files are prompts by their path, keywords or not (no model: a
  // focused scan skips them).
  std::string prompt_role = focus ? "" : engine.prompts()->file_role(rel_path);
  if (!prompt_role.empty()) result.findings.push_back(prompt_file_finding(*engine.prompts(), rel_path, prompt_role, text));
  const Language* lang = engine.languages.classify(rel_path, text.substr(0, 256));
  if (lang->reader == Reader::Notebook) {
    scan_notebook(engine, rel_path, text, parser, &result);
  } else {
    std::vector<TextHit> hits = lang->reader == Reader::Docs ? scan_document(engine, *lang, text, parser, &result, focus)
                                                             : scan_text(engine, *lang, text, parser, &result, focus);
    place_hits(&hits, text, rel_path, [](uint32_t off, bool) { return off; }, &result.findings);
    std::vector<uint32_t> offsets;
    for (const Export& e : result.exports) offsets.push_back(e.offset);
    result.export_lines = line_columns(text, offsets);
  }
  if (!focus) {
    if (engine.prompts()->skipped(rel_path))
      std::erase_if(result.findings, [](const Finding& f) { return f.kind == "prompt"; });
    link_prompts(*engine.prompts(), &result.findings);
  }
  // Loads of JSON schema files wait for link_across_files (run_scan); never reported.
  auto loads = std::stable_partition(result.findings.begin(), result.findings.end(),
                                     [](const Finding& f) { return f.kind != kSchemaFileLoad; });
  result.schema_loads.assign(std::make_move_iterator(loads), std::make_move_iterator(result.findings.end()));
  result.findings.erase(loads, result.findings.end());
  for (Diagnostic& d : result.warnings) d.path = rel_path;
  return result;
}

void place_hits(std::vector<TextHit>* hits, std::string_view file, const std::string& rel_path,
                const std::function<uint32_t(uint32_t, bool)>& to_file, std::vector<Finding>* out) {
  std::vector<uint32_t> offsets;
  for (const TextHit& h : *hits) {
    offsets.push_back(to_file(h.begin, false));
    offsets.push_back(to_file(h.end, true));
    for (const ResolutionStep& s : h.finding.resolution)
      if (s.path.empty()) offsets.push_back(to_file(s.offset, false));
  }
  std::vector<std::pair<uint32_t, uint32_t>> lc = line_columns(file, offsets);
  size_t k = 0;
  for (TextHit& h : *hits) {
    Finding f = std::move(h.finding);
    f.path = rel_path;
    f.loc = {lc[k].first, lc[k].second, lc[k + 1].first, lc[k + 1].second};
    k += 2;
    for (ResolutionStep& s : f.resolution)
      if (s.path.empty()) {
        s.path = rel_path;
        s.line = lc[k].first;
        s.column = lc[k].second;
        ++k;
      }
    finish_links(&f);
    out->push_back(std::move(f));
  }
}

void assign_fingerprints(std::vector<Finding>* findings) {
  // Occurrence index among findings of the same file with the same rule,
  // model and line text, so identical lines stay distinct but moving a line
  // (or editing others) changes nothing.
  std::map<std::string, uint32_t> seen;
  for (Finding& f : *findings) {
    // A call site keys on its callee, not on a model that a fix will change.
    const std::string& what = f.kind == "call_site" ? f.callee : f.written;
    std::string key = f.kind + '\x1f' + f.rule + '\x1f' + f.path + '\x1f' + what + '\x1f' + f.line_text;
    uint32_t occurrence = seen[key]++;
    f.fingerprint = fingerprint_hex(key + '\x1f' + std::to_string(occurrence));
  }
}

Inventory run_scan(const Engine& engine, const ScanOptions& options) {
  Inventory inv;
  inv.as_of = options.as_of;
  auto t0 = std::chrono::steady_clock::now();
  WalkResult walked = walk(options.paths.empty() ? std::vector<std::string>{"."} : options.paths, options.walk);
  inv.stats.walk_seconds = seconds_since(t0);
  inv.stats.files_walked = walked.files.size();
  inv.root = walked.root;
  inv.errors = std::move(walked.errors);
  inv.skipped = std::move(walked.skipped);
  // Files of an SDK's own package (node_modules/openai/...) define the SDK:
  // their findings are marked so that reports do not count them as usage.
  std::unique_ptr<SdkPackageRules> sdk_packages = SdkPackageRules::load(engine.rule_files, &inv.errors);
  SdkPackageIndex sdk_index = SdkPackageIndex::on_disk(*sdk_packages, inv.root);

  auto t1 = std::chrono::steady_clock::now();
  std::vector<FileResult> results(walked.files.size());
  inv.stats.bytes_read = scan_files(engine, options, walked.files, &results);

  resolve_across_files(engine, walked.files, &results);
  link_across_files(*engine.structures(), walked.files, &results);  // schema files, stores of other files
  link_call_sites(&results);  // each call site lists the prompts and schemas it uses

  merge_results(engine, options, sdk_index, &results, &inv);
  judge_lifecycle(options.as_of, &inv.findings);  // status, once detection and linking are done
  inv.stats.findings = inv.findings.size();
  inv.stats.scan_seconds = seconds_since(t1);
  inv.files = std::move(walked.files);
  return inv;
}

}  // namespace modelshift
