using System.Collections.Frozen;
using System.Globalization;
using Appliance.Core.Models;

namespace Appliance.Catalog.Gguf;

/// <summary>
/// What an operator needs to know about a GGUF model to stage it, read from its metadata and
/// tensor infos (never its weights): architecture, trained context, quantisation, parameter
/// count, chat template, licence, whether it is an embedding model, and its KV cache per token.
/// </summary>
public sealed record GgufModelSummary
{
    /// <summary>KV cache entries are f16 unless llama.cpp is told otherwise (the engine does not).</summary>
    private const int KvBytesPerValue = 2;

    /// <summary>
    /// llama.cpp architectures that only embed (bidirectional encoders); their files also declare
    /// <c>{arch}.pooling_type</c>, which <see cref="Of"/> checks too.
    /// </summary>
    public static readonly FrozenSet<string> EmbeddingArchitectures = FrozenSet.Create(
        StringComparer.Ordinal,
        "bert", "modern-bert", "nomic-bert", "nomic-bert-moe", "neo-bert", "jina-bert-v2", "jina-bert-v3", "gemma-embedding");

    /// <summary>The GGUF version (2 or 3).</summary>
    public required int Version { get; init; }

    /// <summary><c>general.architecture</c>, e.g. "qwen2"; null when absent.</summary>
    public string? Architecture { get; init; }

    /// <summary><c>general.name</c>; null when absent.</summary>
    public string? Name { get; init; }

    /// <summary><c>{arch}.context_length</c>: the context the model was trained for; null when absent.</summary>
    public long? TrainedContextLength { get; init; }

    /// <summary><c>general.file_type</c>; null when absent.</summary>
    public uint? FileType { get; init; }

    /// <summary>The quantisation label (Q4_K_M, Q8_0...), from the file type or else the matrices' dominant type; null when neither tells.</summary>
    public string? Quantization { get; init; }

    /// <summary>Where <see cref="Quantization"/> came from, for the operator (e.g. "general.file_type 15").</summary>
    public required string QuantizationSource { get; init; }

    /// <summary>The sum of every tensor's element count.</summary>
    public required long ParameterCount { get; init; }

    /// <summary>The number of tensors.</summary>
    public required int TensorCount { get; init; }

    /// <summary>True when the file carries <c>tokenizer.chat_template</c>.</summary>
    public required bool HasChatTemplate { get; init; }

    /// <summary>A reasoning model's markers, when its chat template is DeepSeek-R1/QwQ-style (<see cref="ReasoningTemplates"/>); else null.</summary>
    public ReasoningMarkers? Reasoning { get; init; }

    /// <summary><c>general.license</c> (an SPDX expression), else <c>general.license.name</c>; null when absent.</summary>
    public string? License { get; init; }

    /// <summary><c>general.source.url</c>, <c>general.source.huggingface.repository</c> or <c>general.url</c>; null when absent.</summary>
    public string? Source { get; init; }

    /// <summary>
    /// <c>split.count</c>: the number of files llama-gguf-split cut the model into (each carries
    /// part of the tensors); 1 for a whole model.
    /// </summary>
    public int SplitCount { get; init; } = 1;

    /// <summary><c>{arch}.pooling_type</c> (llama.cpp: 0 none, 1 mean, 2 cls, 3 last, 4 rank); null when absent.</summary>
    public uint? PoolingType { get; init; }

    /// <summary>The manifest pooling that <see cref="PoolingType"/> names, or null when it names none the server has.</summary>
    public EmbeddingPooling? Pooling => PoolingType switch
    {
        1 => EmbeddingPooling.Mean,
        2 => EmbeddingPooling.Cls,
        _ => null,
    };

    /// <summary>An embedding model: an encoder architecture, or a file that declares mean, cls or last pooling.</summary>
    public bool IsEmbeddingModel =>
        (Architecture is { } arch && EmbeddingArchitectures.Contains(arch)) || PoolingType is 1 or 2 or 3;

    /// <summary>
    /// Bytes of KV cache one token takes in f16: layers x KV heads x (key + value length) x 2;
    /// null when the file lacks a number it needs (or gives one per layer).
    /// </summary>
    public long? KvBytesPerToken { get; init; }

    /// <summary>Reads the summary out of <paramref name="file"/>.</summary>
    public static GgufModelSummary Of(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var arch = file.Architecture;
        var (quantization, source) = QuantizationOf(file);
        return new GgufModelSummary
        {
            Version = file.Version,
            Architecture = arch,
            Name = file.Name,
            TrainedContextLength = file.ContextLength,
            FileType = file.FileType,
            Quantization = quantization,
            QuantizationSource = source,
            ParameterCount = file.ParameterCount,
            TensorCount = file.Tensors.Count,
            HasChatTemplate = !string.IsNullOrWhiteSpace(file.ChatTemplate),
            Reasoning = ReasoningTemplates.Detect(file.ChatTemplate),
            License = FirstString(file, GgufKeys.License, GgufKeys.LicenseName),
            Source = FirstString(file, GgufKeys.SourceUrl, GgufKeys.SourceRepository, GgufKeys.Url),
            SplitCount = file.TryGetUInt32(GgufKeys.SplitCount, out var parts) && parts > 1 ? (int)Math.Min(parts, int.MaxValue) : 1,
            PoolingType = arch is not null && file.TryGetUInt32(arch + GgufKeys.PoolingTypeSuffix, out var pooling) ? pooling : null,
            KvBytesPerToken = KvBytesPerTokenOf(file),
        };
    }

    private static (string? Label, string Source) QuantizationOf(GgufFile file)
    {
        if (file.FileType is { } fileType)
        {
            var number = fileType.ToString(CultureInfo.InvariantCulture);
            return LlamaFileTypes.Label(fileType) is { } label
                ? (label, $"{GgufKeys.FileType} {number}")
                : (null, $"{GgufKeys.FileType} {number}, a number this version does not know");
        }

        return LlamaFileTypes.DominantMatrixType(file) is { } type
            ? (type.ToString(), $"most matrix elements are {type} (the file has no {GgufKeys.FileType})")
            : (null, $"no {GgufKeys.FileType} and no matrices");
    }

    private static string? FirstString(GgufFile file, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (file.TryGetString(key, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }

    private static long? KvBytesPerTokenOf(GgufFile file)
    {
        if (file.Architecture is not { } arch
            || file.BlockCount is not { } layers
            || !file.TryGetUInt32(arch + GgufKeys.HeadCountSuffix, out var heads)
            || heads == 0)
        {
            return null;
        }

        var kvHeads = file.TryGetUInt32(arch + GgufKeys.HeadCountKvSuffix, out var kv) ? kv : heads;
        var headSize = file.EmbeddingLength is { } width ? width / heads : 0;
        var keyLength = file.TryGetUInt32(arch + GgufKeys.KeyLengthSuffix, out var k) ? k : headSize;
        var valueLength = file.TryGetUInt32(arch + GgufKeys.ValueLengthSuffix, out var v) ? v : headSize;
        if (keyLength == 0 || valueLength == 0)
        {
            return null;
        }

        return (long)layers * kvHeads * (keyLength + valueLength) * KvBytesPerValue;
    }
}
