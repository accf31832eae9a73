using System.Text.Json;
using OpenAI.Chat;

namespace Acme.Travel;

// Trip planner: a function tool and a structured-output format, both written as JSON in raw strings.
public sealed class TripPlanner
{
    private static readonly ChatTool FlightSearchTool = ChatTool.CreateFunctionTool(
        functionName: nameof(SearchFlights),
        functionDescription: "Search flights between two airports",
        functionParameters: BinaryData.FromBytes("""
            {
                "type": "object",
                "properties": {
                    "from": { "type": "string", "description": "IATA code" },
                    "to": { "type": "string", "description": "IATA code" },
                    "date": { "type": "string", "format": "date" }
                },
                "required": [ "from", "to" ]
            }
            """u8.ToArray()));

    private static readonly ChatResponseFormat ItineraryFormat = ChatResponseFormat.CreateJsonSchemaFormat(
        jsonSchemaFormatName: "itinerary",
        jsonSchema: BinaryData.FromBytes("""
            {
                "type": "object",
                "properties": {
                    "legs": { "type": "array", "items": { "type": "string" } },
                    "total_price": { "type": "number" }
                },
                "required": [ "legs", "total_price" ],
                "additionalProperties": false
            }
            """u8.ToArray()),
        jsonSchemaIsStrict: true);

    private readonly ChatClient _chat = new(model: "gpt-4.1", apiKey: Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

    public async Task<string> PlanAsync(string request)
    {
        ChatCompletionOptions options = new() { Tools = { FlightSearchTool }, ResponseFormat = ItineraryFormat };
        ChatCompletion completion = await _chat.CompleteChatAsync([new UserChatMessage(request)], options);
        return completion.Content[0].Text;
    }

    private static string SearchFlights(string from, string to, string? date) => JsonSerializer.Serialize(new { from, to, date });
}
