"""Async batch summariser used by the nightly digest job."""

import asyncio
import os

from openai import AsyncOpenAI

client = AsyncOpenAI(api_key=os.environ["OPENAI_API_KEY"])
SUMMARY_MODEL = "gpt-4o-mini"
semaphore = asyncio.Semaphore(8)


async def summarise(doc: str) -> str:
    async with semaphore:
        resp = await client.chat.completions.create(
            model=SUMMARY_MODEL,
            messages=[
                {"role": "system", "content": "Summarise in two sentences."},
                {"role": "user", "content": doc},
            ],
        )
    return resp.choices[0].message.content


async def headline(digest: str) -> str:
    resp = await client.responses.create(model="gpt-4.1", input=f"Write a headline for:\n{digest}")
    return resp.output_text


async def embed_all(texts: list[str]) -> list[list[float]]:
    resp = await client.embeddings.create(model="text-embedding-3-small", input=texts)
    return [d.embedding for d in resp.data]


async def run_digest(docs: list[str]) -> dict:
    summaries = await asyncio.gather(*(summarise(d) for d in docs))
    digest = "\n".join(summaries)
    title, vectors = await asyncio.gather(headline(digest), embed_all(summaries))
    return {"title": title, "summaries": summaries, "vectors": vectors}


async def stream_to(writer, prompt: str, model: str = "gpt-4o") -> None:
    stream = await client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": prompt}], stream=True
    )
    async for event in stream:
        piece = event.choices[0].delta.content or ""
        writer.write(piece)


if __name__ == "__main__":
    import json
    import sys

    result = asyncio.run(run_digest(json.load(sys.stdin)))
    print(json.dumps(result, indent=2))
