using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Acme.Agents;

public static class KernelSetup
{
    private const string PlannerModel = "gpt-4o";

    public static Kernel Build(IConfiguration config)
    {
        var builder = Kernel.CreateBuilder();
        builder.AddOpenAIChatCompletion(
            modelId: PlannerModel,
            apiKey: config["OpenAI:ApiKey"]!,
            serviceId: "planner");
        builder.AddOpenAIChatCompletion(modelId: "gpt-4o-mini", apiKey: config["OpenAI:ApiKey"]!, serviceId: "worker");
        builder.AddAzureOpenAIChatCompletion(
            deploymentName: config["AzureOpenAI:Deployment"] ?? "gpt-4.1",
            endpoint: config["AzureOpenAI:Endpoint"]!,
            apiKey: config["AzureOpenAI:ApiKey"]!,
            serviceId: "azure");
        return builder.Build();
    }

    public static async Task<string> PlanAsync(Kernel kernel, string goal)
    {
        var chat = kernel.GetRequiredService<IChatCompletionService>("planner");
        var history = new ChatHistory("Break the goal into concrete steps.");
        history.AddUserMessage(goal);
        var reply = await chat.GetChatMessageContentAsync(history, kernel: kernel);
        return reply.Content ?? string.Empty;
    }
}
