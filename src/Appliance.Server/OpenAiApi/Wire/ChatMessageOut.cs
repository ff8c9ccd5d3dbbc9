namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>The assistant's message (also a streamed delta, whose fields may be absent).</summary>
internal sealed record ChatMessageOut(string? Role, string? Content);
