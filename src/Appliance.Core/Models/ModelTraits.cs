namespace Appliance.Core.Models;

/// <summary>
/// What a loaded engine tells callers about its model beyond the manifest (ModelInfo's engine
/// fields). Null or empty where the engine does not know or the model's kind has no such thing.
/// </summary>
public sealed record ModelTraits
{
    /// <summary>Nothing known (an engine that reports no traits).</summary>
    public static ModelTraits None { get; } = new();

    /// <summary>Text generation: whether chat turns can be rendered (a chat template from the GGUF file or the manifest).</summary>
    public bool? HasChatTemplate { get; init; }

    /// <summary>Text generation: the tokenizer's special tokens.</summary>
    public IReadOnlyList<SpecialToken> SpecialTokens { get; init; } = [];

    /// <summary>Embeddings: length of every vector.</summary>
    public int? EmbeddingDimension { get; init; }

    /// <summary>Most tokens one input may have (a prompt with room for one generated token, or one text to embed).</summary>
    public int? MaxInputTokens { get; init; }
}
