"""Chat service for the Acme assistant.

Uses gpt-5.2 for answers and a small model for routing.
"""
import os

import tiktoken
from openai import OpenAI

DEFAULT_MODEL = "gpt-5.2"
ROUTER_MODEL = os.getenv("ROUTER_MODEL", "gpt-5.2-mini")
gpt4_client = None  # an identifier, not a model id

enc = tiktoken.encoding_for_model("gpt-4o")  # tokenizer choice only

client = OpenAI()


def answer(question: str) -> str:
    # TODO: try claude-sonnet-4-5 here once the eval passes
    response = client.chat.completions.create(
        model=DEFAULT_MODEL,
        messages=[{"role": "user", "content": question}],
        temperature=0.2,
    )
    return response.choices[0].message.content


def summarise(text: str) -> str:
    response = client.responses.create(model="gpt-4o-mini-2024-07-18", input=text)
    return response.output_text


FINE_TUNED = "ft:gpt-4o-mini-2024-07-18:acme:support:9x9umLQq"
LEGACY = "gpt-3.5-turbo-0613"
