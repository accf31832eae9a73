// SDK definitions (rules/sdk_packages.yaml, src/link/sdk_packages.cc): manifest
// readers per ecosystem, and the nearest-manifest lookup over an in-memory
// tree.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "../test_engine.h"
#include "core/rule_files.h"
#include "link/sdk_packages.h"

using namespace modelshift;

namespace {

const SdkPackageRules& rules() {
  static std::unique_ptr<SdkPackageRules> r = [] {
    std::vector<Diagnostic> errors;
    auto loaded = SdkPackageRules::load(test_engine().rule_files, &errors);
    for (const Diagnostic& d : errors) UNSCOPED_INFO(d.path << ":" << d.line << ": " << d.message);
    REQUIRE(errors.empty());
    return loaded;
  }();
  return *r;
}

struct Read {
  std::optional<Manifest> m;
  std::vector<Diagnostic> warnings;
};

Read read(std::string_view name, std::string_view text) {
  Read r;
  r.m = read_manifest(name, text, &r.warnings);
  return r;
}

// An in-memory tree: path -> bytes. Directories are implied by the paths.
struct MemTree {
  std::map<std::string, std::string> files;
  int reads = 0;
  SdkPackageIndex index(const SdkPackageRules& r) {
    auto list = [this](const std::string& dir, std::vector<std::string>* names) {
      std::string prefix = dir.empty() ? "" : dir + "/";
      for (const auto& [path, text] : files) {
        if (path.compare(0, prefix.size(), prefix) != 0) continue;
        std::string rest = path.substr(prefix.size());
        std::string entry = rest.substr(0, rest.find('/'));  // a file, or a directory below
        if (std::find(names->begin(), names->end(), entry) == names->end()) names->push_back(entry);
      }
      return true;
    };
    auto rd = [this](const std::string& path, std::string* text, std::string* error) {
      auto it = files.find(path);
      if (it == files.end()) return false;
      if (it->second == "<unreadable>") {
        *error = "Permission denied";
        return false;
      }
      ++reads;
      *text = it->second;
      return true;
    };
    return SdkPackageIndex(r, list, rd);
  }
};

}  // namespace

TEST_CASE("manifest readers: each ecosystem's name and version", "[sdk_packages]") {
  struct Case {
    const char* file;
    const char* text;
    const char* ecosystem;
    const char* name;
    const char* version;
  };
  const Case cases[] = {
      {"package.json", R"({"name": "@anthropic-ai/sdk", "version": "1.14.0", "main": "index.js"})", "npm",
       "@anthropic-ai/sdk", "1.14.0"},
      {"package.json", R"({"type": "module"})", "npm", "", ""},
      {"composer.json", R"({"name": "openai-php/client", "require": {"php": "^8.1"}})", "composer",
       "openai-php/client", ""},
      {"pyproject.toml", "[build-system]\nrequires = [\"hatchling\"]\nname = \"not-this\"\n\n[project]\n"
                         "name = \"openai\"  # the distribution\nversion = \"1.54.0\"\n",
       "pypi", "openai", "1.54.0"},
      {"pyproject.toml", "[tool.poetry]\nname = 'langchain-openai'\nversion = '0.2.1'\n", "pypi", "langchain-openai",
       "0.2.1"},
      {"setup.py", "import os\nfrom setuptools import setup\nsetup(\n    name=\"openai\",\n    version='0.28.1',\n)\n",
       "pypi", "openai", "0.28.1"},
      {"setup.cfg", "[metadata]\nname = cohere\nversion = attr: cohere.__version__\n", "pypi", "cohere", ""},
      {"go.mod", "module github.com/openai/openai-go/v3 // the SDK\n\ngo 1.22\n", "go", "github.com/openai/openai-go",
       "3"},
      {"go.mod", "module github.com/sashabaranov/go-openai\n", "go", "github.com/sashabaranov/go-openai", ""},
      {"pom.xml",
       "<project>\n  <parent><groupId>com.azure</groupId><artifactId>azure-client-sdk-parent</artifactId>"
       "<version>1.7.0</version></parent>\n  <!-- <groupId>com.example</groupId> -->\n"
       "  <artifactId>azure-ai-openai</artifactId>\n  <version>1.0.0-beta.12</version>\n"
       "  <dependencies><dependency><groupId>com.azure</groupId><artifactId>azure-core</artifactId></dependency>"
       "</dependencies>\n</project>\n",
       "maven", "com.azure:azure-ai-openai", "1.0.0-beta.12"},
      {"OpenAI.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup><Version>2.1.0</Version>"
                        "</PropertyGroup>\n</Project>\n",
       "nuget", "OpenAI", "2.1.0"},
      {"Foo.csproj", "<Project><PropertyGroup><PackageId>Azure.AI.OpenAI</PackageId></PropertyGroup></Project>",
       "nuget", "Azure.AI.OpenAI", ""},
      {"Cargo.toml", "[package]\nname = \"async-openai\"\nversion = \"0.25.0\"\n\n[dependencies]\nname = \"x\"\n",
       "crates", "async-openai", "0.25.0"},
      {"openai.nuspec", "<?xml version=\"1.0\"?>\n<package><metadata><id>OpenAI</id><version>2.1.0</version>"
                        "</metadata></package>\n",
       "nuget", "OpenAI", "2.1.0"},
      {"ruby-openai.gemspec", "Gem::Specification.new do |spec|\n  spec.name = \"ruby-openai\"\n"
                              "  spec.version = OpenAI::VERSION\nend\n",
       "gems", "ruby-openai", ""},
  };
  for (const Case& c : cases) {
    INFO(c.file << ": " << c.text);
    Read r = read(c.file, c.text);
    REQUIRE(r.m);
    CHECK(r.warnings.empty());
    CHECK(r.m->ecosystem == c.ecosystem);
    CHECK(r.m->name == c.name);
    CHECK(r.m->version == c.version);
  }
  CHECK_FALSE(read("README.md", "# openai").m);
  CHECK_FALSE(read("package-lock.json", R"({"name": "openai"})").m);
}

