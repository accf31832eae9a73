// read/code_blocks: fenced Markdown blocks and rst code directives, with the
// exact bytes of their code and the language word.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "read/code_blocks.h"

using namespace modelshift;

namespace {

struct Want {
  std::string info, code;
};

std::vector<Want> got(std::string_view text, const std::vector<CodeBlock>& blocks) {
  std::vector<Want> out;
  for (const CodeBlock& b : blocks) {
    std::string code;
    for (auto [lb, le] : b.lines) {
      CHECK(lb >= b.begin);
      CHECK(le <= b.end);
      code += text.substr(lb, le - lb);
    }
    out.push_back({b.info, code});
  }
  return out;
}

void check(std::string_view text, const std::vector<CodeBlock>& blocks, const std::vector<Want>& want) {
  std::vector<Want> g = got(text, blocks);
  REQUIRE(g.size() == want.size());
  for (size_t i = 0; i < g.size(); ++i) {
    INFO("block " << i);
    CHECK(g[i].info == want[i].info);
    CHECK(g[i].code == want[i].code);
  }
}

}  // namespace

TEST_CASE("code_blocks: Markdown fences", "[code_blocks]") {
  struct Case {
    const char* name;
    std::string text;
    std::vector<Want> want;
  };
  std::vector<Case> cases = {
      {"backticks with language", "# T\n\n```python\nx = 1\n```\n", {{"python", "x = 1\n"}}},
      {"tildes, attributes after the word", "~~~ts title=\"a.ts\"\nconst a = 1;\n~~~\n", {{"ts", "const a = 1;\n"}}},
      {"brace syntax", "```{.Python}\nx = 2\n```\n", {{"python", "x = 2\n"}}},
      {"no language", "```\nplain\n```\n", {{"", "plain\n"}}},
      {"inside a list item", "- step\n\n  ```go\n  x := 1\n  ```\n", {{"go", "x := 1\n"}}},
      {"inside a block quote", "> ```js\n> a()\n> b()\n> ```\n", {{"js", "a()\nb()\n"}}},
      {"list item keeps deeper indentation", "1. x\n\n   ```python\n   if a:\n       b()\n   ```\n", {{"python", "if a:\n    b()\n"}}},
      {"two blocks in order", "```py\na\n```\ntext\n```bash\nb\n```\n", {{"py", "a\n"}, {"bash", "b\n"}}},
      {"unclosed fence runs to the end", "```python\nx = 1\n", {{"python", "x = 1\n"}}},
      {"empty block is skipped", "```python\n```\n", {}},
      {"indented code is not a fence", "    x = 1\n", {}},
      {"no fence marker at all", "just `inline` code\n", {}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    check(c.text, markdown_code_blocks(c.text), c.want);
  }
}

TEST_CASE("code_blocks: reStructuredText directives", "[code_blocks]") {
  struct Case {
    const char* name;
    std::string text;
    std::vector<Want> want;
  };
  std::vector<Case> cases = {
      {"code-block with options", "Intro\n\n.. code-block:: python\n   :linenos:\n\n   x = 1\n   y = 2\n\nAfter\n",
       {{"python", "x = 1\ny = 2"}}},
      {"code directive, blank line inside", ".. code:: js\n\n   a()\n\n   b()\nend\n", {{"js", "a()\n\nb()"}}},
      {"nested in a list", "- item\n\n  .. sourcecode:: go\n\n     x := 1\n\n  more\n", {{"go", "x := 1"}}},
      {"directive with no body", ".. code-block:: python\n\nText\n", {}},
      {"other directives are not code", ".. note::\n\n   gpt-4o\n", {}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    check(c.text, rst_code_blocks(c.text), c.want);
  }
}

TEST_CASE("code_blocks: Markdown nested past the grammar's limit is not parsed", "[code_blocks]") {
  // The pinned grammar's scanner crashes near 300 open blocks; these must
  // not reach it, and must say why.
  std::vector<std::string> hostile;
  std::string quotes, ladder;
  for (int i = 0; i < 5000; ++i) quotes += "> ";
  quotes += "```python\nx = 1\n```\n";
  for (int i = 0; i < 3000; ++i) ladder += std::string(2 * i, ' ') + "- a\n";
  ladder += "```py\nx\n```\n";
  std::string markers;
  for (int i = 0; i < 3000; ++i) markers += "- ";
  markers += "```js\na()\n```\n";
  for (const std::string& text : {quotes, ladder, markers}) {
    std::string why;
    CHECK(markdown_code_blocks(text, &why).empty());
    CHECK(why.find("nested deeper") != std::string::npos);
  }
  // Ordinary depth, long rules and tables still parse.
  std::string ok = "> - quote\n>   - list\n" + std::string(400, '-') + "\n|---|---|\n```py\nx\n```\n";
  std::string why;
  CHECK(markdown_code_blocks(ok, &why).size() == 1);
  CHECK(why.empty());
}
