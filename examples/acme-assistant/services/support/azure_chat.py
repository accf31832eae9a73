"""Support answers through Azure OpenAI. The model behind the deployment is
set by the platform team in deploy/terraform/openai.tf."""
import os

from openai import AzureOpenAI

client = AzureOpenAI(azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"], api_version="2024-10-21")


def answer(question: str) -> str:
    reply = client.chat.completions.create(
        model="chat-prod",
        messages=[{"role": "user", "content": question}],
        temperature=0.2,
    )
    return reply.choices[0].message.content
