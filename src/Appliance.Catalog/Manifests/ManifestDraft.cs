using Appliance.Core.Models;

namespace Appliance.Catalog.Manifests;

/// <summary>
/// The values one parse has read so far; null means "not set" (absent, JSON null) or "invalid"
/// (the reader then holds an error for that key). <see cref="ManifestRules"/> checks how they
/// combine; <see cref="ManifestParser"/> fills in defaults when building the manifest.
/// </summary>
internal sealed class ManifestDraft
{
    public string? Id { get; set; }

    public ModelKind? Kind { get; set; }

    public ModelFormat? Format { get; set; }

    public string? FilePath { get; set; }

    public string? Sha256 { get; set; }

    public string? Quantization { get; set; }

    public int? ContextLength { get; set; }

    public int? GpuLayers { get; set; }

    public int? MaxSequences { get; set; }

    public int? BatchTokens { get; set; }

    public string? ChatTemplate { get; set; }

    public ReasoningMarkers? Reasoning { get; set; }

    public ExecutionProvider? ExecutionProvider { get; set; }

    public int? DeviceId { get; set; }

    public bool? CpuFallback { get; set; }

    public int? IntraOpThreads { get; set; }

    public GraphOptimization? GraphOptimization { get; set; }

    public int? MaxBatchSize { get; set; }

    public TimeSpan? MaxQueueDelay { get; set; }

    public EmbeddingPooling? Pooling { get; set; }

    public string? VocabularyPath { get; set; }

    public string? VocabularySha256 { get; set; }

    public bool? LowerCase { get; set; }

    public ModelLoadPolicy? Load { get; set; }

    public bool? Evictable { get; set; }

    public string? License { get; set; }

    public string? Source { get; set; }

    public string? Description { get; set; }
}
