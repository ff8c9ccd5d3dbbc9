namespace Appliance.Catalog.Tests.Gguf;

/// <summary>What <c>models add</c> reads out of a GGUF file, on files the writer makes.</summary>
public sealed class GgufModelSummaryTests
{
    [Theory]
    [InlineData(GgmlType.Q8_0, "Q8_0", "general.file_type 7")]
    [InlineData(GgmlType.Q4_0, "Q4_0", "general.file_type 2")]
    [InlineData(GgmlType.F32, "F32", "general.file_type 0")]
    public void Of_SyntheticModel_GivesWhatTheWriterWrote(GgmlType type, string label, string source)
    {
        var options = new SyntheticModelOptions { WeightType = type, ContextLength = 4096, Name = "synthetic-test" };

        var summary = Summarize(SyntheticModel.CreateWriter(options));

        Assert.Equal("llama", summary.Architecture);
        Assert.Equal("synthetic-test", summary.Name);
        Assert.Equal(4096, summary.TrainedContextLength);
        Assert.Equal(label, summary.Quantization);
        Assert.Equal(source, summary.QuantizationSource);
        Assert.Equal(ExpectedParameters(SyntheticModel.GetShape(options)), summary.ParameterCount);
        Assert.True(summary.HasChatTemplate);
        Assert.Equal(1, summary.SplitCount);
        Assert.False(summary.IsEmbeddingModel);
        Assert.Null(summary.License);

        // 2 layers x 2 KV heads x (16 + 16) x 2 bytes (f16).
        Assert.Equal(2 * 2 * (16 + 16) * 2, summary.KvBytesPerToken);
    }

    [Fact]
    public void Of_WithoutChatTemplate_SaysSo()
    {
        var summary = Summarize(SyntheticModel.CreateWriter(new SyntheticModelOptions { IncludeChatTemplate = false }));

        Assert.False(summary.HasChatTemplate);
    }

    [Theory]
    [InlineData(null, false)] // ChatML
    [InlineData("{% if add_generation_prompt %}<｜Assistant｜><think>\n{% endif %}", true)] // DeepSeek-R1
    [InlineData("{{ message.content.split('</think>')[-1] }}<|im_start|>assistant\n<think>\n", true)] // QwQ
    public void Of_ChatTemplateWithThink_DeclaresTheReasoningMarkers(string? template, bool reasons)
    {
        var summary = Summarize(SyntheticModel.CreateWriter(new SyntheticModelOptions { ChatTemplate = template }));

        Assert.Equal(reasons ? new Core.Models.ReasoningMarkers("<think>", "</think>") : null, summary.Reasoning);
    }

    [Fact]
    public void Of_BertEmbeddingModelWithoutFileType_GuessesFromTheMatricesAndTakesItsPooling()
    {
        var writer = new GgufWriter();
        writer.AddMetadata(GgufKeys.Architecture, GgufValue.FromString("bert"));
        writer.AddMetadata("bert.context_length", GgufValue.FromUInt32(8192));
        writer.AddMetadata("bert.pooling_type", GgufValue.FromUInt32(2));
        writer.AddMetadata(GgufKeys.License, GgufValue.FromString("mit"));
        writer.AddMetadata(GgufKeys.SourceRepository, GgufValue.FromString("BAAI/bge-m3"));
        writer.AddTensor("token_embd.weight", [32, 8], GgmlType.F16, new float[256]);
        writer.AddTensor("blk.0.attn_q.weight", [32, 32], GgmlType.F16, new float[1024]);
        writer.AddTensor("blk.0.attn_norm.weight", [32], GgmlType.F32, new float[32]);

        var summary = Summarize(writer);

        Assert.True(summary.IsEmbeddingModel);
        Assert.Equal(EmbeddingPooling.Cls, summary.Pooling);
        Assert.Equal("F16", summary.Quantization);
        Assert.Contains("most matrix elements are F16", summary.QuantizationSource, StringComparison.Ordinal);
        Assert.Equal(256 + 1024 + 32, summary.ParameterCount);
        Assert.Equal(3, summary.TensorCount);
        Assert.Equal("mit", summary.License);
        Assert.Equal("BAAI/bge-m3", summary.Source);
        Assert.Equal(8192, summary.TrainedContextLength);
        Assert.False(summary.HasChatTemplate);
        Assert.Null(summary.KvBytesPerToken);
    }

    [Fact]
    public void Of_DecoderThatDeclaresLastPooling_IsAnEmbeddingModelWithNoServerPooling()
    {
        var writer = new GgufWriter();
        writer.AddMetadata(GgufKeys.Architecture, GgufValue.FromString("qwen3"));
        writer.AddMetadata("qwen3.pooling_type", GgufValue.FromUInt32(3));
        writer.AddMetadata(GgufKeys.FileType, GgufValue.FromUInt32(9999));

        var summary = Summarize(writer);

        Assert.True(summary.IsEmbeddingModel);
        Assert.Null(summary.Pooling);
        Assert.Null(summary.Quantization);
        Assert.Contains("9999", summary.QuantizationSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_PartOfASplitModel_SaysHowManyParts()
    {
        var writer = new GgufWriter();
        writer.AddMetadata(GgufKeys.Architecture, GgufValue.FromString("qwen2"));
        writer.AddMetadata("split.no", GgufValue.FromUInt16(0));
        writer.AddMetadata(GgufKeys.SplitCount, GgufValue.FromUInt16(2));

        Assert.Equal(2, Summarize(writer).SplitCount);
    }

    [Theory]
    [InlineData(15u, "Q4_K_M")]
    [InlineData(14u, "Q4_K_S")]
    [InlineData(17u, "Q5_K_M")]
    [InlineData(18u, "Q6_K")]
    [InlineData(7u, "Q8_0")]
    [InlineData(2u, "Q4_0")]
    [InlineData(1u, "F16")]
    [InlineData(32u, "BF16")]
    [InlineData(30u, "IQ4_XS")]
    [InlineData(1024u + 15u, "Q4_K_M")]
    [InlineData(5u, null)]
    [InlineData(500u, null)]
    public void Label_LlamaFileType_IsTheUsualName(uint fileType, string? label)
    {
        Assert.Equal(label, LlamaFileTypes.Label(fileType));
    }

    /// <summary>The synthetic llama layout, counted independently of the reader.</summary>
    internal static long ExpectedParameters(SyntheticModelShape s)
    {
        long h = s.EmbeddingLength, kv = s.KvWidth, ffn = s.FeedForwardLength, vocab = s.VocabularySize;
        var block = h + (h * h) + (2 * h * kv) + (h * h) + h + (3 * h * ffn);
        return (h * vocab) + (s.BlockCount * block) + h + (h * vocab);
    }

    private static GgufModelSummary Summarize(GgufWriter writer) => GgufModelSummary.Of(GgufWriterReaderTests.RoundTrip(writer));
}
