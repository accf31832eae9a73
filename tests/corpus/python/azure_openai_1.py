"""Internal HR policy assistant running on Azure OpenAI."""

import os

from openai import AzureOpenAI

client = AzureOpenAI(
    azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"],
    api_key=os.environ["AZURE_OPENAI_API_KEY"],
    api_version="2024-10-21",
)

# Deployment names in our Azure subscription match the model names.
CHAT_DEPLOYMENT = os.environ["AZURE_CHAT_DEPLOYMENT"]
EMBED_DEPLOYMENT = "text-embedding-3-large"


def ask_policy(question: str, passages: list[str]) -> str:
    context = "\n---\n".join(passages)
    completion = client.chat.completions.create(
        model=CHAT_DEPLOYMENT,
        messages=[
            {"role": "system", "content": f"Answer from these HR policies:\n{context}"},
            {"role": "user", "content": question},
        ],
    )
    return completion.choices[0].message.content


def embed_passages(passages: list[str]) -> list[list[float]]:
    result = client.embeddings.create(model=EMBED_DEPLOYMENT, input=passages)
    return [d.embedding for d in result.data]


def translate(text: str, target_language: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": f"Translate into {target_language}."},
            {"role": "user", "content": text},
        ],
        temperature=0,
    )
    return completion.choices[0].message.content
