// The Planner on small scanned repositories: target precedence, which usages
// are planned, required changes from the real catalog facts
// (rules/models/facts.yaml), tests and phases per rules/plan.yaml, and cost.
#include <cmath>

#include "plan/tokenizer.h"
#include "plan_fixture.h"

using namespace modelshift;
using ojson = nlohmann::ordered_json;

namespace {

const std::string kOpenAI = "from openai import OpenAI\nclient = OpenAI()\n";

// One chat call of `model` on line 3 of services/chat/app.py.
RepoFiles chat_call(const std::string& model, const std::string& params = "") {
  return {{"services/chat/app.py",
           kOpenAI + "r = client.chat.completions.create(model=\"" + model + "\", messages=[]" + params + ")\n"}};
}

const char* kGemini = "from google import genai\nclient = genai.Client()\n"
                      "r = client.models.generate_content(model=\"gemini-1.5-pro\", contents=\"hi\")\n";

// "action parameter->to=value" of each change, in the plan's order.
std::vector<std::string> change_list(const std::vector<RequiredChange>& changes) {
  std::vector<std::string> out;
  for (const RequiredChange& c : changes) {
    std::string s = c.action;
    if (!c.parameter.empty()) s += " " + c.parameter;
    if (!c.to.empty()) s += "->" + c.to;
    if (!c.value.empty()) s += "=" + c.value;
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("planner: target precedence and which usages are planned", "[plan]") {
  struct Row {
    const char* name;
    RepoFiles files;
    std::string config, to;
    std::vector<std::string> from;
    bool planned;
    std::string model, source, reason;  // reason: a part of it
  };
  const std::string gpt52 = "gpt-5.2";
  std::vector<Row> rows = {
      {"deprecated model: the catalog's replacement", chat_call(gpt52), "", "", {}, true, "gpt-5.5", "catalog", ""},
      {"a migrations rule beats the catalog", chat_call(gpt52), "migrations:\n  - {from: \"gpt-5.2*\", to: gpt-5.5-pro}\n",
       "", {}, true, "gpt-5.5-pro", "config", "cfg.yaml:2:5"},
      {"the first matching rule wins", chat_call(gpt52),
       "migrations:\n  - {from: gpt-4o, to: gpt-4.1}\n  - {from: gpt-5.2, to: gpt-5.5-mini}\n  - {from: \"gpt-5*\", to: gpt-5.5-pro}\n",
       "", {}, true, "gpt-5.5-mini", "config", "cfg.yaml:3:5"},
      {"a rule for other paths does not apply", chat_call(gpt52),
       "migrations:\n  - {from: gpt-5.2, to: gpt-5.5-pro, paths: [\"tools/**\"]}\n", "", {}, true, "gpt-5.5", "catalog", ""},
      {"a rule for this path applies", chat_call(gpt52),
       "migrations:\n  - {from: gpt-5.2, to: gpt-5.5-pro, paths: [\"tools/**\", \"services/**\"]}\n", "", {}, true,
       "gpt-5.5-pro", "config", ""},
      {"--to beats the config", chat_call(gpt52), "migrations:\n  - {from: gpt-5.2, to: gpt-5.5-pro}\n", "gpt-5.5-mini", {},
       true, "gpt-5.5-mini", "--to", ""},
      {"no replacement: unknown with the reason", {{"scripts/old.py", kGemini}}, "", "", {}, true, "", "unknown",
       "the catalog names no replacement for gemini-1.5-pro"},
      {"no replacement, --to names one", {{"scripts/old.py", kGemini}}, "", "gemini-2.5-pro", {}, true, "gemini-2.5-pro",
       "--to", ""},
      {"active model: not planned", chat_call("gpt-4o"), "", "gpt-4.1", {}, false, "gpt-4.1", "--to", ""},
      {"active model named by --from", chat_call("gpt-4o"), "", "gpt-4.1", {"gpt-4o*"}, true, "gpt-4.1", "--to", ""},
      {"active model named by a migrations rule", chat_call("gpt-4o"), "migrations:\n  - {from: gpt-4o, to: gpt-4.1}\n", "",
       {}, true, "gpt-4.1", "config", ""},
      {"active model, a migrations rule for other paths", chat_call("gpt-4o"),
       "migrations:\n  - {from: gpt-4o, to: gpt-4.1, paths: [\"tools/**\"]}\n", "", {}, false, "", "unknown", ""},
  };
  for (const Row& row : rows) {
    SECTION(row.name) {
      auto run = plan_repo(row.files, row.config, row.to, row.from);
      const std::string path = row.files[0].first;
      const Usage& u = run->usage_at(path, 3);
      CHECK(u.kind == "call_site");
      CHECK(run->planner->planned(u) == row.planned);
      MigrationTarget t = run->planner->target(u);
      CHECK(t.model == row.model);
      CHECK(t.source == row.source);
      CHECK(t.reason.find(row.reason) != std::string::npos);
      ojson plan = run->planner->build(run->inv.usages);
      CHECK(plan["usages"].size() == (row.planned ? 1u : 0u));
      if (row.planned) CHECK(plan["usages"][0]["target"]["model"] == (row.model.empty() ? "unknown" : row.model));
    }
  }
}

TEST_CASE("planner: required changes from the catalog's facts", "[plan]") {
  struct Row {
    const char* name;
    RepoFiles files;
    uint32_t line;  // the usage's anchor
    std::string to;
    std::vector<std::string> changes;
  };
  std::vector<Row> rows = {
      // rules/models/facts.yaml, gpt-5.5: openai-reasoning renames max_tokens;
      // openai-sampling-at-effort-none (later) makes temperature a re-check.
      {"gpt-5.2 chat call with max_tokens and temperature",
       chat_call("gpt-5.2", ", max_tokens=300, temperature=0.2"), 3, "",
       {"rename_parameter max_tokens->max_completion_tokens", "recheck_parameter temperature", "set_model"}},
      {"top_p and logit_bias on a reasoning target", chat_call("gpt-4o", ", top_p=0.5, logit_bias={}"), 3, "o3",
       {"remove_parameter top_p", "remove_parameter logit_bias", "set_model"}},
      {"legacy function calling", chat_call("gpt-5.2", ", functions=[], function_call=\"auto\""), 3, "",
       {"rename_parameter functions->tools", "rename_parameter function_call->tool_choice", "set_model"}},
      // anthropic-messages: the Messages API requires max_tokens.
      {"Anthropic messages call without max_tokens",
       {{"bot.py", "import anthropic\nclient = anthropic.Anthropic()\n"
                   "m = client.messages.create(model=\"claude-2.1\", messages=[{\"role\": \"user\", \"content\": \"hi\"}])\n"}},
       3, "", {"add_parameter max_tokens", "set_model"}},
      {"Anthropic messages call with max_tokens",
       {{"bot.py", "import anthropic\nclient = anthropic.Anthropic()\n"
                   "m = client.messages.create(model=\"claude-2.1\", max_tokens=100, messages=[])\n"}},
       3, "", {"set_model"}},
      {"a tool schema with strict-mode issues",
       {{"agent.py", kOpenAI + "TOOLS = [{\"type\": \"function\", \"function\": {\"name\": \"lookup\", \"strict\": True,\n"
                               "  \"parameters\": {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}}}]\n"
                               "r = client.chat.completions.create(model=\"gpt-5.2\", messages=[], tools=TOOLS)\n"}},
       5, "", {"fix_schema", "fix_schema", "recheck_parameter tools", "set_model"}},
      {"an embedding with a vector store",
       {{"rag.py", "import faiss\n" + kOpenAI +
                       "resp = client.embeddings.create(model=\"embedding-5.2\", input=[\"a\"])\n"
                       "index = faiss.IndexFlatL2(256)\n"
                       "index.add([d.embedding for d in resp.data])\n"}},
       4, "", {"re_embed", "set_model", "re_index"}},
  };
  for (const Row& row : rows) {
    SECTION(row.name) {
      auto run = plan_repo(row.files, "", row.to, row.to.empty() ? std::vector<std::string>{} : std::vector<std::string>{"*"});
      const Usage& u = run->usage_at(row.files[0].first, row.line);
      REQUIRE(run->planner->planned(u));
      std::vector<RequiredChange> changes = run->planner->required_changes(u, run->planner->target(u));
      for (const RequiredChange& c : changes) UNSCOPED_INFO(c.action << " " << c.path << ":" << c.line << ":" << c.column << " " << c.detail);
      CHECK(change_list(changes) == row.changes);
      size_t params = 0;
      for (const RequiredChange& c : changes) {
        CHECK(c.path == row.files[0].first);
        CHECK(c.line > 0);
        if (c.action.find("_parameter") != std::string::npos) {
          ++params;
          CHECK(!c.reason.empty());
          CHECK(!c.source.empty());
        }
      }
      CHECK(run->planner->parameter_changes(u) == params);
    }
  }
}

TEST_CASE("planner: a change names its place, reason and source", "[plan]") {
  auto run = plan_repo(chat_call("gpt-5.2", ", max_tokens=300, temperature=0.2"));
  const Usage& u = run->usage_at("services/chat/app.py", 3);
  std::vector<RequiredChange> changes = run->planner->required_changes(u, run->planner->target(u));
  REQUIRE(changes.size() == 3);
  const RequiredChange& rename = changes[0];
  CHECK(rename.detail == "rename max_tokens to max_completion_tokens for gpt-5.5");
  CHECK(rename.source == "https://platform.openai.com/docs/api-reference/chat/create");
  CHECK(rename.reason.find("not accepted by reasoning models") != std::string::npos);
  CHECK(changes[1].source.find("parameter-compatibility") != std::string::npos);
  const RequiredChange& model = changes[2];
  CHECK(model.detail == "replace gpt-5.2 with gpt-5.5");
  CHECK(model.line == 3);
  CHECK(model.column == 43);  // the model id's place in the call
  CHECK(rename.column < model.column);
}

TEST_CASE("planner: tests and phase per rules/plan.yaml", "[plan]") {
  struct Row {
    const char* name;
    std::vector<std::string> facts;  // risk factors that hold
    std::string level, surface;
    std::vector<std::string> tests;
    std::string phase;
  };
  std::vector<Row> rows = {
      {"plain chat, low, internal", {"internal"}, "low", "internal", {"deterministic", "stochastic"}, "early"},
      {"low, unknown surface", {}, "low", "unknown", {"deterministic", "stochastic"}, "early"},
      {"low, customer-facing", {"customer_facing"}, "low", "customer_facing", {"deterministic", "stochastic", "safety"},
       "canary"},
      {"medium, internal", {"function_calling"}, "medium", "internal", {"schema-validation", "deterministic", "stochastic"},
       "early"},
      {"medium, unknown surface", {"function_calling"}, "medium", "unknown",
       {"schema-validation", "deterministic", "stochastic"}, "canary"},
      {"high, few-shot", {"customer_facing", "few_shot"}, "high", "customer_facing",
       {"deterministic", "stochastic", "semantic-similarity", "safety"}, "shadow-canary"},
      {"embedding facts", {"embedding", "vector_store_linked"}, "high", "internal",
       {"deterministic", "stochastic", "retrieval"}, "shadow-canary"},
  };
  // A chat call at temperature 0: chat -> stochastic, temperature_zero -> deterministic.
  auto run = plan_repo(chat_call("gpt-5.2", ", temperature=0"));
  const Usage& base = run->usage_at("services/chat/app.py", 3);
  for (const Row& row : rows) {
    SECTION(row.name) {
      Usage u = base;
      u.facts.clear();
      for (const std::string& f : row.facts) u.facts.push_back(RiskFact{f, "", "", 0, 0});
      u.risk.level = row.level;
      u.surface = row.surface;
      std::vector<std::string> facts = usage_facts(u, run->inv.findings);
      CHECK(std::find(facts.begin(), facts.end(), "temperature_zero") != facts.end());
      ojson plan = run->planner->build({u});
      REQUIRE(plan["usages"].size() == 1);
      std::vector<std::string> tests;
      for (const ojson& t : plan["usages"][0]["tests"]) tests.push_back(t["id"].get<std::string>());
      CHECK(tests == row.tests);
      CHECK(plan["usages"][0]["phase"] == row.phase);
    }
  }
  SECTION("temperature set, not zero") {
    auto warm = plan_repo(chat_call("gpt-5.2", ", temperature=0.7"));
    std::vector<std::string> facts = usage_facts(warm->usage_at("services/chat/app.py", 3), warm->inv.findings);
    CHECK(std::find(facts.begin(), facts.end(), "temperature_set") != facts.end());
    CHECK(std::find(facts.begin(), facts.end(), "temperature_zero") == facts.end());
  }
}

TEST_CASE("planner: cost with exact and estimated token counts", "[plan]") {
  const std::string system = "You are the order assistant of Acme. Answer in two short sentences; never invent order numbers.";
  auto call = [&](const std::string& model) {
    return RepoFiles{{"services/chat/app.py",
                      kOpenAI + "r = client.chat.completions.create(model=\"" + model +
                          "\", messages=[{\"role\": \"system\", \"content\": \"" + system + "\"}], max_tokens=200)\n"}};
  };
  const Tokenizer* o200k = Tokenizer::get("o200k_base");
  REQUIRE(o200k);
  const double exact = static_cast<double>(o200k->count(system));
  REQUIRE(exact > 10);

  SECTION("exact o200k_base on both sides, prices from the config, per month from monthly_calls") {
    auto run = plan_repo(call("gpt-4o"),
                         "migrations:\n  - {from: gpt-4o, to: o3}\n"
                         "metadata:\n  - {path: \"services/**\", monthly_calls: 2000000}\n"
                         "prices:\n  - {model: gpt-4o, input_per_mtok: 2.5, output_per_mtok: 10}\n"
                         "  - {model: o3, input_per_mtok: 2, output_per_mtok: 8}\n");
    std::string prompts;
    for (size_t i : run->usage_at("services/chat/app.py", 3).findings)
      if (run->inv.findings[i].kind == "prompt") prompts += run->inv.findings[i].text;
    CHECK(prompts == system);  // what is counted: the prompt the call sends
    ojson plan = run->planner->build(run->inv.usages);
    REQUIRE(plan["usages"].size() == 1);
    const ojson& c = plan["usages"][0]["cost"];
    INFO(c.dump(2));
    CHECK(c["prompt_tokens"]["current"] == exact);
    CHECK(c["prompt_tokens"]["current_method"] == "o200k_base");
    CHECK(c["prompt_tokens"]["target"] == exact);
    CHECK(c["prompt_tokens"]["target_method"] == "o200k_base");
    CHECK(c["max_output_tokens"] == 200);
    CHECK(c["price_per_mtok_usd"]["current"]["source"] == ".modelshift.yaml");
    double before = std::round((exact * 2.5 + 200 * 10) / 1e6 * 1000 * 1e6) / 1e6;
    double after = std::round((exact * 2 + 200 * 8) / 1e6 * 1000 * 1e6) / 1e6;
    CHECK(c["per_1000_calls_usd"]["current"].get<double>() == Approx(before));
    CHECK(c["per_1000_calls_usd"]["target"].get<double>() == Approx(after));
    CHECK(c["per_month_usd"]["current"].get<double>() == Approx(before * 2000));
    CHECK(c["per_month_usd"]["target"].get<double>() == Approx(after * 2000));
    CHECK(!c.contains("estimate"));
    const ojson& totals = plan["totals"]["cost"];
    CHECK(totals["usages_priced"] == 1);
    CHECK(totals["per_month_usd"]["target"].get<double>() == Approx(after * 2000));
  }
  SECTION("the gpt-5.2 generation: o200k_base as an estimate, gpt-5.5 with its ratio") {
    auto run = plan_repo(call("gpt-5.2"), "prices:\n  - {model: gpt-5.2, input_per_mtok: 1.75, output_per_mtok: 14}\n"
                                          "  - {model: gpt-5.5, input_per_mtok: 1.5, output_per_mtok: 12}\n");
    ojson plan = run->planner->build(run->inv.usages);
    REQUIRE(plan["usages"].size() == 1);
    const ojson& c = plan["usages"][0]["cost"];
    INFO(c.dump(2));
    CHECK(c["prompt_tokens"]["current"] == exact);
    CHECK(c["prompt_tokens"]["current_method"] == "estimate: o200k_base");
    CHECK(c["prompt_tokens"]["target"] == std::round(exact * 0.96));
    CHECK(c["prompt_tokens"]["target_method"] == "estimate: o200k_base x 0.96");
    CHECK(c["estimate"] == true);
    CHECK(!c.contains("per_month_usd"));  // no monthly_calls declared
    CHECK(c["per_1000_calls_usd"]["target"].get<double>() ==
          Approx((std::round(exact * 0.96) * 1.5 + 200 * 12) / 1e6 * 1000));
  }
  SECTION("no prompt: output tokens only, nothing estimated") {
    auto run = plan_repo(chat_call("gpt-4o", ", max_tokens=1000"), "migrations:\n  - {from: gpt-4o, to: o3}\n"
                         "prices:\n  - {model: gpt-4o, input_per_mtok: 2.5, output_per_mtok: 10}\n"
                         "  - {model: o3, input_per_mtok: 2, output_per_mtok: 8}\n");
    ojson plan = run->planner->build(run->inv.usages);
    REQUIRE(plan["usages"].size() == 1);
    const ojson& c = plan["usages"][0]["cost"];
    INFO(c.dump(2));
    CHECK(!c.contains("prompt_tokens"));
    CHECK(c["per_1000_calls_usd"]["current"] == 10.0);  // 1000 tokens x $10 / M x 1000 calls
    CHECK(c["per_1000_calls_usd"]["target"] == 8.0);
    CHECK(!c.contains("per_month_usd"));
    CHECK(!c.contains("estimate"));
  }
  SECTION("no tokenizer known: characters / 4, and no price: a note") {
    auto run = plan_repo(call("gpt-5.2"), "", "claude-sonnet-4-5");
    ojson plan = run->planner->build(run->inv.usages);
    REQUIRE(plan["usages"].size() == 1);
    const ojson& c = plan["usages"][0]["cost"];
    INFO(c.dump(2));
    CHECK(c["prompt_tokens"]["target"] == std::ceil(system.size() / 4.0));
    CHECK(c["prompt_tokens"]["target_method"] == "estimate: 4 characters a token");
    CHECK(!c.contains("per_1000_calls_usd"));
    CHECK(c["note"].get<std::string>().rfind("no price for ", 0) == 0);
  }
}

namespace modelshift {

TEST_CASE("planner: an id the code compares against is a condition to re-check, not a model to replace", "[plan]") {
  auto run = plan_repo({{"app/limits.py",
                         "def limit(model):\n"
                         "    if model == \"gpt-5.2\":\n"
                         "        return 8192\n"
                         "    return 4096\n"},
                        {"app/settings.py", "DEFAULT = \"gpt-5.2\"\n"}});
  const Usage& cond = run->usage_at("app/limits.py", 2);
  std::vector<RequiredChange> c = run->planner->required_changes(cond, run->planner->target(cond));
  REQUIRE(c.size() == 1);
  CHECK(c[0].action == "recheck_condition");
  CHECK(c[0].detail.find("re-check the condition for gpt-5.5") != std::string::npos);
  const Usage& plain = run->usage_at("app/settings.py", 1);
  std::vector<RequiredChange> p = run->planner->required_changes(plain, run->planner->target(plain));
  REQUIRE(p.size() == 1);
  CHECK(p[0].action == "set_model");
}

}  // namespace modelshift
