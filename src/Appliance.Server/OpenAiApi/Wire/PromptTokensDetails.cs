namespace Appliance.Server.OpenAiApi.Wire;

/// <summary><c>usage.prompt_tokens_details</c>.</summary>
internal sealed record PromptTokensDetails(int CachedTokens);
