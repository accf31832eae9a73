"""Order-lookup assistant: tool calling plus structured extraction."""

import json
import os

from openai import OpenAI
from pydantic import BaseModel


class RefundRequest(BaseModel):
    order_id: str
    reason: str
    amount_cents: int


TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "lookup_order",
            "description": "Fetch an order by id",
            "parameters": {
                "type": "object",
                "properties": {"order_id": {"type": "string"}},
                "required": ["order_id"],
            },
        },
    }
]


class OrderAssistant:
    extraction_model = "gpt-4o-2024-08-06"

    def __init__(self, orders, model="gpt-4.1-mini"):
        self.orders = orders
        self.model = model
        self.client = OpenAI()

    def answer(self, question: str) -> str:
        messages = [{"role": "user", "content": question}]
        first = self.client.chat.completions.create(
            model=self.model, messages=messages, tools=TOOLS
        )
        choice = first.choices[0].message
        if not choice.tool_calls:
            return choice.content
        messages.append(choice)
        for call in choice.tool_calls:
            args = json.loads(call.function.arguments)
            order = self.orders.get(args["order_id"])
            messages.append(
                {"role": "tool", "tool_call_id": call.id, "content": json.dumps(order)}
            )
        final = self.client.chat.completions.create(model=self.model, messages=messages)
        return final.choices[0].message.content

    def extract_refund(self, email_body: str) -> RefundRequest:
        completion = self.client.beta.chat.completions.parse(
            model=self.extraction_model,
            messages=[
                {"role": "system", "content": "Extract the refund request."},
                {"role": "user", "content": email_body},
            ],
            response_format=RefundRequest,
        )
        return completion.choices[0].message.parsed


def build_default() -> OrderAssistant:
    return OrderAssistant(orders={}, model=os.getenv("ORDER_MODEL", "gpt-4o"))
