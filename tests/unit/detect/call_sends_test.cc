// Sends after a binding (issue 12 §7, rules/sdk/sends.yaml): the request is
// the call site, with the model of the binding it reaches and both places in
// its resolution chain; the binding is no call site of its own. Each case is
// a small file in the style of real code and every call site it must give.
#include <catch2/catch.hpp>

#include <sstream>

#include "../test_engine.h"

using namespace modelshift;

namespace {

// "line sdk api model source [step lines]" for each call site of the file.
std::vector<std::string> sites(const std::string& path, const std::string& text) {
  std::vector<std::string> got;
  for (const Finding& f : findings_of(path, text, "call_site")) {
    std::ostringstream s;
    s << f.loc.line << " " << f.sdk << " " << f.api << " " << (f.written.empty() ? "-" : f.written) << " "
      << f.model_source;
    for (const ResolutionStep& st : f.resolution) s << " <" << st.line << ">";
    got.push_back(s.str());
  }
  return got;
}

struct Case {
  const char* name;
  const char* path;
  const char* text;
  std::vector<std::string> want;
};

}  // namespace

TEST_CASE("a send after a binding is the one call site, with the binding's model", "[calls][sends]") {
  const std::vector<Case> cases = {
      {"langchain: a chain of prompt, model and parser, invoked", "summarize.py",
       "from langchain_google_genai import ChatGoogleGenerativeAI\n"  // 1
       "\n"                                                             // 2
       "llm = ChatGoogleGenerativeAI(model=\"gemini-2.5-flash\",\n"   // 3
       "                             temperature=0)\n"                  // 4
       "chain = prompt | llm | StrOutputParser()\n"                     // 5
       "def summarize(docs):\n"                                         // 6
       "    return chain.invoke({\"text\": docs})\n",                   // 7
       {"7 langchain chat gemini-2.5-flash literal <5> <3> <3>"}},
      {"langchain: an agent made from the model", "agent.py",
       "llm = ChatOpenAI(model=\"gpt-4o-mini\")\n"                      // 1
       "agent = create_sql_agent(llm, db=db, verbose=True)\n"          // 2
       "agent.invoke({\"input\": \"How many rows?\"})\n"               // 3
       "agent.invoke({\"input\": \"Which table?\"})\n",                // 4
       {"3 langchain chat gpt-4o-mini literal <2> <1> <1>", "4 langchain chat gpt-4o-mini literal <2> <1> <1>"}},
      {"langchain: a binding never sent stays a call site", "bind.py",
       "llm = ChatOpenAI(model=\"gpt-4o-mini\")\n"
       "tools = load_tools(llm)\n",
       {"1 langchain client gpt-4o-mini literal"}},
      {"agents sdk: Runner.run and a session's run_streamed", "run_agent.py",
       "from agents import Agent, Runner\n"                                           // 1
       "agent = Agent(name=\"Helper\", instructions=\"Be concise.\", model=\"gpt-4.1\")\n"  // 2
       "async def main(ws):\n"                                                        // 3
       "    result = await Runner.run(agent, \"hello\")\n"                            // 4
       "    stream = ws.run_streamed(agent, \"hello\")\n",                            // 5
       {"4 openai_agents responses gpt-4.1 literal <2> <2>", "5 openai_agents responses gpt-4.1 literal <2> <2>"}},
      {"agents sdk: an agent never run is no call site", "defs.py",
       "from agents import Agent\n"
       "triage = Agent(name=\"Triage\", model=\"gpt-4.1\")\n",
       {}},
      {"swarm: the client's run with the agent's model, or none", "loop.py",
       "from swarm import Swarm, Agent\n"                                 // 1
       "client = Swarm()\n"                                               // 2
       "sales = Agent(name=\"Sales\", model=\"gpt-4o-mini\")\n"           // 3
       "def step(messages):\n"                                            // 4
       "    return client.run(agent=sales, messages=messages)\n"         // 5
       "def replay(agent, messages):\n"                                   // 6
       "    return client.run(agent=agent, messages=messages)\n",        // 7
       {"5 swarm chat gpt-4o-mini literal <3> <3>", "7 swarm chat - absent <2> <2>"}},
      {"haystack: a pipeline run reaches the generator added to it", "rag.py",
       "from haystack import Pipeline\n"                                                   // 1
       "pipe = Pipeline()\n"                                                               // 2
       "pipe.add_component(\"prompt\", PromptBuilder(template=template))\n"               // 3
       "pipe.add_component(\"llm\", OpenAIGenerator(model=\"gpt-4o-mini\"))\n"           // 4
       "pipe.connect(\"prompt\", \"llm\")\n"                                              // 5
       "answer = pipe.run({\"prompt\": {\"question\": q}})\n",                            // 6
       {"6 haystack chat gpt-4o-mini literal <2> <4> <4>"}},
      {"semantic kernel (python): kernel.invoke uses the service added to it", "sk.py",
       "kernel = Kernel()\n"                                                        // 1
       "kernel.add_service(OpenAIChatCompletion(service_id=\"chat\"))\n"           // 2
       "async def main():\n"                                                        // 3
       "    result = await kernel.invoke(plugin_name=\"Text\", function_name=\"f\")\n",  // 4
       {"4 semantic_kernel chat - absent <1> <2> <2>"}},
      {"gemini: a chat session sends with the model it was made with", "chat.py",
       "from google import genai\n"                                             // 1
       "client = genai.Client()\n"                                              // 2
       "chat = client.chats.create(model=\"gemini-2.5-flash\")\n"              // 3
       "r = chat.send_message(\"I have 2 dogs.\")\n"                            // 4
       "n = client.models.count_tokens(model=\"gemini-2.5-flash\", contents=c)\n",  // 5
       {"4 google_genai generate gemini-2.5-flash literal <3> <3>",
        "5 google_genai generate gemini-2.5-flash literal"}},
      {"vercel ai sdk: a provider model bound to a name, passed as model", "gen.ts",
       "import { generateText } from 'ai';\n"                                       // 1
       "const model = openai('gpt-4o');\n"                                         // 2
       "export async function answer(prompt: string) {\n"                          // 3
       "  return generateText({ model, prompt });\n"                               // 4
       "}\n",
       {"4 vercel_ai chat gpt-4o constant <2> <2>"}},
      {"vercel ai sdk: provider instances made by a creator or imported from a provider package", "video.ts",
       "import { createOpenAICompatible } from '@ai-sdk/openai-compatible';\n"     // 1
       "import { minimax } from '@ai-sdk/minimax';\n"                              // 2
       "import { vertexAnthropic as va } from '@ai-sdk/google-vertex/anthropic';\n" // 3
       "const alibaba = createOpenAICompatible({ name: 'alibaba', baseURL });\n"   // 4
       "await generateText({ model: alibaba('qwen3-vl-plus'), prompt });\n"        // 5
       "await generateText({ model: minimax.chat('minimax-m3'), prompt });\n"      // 6
       "await streamText({ model: va('claude-sonnet-4-5@20250929'), messages });\n"  // 7
       "await generateText({ model: local('llama3'), prompt });\n",               // 8
       {"5 vercel_ai chat qwen3-vl-plus literal <5>", "6 vercel_ai chat minimax-m3 literal <6>",
        "7 vercel_ai chat claude-sonnet-4-5@20250929 literal <7>", "8 vercel_ai chat - unresolved <8>"}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(sites(c.path, c.text) == c.want);
  }
}

TEST_CASE("semantic kernel (.NET): the request is the invoke, bound by the builder", "[calls][sends]") {
  const std::string cs =
      "using Microsoft.SemanticKernel;\n"                                                    // 1
      "class Demo {\n"                                                                       // 2
      "  async Task RunAsync(string key) {\n"                                               // 3
      "    var builder = Kernel.CreateBuilder();\n"                                         // 4
      "    builder.AddOpenAIChatCompletion(\"gpt-4o-mini\", key);\n"                        // 5
      "    builder.AddOpenAITextEmbeddingGeneration(\"text-embedding-3-small\", key);\n"    // 6
      "    Kernel kernel = builder.Build();\n"                                              // 7
      "    var answer = await kernel.InvokePromptAsync(\"What is 2+2?\");\n"                // 8
      "  }\n"
      "}\n";
  CHECK(sites("Demo.cs", cs) == std::vector<std::string>{
                                    "6 semantic_kernel embeddings text-embedding-3-small literal",
                                    "8 semantic_kernel chat gpt-4o-mini literal <7> <4> <5> <5>",
                                });
}
