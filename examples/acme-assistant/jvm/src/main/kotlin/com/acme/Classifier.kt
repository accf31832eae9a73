package com.acme

// Classifier backed by Bedrock.
val modelId = "anthropic.claude-3-5-sonnet-20240620-v1:0"
val profile = "us.anthropic.claude-sonnet-4-20250514-v1:0"
