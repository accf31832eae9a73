"""Experiment runner: compare models on a prompt set."""

import itertools
import os

from openai import OpenAI

client = OpenAI()
PROVIDER_PREFIX = "gpt-"


def run_one(prompt: str, model: str, temperature: float = 0.0) -> str:
    resp = client.chat.completions.create(
        model=model,
        temperature=temperature,
        messages=[{"role": "user", "content": prompt}],
    )
    return resp.choices[0].message.content


def run_default(prompt: str, model: str = "gpt-4o-mini") -> str:
    resp = client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}])
    return resp.choices[0].message.content


def run_with_options(prompt: str, **options) -> str:
    resp = client.chat.completions.create(messages=[{"role": "user", "content": prompt}], **options)
    return resp.choices[0].message.content


def run_request(prompt: str) -> str:
    request = {
        "model": "gpt-4.1-mini",
        "messages": [{"role": "user", "content": prompt}],
        "max_tokens": 256,
    }
    resp = client.chat.completions.create(**request)
    return resp.choices[0].message.content


def run_version(prompt: str, size: str) -> str:
    resp = client.chat.completions.create(
        model=PROVIDER_PREFIX + "4o" + ("-mini" if size == "small" else ""),
        messages=[{"role": "user", "content": prompt}],
    )
    return resp.choices[0].message.content


def sweep(prompts: list[str]) -> dict:
    models = os.environ.get("SWEEP_MODELS", "gpt-4o,gpt-4o-mini").split(",")
    results = {}
    for prompt, model in itertools.product(prompts, models):
        results[(prompt, model)] = run_one(prompt, model)
    return results
