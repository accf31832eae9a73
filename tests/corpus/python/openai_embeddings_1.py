"""Index help-center articles into a vector store."""

from typing import Iterable

import numpy as np
from openai import OpenAI

EMBEDDING_MODEL = "text-embedding-3-small"
BATCH_SIZE = 64

openai_client = OpenAI()


def batched(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def embed_articles(texts: list[str]) -> np.ndarray:
    vectors = []
    for batch in batched(texts, BATCH_SIZE):
        result = openai_client.embeddings.create(model=EMBEDDING_MODEL, input=batch)
        vectors.extend(item.embedding for item in result.data)
    return np.array(vectors, dtype=np.float32)


def embed_query(query: str) -> np.ndarray:
    result = openai_client.embeddings.create(
        input=[query],
        model=EMBEDDING_MODEL,
    )
    return np.array(result.data[0].embedding, dtype=np.float32)


def embed_for_rerank(texts: list[str], dimensions: int = 1024) -> np.ndarray:
    result = openai_client.embeddings.create(
        model="text-embedding-3-large", input=texts, dimensions=dimensions
    )
    return np.array([d.embedding for d in result.data])


def embed_next_gen(texts: list[str]) -> np.ndarray:
    # Pilot of the new embedding family; dimensions stay at 1536 for the index.
    result = openai_client.embeddings.create(model="embedding-5.2", input=texts)
    return np.array([d.embedding for d in result.data])


class ArticleIndex:
    def __init__(self, store):
        self.store = store

    def ensure_collection(self, dimension: int = 1536) -> None:
        if "articles" not in self.store.list_collections():
            self.store.collections.create(name="articles", dimension=dimension)

    def upsert(self, article_id: str, text: str) -> None:
        self.store.upsert(article_id, embed_query(text))
