namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>Token counts of a response (embeddings leave <see cref="CompletionTokens"/> out).</summary>
internal sealed record Usage(int PromptTokens, int? CompletionTokens, int TotalTokens)
{
    public PromptTokensDetails? PromptTokensDetails { get; init; }

    public CompletionTokensDetails? CompletionTokensDetails { get; init; }

    /// <summary>The usage of a finished generation.</summary>
    public static Usage Of(Core.Generation.TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new(usage.PromptTokens, usage.CompletionTokens, usage.PromptTokens + usage.CompletionTokens)
        {
            PromptTokensDetails = new PromptTokensDetails(usage.CachedPromptTokens),
            CompletionTokensDetails = new CompletionTokensDetails(usage.ReasoningTokens),
        };
    }
}
