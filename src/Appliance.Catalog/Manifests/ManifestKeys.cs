using System.Collections.Frozen;

namespace Appliance.Catalog.Manifests;

/// <summary>The snake_case keys of a manifest file, in the order the writer emits them.</summary>
internal static class ManifestKeys
{
    public const string Id = "id";
    public const string Kind = "kind";
    public const string Format = "format";
    public const string File = "file";
    public const string Sha256 = "sha256";
    public const string Quantization = "quantization";
    public const string ContextLength = "context_length";
    public const string GpuLayers = "gpu_layers";
    public const string MaxSequences = "max_sequences";
    public const string BatchTokens = "batch_tokens";
    public const string ChatTemplate = "chat_template";
    public const string Reasoning = "reasoning";

    /// <summary>The keys inside <see cref="Reasoning"/>'s object.</summary>
    public const string ReasoningStart = "start", ReasoningEnd = "end", ReasoningMaxTokens = "max_tokens";

    public const string ExecutionProvider = "execution_provider";
    public const string DeviceId = "device_id";
    public const string CpuFallback = "cpu_fallback";
    public const string IntraOpThreads = "intra_op_threads";
    public const string GraphOptimization = "graph_optimization";
    public const string MaxBatchSize = "max_batch_size";
    public const string MaxQueueDelayMs = "max_queue_delay_ms";
    public const string Pooling = "pooling";
    public const string Vocabulary = "vocabulary";
    public const string VocabularySha256 = "vocabulary_sha256";
    public const string LowerCase = "lowercase";
    public const string License = "license";
    public const string Source = "source";
    public const string Description = "description";
    public const string Load = "load";
    public const string Evictable = "evictable";

    /// <summary>Pseudo key for a manifest file that cannot be read.</summary>
    public const string FileLevel = "(file)";

    /// <summary>Pseudo key for malformed JSON or a top level that is not an object.</summary>
    public const string Json = "(json)";

    /// <summary>Pseudo key for a manifests folder that cannot be listed.</summary>
    public const string Directory = "(directory)";

    public static readonly IReadOnlyList<string> All =
    [
        Id, Kind, Format, File, Sha256, Quantization, ContextLength, GpuLayers,
        MaxSequences, BatchTokens, ChatTemplate, Reasoning, ExecutionProvider, DeviceId, CpuFallback,
        IntraOpThreads, GraphOptimization, MaxBatchSize, MaxQueueDelayMs, Pooling, Vocabulary,
        VocabularySha256, LowerCase, License, Source, Description, Load, Evictable,
    ];

    public static readonly FrozenSet<string> Known = All.ToFrozenSet(StringComparer.Ordinal);
}