TEST_CASE("malformed manifests warn and name no package", "[sdk_packages]") {
  struct Case {
    const char* file;
    const char* text;
    const char* message;  // a part of the warning
  };
  const Case cases[] = {
      {"package.json", "{\n  \"name\": \"openai\",\n  \"version\": 4.1.0\n", "malformed manifest"},
      {"package.json", "[\"openai\"]", "not a JSON object"},
      {"package.json", R"({"name": ["openai"]})", "\"name\" is not a string"},
      {"composer.json", "{\"name\": \"openai-php/client\"", "malformed manifest"},
      {"pyproject.toml", "[project\nname = \"openai\"\n", "unterminated table header"},
      {"pyproject.toml", "[project]\nname = openai\n", "name is not a quoted string"},
      {"Cargo.toml", "[package]\nname = async-openai\n", "name is not a quoted string"},
      {"go.mod", "go 1.22\n", "no module line"},
      {"pom.xml", "<html>not a pom</html>", "no <project> element"},
      {"pom.xml", "<project><version>1</version></project>", "no groupId or artifactId"},
      {"OpenAI.csproj", "not xml at all", "no <Project> element"},
      {"openai.nuspec", "<package><metadata></metadata></package>", "no <id>"},
  };
  for (const Case& c : cases) {
    INFO(c.file << ": " << c.text);
    Read r = read(c.file, c.text);
    REQUIRE(r.m);
    CHECK(r.m->name.empty());
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].message.find(c.message) != std::string::npos);
  }
}

