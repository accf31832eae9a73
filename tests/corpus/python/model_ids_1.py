"""Model ids of a small RAG service: the constants it chooses from.

No call here: the ids are read by the service module, so each is a model
reference, and the look-alikes at the end are not.
"""
from enum import Enum


class ReasoningModel(str, Enum):
    O1 = "o1"
    O3_MINI = "o3-mini"
    O4_MINI = "o4-mini"


LEGACY_ENGINES = [
    "davinci",
    "curie",
]

FALLBACK_CHAIN = ["gpt-4o-mini", "o3"]

EMBEDDERS = {
    "small": "sentence-transformers/all-MiniLM-L6-v2",
    "multilingual": "intfloat/multilingual-e5-large",
}
RERANK_MODEL = "rerank-2.5"
EMBED_MODEL = "BAAI/bge-small-en-v1.5"
SEARCH_MODEL = "sonar-pro"
VOYAGE_EMBEDDING = "voyage-3.5-lite"

# Look-alikes: people, levels, paths, tools.
AUTHORS = ["ada", "curie", "babbage"]
OPT_LEVELS = ["o1", "o2", "o3"]
RESULTS_DIR = "results/gpt-4o"
LINTER = "sonar-scanner"
ADA = "ada"
