"""Ticket auto-tagging with Mistral (mistralai>=1.0)."""

import os

from mistralai import Mistral

MODEL = "mistral-large-latest"

client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])


def tag_ticket(text: str) -> list[str]:
    response = client.chat.complete(
        model=MODEL,
        messages=[
            {"role": "system", "content": "Return up to 3 comma-separated tags."},
            {"role": "user", "content": text},
        ],
        temperature=0.1,
    )
    return [t.strip() for t in response.choices[0].message.content.split(",")]


def draft_reply(text: str) -> str:
    response = client.chat.complete(
        model="mistral-small-latest",
        messages=[{"role": "user", "content": f"Draft a short reply to:\n{text}"}],
    )
    return response.choices[0].message.content


def stream_reply(text: str):
    for event in client.chat.stream(model=MODEL, messages=[{"role": "user", "content": text}]):
        delta = event.data.choices[0].delta.content
        if delta:
            yield delta


def embed(texts: list[str]) -> list[list[float]]:
    response = client.embeddings.create(model="mistral-embed", inputs=texts)
    return [d.embedding for d in response.data]
