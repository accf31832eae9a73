package main

import (
	"context"

	"github.com/sashabaranov/go-openai"
)

// Gateway default; overridden by GATEWAY_MODEL.
const defaultModel = "gpt-4.1-mini"

func complete(ctx context.Context, c *openai.Client, prompt string) (string, error) {
	resp, err := c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model:    `gpt-5.2-pro`,
		Messages: []openai.ChatCompletionMessage{{Role: "user", Content: prompt}},
	})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}
