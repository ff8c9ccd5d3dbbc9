using System.Security.Cryptography;

namespace Appliance.Catalog.Tests.Gguf;

public sealed class SyntheticModelTests
{
    private static readonly SyntheticModelOptions Tiny = new();

    [Fact]
    public void Write_Tiny_HasLlamaMetadata()
    {
        var file = Read(Tiny);
        var shape = SyntheticModelShape.Tiny;

        Assert.Equal("llama", file.Architecture);
        Assert.Equal((uint)shape.ContextLength, file.ContextLength);
        Assert.Equal(64u, file.EmbeddingLength);
        Assert.Equal(2u, file.BlockCount);
        Assert.Equal(128u, file.GetUInt32("llama.feed_forward_length"));
        Assert.Equal(4u, file.GetUInt32("llama.attention.head_count"));
        Assert.Equal(2u, file.GetUInt32("llama.attention.head_count_kv"));
        Assert.Equal(1e-5f, file.GetSingle("llama.attention.layer_norm_rms_epsilon"));
        Assert.Equal(10000f, file.GetSingle("llama.rope.freq_base"));
        Assert.Equal(16u, file.GetUInt32("llama.rope.dimension_count"));
        Assert.Equal((uint)shape.VocabularySize, file.GetUInt32("llama.vocab_size"));
        Assert.Equal(0u, file.FileType);
        Assert.Equal("llama", file.GetString("tokenizer.ggml.model"));
        Assert.Equal("default", file.GetString("tokenizer.ggml.pre"));
        Assert.Equal(1u, file.GetUInt32("tokenizer.ggml.bos_token_id"));
        Assert.Equal(2u, file.GetUInt32("tokenizer.ggml.eos_token_id"));
        Assert.Equal(0u, file.GetUInt32("tokenizer.ggml.unknown_token_id"));
        Assert.True(file.GetBoolean("tokenizer.ggml.add_bos_token"));
        Assert.False(file.GetBoolean("tokenizer.ggml.add_eos_token"));
        Assert.Equal(SyntheticModel.ChatMlTemplate, file.ChatTemplate);
        Assert.Contains("<|im_start|>", file.ChatTemplate, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Tiny_VocabularyIsCompleteUniqueAndTyped()
    {
        var file = Read(Tiny);
        var tokens = file.GetArray<string>("tokenizer.ggml.tokens");
        var types = file.GetArray<int>("tokenizer.ggml.token_type");
        var scores = file.GetArray<float>("tokenizer.ggml.scores");

        Assert.Equal(SyntheticModelShape.Tiny.VocabularySize, tokens.Count);
        Assert.Equal(tokens.Count, file.TokenCount);
        Assert.Equal(tokens.Count, types.Count);
        Assert.Equal(tokens.Count, scores.Count);
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"], tokens.Take(5));
        Assert.Equal([2, 3, 3, 3, 3], types.Take(5));
        for (var b = 0; b < 256; b++)
        {
            Assert.Equal($"<0x{b:X2}>", tokens[5 + b]);
            Assert.Equal(6, types[5 + b]);
        }

        Assert.All(types.Skip(261), t => Assert.Equal(1, t));
        var pieceScores = scores.Skip(261).ToArray();
        Assert.All(pieceScores.Zip(pieceScores.Skip(1)), p => Assert.True(p.First > p.Second));
        foreach (var expected in new[] { "▁patient", "▁pain", "▁chest", "▁fever", "▁blood", "▁diagnosis", "▁The", "▁", "a", "Z", "7", ".", "患", "者", "胸", "痛", "诊", "断", "天", "三" })
        {
            Assert.Contains(expected, tokens);
        }

        // Every prefix of a word piece is a piece, so merges can build the word.
        Assert.Contains("▁pati", tokens);
        Assert.Contains("▁patie", tokens);
    }

    [Fact]
    public void Write_Tiny_TensorsHaveLlamaShapes()
    {
        var file = Read(Tiny with { WeightType = GgmlType.Q8_0 });
        var tensors = file.Tensors.ToDictionary(t => t.Name);

        Assert.Equal(3 + (2 * 9), tensors.Count);
        AssertTensor(tensors["token_embd.weight"], [64, 2048], GgmlType.Q8_0);
        AssertTensor(tensors["blk.0.attn_norm.weight"], [64], GgmlType.F32);
        AssertTensor(tensors["blk.1.attn_q.weight"], [64, 64], GgmlType.Q8_0);
        AssertTensor(tensors["blk.1.attn_k.weight"], [64, 32], GgmlType.Q8_0);
        AssertTensor(tensors["blk.1.attn_v.weight"], [64, 32], GgmlType.Q8_0);
        AssertTensor(tensors["blk.1.attn_output.weight"], [64, 64], GgmlType.Q8_0);
        AssertTensor(tensors["blk.1.ffn_norm.weight"], [64], GgmlType.F32);
        AssertTensor(tensors["blk.1.ffn_gate.weight"], [64, 128], GgmlType.Q8_0);
        AssertTensor(tensors["blk.1.ffn_up.weight"], [64, 128], GgmlType.Q8_0);
        AssertTensor(tensors["blk.1.ffn_down.weight"], [128, 64], GgmlType.Q8_0);
        AssertTensor(tensors["output_norm.weight"], [64], GgmlType.F32);
        AssertTensor(tensors["output.weight"], [64, 2048], GgmlType.Q8_0);
        Assert.Equal(7u, file.FileType);
        Assert.Equal(file.Tensors.Sum(t => t.ElementCount), file.ParameterCount);
        Assert.Equal((2 * 64 * 2048) + (3 * 64) + (2 * ((2 * 64 * 64) + (2 * 64 * 32) + (3 * 64 * 128) + 64)), file.ParameterCount);
    }

    [Fact]
    public void Write_Q4_0_OutputIsQ8_0AndFileTypeIsMostlyQ4_0()
    {
        var file = Read(Tiny with { WeightType = GgmlType.Q4_0 });

        Assert.Equal(2u, file.FileType);
        Assert.Equal(GgmlType.Q4_0, file.Tensors.Single(t => t.Name == "blk.0.ffn_up.weight").Type);
        Assert.Equal(GgmlType.Q8_0, file.Tensors.Single(t => t.Name == "output.weight").Type);
    }

    [Fact]
    public void Write_Tiny_WeightsAreNormalWithStd002AndNormsAreOne()
    {
        var bytes = WriteBytes(Tiny);
        var file = GgufReader.Read(new MemoryStream(bytes));

        var norm = Values(bytes, file, "blk.0.attn_norm.weight");
        var embedding = Values(bytes, file, "token_embd.weight");

        Assert.All(norm, v => Assert.Equal(1f, v));
        var mean = embedding.Average();
        var std = Math.Sqrt(embedding.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.001, 0.001);
        Assert.InRange(std, 0.019, 0.021);
    }

    [Fact]
    public void Write_WithoutChatTemplate_HasNoTemplateKey()
    {
        var file = Read(Tiny with { IncludeChatTemplate = false });

        Assert.Null(file.ChatTemplate);
        Assert.False(file.ContainsKey("tokenizer.chat_template"));
    }

    [Fact]
    public void Write_ContextLengthOverride_IsRecorded()
    {
        Assert.Equal(4096u, Read(Tiny with { ContextLength = 4096 }).ContextLength);
    }

    [Theory]
    [InlineData(GgmlType.F32)]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_0)]
    public void Write_SameOptionsTwice_ByteIdentical(GgmlType type)
    {
        var options = Tiny with { WeightType = type, Seed = 7 };

        Assert.Equal(SHA256.HashData(WriteBytes(options)), SHA256.HashData(WriteBytes(options)));
    }

