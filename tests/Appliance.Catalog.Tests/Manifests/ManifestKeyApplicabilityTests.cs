namespace Appliance.Catalog.Tests.Manifests;

/// <summary>Which kinds and formats each ONNX, batching and tokenizer key is allowed for.</summary>
public sealed class ManifestKeyApplicabilityTests : TempFolderTest
{
    private const string NotForGguf = "is not allowed for format \"gguf\" (only for \"onnx\")";
    private const string TokenizerInGguf = "is not allowed for format \"gguf\" (the GGUF file carries its own tokenizer)";
    private const string NoBatchingForTextGeneration =
        "is not allowed for kind \"text-generation\" (only for \"embedding\" and \"tensor\"; text generation batches by max_sequences)";

    private const string VocabularyNotForTensor = "is not allowed for kind \"tensor\" (only for \"embedding\" with format \"onnx\")";

    public enum Base
    {
        GgufTextGeneration,
        GgufEmbedding,
        Tensor,
        OnnxEmbedding,
    }

    [Theory]
    [InlineData(Base.GgufTextGeneration, "execution_provider", "\"cpu\"", NotForGguf)]
    [InlineData(Base.GgufTextGeneration, "device_id", "0", NotForGguf)]
    [InlineData(Base.GgufTextGeneration, "cpu_fallback", "false", NotForGguf)]
    [InlineData(Base.GgufTextGeneration, "intra_op_threads", "4", NotForGguf)]
    [InlineData(Base.GgufTextGeneration, "graph_optimization", "\"all\"", NotForGguf)]
    [InlineData(Base.GgufEmbedding, "execution_provider", "\"cuda\"", NotForGguf)]
    [InlineData(Base.GgufTextGeneration, "max_batch_size", "8", NoBatchingForTextGeneration)]
    [InlineData(Base.GgufTextGeneration, "max_queue_delay_ms", "2", NoBatchingForTextGeneration)]
    [InlineData(Base.GgufTextGeneration, "pooling", "\"mean\"", "is not allowed for kind \"text-generation\" (only for \"embedding\")")]
    [InlineData(Base.Tensor, "pooling", "\"cls\"", "is not allowed for kind \"tensor\" (only for \"embedding\")")]
    [InlineData(Base.GgufTextGeneration, "vocabulary", "\"vocab.txt\"", TokenizerInGguf)]
    [InlineData(Base.GgufTextGeneration, "vocabulary_sha256", $"\"{TestManifests.VocabularySha}\"", TokenizerInGguf)]
    [InlineData(Base.GgufTextGeneration, "lowercase", "true", TokenizerInGguf)]
    [InlineData(Base.GgufEmbedding, "vocabulary", "\"vocab.txt\"", TokenizerInGguf)]
    [InlineData(Base.GgufEmbedding, "vocabulary_sha256", $"\"{TestManifests.VocabularySha}\"", TokenizerInGguf)]
    [InlineData(Base.GgufEmbedding, "lowercase", "false", TokenizerInGguf)]
    [InlineData(Base.Tensor, "vocabulary", "\"vocab.txt\"", VocabularyNotForTensor)]
    [InlineData(Base.Tensor, "vocabulary_sha256", $"\"{TestManifests.VocabularySha}\"", VocabularyNotForTensor)]
    [InlineData(Base.Tensor, "lowercase", "true", VocabularyNotForTensor)]
    [InlineData(Base.OnnxEmbedding, "vocabulary", null, "is required for kind \"embedding\" with format \"onnx\" (the WordPiece vocabulary, e.g. vocab.txt)")]
    public void LoadFile_KeyNotForKindOrFormat_ReportsExactlyOneErrorNamingTheKey(Base model, string key, string? raw, string problem)
    {
        var path = Folder.Write("m.json", Json(model, (key, raw)));

        var result = ManifestLoader.LoadFile(path);

        Assert.Null(result.Manifest);
        Assert.Equal($"{path}: {key}: {problem}", Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData(Base.GgufTextGeneration, "pooling")]
    [InlineData(Base.GgufTextGeneration, "execution_provider")]
    [InlineData(Base.GgufTextGeneration, "max_batch_size")]
    [InlineData(Base.GgufTextGeneration, "vocabulary")]
    [InlineData(Base.Tensor, "lowercase")]
    public void LoadFile_KeyNotForModelButNull_IsNotSet(Base model, string key)
    {
        var path = Folder.Write("m.json", Json(model, (key, "null")));

        Assert.Empty(ManifestLoader.LoadFile(path).Errors);
    }

    [Fact]
    public void LoadFile_KeyNotForModelWithInvalidValue_ReportsOnlyTheValue()
    {
        var path = Folder.Write("m.json", TestManifests.Json(("pooling", "\"max\"")));

        var error = Assert.Single(ManifestLoader.LoadFile(path).Errors);

        Assert.Equal($"{path}: pooling: must be one of \"cls\", \"mean\" (got \"max\")", error.ToString());
    }

    [Fact]
    public void LoadFile_VocabularyHashWithoutVocabularyOnGgufEmbedding_NamesTheHash()
    {
        var path = Folder.Write("m.json", Json(Base.GgufEmbedding, ("vocabulary_sha256", $"\"{TestManifests.VocabularySha}\"")));

        Assert.Equal($"{path}: vocabulary_sha256: {TokenizerInGguf}", Assert.Single(ManifestLoader.LoadFile(path).Errors).ToString());
    }

    [Fact]
    public void LoadFile_GgufEmbeddingWithPoolingAndBatching_IsValid()
    {
        var path = Folder.Write("m.json", Json(
            Base.GgufEmbedding, ("pooling", "\"cls\""), ("max_batch_size", "8"), ("max_queue_delay_ms", "5")));

        var result = ManifestLoader.LoadFile(path);

        Assert.Empty(result.Errors);
        Assert.Equal(EmbeddingPooling.Cls, result.Manifest!.Pooling);
        Assert.Equal(8, result.Manifest.MaxBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(5), result.Manifest.MaxQueueDelay);
        Assert.Null(result.Manifest.VocabularyPath);
    }

    [Fact]
    public void LoadFile_TensorWithOnnxAndBatchingKeys_IsValid()
    {
        var path = Folder.Write("ocr.json", TestManifests.TensorJson(
            ("context_length", "512"),
            ("execution_provider", "\"cuda\""),
            ("device_id", "1"),
            ("cpu_fallback", "true"),
            ("intra_op_threads", "8"),
            ("graph_optimization", "\"basic\""),
            ("max_batch_size", "1"),
            ("max_queue_delay_ms", "0")));

        var result = ManifestLoader.LoadFile(path);

        Assert.Empty(result.Errors);
        var manifest = result.Manifest!;
        Assert.Equal(512, manifest.ContextLength);
        Assert.Equal(ExecutionProvider.Cuda, manifest.ExecutionProvider);
        Assert.Equal(1, manifest.DeviceId);
        Assert.True(manifest.CpuFallback);
        Assert.Equal(8, manifest.IntraOpThreads);
        Assert.Equal(GraphOptimization.Basic, manifest.GraphOptimization);
        Assert.Equal(1, manifest.MaxBatchSize);
        Assert.Equal(TimeSpan.Zero, manifest.MaxQueueDelay);
        Assert.Null(manifest.VocabularyPath);
        Assert.True(manifest.LowerCase);
    }

    [Fact]
    public void LoadFile_OnnxEmbeddingDeviceIdWithCpuProvider_IsAllowed()
    {
        // device_id only matters for CUDA; keeping it while switching to CPU is not an error.
        var path = Folder.Write("m.json", TestManifests.OnnxEmbeddingJson(("execution_provider", "\"cpu\""), ("device_id", "3")));

        Assert.Equal(3, ManifestLoader.LoadFile(path).Manifest?.DeviceId);
    }

    [Fact]
    public void LoadFile_GgufEveryOnnxKey_ReportsEachKey()
    {
        var path = Folder.Write("m.json", TestManifests.Json(
            ("execution_provider", "\"cuda\""), ("device_id", "0"), ("cpu_fallback", "true"), ("intra_op_threads", "2"),
            ("graph_optimization", "\"basic\""), ("max_batch_size", "8"), ("max_queue_delay_ms", "1"), ("pooling", "\"cls\""),
            ("vocabulary", "\"v.txt\""), ("vocabulary_sha256", $"\"{TestManifests.VocabularySha}\""), ("lowercase", "true")));

        var errors = ManifestLoader.LoadFile(path).Errors;

        Assert.Equal(11, errors.Count);
        Assert.Equal(11, errors.Select(e => e.Key).Distinct().Count());
        Assert.All(errors, e => Assert.StartsWith("is not allowed for ", e.Problem, StringComparison.Ordinal));
    }

    private static string Json(Base model, params (string Key, string? Raw)[] changes) => model switch
    {
        Base.GgufTextGeneration => TestManifests.Json(changes),
        Base.GgufEmbedding => TestManifests.Json([("kind", "\"embedding\""), .. changes]),
        Base.Tensor => TestManifests.TensorJson(changes),
        Base.OnnxEmbedding => TestManifests.OnnxEmbeddingJson(changes),
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };
}
