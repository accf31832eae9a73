"""Provider-agnostic gateway via LiteLLM, with per-tenant routing."""

import os

import litellm
from litellm import acompletion, completion

litellm.drop_params = True

DEFAULT_MODEL = "gpt-4o-mini"
TENANT_MODELS = {
    "acme": "anthropic/claude-sonnet-4-5",
    "globex": "gemini/gemini-2.5-pro",
}


def chat(messages: list[dict]) -> str:
    response = completion(model=DEFAULT_MODEL, messages=messages)
    return response.choices[0].message.content


def chat_claude(messages: list[dict]) -> str:
    response = litellm.completion(
        model="anthropic/claude-3-5-sonnet-20241022",
        messages=messages,
        max_tokens=1024,
    )
    return response.choices[0].message.content


async def chat_async(messages: list[dict]) -> str:
    response = await acompletion(model="mistral/mistral-large-latest", messages=messages)
    return response.choices[0].message.content


def chat_for_tenant(tenant: str, messages: list[dict]) -> str:
    model = TENANT_MODELS.get(tenant, DEFAULT_MODEL)
    response = litellm.completion(model=model, messages=messages)
    return response.choices[0].message.content


def embed(texts: list[str]) -> list[list[float]]:
    response = litellm.embedding(model=os.getenv("EMBED_MODEL", "text-embedding-3-small"), input=texts)
    return [d["embedding"] for d in response.data]


def bedrock_chat(messages: list[dict]) -> str:
    response = litellm.completion(
        model="bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0",
        messages=messages,
    )
    return response.choices[0].message.content
