"""Async Claude client wrapper used by the chat gateway, plus persistence."""

import os

from anthropic import AsyncAnthropic


class ClaudeGateway:
    def __init__(self, db):
        self.db = db
        self.model = os.environ.get("CLAUDE_MODEL", "claude-sonnet-4-5")
        self.client = AsyncAnthropic()

    async def reply(self, conversation_id: str, user_text: str) -> str:
        history = await self.db.messages.find(conversation_id=conversation_id)
        messages = [{"role": m.role, "content": m.text} for m in history]
        messages.append({"role": "user", "content": user_text})

        response = await self.client.messages.create(
            model=self.model,
            max_tokens=1024,
            messages=messages,
        )
        text = response.content[0].text

        await self.db.messages.create(conversation_id=conversation_id, role="user", text=user_text)
        await self.db.messages.create(conversation_id=conversation_id, role="assistant", text=text)
        return text

    async def title_for(self, first_message: str, model: str) -> str:
        response = await self.client.messages.create(
            model=model,
            max_tokens=20,
            messages=[{"role": "user", "content": f"Give a 4-word title for: {first_message}"}],
        )
        return response.content[0].text.strip()


async def quick_classify(client: AsyncAnthropic, text: str) -> str:
    response = await client.messages.create(
        model="claude-haiku-4-5-20251001",
        max_tokens=10,
        system="Classify the sentiment as positive, negative or neutral.",
        messages=[{"role": "user", "content": text}],
    )
    return response.content[0].text
