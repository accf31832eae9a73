"""Support desk: a triage agent, a swarm hand-off and a RAG pipeline."""

import asyncio

from agents import Agent, Runner
from haystack import Pipeline
from haystack.components.builders import PromptBuilder
from haystack.components.generators.chat import OpenAIChatGenerator

TRIAGE_MODEL = "gpt-4.1-mini"

triage = Agent(
    name="Triage",
    instructions="Route the ticket to billing or tech support.",
    model=TRIAGE_MODEL,
)
billing = Agent(name="Billing", instructions="Answer billing questions.")


async def route(ticket: str) -> str:
    result = await Runner.run(triage, ticket)
    return result.final_output


def answer_billing(ticket: str) -> str:
    return Runner.run_sync(billing, ticket).final_output


def ask(question: str) -> str:
    pipe = Pipeline()
    pipe.add_component("prompt", PromptBuilder(template="Answer: {{ question }}"))
    pipe.add_component("llm", OpenAIChatGenerator(model="gpt-4o"))
    pipe.connect("prompt", "llm")
    return pipe.run({"prompt": {"question": question}})["llm"]["replies"][0]


def draft_generator() -> OpenAIChatGenerator:
    # Built here, run by the caller: the binding is the call site.
    return OpenAIChatGenerator(model="gpt-4o-mini")


if __name__ == "__main__":
    print(asyncio.run(route("My card was charged twice")))