TEST_CASE("package names compare in each ecosystem's own way", "[sdk_packages]") {
  const SdkPackageRules& r = rules();
  CHECK(r.sdk_of("npm", "openai") == "openai");
  CHECK(r.sdk_of("npm", "openai-extras") == "");
  CHECK(r.sdk_of("npm", "@ai-sdk/openai") == "vercel-ai");  // trailing '*'
  CHECK(r.sdk_of("npm", "@langchain/openai") == "langchain");
  CHECK(r.sdk_of("npm", "@anthropic-ai/sdk") == "anthropic");
  CHECK(r.sdk_of("pypi", "Langchain_OpenAI") == "langchain");  // PEP 503 form
  CHECK(r.sdk_of("pypi", "google.genai") == "google");
  CHECK(r.sdk_of("pypi", "my-app") == "");
  CHECK(r.sdk_of("go", "github.com/anthropics/anthropic-sdk-go") == "anthropic");
  CHECK(r.sdk_of("maven", "com.openai:openai-java-core") == "openai");
  CHECK(r.sdk_of("nuget", "azure.ai.openai") == "openai");  // case-insensitive
  CHECK(r.sdk_of("crates", "async_openai") == "openai");
  CHECK(r.sdk_of("composer", "OpenAI-PHP/Client") == "openai");
  CHECK(r.sdk_of("npm", "") == "");
  // An ecosystem's names do not leak into another's.
  CHECK(r.sdk_of("gems", "@anthropic-ai/sdk") == "");
  CHECK(r.usage_dir("examples"));
  CHECK(r.usage_dir("tests"));
  CHECK_FALSE(r.usage_dir("resources"));
  CHECK(r.usage_context("docs"));
  CHECK_FALSE(r.usage_context("string"));
  CHECK(r.definition_file("CHANGELOG.md"));
  CHECK_FALSE(r.definition_file("README.md"));
}

TEST_CASE("rules/sdk_packages.yaml mistakes are located errors", "[sdk_packages]") {
  std::vector<RuleFile> files = {
      {"sdk_packages.yaml", "usage_dirs: [examples]\nsdks:\n  - id: x\n    npm: [\"*\"]\n    pip: [openai]\n",
       "rules/sdk_packages.yaml"}};
  std::vector<Diagnostic> errors;
  SdkPackageRules::load(files, &errors);
  REQUIRE(errors.size() == 2);
  for (const Diagnostic& d : errors) {
    CHECK(d.path == "rules/sdk_packages.yaml");
    CHECK(d.line > 0);
  }
}

TEST_CASE("the nearest naming manifest decides whose file it is", "[sdk_packages]") {
  MemTree tree;
  tree.files = {
      {"package.json", R"({"name": "my-app"})"},
      {"src/app.ts", ""},
      {"node_modules/openai/package.json", R"({"name": "openai", "version": "4.104.0"})"},
      {"node_modules/openai/resources/chat/completions.d.ts", ""},
      {"node_modules/openai/dist/esm/package.json", R"({"type": "module"})"},
      {"node_modules/openai/dist/esm/index.mjs", ""},
      {"node_modules/openai/examples/demo.ts", ""},
      {"node_modules/openai/node_modules/other/package.json", R"({"name": "other"})"},
      {"node_modules/openai/node_modules/other/index.js", ""},
      {"node_modules/bad/package.json", "{\"name\": \"openai\""},
      {"node_modules/bad/index.js", ""},
      {"sdk/go.mod", "module github.com/openai/openai-go/v2\n"},
      {"sdk/chat.go", ""},
      {"sdk/internal/tests/x.go", ""},
      {"locked/package.json", "<unreadable>"},
      {"locked/index.js", ""},
  };
  SdkPackageIndex index = tree.index(rules());
  const SdkPackage* p = index.owner("node_modules/openai/resources/chat/completions.d.ts");
  REQUIRE(p);
  CHECK(p->sdk == "openai");
  CHECK(p->name == "openai");
  CHECK(p->version == "4.104.0");
  CHECK(p->manifest == "node_modules/openai/package.json");
  CHECK(sdk_package_label(*p) == "openai 4.x");
  // A manifest naming no package does not stop the search.
  REQUIRE(index.owner("node_modules/openai/dist/esm/index.mjs"));
  CHECK(index.owner("node_modules/openai/dist/esm/index.mjs")->manifest == "node_modules/openai/package.json");
  CHECK_FALSE(index.owner("node_modules/openai/examples/demo.ts"));       // usage sample
  CHECK_FALSE(index.owner("node_modules/openai/node_modules/other/index.js"));  // nearest is another package
  CHECK_FALSE(index.owner("src/app.ts"));
  CHECK_FALSE(index.owner("README.md"));
  CHECK_FALSE(index.owner("../elsewhere/x.ts"));
  // Malformed: a warning naming the file, and the file counts as usage.
  CHECK_FALSE(index.owner("node_modules/bad/index.js"));
  const SdkPackage* go = index.owner("sdk/chat.go");
  REQUIRE(go);
  CHECK(go->name == "github.com/openai/openai-go");
  CHECK(sdk_package_label(*go) == "github.com/openai/openai-go 2.x");
  CHECK_FALSE(index.owner("sdk/internal/tests/x.go"));
  CHECK_FALSE(index.owner("locked/index.js"));
  std::vector<Diagnostic> w = index.take_warnings();
  REQUIRE(w.size() == 2);
  CHECK(w[0].path == "node_modules/bad/package.json");
  CHECK(w[1].path == "locked/package.json");
  CHECK(w[1].message == "manifest not read: Permission denied");
  // Each manifest was read once, however many lookups passed by it.
  int reads = tree.reads;
  index.owner("node_modules/openai/resources/chat/completions.d.ts");
  index.owner("node_modules/openai/resources/other.d.ts");
  CHECK(tree.reads == reads);
}

