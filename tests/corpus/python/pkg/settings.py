"""Central model settings for the assistant package."""

import os

CHAT_MODEL = "gpt-4.1"
CHEAP_MODEL = "gpt-4.1-nano"
EMBEDDING_MODEL = "text-embedding-3-large"
CLAUDE_MODEL = "claude-haiku-4-5-20251001"
SUMMARY_MODEL = os.getenv("SUMMARY_MODEL")

REQUEST_TIMEOUT_S = 30
