// Ticket classifier on Azure OpenAI (openai >= 4, AzureOpenAI client).
import { AzureOpenAI } from "openai";

const client = new AzureOpenAI({
  endpoint: process.env.AZURE_OPENAI_ENDPOINT,
  apiVersion: "2024-10-21",
});

export async function classify(text: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [
      { role: "system", content: "Classify the support ticket as billing, bug or other." },
      { role: "user", content: text },
    ],
  });
  return completion.choices[0].message.content ?? "other";
}

export async function embedTickets(texts: string[]): Promise<number[][]> {
  const result = await client.embeddings.create({
    model: process.env.AZURE_EMBED_DEPLOYMENT ?? "text-embedding-3-large",
    input: texts,
    dimensions: 1024,
  });
  return result.data.map((d) => d.embedding);
}