    [Fact]
    public void Write_DifferentSeed_DifferentWeightsSameVocabulary()
    {
        var a = WriteBytes(Tiny with { Seed = 1 });
        var b = WriteBytes(Tiny with { Seed = 2 });
        var fileA = GgufReader.Read(new MemoryStream(a));
        var fileB = GgufReader.Read(new MemoryStream(b));

        Assert.NotEqual(SHA256.HashData(a), SHA256.HashData(b));
        Assert.Equal(fileA.GetArray<string>("tokenizer.ggml.tokens"), fileB.GetArray<string>("tokenizer.ggml.tokens"));
        Assert.NotEqual(Values(a, fileA, "blk.0.attn_q.weight"), Values(b, fileB, "blk.0.attn_q.weight"));
    }

    [Fact]
    public void WriteFile_WritesAtomicallyAndMatchesStreamOutput()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"synthetic-{Guid.NewGuid():N}");
        var path = Path.Combine(directory, "tiny.gguf");
        try
        {
            SyntheticModel.WriteFile(path, Tiny);

            Assert.Equal(WriteBytes(Tiny), File.ReadAllBytes(path));
            Assert.Equal(["tiny.gguf"], Directory.GetFiles(directory).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void CreateWriter_UnsupportedWeightType_Throws()
    {
        Assert.Throws<ArgumentException>(() => SyntheticModel.CreateWriter(Tiny with { WeightType = GgmlType.Q4_K }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticModel.CreateWriter(Tiny with { ContextLength = 0 }));
    }

    [Fact]
    public void GetShape_RealisticShape_Has415MParameterShape()
    {
        var shape = SyntheticModel.GetShape(new SyntheticModelOptions { Preset = SyntheticModelPreset.RealisticShape });

        Assert.Equal((24, 896, 14, 2, 4864, 32000, 2048), (shape.BlockCount, shape.EmbeddingLength, shape.HeadCount,
            shape.HeadCountKv, shape.FeedForwardLength, shape.VocabularySize, shape.ContextLength));
        Assert.Equal(64, shape.HeadDimension);
        Assert.Equal(128, shape.KvWidth);
    }

    [Fact]
    public void Vocabulary_RealisticSize_FillsToExactSizeWithUniqueTokens()
    {
        var vocabulary = SyntheticVocabulary.Build(32000);

        Assert.Equal(32000, vocabulary.Tokens.Count);
        Assert.Equal(32000, vocabulary.Tokens.Distinct(StringComparer.Ordinal).Count());
    }

    private static byte[] WriteBytes(SyntheticModelOptions options)
    {
        using var stream = new MemoryStream();
        SyntheticModel.Write(stream, options);
        return stream.ToArray();
    }

    private static GgufFile Read(SyntheticModelOptions options) => GgufReader.Read(new MemoryStream(WriteBytes(options)));

    private static float[] Values(byte[] bytes, GgufFile file, string name)
    {
        var t = file.Tensors.Single(x => x.Name == name);
        var values = new float[t.ElementCount];
        GgmlQuantizer.Decode(t.Type, bytes.AsSpan((int)(file.TensorDataOffset + t.Offset), (int)t.ByteSize!.Value), values);
        return values;
    }

    private static void AssertTensor(GgufTensorInfo t, long[] dims, GgmlType type)
    {
        Assert.Equal(dims, t.Dimensions);
        Assert.Equal(type, t.Type);
    }
}
