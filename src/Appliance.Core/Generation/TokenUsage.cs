namespace Appliance.Core.Generation;

/// <summary>Token counts of one request, as the model's tokenizer counts them.</summary>
/// <param name="PromptTokens">Tokens in the rendered prompt (including BOS).</param>
/// <param name="CompletionTokens">Tokens generated (including a final end-of-generation token).</param>
/// <param name="CachedPromptTokens">Prompt tokens served from a reused KV prefix.</param>
/// <param name="ReasoningTokens">Of <paramref name="CompletionTokens"/>, those of a reasoning model's reasoning (markers and a forced end marker included).</param>
public sealed record TokenUsage(int PromptTokens, int CompletionTokens, int CachedPromptTokens = 0, int ReasoningTokens = 0);
