package llm

import "os"

// Model ids used across the llm package.
const (
	DefaultChatModel = "gpt-4o-mini"
	LongContextModel = "gpt-4.1"
	EmbeddingModel   = "text-embedding-3-large"
)

// ReviewModel can be overridden per deployment.
var ReviewModel = envOr("REVIEW_MODEL", "o3-mini")

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
