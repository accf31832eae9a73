"""Refund desk on swarm: a triage agent hands off to a refunds agent."""

from swarm import Agent, Swarm

client = Swarm()


def transfer_to_refunds():
    return refunds


triage = Agent(
    name="Triage",
    instructions="Decide whether the user wants a refund.",
    functions=[transfer_to_refunds],
)
refunds = Agent(name="Refunds", model="gpt-4o-mini", instructions="Process refunds politely.")


def handle(messages: list[dict]) -> str:
    response = client.run(agent=triage, messages=messages)
    return response.messages[-1]["content"]


def handle_refund(messages: list[dict]) -> str:
    response = client.run(agent=refunds, messages=messages, context_variables={"tier": "gold"})
    return response.messages[-1]["content"]


def replay(agent: Agent, messages: list[dict]):
    for chunk in client.run(agent=agent, messages=messages, stream=True):
        yield chunk
