namespace Appliance.Catalog.Tests.Manifests;

/// <summary>The ONNX Runtime, batching and tokenizer keys: defaults, values, and every invalid value.</summary>
public sealed class ManifestOnnxKeysTests : TempFolderTest
{
    [Fact]
    public void LoadFile_OnnxEmbeddingWithOnlyRequiredKeys_AppliesEveryDefault()
    {
        var path = Folder.Write("minilm.json", TestManifests.OnnxEmbeddingJson());

        var result = ManifestLoader.LoadFile(path);

        Assert.Empty(result.Errors);
        var expected = new ModelManifest
        {
            Id = "minilm",
            Kind = ModelKind.Embedding,
            Format = ModelFormat.Onnx,
            FilePath = Folder.Combine("model.onnx"),
            Sha256 = TestManifests.Sha,
            ContextLength = 256,
            ExecutionProvider = ExecutionProvider.Cpu,
            DeviceId = 0,
            CpuFallback = false,
            IntraOpThreads = null,
            GraphOptimization = GraphOptimization.All,
            MaxBatchSize = 32,
            MaxQueueDelay = TimeSpan.FromMilliseconds(2),
            Pooling = EmbeddingPooling.Mean,
            VocabularyPath = Folder.Combine("vocab.txt"),
            VocabularySha256 = TestManifests.VocabularySha,
            LowerCase = true,
            ManifestPath = path,
        };
        Assert.Equal(expected, result.Manifest);
    }

    [Fact]
    public void LoadFile_OnnxEmbeddingEveryKeySet_ReadsEveryValue()
    {
        var path = Folder.Write(Path.Combine("manifests", "bge.json"), TestManifests.OnnxEmbeddingJson(
            ("context_length", "8192"),
            ("execution_provider", "\"cuda\""),
            ("device_id", "15"),
            ("cpu_fallback", "true"),
            ("intra_op_threads", "256"),
            ("graph_optimization", "\"extended\""),
            ("max_batch_size", "1024"),
            ("max_queue_delay_ms", "1000"),
            ("pooling", "\"cls\""),
            ("vocabulary", "\"../tokenizers/bge/vocab.txt\""),
            ("vocabulary_sha256", $"\"{TestManifests.VocabularySha.ToUpperInvariant()}\""),
            ("lowercase", "false")));

        var manifest = ManifestLoader.LoadFile(path).Manifest;

        Assert.NotNull(manifest);
        Assert.Equal(8192, manifest.ContextLength);
        Assert.Equal(ExecutionProvider.Cuda, manifest.ExecutionProvider);
        Assert.Equal(15, manifest.DeviceId);
        Assert.True(manifest.CpuFallback);
        Assert.Equal(256, manifest.IntraOpThreads);
        Assert.Equal(GraphOptimization.Extended, manifest.GraphOptimization);
        Assert.Equal(1024, manifest.MaxBatchSize);
        Assert.Equal(TimeSpan.FromSeconds(1), manifest.MaxQueueDelay);
        Assert.Equal(EmbeddingPooling.Cls, manifest.Pooling);
        Assert.Equal(Folder.Combine("tokenizers", "bge", "vocab.txt"), manifest.VocabularyPath);
        Assert.Equal(TestManifests.VocabularySha, manifest.VocabularySha256);
        Assert.False(manifest.LowerCase);
    }

    [Fact]
    public void LoadFile_AbsoluteVocabularyPath_IsKept()
    {
        var vocabulary = Folder.Combine("srv", "tokenizers", "vocab.txt");
        var path = Folder.Write(Path.Combine("models", "m.json"), TestManifests.OnnxEmbeddingJson(("vocabulary", $"\"{vocabulary}\"")));

        Assert.Equal(vocabulary, ManifestLoader.LoadFile(path).Manifest?.VocabularyPath);
    }

