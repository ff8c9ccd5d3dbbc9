namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>One choice of a chat completion.</summary>
internal sealed record ChatChoice(int Index, ChatMessageOut Message, string FinishReason);
