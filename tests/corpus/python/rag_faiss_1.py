"""Document search: OpenAI embeddings in a FAISS index, plus a LangChain Chroma store."""

import os

import faiss
import numpy as np
from anthropic import Anthropic
from langchain_chroma import Chroma
from langchain_openai import OpenAIEmbeddings
from openai import OpenAI

EMBED_MODEL = "text-embedding-3-small"
client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])


def embed(texts):
    response = client.embeddings.create(model=EMBED_MODEL, input=texts, dimensions=512)
    return [item.embedding for item in response.data]


def build_index(docs):
    vectors = np.array(embed(docs), dtype="float32")
    index = faiss.IndexFlatL2(512)
    index.add(vectors)
    return index


def langchain_store(chunks):
    embeddings = OpenAIEmbeddings(model="text-embedding-3-large")
    return Chroma.from_documents(chunks, embedding=embeddings, persist_directory="./chroma")


# A store that nothing in this file fills: no embedding to link.
archive = faiss.IndexFlatIP(256)

SEARCH_TOOL = {
    "name": "search_docs",
    "description": "Search the document index",
    "input_schema": {
        "type": "object",
        "properties": {
            "query": {"type": "string"},
            "top_k": {"type": "integer", "minimum": 1},
        },
        "required": ["query"],
    },
}


def ask(question):
    claude = Anthropic()
    return claude.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=1024,
        tools=[SEARCH_TOOL],
        messages=[{"role": "user", "content": question}],
    )
