"""Support agent whose tool schemas live in JSON files next to the code."""

import json
from pathlib import Path

from openai import OpenAI

HERE = Path(__file__).parent
WEATHER_PARAMS = json.loads((HERE / "schemas" / "get_weather.json").read_text())
with open(HERE / "schemas" / "support_tools.json", encoding="utf-8") as fh:
    SUPPORT_TOOLS = json.load(fh)
SETTINGS = json.load(open(HERE / "settings.json"))

client = OpenAI()


def answer(question: str) -> str:
    tools = [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Current weather for a city",
                "parameters": WEATHER_PARAMS,
            },
        },
        *SUPPORT_TOOLS,
    ]
    resp = client.chat.completions.create(
        model="gpt-4.1-mini",
        messages=[{"role": "user", "content": question}],
        tools=tools,
        temperature=SETTINGS["temperature"],
    )
    return resp.choices[0].message.content or ""


def save_transcript(messages) -> None:
    with open(HERE / "transcript.json", "w", encoding="utf-8") as out:
        json.dump(messages, out)
