package assistant

import (
	"context"
	"fmt"

	"github.com/openai/openai-go"
	"github.com/openai/openai-go/option"
)

// Drafter writes release notes from short briefs.
type Drafter struct {
	client openai.Client
}

func NewDrafter(apiKey string) *Drafter {
	return &Drafter{client: openai.NewClient(option.WithAPIKey(apiKey))}
}

func (d *Drafter) Draft(ctx context.Context, brief string) (string, error) {
	resp, err := d.client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model: openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage("You write release notes from a short brief."),
			openai.UserMessage(brief),
		},
	})
	if err != nil {
		return "", fmt.Errorf("draft: %w", err)
	}
	return resp.Choices[0].Message.Content, nil
}

func (d *Drafter) Shorten(ctx context.Context, text string) (string, error) {
	params := openai.ChatCompletionNewParams{
		Model:    "gpt-4.1-mini",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Shorten to one paragraph:\n" + text)},
	}
	resp, err := d.client.Chat.Completions.New(ctx, params)
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

func (d *Drafter) Embed(ctx context.Context, texts []string) ([][]float64, error) {
	resp, err := d.client.Embeddings.New(ctx, openai.EmbeddingNewParams{
		Model: openai.EmbeddingModelTextEmbedding3Small,
		Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: texts},
	})
	if err != nil {
		return nil, err
	}
	out := make([][]float64, len(resp.Data))
	for i, e := range resp.Data {
		out[i] = e.Embedding
	}
	return out, nil
}

func (d *Drafter) DraftWith(ctx context.Context, model openai.ChatModel, brief string) (string, error) {
	resp, err := d.client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:    model,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(brief)},
	})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}
