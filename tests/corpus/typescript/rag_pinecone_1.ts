import OpenAI from "openai";
import { Pinecone } from "@pinecone-database/pinecone";
import { zodFunction } from "openai/helpers/zod";
import { z } from "zod";

const openai = new OpenAI();
const pc = new Pinecone({ apiKey: process.env.PINECONE_API_KEY! });
const index = pc.index("articles");

const LookupArgs = z.object({
  articleId: z.string(),
  section: z.string().optional(),
});

const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_weather",
    strict: true,
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] } },
      required: ["city", "unit"],
      additionalProperties: false,
    },
  },
};

export async function indexArticle(id: string, body: string): Promise<void> {
  const res = await openai.embeddings.create({ model: "text-embedding-3-large", input: body, dimensions: 1024 });
  const values = res.data[0].embedding;
  await index.upsert([{ id, values }]);
}

export async function answer(question: string) {
  return openai.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "user", content: question }],
    tools: [weatherTool, zodFunction({ name: "lookup_article", parameters: LookupArgs })],
  });
}