    [Theory]
    [InlineData("\"cpu\"", ExecutionProvider.Cpu)]
    [InlineData("\"cuda\"", ExecutionProvider.Cuda)]
    [InlineData("null", ExecutionProvider.Cpu)]
    public void LoadFile_ExecutionProvider_ReadsEachName(string raw, ExecutionProvider expected)
    {
        var path = Folder.Write("m.json", TestManifests.OnnxEmbeddingJson(("execution_provider", raw)));

        Assert.Equal(expected, ManifestLoader.LoadFile(path).Manifest?.ExecutionProvider);
    }

    [Theory]
    [InlineData("\"disabled\"", GraphOptimization.Disabled)]
    [InlineData("\"basic\"", GraphOptimization.Basic)]
    [InlineData("\"extended\"", GraphOptimization.Extended)]
    [InlineData("\"all\"", GraphOptimization.All)]
    [InlineData("null", GraphOptimization.All)]
    public void LoadFile_GraphOptimization_ReadsEachName(string raw, GraphOptimization expected)
    {
        var path = Folder.Write("m.json", TestManifests.OnnxEmbeddingJson(("graph_optimization", raw)));

        Assert.Equal(expected, ManifestLoader.LoadFile(path).Manifest?.GraphOptimization);
    }

    [Theory]
    [InlineData("\"mean\"", EmbeddingPooling.Mean)]
    [InlineData("\"cls\"", EmbeddingPooling.Cls)]
    [InlineData("null", EmbeddingPooling.Mean)]
    public void LoadFile_Pooling_ReadsEachName(string raw, EmbeddingPooling expected)
    {
        var path = Folder.Write("m.json", TestManifests.OnnxEmbeddingJson(("pooling", raw)));

        Assert.Equal(expected, ManifestLoader.LoadFile(path).Manifest?.Pooling);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("2", 20_000L)]
    [InlineData("0.5", 5_000L)]
    [InlineData("2.5e0", 25_000L)]
    [InlineData("1.2345", 12_345L)]
    [InlineData("0.00005", 1L)]
    [InlineData("1000", 10_000_000L)]
    public void LoadFile_MaxQueueDelayMs_KeepsFractionsToTheTick(string raw, long expectedTicks)
    {
        var path = Folder.Write("m.json", TestManifests.OnnxEmbeddingJson(("max_queue_delay_ms", raw)));

        Assert.Equal(TimeSpan.FromTicks(expectedTicks), ManifestLoader.LoadFile(path).Manifest?.MaxQueueDelay);
    }

    [Fact]
    public void LoadFile_OptionalKeysNull_AreNotSet()
    {
        var path = Folder.Write("m.json", TestManifests.OnnxEmbeddingJson(
            ("device_id", "null"), ("cpu_fallback", "null"), ("intra_op_threads", "null"),
            ("max_batch_size", "null"), ("max_queue_delay_ms", "null"), ("lowercase", "null")));

        var manifest = ManifestLoader.LoadFile(path).Manifest;

        Assert.NotNull(manifest);
        Assert.Equal(0, manifest.DeviceId);
        Assert.False(manifest.CpuFallback);
        Assert.Null(manifest.IntraOpThreads);
        Assert.Equal(32, manifest.MaxBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(2), manifest.MaxQueueDelay);
        Assert.True(manifest.LowerCase);
    }