TEST_CASE("marking keeps the syntactic context and names the package", "[sdk_packages]") {
  MemTree tree;
  tree.files = {{"pkg/pyproject.toml", "[project]\nname = \"anthropic\"\nversion = \"0.40.0\"\n"}};
  SdkPackageIndex index = tree.index(rules());
  std::vector<Finding> findings(2);
  findings[0].context = "string";
  findings[1].kind = "call_site";
  findings[1].context = "code";
  for (Finding& f : findings) f.path = "pkg/src/anthropic/types/model.py";
  // Each finding by its own path: one outside the package stays as it is.
  Finding outside;
  outside.path = "app/main.py";
  outside.context = "string";
  findings.push_back(outside);
  mark_sdk_definitions(index, &findings);
  CHECK(findings.back().context == "string");
  findings.pop_back();
  for (const Finding& f : findings) {
    CHECK(f.context == "sdk_definition");
    REQUIRE(f.sdk_package);
    CHECK(f.sdk_package->sdk == "anthropic");
    CHECK(sdk_package_label(*f.sdk_package) == "anthropic 0.40.x");
  }
  CHECK(findings[0].syntax == "string");
  CHECK(findings[1].syntax == "code");
  // Prose in the package (a README) shows how to call: usage.
  std::vector<Finding> readme(1);
  readme[0].context = "docs";
  readme[0].path = "pkg/README.md";
  mark_sdk_definitions(index, &readme);
  CHECK(readme[0].context == "docs");
  CHECK_FALSE(readme[0].sdk_package);
  // ... but its changelog is the SDK's own record.
  std::vector<Finding> changelog(1);
  changelog[0].context = "docs";
  changelog[0].path = "pkg/CHANGELOG.md";
  mark_sdk_definitions(index, &changelog);
  CHECK(changelog[0].context == "sdk_definition");
  CHECK(changelog[0].syntax == "docs");
  std::vector<Finding> app(1);
  app[0].context = "string";
  app[0].path = "app/main.py";
  mark_sdk_definitions(index, &app);
  CHECK(app[0].context == "string");
  CHECK_FALSE(app[0].sdk_package);
}

