namespace Appliance.Catalog.Gguf;

/// <summary>The hyper-parameters of a synthetic llama-architecture model.</summary>
public sealed record SyntheticModelShape(
    int BlockCount,
    int EmbeddingLength,
    int HeadCount,
    int HeadCountKv,
    int FeedForwardLength,
    int VocabularySize,
    int ContextLength)
{
    public static SyntheticModelShape Tiny { get; } = new(
        BlockCount: 2, EmbeddingLength: 64, HeadCount: 4, HeadCountKv: 2, FeedForwardLength: 128,
        VocabularySize: 2048, ContextLength: 512);

    public static SyntheticModelShape RealisticShape { get; } = new(
        BlockCount: 24, EmbeddingLength: 896, HeadCount: 14, HeadCountKv: 2, FeedForwardLength: 4864,
        VocabularySize: 32000, ContextLength: 2048);

    /// <summary>The size of one attention head (also the rope dimension count).</summary>
    public int HeadDimension => EmbeddingLength / HeadCount;

    /// <summary>The width of the K and V projections.</summary>
    public int KvWidth => HeadCountKv * HeadDimension;

    public static SyntheticModelShape For(SyntheticModelPreset preset) => preset switch
    {
        SyntheticModelPreset.Tiny => Tiny,
        SyntheticModelPreset.RealisticShape => RealisticShape,
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown synthetic model preset."),
    };
}
