"""RAG chain for the docs assistant (LangChain)."""

import os

from langchain_anthropic import ChatAnthropic
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI, OpenAIEmbeddings

llm = ChatOpenAI(model="gpt-4o", temperature=0)
fast_llm = ChatOpenAI(model_name=os.getenv("FAST_MODEL", "gpt-4o-mini"), max_retries=2)
critic = ChatAnthropic(model="claude-3-5-sonnet-20241022", max_tokens=1024)
embeddings = OpenAIEmbeddings(model="text-embedding-3-large")

prompt = ChatPromptTemplate.from_messages(
    [
        ("system", "Answer using the context below.\n\n{context}"),
        ("human", "{question}"),
    ]
)

answer_chain = prompt | llm | StrOutputParser()


def answer(question: str, retriever) -> str:
    docs = retriever.invoke(question)
    context = "\n\n".join(d.page_content for d in docs)
    return answer_chain.invoke({"context": context, "question": question})


def rewrite_query(question: str) -> str:
    return fast_llm.invoke(f"Rewrite as a search query: {question}").content


def critique(draft: str) -> str:
    return critic.invoke(f"Critique this answer and list factual errors:\n{draft}").content


def default_llm():
    # Relies on the library's default model.
    return ChatOpenAI(temperature=0.2)


def index(texts: list[str]) -> list[list[float]]:
    return embeddings.embed_documents(texts)
