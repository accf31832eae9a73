"""Research helper built on the Responses API."""

import os

from openai import OpenAI

client = OpenAI()

REPORT_MODEL = os.getenv("REPORT_MODEL", "gpt-5.2")
TIER_MODELS = {"free": "gpt-5.2-mini", "pro": "gpt-5.5"}


def quick_answer(question: str) -> str:
    resp = client.responses.create(model="gpt-4.1", input=question)
    return resp.output_text


def research_report(topic: str, sources: list[str]) -> str:
    joined = "\n".join(f"- {s}" for s in sources)
    resp = client.responses.create(
        model=REPORT_MODEL,
        instructions="Write a concise, well-sourced report in Markdown.",
        input=f"Topic: {topic}\nSources:\n{joined}",
        tools=[{"type": "web_search"}],
    )
    return resp.output_text


def answer_for_tier(tier: str, question: str) -> str:
    resp = client.responses.create(model=TIER_MODELS[tier], input=question)
    return resp.output_text


def answer_with_version(family: str, version: str, question: str) -> str:
    model_name = f"{family}-{version}"
    resp = client.responses.create(
        model=model_name,
        input=[{"role": "user", "content": question}],
    )
    return resp.output_text


def follow_up(previous_id: str, question: str) -> str:
    resp = client.responses.create(
        model=os.environ.get("FOLLOWUP_MODEL", "o3-mini"),
        previous_response_id=previous_id,
        input=question,
        reasoning={"effort": "low"},
    )
    return resp.output_text
