namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>A whole chat completion (<c>object: chat.completion</c>).</summary>
internal sealed record ChatCompletion(string Id, long Created, string Model, IReadOnlyList<ChatChoice> Choices, Usage Usage)
{
    public string Object { get; init; } = "chat.completion";
}
