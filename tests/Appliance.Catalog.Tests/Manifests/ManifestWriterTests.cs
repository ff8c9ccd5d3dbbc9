namespace Appliance.Catalog.Tests.Manifests;

public sealed class ManifestWriterTests : TempFolderTest
{
    [Fact]
    public void Write_EveryField_RoundTripsThroughLoader()
    {
        var path = Folder.Combine("models", "qwen.json");
        var manifest = TestManifests.TextGeneration("qwen2.5-7b-instruct", Folder.Combine("models", "weights", "qwen.gguf"), "/ignored.json") with
        {
            Sha256 = TestManifests.Sha.ToUpperInvariant(),
            Quantization = "Q4_K_M",
            ContextLength = 32768,
            GpuLayers = -1,
            MaxSequences = 8,
            BatchTokens = 1024,
            ChatTemplate = "<|im_start|>{{ role }}\n{{ content }}<|im_end|>",
            License = "Apache-2.0",
            Source = "Qwen/Qwen2.5-7B-Instruct-GGUF",
            Description = "Entlassbrief – résumé",
        };

        var written = ManifestWriter.Write(manifest, path);
        var loaded = ManifestLoader.LoadFile(path);

        var expected = manifest with { Sha256 = TestManifests.Sha, ManifestPath = path };
        Assert.Empty(loaded.Errors);
        Assert.Equal(expected, loaded.Manifest);
        Assert.Equal(expected, written);
        var json = File.ReadAllText(path);
        Assert.Contains("\"file\": \"weights/qwen.gguf\"", json, StringComparison.Ordinal);
        Assert.Contains("\"context_length\": 32768", json, StringComparison.Ordinal);
        Assert.Contains("<|im_start|>", json, StringComparison.Ordinal);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Write_WeightsOutsideManifestFolder_WritesAbsolutePath()
    {
        var weights = Folder.Combine("srv", "ocr.onnx");
        var path = Folder.Combine("models", "ocr.json");
        var manifest = TestManifests.Tensor("ocr", weights, path);

        ManifestWriter.Write(manifest, path);

        Assert.Contains($"\"file\": \"{weights}\"", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.DoesNotContain("context_length", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(manifest, ManifestLoader.LoadFile(path).Manifest);
    }

    [Fact]
    public void Write_InvalidManifest_ThrowsListingErrorsAndWritesNothing()
    {
        var path = Folder.Combine("bad.json");
        var manifest = TestManifests.TextGeneration("Bad Id", "w.onnx", path) with { Format = ModelFormat.Onnx, Sha256 = "abc", ContextLength = 0 };

        var ex = Assert.Throws<ArgumentException>(() => ManifestWriter.Write(manifest, path));

        Assert.Contains($"{path}: id: must match", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}: sha256: must be 64 hexadecimal characters", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}: format: must be \"gguf\"", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Write_OnnxEmbeddingEveryField_RoundTripsThroughLoader()
    {
        var path = Folder.Combine("models", "bge.json");
        var vocabulary = Folder.Combine("tokenizers", "bge", "vocab.txt");
        var manifest = TestManifests.OnnxEmbedding("bge-m3", Folder.Combine("models", "weights", "bge", "model.onnx"), vocabulary, path) with
        {
            ContextLength = 8192,
            ExecutionProvider = ExecutionProvider.Cuda,
            DeviceId = 3,
            CpuFallback = true,
            IntraOpThreads = 6,
            GraphOptimization = GraphOptimization.Basic,
            MaxBatchSize = 64,
            MaxQueueDelay = TimeSpan.FromTicks(12_345),
            Pooling = EmbeddingPooling.Cls,
            VocabularySha256 = TestManifests.VocabularySha.ToUpperInvariant(),
            LowerCase = false,
            License = "MIT",
        };

        var written = ManifestWriter.Write(manifest, path);
        var loaded = ManifestLoader.LoadFile(path);

        var expected = manifest with { VocabularySha256 = TestManifests.VocabularySha };
        Assert.Empty(loaded.Errors);
        Assert.Equal(expected, loaded.Manifest);
        Assert.Equal(expected, written);
        var json = File.ReadAllText(path);
        Assert.Contains("\"file\": \"weights/bge/model.onnx\"", json, StringComparison.Ordinal);
        Assert.Contains($"\"vocabulary\": \"{vocabulary}\"", json, StringComparison.Ordinal);
        Assert.Contains("\"max_queue_delay_ms\": 1.2345", json, StringComparison.Ordinal);
        Assert.Contains("\"execution_provider\": \"cuda\"", json, StringComparison.Ordinal);
        Assert.Contains("\"pooling\": \"cls\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OnnxEmbeddingDefaults_WritesEverySettingThatAppliesAndNoGgufSetting()
    {
        var path = Folder.Combine("minilm.json");
        var manifest = TestManifests.OnnxEmbedding("minilm", Folder.Combine("model.onnx"), "vocab.txt", path);

        var written = ManifestWriter.Write(manifest, path);

        Assert.Equal(manifest with { VocabularyPath = Folder.Combine("vocab.txt") }, written);
        var json = File.ReadAllText(path);
        string[] present =
        [
            "\"context_length\": 256", "\"execution_provider\": \"cpu\"", "\"device_id\": 0", "\"cpu_fallback\": false",
            "\"graph_optimization\": \"all\"", "\"max_batch_size\": 32", "\"max_queue_delay_ms\": 2,", "\"pooling\": \"mean\"",
            "\"vocabulary\": \"vocab.txt\"", $"\"vocabulary_sha256\": \"{TestManifests.VocabularySha}\"", "\"lowercase\": true",
        ];
        Assert.All(present, text => Assert.Contains(text, json, StringComparison.Ordinal));
        Assert.All(
            (string[])["intra_op_threads", "gpu_layers", "max_sequences", "batch_tokens"],
            key => Assert.DoesNotContain(key, json, StringComparison.Ordinal));
    }

    [Fact]
    public void Write_GgufTextGeneration_WritesNoOnnxBatchingOrTokenizerKey()
    {
        var path = Folder.Combine("qwen.json");
        var manifest = TestManifests.TextGeneration("qwen", "qwen.gguf", path);

        ManifestWriter.Write(manifest, path);

        var json = File.ReadAllText(path);
        Assert.All(
            (string[])["execution_provider", "device_id", "cpu_fallback", "graph_optimization", "max_batch_size", "max_queue_delay_ms", "pooling", "vocabulary", "lowercase"],
            key => Assert.DoesNotContain(key, json, StringComparison.Ordinal));
        Assert.Equal(manifest with { FilePath = Folder.Combine("qwen.gguf"), ManifestPath = path }, ManifestLoader.LoadFile(path).Manifest);
    }

    [Fact]
    public void Write_SettingThatDoesNotApply_ThrowsNamingTheKeyInsteadOfDroppingIt()
    {
        var path = Folder.Combine("ocr.json");
        var manifest = TestManifests.Tensor("ocr", "ocr.onnx", path) with { Pooling = EmbeddingPooling.Cls, LowerCase = false };

        var ex = Assert.Throws<ArgumentException>(() => ManifestWriter.Write(manifest, path));

        Assert.Contains($"{path}: pooling: is not allowed for kind \"tensor\" (only for \"embedding\")", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}: lowercase: is not allowed for kind \"tensor\"", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Write_OnnxEmbeddingWithoutVocabularyHash_Throws()
    {
        var path = Folder.Combine("minilm.json");
        var manifest = TestManifests.OnnxEmbedding("minilm", "model.onnx", "vocab.txt", path) with { VocabularySha256 = null };

        var ex = Assert.Throws<ArgumentException>(() => ManifestWriter.Write(manifest, path));

        Assert.Contains($"{path}: vocabulary_sha256: is required when \"vocabulary\" is set", ex.Message, StringComparison.Ordinal);
    }
}
