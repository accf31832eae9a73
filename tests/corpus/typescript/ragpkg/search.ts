// In-memory search over help articles, with the shared embeddings.
import { MemoryVectorStore } from "langchain/vectorstores/memory";
import type { Document } from "@langchain/core/documents";
import { embeddings } from "./embeddings";

export async function buildSearch(docs: Document[]) {
  const store = await MemoryVectorStore.fromDocuments(docs, embeddings);
  return store.asRetriever(4);
}
