"""Product description generator on the Google Gen AI SDK (google-genai)."""

import os

from google import genai
from google.genai import types

client = genai.Client(api_key=os.environ["GEMINI_API_KEY"])

DESCRIPTION_MODEL = "gemini-2.5-pro"


def describe(product: dict) -> str:
    features = ", ".join(product["features"])
    response = client.models.generate_content(
        model=DESCRIPTION_MODEL,
        contents=f"Write a 60-word product description for {product['name']}. Features: {features}",
        config=types.GenerateContentConfig(temperature=0.7, max_output_tokens=300),
    )
    return response.text


def tag(description: str) -> list[str]:
    response = client.models.generate_content(
        model="gemini-2.0-flash",
        contents=["Return 5 comma-separated tags for this product.", description],
    )
    return [t.strip() for t in response.text.split(",")]


def embed(texts: list[str]) -> list[list[float]]:
    result = client.models.embed_content(
        model="text-embedding-004",
        contents=texts,
        config=types.EmbedContentConfig(task_type="RETRIEVAL_DOCUMENT"),
    )
    return [e.values for e in result.embeddings]


def stream_story(prompt: str):
    for chunk in client.models.generate_content_stream(model="models/gemini-2.0-flash", contents=prompt):
        yield chunk.text


def start_chat(history: list):
    return client.chats.create(model="gemini-2.5-flash", history=history)


def ask_in_chat(chat, question: str) -> str:
    reply = chat.send_message(question)
    return reply.text
