// Package models lists the model ids a gateway accepts, as SDKs write them.
package models

// Reasoning models.
const (
	O1Mini20240912 = "o1-mini-2024-09-12"
	O3             = "o3"
	O4Mini         = "o4-mini"
)

// Hosted open-weight models.
const (
	GroqLlama       = "llama-3.3-70b-versatile"
	GroqKimi        = "moonshotai/kimi-k2-instruct"
	PerplexityLarge = "llama-3.1-sonar-large-128k-online"
)

// Not models: an optimisation level and a product name.
const (
	Optimize = "o3"
	Product  = "Sonar"
)
