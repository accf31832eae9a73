"""Minimal HTTP clients for LLM APIs (no SDKs allowed in the sandboxed runner)."""

import os

import httpx
import requests

OPENAI_URL = "https://api.openai.com/v1/chat/completions"
ANTHROPIC_URL = "https://api.anthropic.com/v1/messages"
TIMEOUT = 60


def openai_chat(prompt: str) -> str:
    resp = requests.post(
        OPENAI_URL,
        headers={"Authorization": f"Bearer {os.environ['OPENAI_API_KEY']}"},
        json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": prompt}]},
        timeout=TIMEOUT,
    )
    resp.raise_for_status()
    return resp.json()["choices"][0]["message"]["content"]


def openai_chat_inline(prompt: str) -> str:
    r = requests.post("https://api.openai.com/v1/chat/completions", json={
        "model": "gpt-4.1",
        "messages": [{"role": "user", "content": prompt}],
    }, headers={"Authorization": "Bearer " + os.environ["OPENAI_API_KEY"]}, timeout=TIMEOUT)
    return r.json()["choices"][0]["message"]["content"]


def claude(prompt: str, model: str = "claude-sonnet-4-5") -> str:
    payload = {
        "model": model,
        "max_tokens": 1024,
        "messages": [{"role": "user", "content": prompt}],
    }
    resp = httpx.post(
        ANTHROPIC_URL,
        headers={
            "x-api-key": os.environ["ANTHROPIC_API_KEY"],
            "anthropic-version": "2023-06-01",
        },
        json=payload,
        timeout=TIMEOUT,
    )
    resp.raise_for_status()
    return resp.json()["content"][0]["text"]


async def embed(texts: list[str]) -> list[list[float]]:
    async with httpx.AsyncClient(base_url="https://api.openai.com/v1", timeout=TIMEOUT) as http:
        resp = await http.post(
            "/embeddings",
            headers={"Authorization": f"Bearer {os.environ['OPENAI_API_KEY']}"},
            json={"model": "text-embedding-3-small", "input": texts},
        )
    return [row["embedding"] for row in resp.json()["data"]]


def post_metrics(payload: dict) -> None:
    requests.post("https://metrics.internal.example/v1/events", json=payload, timeout=5)
