using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace Acme.Helpdesk;

public sealed class ReplySuggester
{
    private const string ReviewModel = "gpt-4o-mini";

    private readonly ChatClient _chat;
    private readonly ChatClient _reviewer;
    private readonly EmbeddingClient _embeddings;

    public ReplySuggester(string apiKey)
    {
        _chat = new ChatClient(model: "gpt-4o", apiKey: apiKey);
        var openAi = new OpenAIClient(apiKey);
        _reviewer = openAi.GetChatClient(ReviewModel);
        _embeddings = openAi.GetEmbeddingClient("text-embedding-3-small");
    }

    public async Task<string> SuggestAsync(string ticket, CancellationToken ct = default)
    {
        ChatCompletion completion = await _chat.CompleteChatAsync(
            [new SystemChatMessage("Suggest a reply to this ticket."), new UserChatMessage(ticket)],
            cancellationToken: ct);
        return completion.Content[0].Text;
    }

    public async Task<bool> IsPoliteAsync(string draft)
    {
        ChatCompletion completion = await _reviewer.CompleteChatAsync(
            new UserChatMessage($"Answer yes or no: is this reply polite?\n{draft}"));
        return completion.Content[0].Text.Trim().StartsWith("yes", StringComparison.OrdinalIgnoreCase);
    }

    public async Task<ReadOnlyMemory<float>> EmbedAsync(string text)
    {
        OpenAIEmbedding embedding = await _embeddings.GenerateEmbeddingAsync(text);
        return embedding.ToFloats();
    }

    public static ChatClient ForModel(string model) =>
        new ChatClient(model, Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
}
