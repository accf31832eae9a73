import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

export async function reply(prompt: string) {
  const { text } = await generateText({ model: openai("gpt-5.2"), prompt });
  return text;
}

export async function critique(prompt: string) {
  // falls back to claude-3-5-sonnet-20240620 when the new model is unavailable
  const msg = await anthropic.messages.create({
    model: "claude-sonnet-4-5-20250929",
    max_tokens: 1024,
    messages: [{ role: "user", content: prompt }],
  });
  return msg;
}

const o1Style = "o1"; // a short o-series id as a whole string
const notAModel = `model-o1-notes`;
