using OpenAI.Chat;

namespace Acme;

public class Agent
{
    // Azure deployment hosts gpt-35-turbo until the migration.
    private readonly ChatClient _client = new(model: "gpt-5.2-mini", apiKey: Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
    private const string Verbatim = @"o3-mini";
}
