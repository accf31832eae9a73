"""Shared settings of the retrieval package."""

import os

from langchain_openai import OpenAIEmbeddings

CHROMA_DIR = os.environ.get("CHROMA_DIR", "/var/lib/chroma")
EMBEDDINGS = OpenAIEmbeddings(model="text-embedding-3-small")
