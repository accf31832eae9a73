"""Async Azure OpenAI client for the claims triage worker."""

import os

from openai import AsyncAzureOpenAI

SUMMARY_DEPLOYMENT = "gpt-4.1-mini"


class ClaimsTriage:
    def __init__(self) -> None:
        self.llm = AsyncAzureOpenAI(
            azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"],
            api_version="2024-10-21",
        )

    async def summarise(self, claim_text: str) -> str:
        response = await self.llm.chat.completions.create(
            model=SUMMARY_DEPLOYMENT,
            messages=[{"role": "user", "content": claim_text}],
            temperature=0,
        )
        return response.choices[0].message.content

    async def embed(self, texts: list[str]) -> list[list[float]]:
        result = await self.llm.embeddings.create(model="text-embedding-3-small", input=texts)
        return [d.embedding for d in result.data]
