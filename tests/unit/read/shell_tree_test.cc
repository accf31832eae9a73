// analyze_shell on the tree-sitter Bash grammar (src/read/format_shell.cc):
// words, assignments and heredocs where the lexer's rules meet the grammar's
// nodes, and what stays readable where the grammar does not know the shell
// (zsh, fish). Small cases live in formats_test.cc.
#include <catch2/catch.hpp>

#include <string>

#include "region_probe.h"

using namespace modelshift;
using namespace modelshift::testing;

TEST_CASE("shell tree: assignments give Key and Value regions", "[shell_tree]") {
  check_rows(analyze_shell, {
      {"subscript and +=", "a[0]+=(gpt-4o o1)\n", "gpt-4o", "Value a [6,17)", ""},
      {"subscript key is the name", "a[0]+=(gpt-4o o1)\n", "a", "Key a [0,1)", ""},
      {"argument with a quoted value", "run -e LLM=\"gemini x\" img\n", "gemini", "Value LLM [12,20)", ""},
      {"prefix assignment", "MODEL=o1 run --model=gpt-4o\n", "o1", "Value MODEL [6,8)", ""},
      {"--opt=value after it", "MODEL=o1 run --model=gpt-4o\n", "gpt-4o", "Value  [21,27)", ""},
      {"declare", "declare -x M='gpt-4o'\n", "gpt-4o", "Value M [14,20)", ""},
      {"substitution value", "M=$(pick \"gpt-4o\")\n", "gpt-4o", "Value M [2,18)", ""},
      {"no assignment in an option", "run --m=gpt-4o\n", "gpt-4o", "Value  [8,14)", ""},
  });
}

TEST_CASE("shell tree: words, quotes and heredocs", "[shell_tree]") {
  check_rows(analyze_shell, {
      // The lexer glued a heredoc's delimiter to the next line's first word.
      {"word after a heredoc delimiter", "cat <<PY\nx\nPY\ngpt-4o --x\n", "gpt-4o", "Value  [14,20)", ""},
      {"heredoc body is one region", "cat <<EOF\nuse gpt-4o\nnow\nEOF\n", "gpt-4o", "Value  [10,24)", ""},
      {"quoted heredoc delimiter", "cat <<'EOF'\n$(gpt-4o)\nEOF\n", "gpt-4o", "Value  [12,21)", ""},
      {"two-level arithmetic", "echo $((n+1)) gpt-4o\n", "gpt-4o", "Value  [14,20)", ""},
      {"backquotes are one word", "echo `pick gpt-4o`\n", "gpt-4o", "Value  [5,18)", ""},
      {"${...} is one word", "echo ${M:-gpt-4o x}\n", "gpt-4o", "Value  [5,19)", ""},
      {"escaped blank joins a word", "echo a\\ gpt-4o\n", "gpt-4o", "Value  [5,14)", ""},
      // The lexer glued the BOM to the first word, hiding the assignment.
      {"assignment after a BOM", "\xEF\xBB\xBFM=gpt-4o\n", "gpt-4o", "Value M [5,11)", ""},
      {"comment after a substitution", "x=$(a) # gpt-4o\n", "gpt-4o", "Comment  [7,15)", ""},
  });
}

TEST_CASE("shell tree: what the Bash grammar misreads stays words", "[shell_tree]") {
  check_rows(analyze_shell, {
      {"zsh expansion flags", "for f in ${(f)\"$(ls)\"}; do\n  run --model gpt-4o\ndone\n", "gpt-4o",
       "Value  [41,47)", ""},
      {"fish command substitution", "set -x M (pick)\nrun --model gpt-4o\n", "gpt-4o", "Value  [28,34)", ""},
      {"unterminated string over lines", "echo ok\necho \"a\nrun gpt-4o\n", "gpt-4o", "Value  [20,26)",
       "2:6 malformed shell script: unterminated double-quoted string"},
      {"unterminated single quote", "run gpt-4o 'x\ny\n", "gpt-4o", "Value  [4,10)",
       "1:12 malformed shell script: unterminated single-quoted string"},
      {"unterminated here-document", "M=o1\ncat <<-END\n\tgpt-4o\n", "o1", "Value M [2,4)",
       "2:5 malformed shell script: unterminated here-document (missing END)"},
  });
}

TEST_CASE("shell tree: nesting past the limit gives one diagnostic", "[shell_tree]") {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "\"$(";
  RegionTable t = analyze_shell(text);
  CHECK(first_diagnostic(t) == "1:1499 malformed shell script: nesting deeper than 1000 levels");
}
