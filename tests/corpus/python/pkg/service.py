"""Assistant service; model choices live in settings.py."""

import anthropic
from openai import OpenAI

from . import settings
from .settings import CHAT_MODEL, EMBEDDING_MODEL

_openai = OpenAI(timeout=settings.REQUEST_TIMEOUT_S)
_claude = anthropic.Anthropic()


def answer(question: str, context: str) -> str:
    resp = _openai.chat.completions.create(
        model=CHAT_MODEL,
        messages=[
            {"role": "system", "content": context},
            {"role": "user", "content": question},
        ],
    )
    return resp.choices[0].message.content


def cheap_answer(question: str) -> str:
    resp = _openai.chat.completions.create(
        model=settings.CHEAP_MODEL,
        messages=[{"role": "user", "content": question}],
    )
    return resp.choices[0].message.content


def embed(texts: list[str]) -> list[list[float]]:
    resp = _openai.embeddings.create(model=EMBEDDING_MODEL, input=texts)
    return [d.embedding for d in resp.data]


def second_opinion(question: str, draft: str) -> str:
    msg = _claude.messages.create(
        model=settings.CLAUDE_MODEL,
        max_tokens=512,
        messages=[{"role": "user", "content": f"Question: {question}\nDraft: {draft}\nImprove the draft."}],
    )
    return msg.content[0].text


def summarise(text: str) -> str:
    resp = _openai.responses.create(model=settings.SUMMARY_MODEL, input=f"Summarise:\n{text}")
    return resp.output_text
