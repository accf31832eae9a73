// Single source of truth for the model ids used by the assistant package.
export const CHAT_MODEL = "gpt-4.1";
export const EMBEDDING_MODEL = "text-embedding-3-small";
export const CLAUDE_MODEL = "claude-sonnet-4-5";

export const MAX_OUTPUT_TOKENS = 1024;
