"""Routes each question to a handler with the small model."""
from openai import OpenAI

from .app import ROUTER_MODEL

client = OpenAI()


def route(question: str) -> str:
    result = client.chat.completions.create(
        model=ROUTER_MODEL,
        messages=[{"role": "system", "content": "Reply with one word: billing, tech or other."},
                  {"role": "user", "content": question}],
        max_completion_tokens=5,
    )
    return result.choices[0].message.content.strip()
