namespace Appliance.Server.OpenAiApi.Wire;

/// <summary><c>usage.completion_tokens_details</c>.</summary>
internal sealed record CompletionTokensDetails(int ReasoningTokens);
