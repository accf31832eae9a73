package llm

import (
	"context"

	"github.com/sashabaranov/go-openai"
)

// Summarizer condenses documents; model ids come from config.go.
type Summarizer struct {
	client *openai.Client
}

func NewSummarizer(token string) *Summarizer {
	return &Summarizer{client: openai.NewClient(token)}
}

func (s *Summarizer) Headline(ctx context.Context, text string) (string, error) {
	resp, err := s.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model:    DefaultChatModel,
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "Headline for:\n" + text}},
	})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

func (s *Summarizer) Summarize(ctx context.Context, text string) (string, error) {
	model := DefaultChatModel
	if len(text) > 200_000 {
		model = LongContextModel
	}
	resp, err := s.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model:    model,
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "Summarize:\n" + text}},
	})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

func (s *Summarizer) Review(ctx context.Context, summary string) (string, error) {
	resp, err := s.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model:    ReviewModel,
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "Check this summary:\n" + summary}},
	})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

func (s *Summarizer) Embed(ctx context.Context, chunks []string) ([]openai.Embedding, error) {
	resp, err := s.client.CreateEmbeddings(ctx, openai.EmbeddingRequest{Input: chunks, Model: EmbeddingModel})
	if err != nil {
		return nil, err
	}
	return resp.Data, nil
}
