package assistant

import (
	"context"

	"github.com/sashabaranov/go-openai"
	"github.com/sashabaranov/go-openai/jsonschema"
)

// Tool definition for the ticket lookup.
var ticketParams = jsonschema.Definition{
	Type: jsonschema.Object,
	Properties: map[string]jsonschema.Definition{
		"ticket_id": {Type: jsonschema.String, Description: "ticket number"},
		"verbose":   {Type: jsonschema.Boolean},
	},
	Required: []string{"ticket_id"},
}

func Lookup(ctx context.Context, c *openai.Client, question string) (openai.ChatCompletionResponse, error) {
	tools := []openai.Tool{{
		Type:     openai.ToolTypeFunction,
		Function: &openai.FunctionDefinition{Name: "lookup_ticket", Parameters: ticketParams},
	}}
	return c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model:    openai.GPT4o,
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: question}},
		Tools:    tools,
	})
}

func Embed(ctx context.Context, c *openai.Client, texts []string) (openai.EmbeddingResponse, error) {
	return c.CreateEmbeddings(ctx, openai.EmbeddingRequest{Input: texts, Model: openai.SmallEmbedding3, Dimensions: 256})
}
