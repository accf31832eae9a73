"""Vector stores of the retrieval package; the embeddings come from other modules."""

from langchain_community.vectorstores import FAISS, Chroma
from qdrant_client import QdrantClient

from . import embedder
from .config import CHROMA_DIR, EMBEDDINGS


def get_store() -> Chroma:
    return Chroma(collection_name="docs", embedding_function=EMBEDDINGS, persist_directory=CHROMA_DIR)


def build_index(docs):
    return FAISS.from_documents(docs, embedder.make_embedder())


def raw_client(url: str) -> QdrantClient:
    # Vectors are written by another service; nothing here says which model made them.
    return QdrantClient(url=url)
