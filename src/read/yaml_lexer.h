// The hand-written YAML lexer behind analyze_yaml (read/regions.h); private
// to src/read. Why it is hand-written and not a walk over the tree-sitter YAML
// tree is measured in format_yaml.cc.
//
// One YamlLexer analyzes one text, line by line, and writes its regions and
// its first diagnostic into a regions_detail::Builder. Cost: linear in the
// text (a line is read a bounded number of times; flow collections and quoted
// scalars are scanned once); memory: the context stack, at most kMaxNesting
// entries. Never throws on any input (run_analyzer catches the rest, e.g.
// bad_alloc). Not thread-safe; use one object per text.
//
// The work is split in two files: format_yaml.cc reads the block structure
// (lines, indentation, keys, sequence entries, documents); yaml_scalars.cc
// reads values (plain, quoted and block scalars, flow collections).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "read/regions.h"

namespace modelshift::yaml_detail {

struct Line {
  size_t begin = 0;  // first byte
  size_t end = 0;    // end of content, without "\r\n" / "\n"
  size_t next = 0;   // first byte of the next line (or text size)
};

class YamlLexer {
 public:
  YamlLexer(std::string_view t, regions_detail::Builder& b) : t_(t), n_(t.size()), b_(b) {}

  // Analyzes the whole text.
  void run();

 private:
  static constexpr size_t npos = std::string::npos;

  // One open block collection.
  struct Ctx {
    size_t indent = 0;
    bool seq = false;
    std::string path;  // path of the collection
    size_t next_index = 0;
    std::string child;     // path of the last key / item
    bool pending = false;  // last key / item has no value yet: deeper lines are its value
    bool complex = false;  // last key came from `? `: a `: value` line may follow
  };

  enum class Kind { Seq, QKey, QVal, MapKey, Other };
  struct KeyInfo {
    size_t kb = 0, ke = 0;  // key text (without quotes)
    size_t colon = 0;
  };
  // What one step of node_line decided: the next line to read (done), or
  // the position on this line where the next node starts.
  struct Step {
    bool done = false;
    size_t pos = 0;
  };

  // One open flow collection.
  struct FCtx {
    bool map = false;
    std::string path;
    size_t index = 0;
    std::string key;  // path of the current key (map)
    bool after_colon = false;
  };
  // A flow collection being read, possibly over several lines.
  struct FlowRun {
    std::vector<FCtx> fs;
    size_t skip_depth = 0;  // > 0: inside collections nested past the limit
    size_t cap = 1;         // how many collections may be open
    Line l;                 // current line
    size_t j = 0;           // current byte
    size_t p = 0;           // the opening bracket of the outermost collection
    const std::string* path = nullptr;
    long n = -1;  // indentation of the parent block collection
  };
  enum class FlowAct { Handled, Done, Scalar };

  // ---- lines and tokens (format_yaml.cc) ----
  Line line_at(size_t pos) const;
  size_t indent_of(const Line& l) const;
  size_t first_content(const Line& l) const;
  bool is_doc_marker(const Line& l) const;
  bool comment_start(const Line& l, size_t j) const { return t_[j] == '#' && (j == l.begin || is_ws(t_[j - 1])); }
  void comment(size_t b, size_t e) { b_.add(b, e, RegionKind::Comment); }
  size_t skip_properties(const Line& l, size_t p) const;
  size_t find_colon(const Line& l, size_t p);
  size_t close_quote_same_line(const Line& l, size_t p) const;
  bool detect_key(const Line& l, size_t p, KeyInfo& k);
  Kind classify(const Line& l, size_t p, KeyInfo& k);
  static bool is_ws(char c) { return c == ' ' || c == '\t'; }

  // ---- block structure (format_yaml.cc) ----
  size_t process_line(const Line& l);
  size_t doc_marker_line(const Line& l, size_t p);
  void push(size_t indent, bool seq, std::string path);
  size_t seq_item(const Line& l, size_t p);
  size_t node_line(const Line& l, size_t p);
  Step same_indent_node(const Line& l, size_t p, Kind kind, const KeyInfo& k, Ctx& top);
  Step nested_node(const Line& l, size_t p, Kind kind, Ctx* top);
  size_t map_entry(const Line& l, const KeyInfo& k, Ctx& m);
  size_t complex_key(const Line& l, size_t p, Ctx& m);
  size_t value_node(const Line& l, size_t p, const std::string& path, long n, Ctx* owner);
  size_t finish_line(const Line& l, size_t p);

  // ---- scalars and flow collections (yaml_scalars.cc) ----
  size_t plain_line_end(const Line& l, size_t p, size_t& comment_at) const;
  size_t plain(const Line& l, size_t p, const std::string& path, long n);
  size_t scan_quoted(Line& cur, size_t p, long n, bool flow_ctx) const;
  size_t quoted(const Line& l, size_t p, const std::string& path, long n);
  size_t block_scalar(const Line& l, size_t p, const std::string& path, long n);
  size_t flow(const Line& first, size_t p, const std::string& path, long n);
  bool flow_next_line(FlowRun& r, size_t& stop);
  bool flow_quoted(FlowRun& r, size_t& stop);
  FlowAct flow_indicator(FlowRun& r, char c, size_t& stop);
  void flow_plain(FlowRun& r);
  std::string flow_item_path(const FlowRun& r) const;
  void flow_scalar(FlowRun& r, size_t b, size_t e);

  std::string_view t_;
  size_t n_;
  regions_detail::Builder& b_;
  std::vector<Ctx> stack_;
  size_t colon_line_ = npos, colon_from_ = 0, colon_pos_ = npos;
};

}  // namespace modelshift::yaml_detail
