// One embeddings object for the whole app.
import { OpenAIEmbeddings } from "@langchain/openai";

export const embeddings = new OpenAIEmbeddings({ model: "text-embedding-3-small", dimensions: 512 });
