// group_usages on findings of small repositories scanned with the real
// pipeline: which findings make up each usage, `shared` for a finding two
// calls reach, no usage for an SDK's own package, and ids that do not move
// when lines are inserted above.
#include <algorithm>
#include <map>
#include <set>

#include "assess/usages.h"
#include "temp_repo.h"

using namespace modelshift;

namespace {

// "kind anchor-label: member-labels... | shared: labels..." per usage, in
// report order; members after the anchor in report order.
std::vector<std::string> describe(const std::vector<Finding>& all, const std::vector<Usage>& usages) {
  std::vector<std::string> out;
  for (const Usage& u : usages) {
    std::string s = u.kind + " " + finding_label(all[u.findings[0]]) + ":";
    for (size_t i = 1; i < u.findings.size(); ++i) s += " " + finding_label(all[u.findings[i]]);
    if (!u.shared.empty()) {
      s += " | shared:";
      for (size_t i : u.shared) s += " " + finding_label(all[i]);
    }
    out.push_back(s);
  }
  return out;
}

// What every grouping must hold, whatever the input.
void check_invariants(const std::vector<Finding>& all, const std::vector<Usage>& usages) {
  std::map<size_t, int> member_of;
  std::set<std::string> ids;
  for (const Usage& u : usages) {
    REQUIRE(!u.findings.empty());
    CHECK(u.id == "u-" + all[u.findings[0]].fingerprint);
    CHECK(ids.insert(u.id).second);
    for (size_t i : u.findings) ++member_of[i];
  }
  for (size_t i = 0; i < all.size(); ++i) {
    INFO(finding_label(all[i]) << " context " << all[i].context);
    CHECK(member_of[i] == (all[i].context == "sdk_definition" ? 0 : 1));
  }
  for (const Usage& u : usages)
    for (size_t i : u.shared) {
      CHECK(std::find(u.findings.begin(), u.findings.end(), i) == u.findings.end());
      CHECK(member_of[i] == 1);
    }
}

std::vector<std::string> ids_of(const std::vector<Usage>& usages) {
  std::vector<std::string> ids;
  for (const Usage& u : usages) ids.push_back(u.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

const char* kClient = "from openai import OpenAI\nclient = OpenAI()\n";

struct Case {
  const char* name;
  RepoFiles files;
  std::vector<std::string> usages;  // describe()
};

}  // namespace

TEST_CASE("group_usages: every finding in exactly one usage, ids stable", "[usages]") {
  const std::string client = kClient;
  std::vector<Case> cases = {
      {"a constant defined on another line",
       {{"app.py", client + "MODEL = \"gpt-4o\"\n\ndef ask(q):\n"
                            "    return client.chat.completions.create(model=MODEL, messages=[])\n"}},
       {"call_site call_site app.py:6: model_reference app.py:3"}},
      {"an environment variable set in .env",
       {{".env", "CHAT_MODEL=gpt-4o-mini\n"},
        {"app.py", "import os\n" + client + "r = client.chat.completions.create(model=os.environ[\"CHAT_MODEL\"], messages=[])\n"}},
       {"call_site call_site app.py:4: model_reference .env:1"}},
      {"a call with a prompt list and a tool schema",
       {{"agent.py",
         client +
             "TOOLS = [{\"type\": \"function\", \"function\": {\"name\": \"lookup\", \"description\": \"Find an order\",\n"
             "          \"parameters\": {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}, \"required\": [\"id\"]}}}]\n"
             "r = client.chat.completions.create(model=\"gpt-4o\", tools=TOOLS, messages=[\n"
             "    {\"role\": \"system\", \"content\": \"You are the support agent of Acme. Answer in two sentences.\"},\n"
             "    {\"role\": \"user\", \"content\": \"Where is my order?\"},\n"
             "])\n"}},
       {"call_site call_site agent.py:5: tool_schema agent.py:3 model_reference agent.py:5 prompt agent.py:6"}},
      {"an embedding feeding a vector store",
       {{"rag.py", "import faiss\n" + client +
                       "resp = client.embeddings.create(model=\"text-embedding-3-small\", input=[\"a\"], dimensions=256)\n"
                       "index = faiss.IndexFlatL2(256)\n"
                       "index.add([d.embedding for d in resp.data])\n"}},
       {"embedding call_site rag.py:4: embedding rag.py:4 model_reference rag.py:4 vector_store rag.py:5"}},
      {"a model named in a document",
       {{"README.md", "# Chat\n\nAnswers come from gpt-4o.\n"}},
       {"reference model_reference README.md:3:"}},
      {"one constant, two calls",
       {{"two.py", client + "MODEL = \"gpt-4o\"\n"
                            "a = client.chat.completions.create(model=MODEL, messages=[])\n"
                            "b = client.chat.completions.create(model=MODEL, messages=[])\n"}},
       {"call_site call_site two.py:4: model_reference two.py:3",
        "call_site call_site two.py:5: | shared: model_reference two.py:3"}},
      {"an SDK's own package is no usage",
       {{"vendor/openai/pyproject.toml", "[project]\nname = \"openai\"\nversion = \"1.0.0\"\n"},
        {"vendor/openai/src/openai/defaults.py", "DEFAULT_MODEL = \"gpt-4o\"\n"},
        {"main.py", client + "r = client.chat.completions.create(model=\"gpt-4o-mini\", messages=[])\n"}},
       {"call_site call_site main.py:3: model_reference main.py:3"}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      TempRepo repo(c.files);
      Inventory inv = repo.scan();
      std::vector<Usage> usages = group_usages(inv.findings);
      for (const Finding& f : inv.findings) UNSCOPED_INFO("finding " << finding_label(f) << " " << f.context);
      check_invariants(inv.findings, usages);
      CHECK(describe(inv.findings, usages) == c.usages);

      // The same files two lines lower: the same usages, the same ids.
      RepoFiles lower = c.files;
      for (auto& entry : lower) entry.second = "\n\n" + entry.second;
      TempRepo moved(lower);
      Inventory inv2 = moved.scan();
      std::vector<Usage> usages2 = group_usages(inv2.findings);
      check_invariants(inv2.findings, usages2);
      CHECK(ids_of(usages2) == ids_of(usages));
      REQUIRE(usages2.size() == usages.size());
      for (size_t i = 0; i < usages.size(); ++i) {
        CHECK(usages2[i].findings.size() == usages[i].findings.size());
        CHECK(usages2[i].shared.size() == usages[i].shared.size());
      }
    }
  }
}

TEST_CASE("group_usages: no findings give no usages, lone findings are usages of their kind", "[usages]") {
  CHECK(group_usages({}).empty());
  // Hand-made findings: a prompt no call reaches, a vector store alone.
  Finding p;
  p.kind = "prompt";
  p.path = "p.py";
  p.loc = {1, 1, 1, 10};
  p.fingerprint = "aaa";
  Finding s = p;
  s.kind = "vector_store";
  s.loc = {2, 1, 2, 10};
  s.fingerprint = "bbb";
  Finding d = p;
  d.kind = "model_reference";
  d.context = "sdk_definition";
  d.loc = {3, 1, 3, 5};
  d.fingerprint = "ccc";
  std::vector<Usage> u = group_usages({p, s, d});
  REQUIRE(u.size() == 2);
  CHECK(u[0].id == "u-aaa");
  CHECK(u[0].kind == "prompt");
  CHECK(u[1].id == "u-bbb");
  CHECK(u[1].kind == "vector_store");
}

TEST_CASE("group_usages: the bundled example holds the invariants", "[usages]") {
  ScanOptions o;
  o.paths = {std::string(MODELSHIFT_SOURCE_DIR) + "/examples/acme-assistant"};
  o.jobs = 1;
  o.as_of = "2026-11-25";
  Inventory inv = run_scan(test_engine(), o);
  REQUIRE(inv.errors.empty());
  std::vector<Usage> usages = group_usages(inv.findings);
  check_invariants(inv.findings, usages);
  size_t calls = 0, anchored = 0;
  for (const Finding& f : inv.findings) calls += f.kind == "call_site" && f.context != "sdk_definition";
  for (const Usage& u : usages) anchored += inv.findings[u.findings[0]].kind == "call_site";
  CHECK(calls > 5);
  CHECK(anchored == calls);  // one usage per call site
}
