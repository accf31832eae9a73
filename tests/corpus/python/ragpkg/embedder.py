"""The embedder used for the offline FAISS index."""

from langchain_openai import OpenAIEmbeddings


def make_embedder(dimensions: int = 1024) -> OpenAIEmbeddings:
    return OpenAIEmbeddings(model="text-embedding-3-large", dimensions=1024)
