// classify_exposure (see exposure.h): read the code files, find the ones
// that serve, walk their imports breadth-first, then judge each target.
#include "assess/exposure.h"

#include <fcntl.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <optional>
#include <thread>

#include "assess/exposure_graph.h"
#include "walk/walk.h"

namespace modelshift {

namespace {

// How far imports are followed from a serving file.
constexpr int kMaxDepth = 6;

std::string basename_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "module example.com/x" of a go.mod, or "".
std::string go_module(const std::string& abs_path) {
  int fd = ::open(abs_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  std::string text, error, module;
  if (fd < 0 || !read_and_close(fd, &text, &error)) return "";
  static const RE2 re(R"((?m)^\s*module\s+"?([^\s"]+))");
  RE2::PartialMatch(text, re, &module);
  return module;
}

// Builds the graph: the code files of `files` (those whose language has
// exposure rules), read in parallel, each into its own slot.
CodeGraph read_graph(const ExposureRules& rules, const std::vector<WalkEntry>& files) {
  CodeGraph g;
  std::vector<const WalkEntry*> entries;
  for (const WalkEntry& e : files) {
    if (basename_of(e.rel_path) == "go.mod") {
      std::string module = go_module(e.abs_path);
      if (!module.empty()) g.go_modules.emplace_back(dir_of(e.rel_path), module);
      continue;
    }
    const ExposureLanguage* group = rules.for_language(rules.languages().classify(e.rel_path, "")->name);
    if (!group) continue;
    CodeFacts f;
    f.rel_path = e.rel_path;
    f.group = group;
    g.files.push_back(std::move(f));
    entries.push_back(&e);
  }
  // Longest module first, so a nested module claims its own imports.
  std::sort(g.go_modules.begin(), g.go_modules.end(), [](const auto& a, const auto& b) {
    return a.second.size() != b.second.size() ? a.second.size() > b.second.size() : a < b;
  });
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < entries.size();)
      read_code_facts(entries[i]->abs_path, entries[i]->size, &g.files[i]);
  };
  size_t jobs = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), entries.size() / 64 + 1);
  std::vector<std::thread> threads;
  for (size_t t = 1; t < jobs; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  g.index();
  return g;
}

// The user's config globs, one list per glob so the verdict can name it.
struct ConfigGlobs {
  std::vector<std::pair<std::string, IgnoreList>> customer, internal;
  static std::vector<std::pair<std::string, IgnoreList>> lists(const std::vector<std::string>& globs) {
    std::vector<std::pair<std::string, IgnoreList>> out;
    for (const std::string& g : globs) out.emplace_back(g, IgnoreList::from_globs({g}));
    return out;
  }
  // The config's verdict for `path`: the longest matching glob decides,
  // customer-facing on a tie.
  std::optional<Exposure> judge(const std::string& path) const {
    const std::string* best = nullptr;
    bool best_customer = false;
    for (bool customer : {true, false})
      for (const auto& [glob, list] : customer ? this->customer : this->internal)
        if (glob_list_matches(list, path) && (!best || glob.size() > best->size())) best = &glob, best_customer = customer;
    if (!best) return std::nullopt;
    return Exposure{best_customer ? "customer_facing" : "internal", "config: " + *best, "", 0};
  }
};

const ExposureRules::Internal* internal_rule(const ExposureRules& rules, const std::string& path, bool strong) {
  for (const ExposureRules::Internal& in : rules.internal())
    if (in.beats_serving == strong)
      for (const IgnoreList& list : in.lists)
        if (glob_list_matches(list, path)) return &in;
  return nullptr;
}

// Why a source makes what it imports customer-facing: "serves HTTP routes
// (FastAPI)" or "is customer-facing (config: api/**)".
struct Source {
  std::string phrase;
  uint32_t line = 0;
};

// A file reached from a source.
struct Reach {
  size_t source = 0, parent = 0;
  int depth = 0;
  bool peer = false;  // reached from `parent` without an import (same package)
};

// Breadth-first from every source at once (in path order), so each file is
// claimed by the nearest source, the first in path order on a tie.
std::map<size_t, Reach> reach_from(const CodeGraph& g, const std::map<size_t, Source>& sources) {
  std::map<size_t, Reach> reached;
  std::deque<size_t> queue;
  for (const auto& [i, s] : sources) {
    reached[i] = {i, i, 0, false};
    queue.push_back(i);
  }
  while (!queue.empty()) {
    size_t at = queue.front();
    queue.pop_front();
    Reach here = reached[at];
    if (here.depth >= kMaxDepth || !g.files[at].read) continue;
    auto visit = [&](size_t next, bool peer) {
      if (reached.count(next)) return;
      reached[next] = {here.source, at, here.depth + 1, peer};
      queue.push_back(next);
    };
    if (here.depth == 0)  // a serving file's own package; a reached file's package is not used by that alone
      for (size_t p : g.peers(at)) visit(p, true);
    for (const RawImport& imp : g.files[at].imports)
      for (size_t next : g.resolve(at, imp)) visit(next, false);
  }
  return reached;
}

Exposure imported_exposure(const CodeGraph& g, const std::map<size_t, Source>& sources,
                           const std::map<size_t, Reach>& reached, size_t target) {
  const Reach& r = reached.at(target);
  const std::string& source = g.files[r.source].rel_path;
  std::string how;
  if (r.depth == 1 && r.peer) {
    how = "same package as " + source;
  } else {
    std::vector<std::string> via;
    for (size_t at = r.parent; at != r.source; at = reached.at(at).parent) via.push_back(g.files[at].rel_path);
    std::reverse(via.begin(), via.end());
    how = "imported by " + source;
    for (size_t i = 0; i < via.size(); ++i) how += (i == 0 ? " (through " : " -> ") + via[i];
    if (!via.empty()) how += ")";
  }
  const Source& s = sources.at(r.source);
  return {"customer_facing", how + ", which " + s.phrase, source, s.line};
}

}  // namespace

bool glob_list_matches(const IgnoreList& list, const std::string& rel_path) {
  if (list.match(rel_path, false) == IgnoreVerdict::kIgnored) return true;
  for (size_t slash = rel_path.find('/'); slash != std::string::npos; slash = rel_path.find('/', slash + 1))
    if (list.match(std::string_view(rel_path).substr(0, slash), true) == IgnoreVerdict::kIgnored) return true;
  return false;
}

std::map<std::string, Exposure> classify_exposure(const ExposureRules& rules, const std::vector<WalkEntry>& files,
                                                  const std::vector<std::string>& targets,
                                                  const std::vector<std::string>& customer_facing_globs,
                                                  const std::vector<std::string>& internal_globs,
                                                  std::vector<Diagnostic>* warnings) {
  ConfigGlobs config{ConfigGlobs::lists(customer_facing_globs), ConfigGlobs::lists(internal_globs)};
  CodeGraph g = read_graph(rules, files);
  auto serves = [&](const CodeFacts& f) {
    return rules.kind_phrase(f.serve->kind) + " (" + f.serve->framework + ")";
  };
  std::map<size_t, Source> sources;
  for (size_t i = 0; i < g.files.size(); ++i) {
    const CodeFacts& f = g.files[i];
    if (std::optional<Exposure> c = config.judge(f.rel_path)) {
      if (c->surface == "customer_facing") sources[i] = {"is customer-facing (" + c->reason + ")", 0};
    } else if (f.serve && !internal_rule(rules, f.rel_path, true)) {
      sources[i] = {serves(f), f.serve_line};
    }
  }
  std::map<size_t, Reach> reached = reach_from(g, sources);

  std::map<std::string, Exposure> out;
  for (const std::string& t : targets) {
    auto it = g.by_path.find(t);
    const CodeFacts* f = it == g.by_path.end() ? nullptr : &g.files[it->second];
    if (f && !f->read && !f->problem.empty()) warnings->push_back({t, 0, 0, f->problem});
    Exposure e;
    if (std::optional<Exposure> c = config.judge(t)) {
      e = *c;
    } else if (const ExposureRules::Internal* in = internal_rule(rules, t, true)) {
      e = {"internal", in->reason, "", 0};
    } else if (f && f->serve) {
      e = {"customer_facing", serves(*f), t, f->serve_line};
    } else if (const ExposureRules::Internal* weak = internal_rule(rules, t, false)) {
      e = {"internal", weak->reason, "", 0};
    } else if (f && reached.count(it->second)) {
      e = imported_exposure(g, sources, reached, it->second);
    } else {
      e = {"unknown", "no route, handler or consumer found", "", 0};
    }
    out[t] = std::move(e);
  }
  return out;
}

}  // namespace modelshift
