using Appliance.Catalog.Gguf;

namespace Appliance.Testing.Server;

/// <summary>A synthetic text-generation model a fixture writes before the start: a GGUF of random weights and the manifest that serves it.</summary>
public sealed record StagedModel(string Id)
{
    public GgmlType WeightType { get; init; } = GgmlType.Q8_0;

    public int ContextLength { get; init; } = 256;

    public int Seed { get; init; } = 42;

    public int MaxSequences { get; init; } = 2;

    public int BatchTokens { get; init; } = 64;

    /// <summary>Further ids served from the same weights, one manifest each.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Further ids served from the same weights whose manifests declare DeepSeek-R1's reasoning markers (<c>&lt;think&gt;</c>, <c>&lt;/think&gt;</c>).</summary>
    public IReadOnlyList<string> ReasoningAliases { get; init; } = [];

    /// <summary>What <see cref="SyntheticModel"/> writes.</summary>
    public SyntheticModelOptions Weights => new() { WeightType = WeightType, ContextLength = ContextLength, Seed = Seed };
}
