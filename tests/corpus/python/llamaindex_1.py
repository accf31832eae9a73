"""Knowledge-base query engine (LlamaIndex)."""

from llama_index.core import Settings, SimpleDirectoryReader, VectorStoreIndex
from llama_index.embeddings.openai import OpenAIEmbedding
from llama_index.llms.anthropic import Anthropic
from llama_index.llms.openai import OpenAI

LLM_MODEL = "gpt-4o-mini"

Settings.llm = OpenAI(model=LLM_MODEL, temperature=0.1)
Settings.embed_model = OpenAIEmbedding(model="text-embedding-3-small")


def build_index(folder: str) -> VectorStoreIndex:
    documents = SimpleDirectoryReader(folder).load_data()
    return VectorStoreIndex.from_documents(documents)


def query(index: VectorStoreIndex, question: str) -> str:
    engine = index.as_query_engine(similarity_top_k=4)
    return str(engine.query(question))


def query_with_claude(index: VectorStoreIndex, question: str) -> str:
    claude = Anthropic(model="claude-sonnet-4-5", max_tokens=1024)
    engine = index.as_query_engine(llm=claude)
    return str(engine.query(question))


def complete(prompt: str) -> str:
    return Settings.llm.complete(prompt).text