    [Theory]
    [InlineData("execution_provider", "\"gpu\"", "must be one of \"cpu\", \"cuda\" (got \"gpu\")")]
    [InlineData("execution_provider", "\"CUDA\"", "must be one of \"cpu\", \"cuda\" (got \"CUDA\")")]
    [InlineData("execution_provider", "\"\"", "must be one of \"cpu\", \"cuda\" (got \"\")")]
    [InlineData("execution_provider", "1", "must be a string (got number 1)")]
    [InlineData("device_id", "-1", "must be between 0 and 15 (got -1)")]
    [InlineData("device_id", "16", "must be between 0 and 15 (got 16)")]
    [InlineData("device_id", "0.5", "must be an integer (got number 0.5)")]
    [InlineData("device_id", "\"0\"", "must be an integer (got string \"0\")")]
    [InlineData("cpu_fallback", "\"true\"", "must be true or false (got string \"true\")")]
    [InlineData("cpu_fallback", "1", "must be true or false (got number 1)")]
    [InlineData("intra_op_threads", "0", "must be between 1 and 256 (got 0)")]
    [InlineData("intra_op_threads", "257", "must be between 1 and 256 (got 257)")]
    [InlineData("graph_optimization", "\"none\"", "must be one of \"all\", \"basic\", \"disabled\", \"extended\" (got \"none\")")]
    [InlineData("graph_optimization", "true", "must be a string (got true)")]
    [InlineData("max_batch_size", "0", "must be between 1 and 1024 (got 0)")]
    [InlineData("max_batch_size", "1025", "must be between 1 and 1024 (got 1025)")]
    [InlineData("max_batch_size", "8.5", "must be an integer (got number 8.5)")]
    [InlineData("max_queue_delay_ms", "-1", "must be between 0 and 1000 (got -1)")]
    [InlineData("max_queue_delay_ms", "1000.5", "must be between 0 and 1000 (got 1000.5)")]
    [InlineData("max_queue_delay_ms", "1e400", "must be between 0 and 1000 (got 1e400)")]
    [InlineData("max_queue_delay_ms", "\"2\"", "must be a number (got string \"2\")")]
    [InlineData("pooling", "\"max\"", "must be one of \"cls\", \"mean\" (got \"max\")")]
    [InlineData("pooling", "[\"mean\"]", "must be a string (got an array)")]
    [InlineData("vocabulary", null, "is required for kind \"embedding\" with format \"onnx\" (the WordPiece vocabulary, e.g. vocab.txt)")]
    [InlineData("vocabulary", "null", "is required for kind \"embedding\" with format \"onnx\" (the WordPiece vocabulary, e.g. vocab.txt)")]
    [InlineData("vocabulary", "\" \"", "is required for kind \"embedding\" with format \"onnx\" (the WordPiece vocabulary, e.g. vocab.txt)")]
    [InlineData("vocabulary", "5", "must be a string (got number 5)")]
    [InlineData("vocabulary_sha256", null, "is required when \"vocabulary\" is set")]
    [InlineData("vocabulary_sha256", "null", "is required when \"vocabulary\" is set")]
    [InlineData("vocabulary_sha256", "\"abc\"", "must be 64 hexadecimal characters (got 3 characters: \"abc\")")]
    [InlineData("lowercase", "\"yes\"", "must be true or false (got string \"yes\")")]
    [InlineData("context_length", null, "is required for kind \"embedding\" with format \"onnx\" (the most tokens one text may have)")]
    [InlineData("context_length", "8", "must be between 16 and 1048576 (got 8)")]
    [InlineData("lower_case", "true", "unknown key (did you mean \"lowercase\"?)")]
    [InlineData("max_batch_sise", "8", "unknown key (did you mean \"max_batch_size\"?)")]
    [InlineData("execution_providers", "\"cpu\"", "unknown key (did you mean \"execution_provider\"?)")]
    [InlineData("poolng", "\"cls\"", "unknown key (did you mean \"pooling\"?)")]
    public void LoadFile_OnnxEmbeddingInvalidValue_ReportsExactlyOneError(string key, string? raw, string problem)
    {
        var path = Folder.Write("minilm.json", TestManifests.OnnxEmbeddingJson((key, raw)));

        var result = ManifestLoader.LoadFile(path);

        Assert.Null(result.Manifest);
        Assert.Equal($"{path}: {key}: {problem}", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void LoadFile_OnnxEmbeddingSeveralProblems_ReportsEveryOne()
    {
        var path = Folder.Write("bad.json", TestManifests.OnnxEmbeddingJson(
            ("context_length", null),
            ("vocabulary", null),
            ("pooling", "\"max\""),
            ("max_batch_size", "0"),
            ("device_id", "99")));

        var result = ManifestLoader.LoadFile(path);

        Assert.Equal(
            ["context_length", "device_id", "max_batch_size", "pooling", "vocabulary"],
            result.Errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }
}