TEST_CASE("installed Python packages: a .dist-info claims its top-level modules", "[sdk_packages]") {
  Manifest m = read_dist_metadata("Metadata-Version: 2.3\nName: openai\nVersion: 1.54.0\n\nName: not-this\n");
  CHECK(m.ecosystem == "pypi");
  CHECK(m.name == "openai");
  CHECK(m.version == "1.54.0");
  CHECK(read_dist_metadata("\nName: late\n").name.empty());
  CHECK(dist_top_levels("google\n\n", "ignored/x.py,,\n") == std::vector<std::string>{"google"});
  CHECK(dist_top_levels("", "openai/__init__.py,sha256=x,1\nopenai/resources/chat.py,sha256=y,2\n"
                            "openai-1.54.0.dist-info/RECORD,,\n../../bin/openai,sha256=z,3\n"
                            "six.py,sha256=w,4\n__pycache__/six.cpython-312.pyc,,\n") ==
        std::vector<std::string>{"openai", "six"});

  MemTree tree;
  tree.files = {
      {"pyproject.toml", "[project]\nname = \"my-app\"\n"},
      {"app/main.py", ""},
      {".venv/lib/python3.12/site-packages/openai-1.54.0.dist-info/METADATA", "Name: openai\nVersion: 1.54.0\n"},
      {".venv/lib/python3.12/site-packages/openai-1.54.0.dist-info/RECORD", "openai/__init__.py,,\n"},
      {".venv/lib/python3.12/site-packages/openai/types/chat_model.py", ""},
      {".venv/lib/python3.12/site-packages/requests-2.32.0.dist-info/METADATA", "Name: requests\n"},
      {".venv/lib/python3.12/site-packages/requests-2.32.0.dist-info/top_level.txt", "requests\n"},
      {".venv/lib/python3.12/site-packages/requests/api.py", ""},
      {".venv/lib/python3.12/site-packages/anthropic-0.40.0.dist-info/METADATA", "Metadata-Version: 2.1\n"},
      {".venv/lib/python3.12/site-packages/anthropic/types/model.py", ""},
      {".venv/lib/python3.12/site-packages/loose.py", ""},
  };
  SdkPackageIndex index = tree.index(rules());
  const SdkPackage* p = index.owner(".venv/lib/python3.12/site-packages/openai/types/chat_model.py");
  REQUIRE(p);
  CHECK(p->sdk == "openai");
  CHECK(p->manifest == ".venv/lib/python3.12/site-packages/openai-1.54.0.dist-info");
  CHECK(sdk_package_label(*p) == "openai 1.x");
  CHECK_FALSE(index.owner(".venv/lib/python3.12/site-packages/requests/api.py"));  // not an SDK
  CHECK_FALSE(index.owner(".venv/lib/python3.12/site-packages/loose.py"));         // nobody claims it
  CHECK_FALSE(index.owner("app/main.py"));
  // METADATA without a Name: a warning naming it; the files fall to the app.
  CHECK_FALSE(index.owner(".venv/lib/python3.12/site-packages/anthropic/types/model.py"));
  std::vector<Diagnostic> w = index.take_warnings();
  REQUIRE(w.size() == 1);
  CHECK(w[0].path == ".venv/lib/python3.12/site-packages/anthropic-0.40.0.dist-info/METADATA");
}

TEST_CASE("Go vendor/modules.txt claims each vendored module", "[sdk_packages]") {
  auto mods = read_vendor_modules(
      "# github.com/openai/openai-go/v2 v2.3.0\n## explicit; go 1.21\ngithub.com/openai/openai-go/v2\n"
      "github.com/openai/openai-go/v2/option\n# github.com/tidwall/gjson v1.14.4 => ../gjson\n");
  REQUIRE(mods.size() == 2);
  CHECK(mods[0].first == "github.com/openai/openai-go/v2");  // longest first
  CHECK(mods[0].second.name == "github.com/openai/openai-go");
  CHECK(mods[0].second.version == "2.3.0");
  CHECK(mods[1].first == "github.com/tidwall/gjson");
  CHECK(mods[1].second.version == "1.14.4");

  MemTree tree;
  tree.files = {
      {"go.mod", "module example.com/app\n"},
      {"main.go", ""},
      {"vendor/modules.txt", "# github.com/openai/openai-go/v2 v2.3.0\n# github.com/tidwall/gjson v1.14.4\n"},
      {"vendor/github.com/openai/openai-go/v2/chat.go", ""},
      {"vendor/github.com/openai/openai-go/v2/option/requestoption.go", ""},
      {"vendor/github.com/tidwall/gjson/gjson.go", ""},
      {"vendor/github.com/unlisted/x/x.go", ""},
      {"tools/modules.txt", "# github.com/openai/openai-go v1.0.0\n"},  // not a vendor directory
      {"tools/github.com/openai/openai-go/x.go", ""},
  };
  SdkPackageIndex index = tree.index(rules());
  const SdkPackage* p = index.owner("vendor/github.com/openai/openai-go/v2/option/requestoption.go");
  REQUIRE(p);
  CHECK(p->sdk == "openai");
  CHECK(p->manifest == "vendor/modules.txt");
  CHECK(sdk_package_label(*p) == "github.com/openai/openai-go 2.x");
  CHECK(index.owner("vendor/github.com/openai/openai-go/v2/chat.go"));
  CHECK_FALSE(index.owner("vendor/github.com/tidwall/gjson/gjson.go"));
  CHECK_FALSE(index.owner("vendor/github.com/unlisted/x/x.go"));
  CHECK_FALSE(index.owner("main.go"));
  CHECK_FALSE(index.owner("tools/github.com/openai/openai-go/x.go"));
}
