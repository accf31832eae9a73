// Knowledge-base ingestion script: node openai_node_2.mjs ./docs
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import OpenAI from "openai";

const client = new OpenAI();
const EMBEDDING_MODEL = "text-embedding-3-small";

async function embedChunks(chunks) {
  const response = await client.embeddings.create({
    model: EMBEDDING_MODEL,
    input: chunks,
  });
  return response.data.map((d) => d.embedding);
}

async function describeDoc(text, model = "gpt-5.2-mini") {
  const response = await client.responses.create({
    model,
    input: `Write a one-line description of this document:\n${text.slice(0, 4000)}`,
  });
  return response.output_text;
}

async function tagDoc(text) {
  const response = await client.responses.create({
    model: "gpt-5.2",
    instructions: "Return 3 to 5 lowercase tags, comma separated.",
    input: text.slice(0, 4000),
  });
  return response.output_text.split(",").map((t) => t.trim());
}

function chunk(text, size = 1500) {
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const dir = process.argv[2] ?? "./docs";
for (const name of await readdir(dir)) {
  if (!name.endsWith(".md")) continue;
  const text = await readFile(path.join(dir, name), "utf8");
  const [vectors, description, tags] = await Promise.all([
    embedChunks(chunk(text)),
    describeDoc(text),
    tagDoc(text),
  ]);
  console.log(JSON.stringify({ name, description, tags, chunks: vectors.length }));
}
