import { AzureChatOpenAI, ChatOpenAI, OpenAIEmbeddings } from "@langchain/openai";
import { ChatAnthropic } from "@langchain/anthropic";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";

type Tier = "basic" | "premium";

const TIER_MODEL: Record<Tier, string> = {
  basic: "gpt-4o-mini",
  premium: "gpt-4.1",
};

export function modelFor(tier: Tier) {
  return new ChatOpenAI({ model: TIER_MODEL[tier], temperature: 0.2 });
}

export const router = new ChatAnthropic({ model: "claude-3-5-sonnet-20241022", temperature: 0 });

export const azureChat = new AzureChatOpenAI({
  azureOpenAIApiDeploymentName: "gpt-4o",
  azureOpenAIApiVersion: "2024-10-21",
});

export const docEmbeddings = new OpenAIEmbeddings({
  model: "text-embedding-3-large",
  dimensions: 1024,
});

export async function route(question: string): Promise<Tier> {
  const res = await router.invoke([
    new SystemMessage("Reply 'premium' if the question needs deep reasoning, else 'basic'."),
    new HumanMessage(question),
  ]);
  return String(res.content).includes("premium") ? "premium" : "basic";
}

export async function respond(question: string) {
  const tier = await route(question);
  const reply = await modelFor(tier).invoke(question);
  return reply.content;
}
