package toolfiles

import (
	"context"
	"encoding/json"
	"os"

	"github.com/openai/openai-go"
)

// Classify labels a support message with a tool whose parameters are kept in
// schemas/classify.json.
func Classify(ctx context.Context, client *openai.Client, msg string) (*openai.ChatCompletion, error) {
	raw, err := os.ReadFile("schemas/classify.json")
	if err != nil {
		return nil, err
	}
	var params openai.FunctionParameters
	if err := json.Unmarshal(raw, &params); err != nil {
		return nil, err
	}
	return client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4oMini,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(msg)},
		Tools: []openai.ChatCompletionToolParam{{
			Function: openai.FunctionDefinitionParam{Name: "classify", Parameters: params},
		}},
	})
}
