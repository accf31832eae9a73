// app/api/chat/route.ts: streaming chat endpoint (Vercel AI SDK).
import { openai } from "@ai-sdk/openai";
import { anthropic } from "@ai-sdk/anthropic";
import { streamText, generateText, convertToModelMessages, type UIMessage } from "ai";

export const maxDuration = 30;

const chatModel = openai("gpt-4o");

export async function POST(req: Request) {
  const { messages }: { messages: UIMessage[] } = await req.json();
  const result = streamText({
    model: chatModel,
    system: "You are the Acme docs assistant.",
    messages: convertToModelMessages(messages),
  });
  return result.toUIMessageStreamResponse();
}

export async function titleFor(firstMessage: string): Promise<string> {
  const { text } = await generateText({
    model: openai("gpt-4o-mini"),
    prompt: `Give a short title (max 6 words) for: ${firstMessage}`,
  });
  return text.trim();
}

export async function safetyCheck(content: string): Promise<boolean> {
  const { text } = await generateText({
    model: anthropic("claude-haiku-4-5-20251001"),
    system: "Reply SAFE or UNSAFE.",
    prompt: content,
  });
  return text.includes("SAFE") && !text.includes("UNSAFE");
}

export async function answerWith(modelId: string, prompt: string) {
  return generateText({ model: openai(modelId), prompt });
}
