"""Batch classifier whose models are chosen in llm_config.yaml."""

import json
from pathlib import Path

import yaml
from openai import OpenAI

CONFIG_PATH = Path(__file__).with_name("llm_config.yaml")

with CONFIG_PATH.open() as fh:
    CONFIG = yaml.safe_load(fh)

client = OpenAI()


def classify(record: dict) -> str:
    resp = client.chat.completions.create(
        model=CONFIG["classifier"]["model"],
        messages=[
            {"role": "system", "content": CONFIG["classifier"]["prompt"]},
            {"role": "user", "content": json.dumps(record)},
        ],
        temperature=CONFIG["classifier"].get("temperature", 0),
    )
    return resp.choices[0].message.content.strip()


def explain(record: dict, label: str) -> str:
    model = CONFIG["explainer"]["model"]
    resp = client.chat.completions.create(
        model=model,
        messages=[{"role": "user", "content": f"Why is {json.dumps(record)} labelled {label}?"}],
    )
    return resp.choices[0].message.content
