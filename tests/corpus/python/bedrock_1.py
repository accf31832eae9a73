"""Bedrock-backed summariser for the document service (boto3)."""

import json
import os

import boto3

bedrock = boto3.client("bedrock-runtime", region_name=os.getenv("AWS_REGION", "us-east-1"))

CLAUDE_ID = "anthropic.claude-3-5-sonnet-20240620-v1:0"
TITAN_EMBED_ID = "amazon.titan-embed-text-v2:0"


def summarise(document: str) -> str:
    body = {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 1024,
        "messages": [{"role": "user", "content": f"Summarise:\n{document}"}],
    }
    response = bedrock.invoke_model(
        modelId=CLAUDE_ID,
        body=json.dumps(body),
        contentType="application/json",
        accept="application/json",
    )
    payload = json.loads(response["body"].read())
    return payload["content"][0]["text"]


def embed(text: str) -> list[float]:
    response = bedrock.invoke_model(modelId=TITAN_EMBED_ID, body=json.dumps({"inputText": text}))
    return json.loads(response["body"].read())["embedding"]


def chat(history: list[dict], user_text: str) -> str:
    messages = history + [{"role": "user", "content": [{"text": user_text}]}]
    response = bedrock.converse(
        modelId="anthropic.claude-3-haiku-20240307-v1:0",
        messages=messages,
        inferenceConfig={"maxTokens": 512, "temperature": 0.2},
    )
    return response["output"]["message"]["content"][0]["text"]


def chat_with(model_id: str, prompt: str) -> str:
    response = bedrock.converse(
        modelId=model_id,
        messages=[{"role": "user", "content": [{"text": prompt}]}],
    )
    return response["output"]["message"]["content"][0]["text"]


def stream_chat(prompt: str):
    response = bedrock.converse_stream(
        modelId="meta.llama3-1-70b-instruct-v1:0",
        messages=[{"role": "user", "content": [{"text": prompt}]}],
    )
    for event in response["stream"]:
        if "contentBlockDelta" in event:
            yield event["contentBlockDelta"]["delta"]["text"]
