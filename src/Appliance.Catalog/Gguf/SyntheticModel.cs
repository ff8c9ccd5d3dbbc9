namespace Appliance.Catalog.Gguf;

/// <summary>
/// Generates llama-architecture GGUF models with deterministic random weights (normal, std
/// 0.02; norms 1.0) and a working SentencePiece-style vocabulary (English, clinical terms,
/// common Chinese characters, byte fallback) that llama.cpp loads, tokenizes and runs.
/// The output is nonsense text at realistic speed: for tests and benchmarks.
/// </summary>
public static class SyntheticModel
{
    /// <summary>The ChatML template Qwen2 uses.</summary>
    public const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private const float WeightStandardDeviation = 0.02f;
    private const int ChunkFloats = 1 << 20;

    /// <summary>The shape <paramref name="options"/> produce (the preset with overrides applied).</summary>
    public static SyntheticModelShape GetShape(SyntheticModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var shape = SyntheticModelShape.For(options.Preset);
        if (options.ContextLength is { } context)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(context, 1, nameof(options));
            shape = shape with { ContextLength = context };
        }

        return shape;
    }

    /// <summary>Writes the model to <paramref name="path"/> atomically (a ".tmp" file, then a rename).</summary>
    public static void WriteFile(string path, SyntheticModelOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var writer = CreateWriter(options);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                writer.WriteTo(stream, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes the model to <paramref name="output"/>, which is left open.</summary>
    public static void Write(Stream output, SyntheticModelOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        CreateWriter(options).WriteTo(output, cancellationToken);
    }

    /// <summary>A writer holding the model's metadata and tensors; data is generated as it writes.</summary>
    public static GgufWriter CreateWriter(SyntheticModelOptions options)
    {
        var shape = GetShape(options);
        var weightType = options.WeightType ?? (options.Preset == SyntheticModelPreset.Tiny ? GgmlType.F32 : GgmlType.Q4_0);
        var fileType = weightType switch
        {
            GgmlType.F32 => 0u,
            GgmlType.F16 => 1u,
            GgmlType.Q4_0 => 2u,
            GgmlType.Q8_0 => 7u,
            _ => throw new ArgumentException($"Synthetic weights can be F32, F16, Q8_0 or Q4_0, not {weightType}.", nameof(options)),
        };

        var writer = new GgufWriter();
        AddModelMetadata(writer, options, shape, fileType);
        AddTokenizerMetadata(writer, options, shape);
        AddTensors(writer, shape, weightType, options.Seed);
        return writer;
    }

    private static void AddModelMetadata(GgufWriter w, SyntheticModelOptions options, SyntheticModelShape shape, uint fileType)
    {
        const string Arch = "llama";
        var name = options.Name ?? (options.Preset == SyntheticModelPreset.Tiny
            ? "appliance-synthetic-tiny"
            : "appliance-synthetic-realistic");
        w.AddMetadata(GgufKeys.Architecture, GgufValue.FromString(Arch));
        w.AddMetadata(GgufKeys.Name, GgufValue.FromString(name));
        w.AddMetadata(Arch + GgufKeys.ContextLengthSuffix, GgufValue.FromUInt32((uint)shape.ContextLength));
        w.AddMetadata(Arch + GgufKeys.EmbeddingLengthSuffix, GgufValue.FromUInt32((uint)shape.EmbeddingLength));
        w.AddMetadata(Arch + GgufKeys.BlockCountSuffix, GgufValue.FromUInt32((uint)shape.BlockCount));
        w.AddMetadata(Arch + GgufKeys.FeedForwardLengthSuffix, GgufValue.FromUInt32((uint)shape.FeedForwardLength));
        w.AddMetadata(Arch + GgufKeys.HeadCountSuffix, GgufValue.FromUInt32((uint)shape.HeadCount));
        w.AddMetadata(Arch + GgufKeys.HeadCountKvSuffix, GgufValue.FromUInt32((uint)shape.HeadCountKv));
        w.AddMetadata(Arch + GgufKeys.RmsEpsilonSuffix, GgufValue.FromFloat32(1e-5f));
        w.AddMetadata(Arch + GgufKeys.RopeFreqBaseSuffix, GgufValue.FromFloat32(10000f));
        w.AddMetadata(Arch + GgufKeys.RopeDimensionCountSuffix, GgufValue.FromUInt32((uint)shape.HeadDimension));
        w.AddMetadata(Arch + GgufKeys.VocabSizeSuffix, GgufValue.FromUInt32((uint)shape.VocabularySize));
        w.AddMetadata(GgufKeys.FileType, GgufValue.FromUInt32(fileType));
        w.AddMetadata(GgufKeys.QuantizationVersion, GgufValue.FromUInt32(2));
    }

    private static void AddTokenizerMetadata(GgufWriter w, SyntheticModelOptions options, SyntheticModelShape shape)
    {
        var vocabulary = SyntheticVocabulary.Build(shape.VocabularySize);
        w.AddMetadata(GgufKeys.TokenizerModel, GgufValue.FromString("llama"));
        w.AddMetadata(GgufKeys.TokenizerPre, GgufValue.FromString("default"));
        w.AddMetadata(GgufKeys.Tokens, GgufValue.FromArray(vocabulary.Tokens));
        w.AddMetadata(GgufKeys.Scores, GgufValue.FromArray(vocabulary.Scores));
        w.AddMetadata(GgufKeys.TokenTypes, GgufValue.FromArray(vocabulary.Types));
        w.AddMetadata(GgufKeys.BosTokenId, GgufValue.FromUInt32(SyntheticVocabulary.BosId));
        w.AddMetadata(GgufKeys.EosTokenId, GgufValue.FromUInt32(SyntheticVocabulary.EosId));
        w.AddMetadata(GgufKeys.UnknownTokenId, GgufValue.FromUInt32(SyntheticVocabulary.UnknownId));
        w.AddMetadata(GgufKeys.AddBosToken, GgufValue.FromBool(true));
        w.AddMetadata(GgufKeys.AddEosToken, GgufValue.FromBool(false));
        if (options.IncludeChatTemplate)
        {
            w.AddMetadata(GgufKeys.ChatTemplate, GgufValue.FromString(options.ChatTemplate ?? ChatMlTemplate));
        }
    }

    private static void AddTensors(GgufWriter w, SyntheticModelShape shape, GgmlType weightType, int seed)
    {
        long hidden = shape.EmbeddingLength;
        long ffn = shape.FeedForwardLength;
        long vocab = shape.VocabularySize;
        var index = 0;
        void Matrix(string name, long ne0, long ne1, GgmlType type)
        {
            var tensorIndex = index++;
            w.AddTensor(name, [ne0, ne1], type, sink => WriteRandomRows(sink, seed, tensorIndex));
        }

        void Norm(string name)
        {
            index++;
            w.AddTensor(name, [hidden], GgmlType.F32, sink => WriteOnes(sink));
        }

        Matrix("token_embd.weight", hidden, vocab, weightType);
        for (var b = 0; b < shape.BlockCount; b++)
        {
            var p = $"blk.{b}.";
            Norm(p + "attn_norm.weight");
            Matrix(p + "attn_q.weight", hidden, hidden, weightType);
            Matrix(p + "attn_k.weight", hidden, shape.KvWidth, weightType);
            Matrix(p + "attn_v.weight", hidden, shape.KvWidth, weightType);
            Matrix(p + "attn_output.weight", hidden, hidden, weightType);
            Norm(p + "ffn_norm.weight");
            Matrix(p + "ffn_gate.weight", hidden, ffn, weightType);
            Matrix(p + "ffn_up.weight", hidden, ffn, weightType);
            Matrix(p + "ffn_down.weight", ffn, hidden, weightType);
        }

        Norm("output_norm.weight");
        Matrix("output.weight", hidden, vocab, weightType == GgmlType.Q4_0 ? GgmlType.Q8_0 : weightType);
    }

    private static void WriteOnes(GgufTensorDataWriter sink)
    {
        var ones = new float[sink.Tensor.ElementCount];
        Array.Fill(ones, 1f);
        sink.WriteValues(ones);
    }

    /// <summary>
    /// Generates and encodes a chunk of rows in parallel (each row has its own random stream,
    /// so the bytes do not depend on scheduling), then writes it: memory stays at one chunk.
    /// </summary>
    private static void WriteRandomRows(GgufTensorDataWriter sink, int seed, int tensorIndex)
    {
        var type = sink.Tensor.Type;
        var rowLength = (int)sink.Tensor.Dimensions[0];
        var rowBytes = GgmlQuantizer.EncodedBytes(type, rowLength);
        var rows = sink.Tensor.Dimensions[1];
        var rowsPerChunk = (int)Math.Clamp(ChunkFloats / rowLength, 1, rows);
        var chunk = new byte[rowsPerChunk * rowBytes];
        for (long first = 0; first < rows; first += rowsPerChunk)
        {
            var count = (int)Math.Min(rowsPerChunk, rows - first);
            var start = first;
            Parallel.For(
                0,
                count,
                () => new float[rowLength],
                (r, _, row) =>
                {
                    var random = SyntheticRandom.ForRow(seed, tensorIndex, start + r);
                    random.FillNormal(row, WeightStandardDeviation);
                    GgmlQuantizer.Encode(type, row, chunk.AsSpan(r * rowBytes, rowBytes));
                    return row;
                },
                _ => { });
            sink.WriteBytes(chunk.AsSpan(0, count * rowBytes));
        }
    }
}
