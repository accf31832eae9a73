import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";

import { CHAT_MODEL, CLAUDE_MODEL, MAX_OUTPUT_TOKENS } from "./models";
import * as models from "./models";

const openai = new OpenAI();
const anthropic = new Anthropic();

export async function answer(question: string): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: CHAT_MODEL,
    max_tokens: MAX_OUTPUT_TOKENS,
    messages: [{ role: "user", content: question }],
  });
  return completion.choices[0].message.content ?? "";
}

export async function embedQuery(query: string): Promise<number[]> {
  const res = await openai.embeddings.create({ model: models.EMBEDDING_MODEL, input: query });
  return res.data[0].embedding;
}

export async function review(text: string): Promise<string> {
  const msg = await anthropic.messages.create({
    model: CLAUDE_MODEL,
    max_tokens: MAX_OUTPUT_TOKENS,
    messages: [{ role: "user", content: `Review for accuracy:\n${text}` }],
  });
  const first = msg.content[0];
  return first.type === "text" ? first.text : "";
}
