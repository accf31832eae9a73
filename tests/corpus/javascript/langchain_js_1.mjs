// Support-article RAG chain (LangChain.js).
import { ChatOpenAI, OpenAIEmbeddings } from "@langchain/openai";
import { ChatAnthropic } from "@langchain/anthropic";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { MemoryVectorStore } from "langchain/vectorstores/memory";

const llm = new ChatOpenAI({ model: "gpt-4o-mini", temperature: 0 });
const embeddings = new OpenAIEmbeddings({ model: "text-embedding-3-small" });
const judge = new ChatAnthropic({
  model: process.env.JUDGE_MODEL ?? "claude-sonnet-4-5",
  maxTokens: 512,
});

const prompt = ChatPromptTemplate.fromMessages([
  ["system", "Answer from the context.\n\n{context}"],
  ["human", "{question}"],
]);

export async function buildStore(articles) {
  return MemoryVectorStore.fromTexts(
    articles.map((a) => a.body),
    articles.map((a) => ({ id: a.id })),
    embeddings,
  );
}

export async function answer(store, question) {
  const docs = await store.similaritySearch(question, 4);
  const chain = prompt.pipe(llm).pipe(new StringOutputParser());
  return chain.invoke({ context: docs.map((d) => d.pageContent).join("\n\n"), question });
}

export async function grade(question, draft) {
  const res = await judge.invoke(`Grade this answer from 1 to 5.\nQ: ${question}\nA: ${draft}`);
  return Number.parseInt(res.content, 10);
}

export function creativeModel(temperature = 0.9) {
  return new ChatOpenAI({ temperature });
}
