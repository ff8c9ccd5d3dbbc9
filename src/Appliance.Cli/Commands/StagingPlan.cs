using Appliance.Core.Models;

namespace Appliance.Cli.Commands;

/// <summary>
/// What <c>models add</c> decided from a model file and the options: the manifest's settings,
/// what it found (shown to the operator, in order) and warnings about things the server will
/// not like. The hashes come later, so the plan is made (and refusals raised) before hashing.
/// </summary>
internal sealed record StagingPlan
{
    public required ModelFormat Format { get; init; }

    public required ModelKind Kind { get; init; }

    /// <summary>0 leaves <c>context_length</c> out (ONNX tensor models).</summary>
    public int ContextLength { get; init; }

    public string? Quantization { get; init; }

    public EmbeddingPooling Pooling { get; init; } = EmbeddingPooling.Mean;

    /// <summary>A reasoning model's markers (GGUF chat template with <c>&lt;think&gt;</c>); null otherwise.</summary>
    public ReasoningMarkers? Reasoning { get; init; }

    public string? License { get; init; }

    public string? Source { get; init; }

    public required string Description { get; init; }

    /// <summary>(label, value) lines for the operator.</summary>
    public required IReadOnlyList<(string Label, string Value)> Findings { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The manifest for these settings and hashes; every setting not decided here keeps the manifest's default.</summary>
    public ModelManifest ToManifest(
        string id, string filePath, string sha256, string? vocabularyPath, string? vocabularySha256, string manifestPath) => new()
        {
            Id = id,
            Kind = Kind,
            Format = Format,
            FilePath = filePath,
            Sha256 = sha256,
            Quantization = Quantization,
            ContextLength = ContextLength,
            Pooling = Pooling,
            Reasoning = Reasoning,
            VocabularyPath = vocabularyPath,
            VocabularySha256 = vocabularySha256,
            License = License,
            Source = Source,
            Description = Description,
            ManifestPath = manifestPath,
        };
}
