// The offending line under a text-report finding (src/report/source_lines.h):
// the caret under the span, long lines cut around it, terminal escapes
// defused, and lines that look like they hold a secret never shown.
#include <catch2/catch.hpp>

#include "../test_engine.h"
#include "report/source_lines.h"

namespace modelshift {

TEST_CASE("excerpt_line puts the caret under the span", "[source_lines]") {
  struct Case {
    std::string line;
    uint32_t column, end_column;
    std::string text, underline;
  };
  std::string long_line = std::string(200, 'x') + "\"gpt-4\"" + std::string(200, 'y');
  std::vector<Case> cases = {
      {"client.create(model=\"gpt-4\")", 22, 27, "client.create(model=\"gpt-4\")", "                     ^^^^^"},
      // end 0 (a span that goes on past this line): to the end of the line
      {"call(\r", 1, 0, "call(", "^^^^^"},
      // UTF-8 before the span: the caret counts characters, not bytes
      {"# \xc3\xa9t\xc3\xa9 gpt-4", 9, 14, "# \xc3\xa9t\xc3\xa9 gpt-4", "      ^^^^^"},
      // tabs and escape sequences become single spaces
      {"\tm = \"gpt-4\" \x1b[31m", 7, 12, " m = \"gpt-4\"  [31m", "      ^^^^^"},
      // no end after the start: to the end of the line
      {"abc", 2, 2, "abc", " ^^"},
  };
  for (const Case& c : cases) {
    LineExcerpt e = excerpt_line(c.line, c.column, c.end_column);
    INFO(c.line);
    CHECK(e.text == c.text);
    CHECK(e.underline == c.underline);
  }
  // A minified line: a window around the span, cut marks at both ends.
  LineExcerpt e = excerpt_line(long_line, 202, 207, 60);
  CHECK(e.text.rfind("...", 0) == 0);
  CHECK(e.text.size() == 3 + 60 + 3);
  CHECK(e.text.find("\"gpt-4\"") != std::string::npos);
  size_t caret = e.underline.find('^');
  CHECK(e.text.substr(caret, 5) == "gpt-4");
  CHECK(e.underline.size() - caret == 5);
}

TEST_CASE("lines that look like they hold a secret are masked", "[source_lines]") {
  LineMasker masker(test_engine());
  struct Case {
    std::string line;
    bool masked;
  };
  std::vector<Case> cases = {
      {"client = OpenAI(api_key=\"sk-proj-abcdefghijklmnopqrstuvwx\", model=\"gpt-4\")", true},
      {"OPENAI_API_KEY=abc123notaprefix", true},
      {"export ANTHROPIC_API_KEY=whatever-it-is", true},
      {"  api_key: \"literal-value\"", true},
      {"  \"password\": \"hunter2hunter2\",", true},
      {"aws = \"AKIAABCDEFGHIJKLMNOP\"  # gpt-4", true},
      {"token = 'ghp_abcdefghijklmnopqrstuvwxyz0123'", true},
      // references to a secret, not the secret
      {"client = OpenAI(api_key=os.environ[\"OPENAI_API_KEY\"], model=\"gpt-4\")", false},
      {"OPENAI_API_KEY=${OPENAI_API_KEY}", false},
      {"  api_key: ${{ secrets.OPENAI_API_KEY }}", false},
      {"api_key = get_key()", false},
      {"model = \"gpt-4\"", false},
      {"MODEL=gpt-4o", false},
      {"if api_key == \"\":", false},
  };
  for (const Case& c : cases) {
    INFO(c.line);
    CHECK(masker.masks(c.line) == c.masked);
  }
  std::string shown = render_excerpt("key = \"sk-ant-abcdefghijklmnopqrstuvwxyz\" # gpt-4", 3, 40, 45, masker, "  ");
  CHECK(shown.find("sk-ant") == std::string::npos);
  CHECK(shown == "     3 | [line hidden: it looks like it holds a secret]\n");
  CHECK(render_excerpt("model = \"gpt-4\"", 12, 10, 15, masker, "") ==
        "  12 | model = \"gpt-4\"\n"
        "     |          ^^^^^\n");
}

TEST_CASE("SourceLines reads each line of a file once loaded", "[source_lines]") {
  int reads = 0;
  SourceLines lines([&](const std::string& path) -> std::optional<std::string> {
    ++reads;
    if (path == "a.py") return std::string("one\r\ntwo\nthree");
    return std::nullopt;
  });
  std::string_view l;
  REQUIRE(lines.line("a.py", 2, &l));
  CHECK(l == "two");
  REQUIRE(lines.line("a.py", 3, &l));
  CHECK(l == "three");
  REQUIRE(lines.line("a.py", 1, &l));
  CHECK(l == "one\r");  // excerpt_line drops the CR
  CHECK_FALSE(lines.line("a.py", 4, &l));
  CHECK_FALSE(lines.line("a.py", 0, &l));
  CHECK(reads == 1);
  CHECK_FALSE(lines.line("gone.py", 1, &l));
}

}  // namespace modelshift
