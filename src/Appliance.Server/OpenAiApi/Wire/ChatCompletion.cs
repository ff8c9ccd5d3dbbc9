namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>A whole chat completion (<c>object: chat.completion</c>).</summary>
internal sealed record ChatCompletion(string Id, long Created, string Model, IReadOnlyList<ChatChoice> Choices, Usage Usage)
{
    public string Object { get; init; } = "chat.completion";
}

/// <summary>One choice of a chat completion.</summary>
internal sealed record ChatChoice(int Index, ChatMessageOut Message, string FinishReason);

/// <summary>The assistant's message (also a streamed delta, whose fields may be absent).</summary>
internal sealed record ChatMessageOut(string? Role, string? Content);
