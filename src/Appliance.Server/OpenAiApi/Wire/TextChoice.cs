namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>One choice of a completion.</summary>
internal sealed record TextChoice(int Index, string Text, string? FinishReason);
