"""Legacy FAQ bot (openai<1.0). Kept running until the v1 migration lands."""

import os

import openai

openai.api_key = os.getenv("OPENAI_API_KEY")

COMPLETION_MODEL = "text-davinci-003"


def answer(question: str, context: str) -> str:
    response = openai.ChatCompletion.create(
        model="gpt-3.5-turbo",
        messages=[
            {"role": "system", "content": "Answer from the FAQ context only.\n" + context},
            {"role": "user", "content": question},
        ],
        temperature=0,
    )
    return response["choices"][0]["message"]["content"]


def autocomplete(prefix: str) -> str:
    response = openai.Completion.create(
        model=COMPLETION_MODEL,
        prompt=prefix,
        max_tokens=32,
        stop=["\n"],
    )
    return response["choices"][0]["text"]


def embed(texts):
    response = openai.Embedding.create(input=texts, model="text-embedding-ada-002")
    return [row["embedding"] for row in response["data"]]


def answer_gpt4(question: str) -> str:
    # TODO: make this the default once the budget is approved
    # response = openai.ChatCompletion.create(model="gpt-4-32k", messages=[...])
    response = openai.ChatCompletion.create(
        model="gpt-4",
        messages=[{"role": "user", "content": question}],
    )
    return response.choices[0].message.content
