#!/usr/bin/env node
// Background worker: re-embeds changed documents.
import OpenAI from "openai";

const EMBED_MODEL = process.env.EMBEDDING_MODEL ?? "embedding-5.2";
const openai = new OpenAI();

export async function embedAll(input) {
  const res = await openai.embeddings.create({ model: EMBED_MODEL, input, dimensions: 1024 });
  return res.data.map((d) => d.embedding);
}
