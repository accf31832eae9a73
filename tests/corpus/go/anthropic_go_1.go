package assistant

import (
	"context"
	"strings"

	"github.com/anthropics/anthropic-sdk-go"
	"github.com/anthropics/anthropic-sdk-go/option"
)

const incidentModel = "claude-haiku-4-5-20251001"

// IncidentWriter drafts incident communications.
type IncidentWriter struct {
	client anthropic.Client
}

func NewIncidentWriter(apiKey string) *IncidentWriter {
	return &IncidentWriter{client: anthropic.NewClient(option.WithAPIKey(apiKey))}
}

func (w *IncidentWriter) Postmortem(ctx context.Context, timeline string) (string, error) {
	msg, err := w.client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 2048,
		System:    []anthropic.TextBlockParam{{Text: "Write a blameless postmortem."}},
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(timeline))},
	})
	if err != nil {
		return "", err
	}
	return textOf(msg), nil
}

func (w *IncidentWriter) StatusLine(ctx context.Context, update string) (string, error) {
	msg, err := w.client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     incidentModel,
		MaxTokens: 100,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("One-line status: " + update))},
	})
	if err != nil {
		return "", err
	}
	return textOf(msg), nil
}

func (w *IncidentWriter) Translate(ctx context.Context, text, lang string) (string, error) {
	msg, err := w.client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.Model("claude-3-5-sonnet-20241022"),
		MaxTokens: 1024,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("Translate to " + lang + ":\n" + text))},
	})
	if err != nil {
		return "", err
	}
	return textOf(msg), nil
}

func textOf(msg *anthropic.Message) string {
	var b strings.Builder
	for _, block := range msg.Content {
		if block.Type == "text" {
			b.WriteString(block.Text)
		}
	}
	return b.String()
}
