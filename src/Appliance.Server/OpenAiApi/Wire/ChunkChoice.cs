namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>One choice's delta.</summary>
internal sealed record ChunkChoice(int Index, ChatMessageOut Delta, string? FinishReason);
