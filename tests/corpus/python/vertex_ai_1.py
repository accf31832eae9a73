"""Claims-triage worker on Vertex AI (vertexai SDK)."""

import os

import vertexai
from vertexai.generative_models import GenerationConfig, GenerativeModel

vertexai.init(project=os.environ["GCP_PROJECT"], location="us-central1")

TRIAGE_MODEL_NAME = "gemini-1.5-flash-002"

triage_model = GenerativeModel(TRIAGE_MODEL_NAME)
summary_model = GenerativeModel(
    "gemini-1.5-pro",
    system_instruction="You summarise insurance claims for adjusters.",
    generation_config=GenerationConfig(temperature=0.2, max_output_tokens=512),
)


def triage(claim_text: str) -> str:
    response = triage_model.generate_content(
        f"Classify this claim as auto, home, health or other:\n{claim_text}"
    )
    return response.text.strip()


def summarise(claim_text: str) -> str:
    response = summary_model.generate_content(claim_text)
    return response.text


def second_opinion(claim_text: str, model_name: str = "gemini-2.0-flash") -> str:
    model = GenerativeModel(model_name=model_name)
    return model.generate_content(claim_text).text
