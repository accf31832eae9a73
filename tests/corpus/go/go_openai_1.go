package assistant

import (
	"context"
	"errors"
	"os"

	"github.com/sashabaranov/go-openai"
)

const triageModel = openai.GPT4oMini

// Triage classifies and summarises incoming support tickets.
type Triage struct {
	client *openai.Client
	model  string
}

func NewTriage() *Triage {
	model := os.Getenv("TRIAGE_MODEL")
	if model == "" {
		model = "gpt-4o"
	}
	return &Triage{client: openai.NewClient(os.Getenv("OPENAI_API_KEY")), model: model}
}

func (t *Triage) Classify(ctx context.Context, ticket string) (string, error) {
	resp, err := t.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model: openai.GPT4o,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: "Classify the ticket: bug, feature or question."},
			{Role: openai.ChatMessageRoleUser, Content: ticket},
		},
	})
	if err != nil {
		return "", err
	}
	if len(resp.Choices) == 0 {
		return "", errors.New("no choices")
	}
	return resp.Choices[0].Message.Content, nil
}

func (t *Triage) Summarise(ctx context.Context, ticket string) (string, error) {
	resp, err := t.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model:    t.model,
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "Summarise: " + ticket}},
	})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

func (t *Triage) Priority(ctx context.Context, ticket string) (string, error) {
	req := openai.ChatCompletionRequest{
		Model:     triageModel,
		MaxTokens: 5,
		Messages:  []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "Priority P1-P4 for: " + ticket}},
	}
	resp, err := t.client.CreateChatCompletion(ctx, req)
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

func (t *Triage) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	resp, err := t.client.CreateEmbeddings(ctx, openai.EmbeddingRequest{
		Input: texts,
		Model: openai.SmallEmbedding3,
	})
	if err != nil {
		return nil, err
	}
	out := make([][]float32, len(resp.Data))
	for i, d := range resp.Data {
		out[i] = d.Embedding
	}
	return out, nil
}
