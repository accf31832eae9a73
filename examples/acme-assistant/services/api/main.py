"""Public HTTP API of the Acme assistant."""
from fastapi import FastAPI

from services.chat.app import answer
from services.chat.router import route
from services.support.triage import triage

app = FastAPI()


@app.post("/v1/ask")
def ask(question: str) -> dict:
    return {"topic": route(question), "answer": answer(question)}


@app.post("/v1/support/tickets")
def new_ticket(body: str) -> dict:
    return triage(body)
