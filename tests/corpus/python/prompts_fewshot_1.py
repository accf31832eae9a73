"""Classifies support emails with a few-shot prompt and drafts answers from a template."""

import os

from openai import OpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])

CLASSIFIER_SYSTEM_PROMPT = "You label support emails as billing, bug or other. Reply with the label only."

FEW_SHOT = [
    {"role": "system", "content": CLASSIFIER_SYSTEM_PROMPT},
    {"role": "user", "content": "I was charged twice this month."},
    {"role": "assistant", "content": "billing"},
    {"role": "user", "content": "The export button does nothing."},
    {"role": "assistant", "content": "bug"},
]

answer_template = """Answer the customer {name} about: {topic}.
Use the knowledge base excerpt below and keep it under %s words.

{excerpt}"""


def classify(email: str) -> str:
    resp = client.chat.completions.create(
        model="gpt-4.1-mini",
        messages=FEW_SHOT + [{"role": "user", "content": email}],
        temperature=0,
    )
    return resp.choices[0].message.content.strip()


def answer(name: str, topic: str, excerpt: str) -> str:
    resp = client.responses.create(
        model="gpt-4.1",
        instructions="You are a careful support writer. Never promise refunds.",
        input=answer_template.format(name=name, topic=topic, excerpt=excerpt) % 120,
    )
    return resp.output_text


def tone_check(draft: str) -> str:
    resp = client.chat.completions.create(
        model="gpt-4.1-mini",
        messages=[
            {"role": "developer", "content": "Rate the tone from 1 (rude) to 5 (warm)."},
            {"role": "user", "content": "Thanks, we fixed it."},
            {"role": "assistant", "content": "4"},
            {"role": "user", "content": draft},
        ],
    )
    return resp.choices[0].message.content
