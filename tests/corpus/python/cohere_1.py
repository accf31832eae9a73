"""Search backend: Cohere embed + rerank, and a grounded answer with chat."""

import os

import cohere

co = cohere.ClientV2(api_key=os.environ["CO_API_KEY"])

EMBED_MODEL = "embed-english-v3.0"
RERANK_MODEL = "rerank-english-v3.0"


def embed_documents(docs: list[str]) -> list[list[float]]:
    response = co.embed(
        texts=docs,
        model=EMBED_MODEL,
        input_type="search_document",
        embedding_types=["float"],
    )
    return response.embeddings.float_


def rerank(query: str, docs: list[str], top_n: int = 5) -> list[int]:
    response = co.rerank(model=RERANK_MODEL, query=query, documents=docs, top_n=top_n)
    return [r.index for r in response.results]


def answer(query: str, docs: list[str]) -> str:
    response = co.chat(
        model="command-r-plus-08-2024",
        messages=[{"role": "user", "content": query}],
        documents=[{"id": str(i), "data": {"text": d}} for i, d in enumerate(docs)],
    )
    return response.message.content[0].text


def search(query: str, docs: list[str]) -> list[str]:
    order = rerank(query, docs)
    return [docs[i] for i in order]
