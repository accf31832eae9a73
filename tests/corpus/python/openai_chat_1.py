"""Drafts replies to customer support tickets with the OpenAI chat API."""

import logging
import os
from dataclasses import dataclass

from openai import OpenAI

log = logging.getLogger(__name__)

MODEL = "gpt-4o"
FALLBACK_MODEL = "gpt-4o-mini"
MAX_TOKENS = 800

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])

SYSTEM_PROMPT = (
    "You are a polite support agent for Acme Cloud. "
    "Answer using only the ticket history. If unsure, say so."
)


@dataclass
class Ticket:
    id: str
    subject: str
    history: list[str]


def _messages(ticket: Ticket) -> list[dict]:
    msgs = [{"role": "system", "content": SYSTEM_PROMPT}]
    for turn in ticket.history:
        msgs.append({"role": "user", "content": turn})
    return msgs


def draft_reply(ticket: Ticket) -> str:
    try:
        response = client.chat.completions.create(
            model=MODEL,
            messages=_messages(ticket),
            max_tokens=MAX_TOKENS,
            temperature=0.3,
        )
    except Exception:
        log.warning("primary model failed for %s, retrying on fallback", ticket.id)
        response = client.chat.completions.create(
            model=FALLBACK_MODEL,
            messages=_messages(ticket),
            max_tokens=MAX_TOKENS,
        )
    return response.choices[0].message.content or ""


def classify_priority(ticket: Ticket) -> str:
    result = client.chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "system", "content": "Reply with one word: low, normal, high or urgent."},
        {"role": "user", "content": ticket.subject},
    ])
    return result.choices[0].message.content.strip().lower()


def stream_summary(ticket: Ticket):
    stream = client.chat.completions.create(
        model="gpt-4.1",
        stream=True,
        messages=_messages(ticket) + [{"role": "user", "content": "Summarise this ticket in 3 bullets."}],
    )
    for chunk in stream:
        delta = chunk.choices[0].delta.content
        if delta:
            yield delta
