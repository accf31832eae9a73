"""Semantic Kernel setup for the meeting-notes agent."""

import asyncio
import os

from semantic_kernel import Kernel
from semantic_kernel.connectors.ai.open_ai import (
    AzureChatCompletion,
    OpenAIChatCompletion,
    OpenAITextEmbedding,
)
from semantic_kernel.contents import ChatHistory

CHAT_MODEL_ID = "gpt-4o"


def build_kernel(use_azure: bool = False) -> Kernel:
    kernel = Kernel()
    if use_azure:
        kernel.add_service(
            AzureChatCompletion(
                service_id="chat",
                deployment_name=os.environ["AZURE_CHAT_DEPLOYMENT"],
                endpoint=os.environ["AZURE_OPENAI_ENDPOINT"],
            )
        )
    else:
        kernel.add_service(OpenAIChatCompletion(service_id="chat", ai_model_id=CHAT_MODEL_ID))
    kernel.add_service(
        OpenAITextEmbedding(service_id="embed", ai_model_id="text-embedding-3-small")
    )
    return kernel


async def summarise_meeting(kernel: Kernel, transcript: str) -> str:
    chat = kernel.get_service("chat")
    history = ChatHistory()
    history.add_system_message("Summarise the meeting: decisions, owners, deadlines.")
    history.add_user_message(transcript)
    settings = chat.get_prompt_execution_settings_class()(service_id="chat")
    result = await chat.get_chat_message_content(chat_history=history, settings=settings)
    return str(result)


if __name__ == "__main__":
    with open("transcript.txt", encoding="utf-8") as fh:
        print(asyncio.run(summarise_meeting(build_kernel(), fh.read())))
