using System.ClientModel;
using Azure.AI.OpenAI;
using Azure.Identity;
using OpenAI.Chat;

namespace Acme.Internal.Search;

// Deployments in our Azure resource are named after the models they serve.
public class PolicyAssistant
{
    private readonly ChatClient _chat;
    private readonly ChatClient _summaries;

    public PolicyAssistant(Uri endpoint, string summaryDeployment = "gpt-4o-mini")
    {
        AzureOpenAIClient azureClient = new(endpoint, new DefaultAzureCredential());
        _chat = azureClient.GetChatClient("gpt-4o");
        _summaries = azureClient.GetChatClient(deploymentName: summaryDeployment);
    }

    public static ChatClient FromKey(string key) =>
        new AzureOpenAIClient(
            new Uri(Environment.GetEnvironmentVariable("AZURE_OPENAI_ENDPOINT")!),
            new ApiKeyCredential(key))
        .GetChatClient(Environment.GetEnvironmentVariable("AZURE_OPENAI_DEPLOYMENT") ?? "gpt-4.1");

    public async Task<string> AskAsync(string question)
    {
        ChatCompletion answer = await _chat.CompleteChatAsync(
            new SystemChatMessage("Answer only from company policy."),
            new UserChatMessage(question));
        return answer.Content[0].Text;
    }

    public async Task<string> SummariseAsync(string policyText)
    {
        ChatCompletion summary = await _summaries.CompleteChatAsync(new UserChatMessage("Summarise:\n" + policyText));
        return summary.Content[0].Text;
    }
}
