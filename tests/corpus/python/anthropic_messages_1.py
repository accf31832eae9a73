"""Code review bot: posts Claude's review of a pull-request diff."""

import os

import anthropic

REVIEW_MODEL = "claude-sonnet-4-5"
TRIAGE_MODEL = "claude-haiku-4-5-20251001"

client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])

REVIEW_PROMPT = """You are a senior engineer reviewing a pull request.
Point out bugs, risky changes and missing tests. Be brief."""


def review_diff(diff: str) -> str:
    message = client.messages.create(
        model=REVIEW_MODEL,
        max_tokens=2048,
        system=REVIEW_PROMPT,
        messages=[{"role": "user", "content": diff}],
    )
    return "".join(block.text for block in message.content if block.type == "text")


def needs_human(diff_stats: str) -> bool:
    question = f"Answer yes or no: does this change need a human reviewer?\n{diff_stats}"
    message = client.messages.create(
        model=TRIAGE_MODEL,
        max_tokens=5,
        messages=[{"role": "user", "content": question}],
    )
    return message.content[0].text.strip().lower().startswith("y")


def stream_review(diff: str, on_text) -> None:
    with client.messages.stream(
        model="claude-3-5-sonnet-20241022",
        max_tokens=2048,
        system=REVIEW_PROMPT,
        messages=[{"role": "user", "content": diff}],
    ) as stream:
        for text in stream.text_stream:
            on_text(text)


def label_for(diff_title: str) -> str:
    message = client.messages.create(model="claude-sonnet-4-5", max_tokens=10, messages=[
        {"role": "user", "content": f"One label (bug, feature, chore) for: {diff_title}"},
    ])
    return message.content[0].text.strip()
