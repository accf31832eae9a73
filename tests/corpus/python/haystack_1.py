"""Haystack 2.x pipeline for the FAQ search page."""

from haystack import Pipeline
from haystack.components.builders import PromptBuilder
from haystack.components.embedders import OpenAITextEmbedder
from haystack.components.generators import OpenAIGenerator
from haystack.components.generators.chat import OpenAIChatGenerator
from haystack.utils import Secret

TEMPLATE = """Answer the question from the documents.
{% for doc in documents %}{{ doc.content }}
{% endfor %}
Question: {{ question }}"""


def build_pipeline(retriever) -> Pipeline:
    pipe = Pipeline()
    pipe.add_component("embedder", OpenAITextEmbedder(model="text-embedding-3-small"))
    pipe.add_component("retriever", retriever)
    pipe.add_component("prompt", PromptBuilder(template=TEMPLATE))
    pipe.add_component(
        "llm",
        OpenAIGenerator(
            api_key=Secret.from_env_var("OPENAI_API_KEY"),
            model="gpt-4o-mini",
            generation_kwargs={"temperature": 0},
        ),
    )
    pipe.connect("embedder.embedding", "retriever.query_embedding")
    pipe.connect("retriever", "prompt.documents")
    pipe.connect("prompt", "llm")
    return pipe


def chat_generator(model: str = "gpt-4o"):
    return OpenAIChatGenerator(model=model)


def default_generator():
    return OpenAIGenerator()


def ask(pipe: Pipeline, question: str) -> str:
    result = pipe.run({"embedder": {"text": question}, "prompt": {"question": question}})
    return result["llm"]["replies"][0]
