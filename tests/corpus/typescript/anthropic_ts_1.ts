import Anthropic from "@anthropic-ai/sdk";
import type { MessageParam } from "@anthropic-ai/sdk/resources/messages";

const client = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });

const MODELS = {
  fast: "claude-haiku-4-5-20251001",
  smart: "claude-sonnet-4-5",
} as const;

export async function extractActionItems(notes: string): Promise<string[]> {
  const response = await client.messages.create({
    model: MODELS.fast,
    max_tokens: 512,
    messages: [{ role: "user", content: `List the action items, one per line:\n${notes}` }],
  });
  const block = response.content[0];
  return block.type === "text" ? block.text.split("\n").filter(Boolean) : [];
}

export async function planProject(goal: string, history: MessageParam[] = []) {
  const response = await client.messages.create({
    model: MODELS.smart,
    max_tokens: 4096,
    thinking: { type: "enabled", budget_tokens: 2048 },
    messages: [...history, { role: "user", content: goal }],
  });
  return response;
}

export async function* streamReply(prompt: string, model = "claude-sonnet-4-5") {
  const stream = client.messages.stream({
    model,
    max_tokens: 1024,
    messages: [{ role: "user", content: prompt }],
  });
  for await (const event of stream) {
    if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
      yield event.delta.text;
    }
  }
}

export async function askForModel(model: Anthropic.Model, prompt: string) {
  return client.messages.create({ model, max_tokens: 256, messages: [{ role: "user", content: prompt }] });
}
