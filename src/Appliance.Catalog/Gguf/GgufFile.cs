using System.Diagnostics.CodeAnalysis;

namespace Appliance.Catalog.Gguf;

/// <summary>
/// What <see cref="GgufReader"/> found in a GGUF file: metadata, tensor infos and the layout,
/// with typed accessors. The Get methods throw <see cref="InvalidDataException"/> naming the
/// key when it is missing or of another type; the TryGet methods return false instead.
/// </summary>
public sealed class GgufFile
{
    internal GgufFile(
        int version,
        IReadOnlyDictionary<string, GgufValue> metadata,
        IReadOnlyList<GgufTensorInfo> tensors,
        int alignment,
        long tensorDataOffset,
        long fileLength)
    {
        Version = version;
        Metadata = metadata;
        Tensors = tensors;
        Alignment = alignment;
        TensorDataOffset = tensorDataOffset;
        FileLength = fileLength;
        ParameterCount = tensors.Sum(t => t.ElementCount);
    }

    public int Version { get; }

    public IReadOnlyDictionary<string, GgufValue> Metadata { get; }

    /// <summary>Tensor infos in file order; offsets are relative to <see cref="TensorDataOffset"/>.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    public int Alignment { get; }

    /// <summary>Absolute file offset where tensor data starts.</summary>
    public long TensorDataOffset { get; }

    public long FileLength { get; }

    /// <summary>The sum of all tensors' element counts.</summary>
    public long ParameterCount { get; }

    /// <summary><c>general.architecture</c>, such as "llama"; null when absent.</summary>
    public string? Architecture => TryGetString(GgufKeys.Architecture, out var v) ? v : null;

    /// <summary><c>general.name</c>; null when absent.</summary>
    public string? Name => TryGetString(GgufKeys.Name, out var v) ? v : null;

    /// <summary><c>{architecture}.context_length</c>: the context the model was trained for.</summary>
    public uint? ContextLength => ArchitectureUInt32(GgufKeys.ContextLengthSuffix);

    /// <summary><c>{architecture}.embedding_length</c>.</summary>
    public uint? EmbeddingLength => ArchitectureUInt32(GgufKeys.EmbeddingLengthSuffix);

    /// <summary><c>{architecture}.block_count</c>: the number of layers.</summary>
    public uint? BlockCount => ArchitectureUInt32(GgufKeys.BlockCountSuffix);

    /// <summary><c>tokenizer.chat_template</c>; null when the model has none.</summary>
    public string? ChatTemplate => TryGetString(GgufKeys.ChatTemplate, out var v) ? v : null;

    /// <summary><c>general.file_type</c> (llama.cpp's LLAMA_FTYPE: 0 all F32, 1 F16, 2 Q4_0, 7 Q8_0...).</summary>
    public uint? FileType => TryGetUInt32(GgufKeys.FileType, out var v) ? v : null;

    /// <summary>The number of tokens in <c>tokenizer.ggml.tokens</c>; null when absent.</summary>
    public int? TokenCount => TryGetValue(GgufKeys.Tokens, out var v) && v.ElementType == GgufValueType.String ? v.Count : null;

    public bool ContainsKey(string key) => Metadata.ContainsKey(key);

    public GgufValue Get(string key) => Metadata.TryGetValue(key, out var value)
        ? value
        : throw new InvalidDataException($"GGUF metadata has no key '{key}'.");

    public string GetString(string key) => Convert(key, v => v.AsString());

    public uint GetUInt32(string key) => Convert(key, v => v.AsUInt32());

    public ulong GetUInt64(string key) => Convert(key, v => v.AsUInt64());

    public long GetInt64(string key) => Convert(key, v => v.AsInt64());

    public float GetSingle(string key) => Convert(key, v => v.AsSingle());

    public bool GetBoolean(string key) => Convert(key, v => v.AsBoolean());

    public IReadOnlyList<T> GetArray<T>(string key) => Convert(key, v => v.AsArray<T>());

    public bool TryGetValue(string key, [NotNullWhen(true)] out GgufValue? value) => Metadata.TryGetValue(key, out value);

    public bool TryGetString(string key, [NotNullWhen(true)] out string? value)
    {
        value = TryGetValue(key, out var v) && v.Type == GgufValueType.String ? v.AsString() : null;
        return value is not null;
    }

    /// <summary>True when the key holds an integer (of any width) that fits in uint32.</summary>
    public bool TryGetUInt32(string key, out uint value)
    {
        var wide = TryGetValue(key, out var v) ? v.AsInt64OrDefault() : null;
        var ok = wide is >= 0 and <= uint.MaxValue;
        value = ok ? (uint)wide!.Value : 0;
        return ok;
    }

    public bool TryGetSingle(string key, out float value)
    {
        var ok = TryGetValue(key, out var v) && v.Type is GgufValueType.Float32 or GgufValueType.Float64;
        value = ok ? v!.AsSingle() : 0f;
        return ok;
    }

    public bool TryGetBoolean(string key, out bool value)
    {
        var ok = TryGetValue(key, out var v) && v.Type == GgufValueType.Bool;
        value = ok && v!.AsBoolean();
        return ok;
    }

    private uint? ArchitectureUInt32(string suffix) =>
        Architecture is { } arch && TryGetUInt32(arch + suffix, out var v) ? v : null;

    private T Convert<T>(string key, Func<GgufValue, T> convert)
    {
        var value = Get(key);
        try
        {
            return convert(value);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"GGUF metadata key '{key}': {e.Message}", e);
        }
    }
}
