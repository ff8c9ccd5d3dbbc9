using Appliance.Catalog.Manifests;
using Appliance.Core.Models;

namespace Appliance.Catalog.Tests.Manifests;

public sealed class ManifestWriterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Write_EveryField_RoundTripsThroughLoader()
    {
        var path = _folder.Combine("models", "qwen.json");
        var manifest = new ModelManifest
        {
            Id = "qwen2.5-7b-instruct",
            Kind = ModelKind.TextGeneration,
            Format = ModelFormat.Gguf,
            FilePath = _folder.Combine("models", "weights", "qwen.gguf"),
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
            ManifestPath = "/ignored.json",
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
        var weights = _folder.Combine("srv", "ocr.onnx");
        var path = _folder.Combine("models", "ocr.json");
        var manifest = new ModelManifest
        {
            Id = "ocr",
            Kind = ModelKind.Tensor,
            Format = ModelFormat.Onnx,
            FilePath = weights,
            Sha256 = TestManifests.Sha,
            ContextLength = 0,
            ManifestPath = path,
        };

        ManifestWriter.Write(manifest, path);

        Assert.Contains($"\"file\": \"{weights}\"", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.DoesNotContain("context_length", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(manifest, ManifestLoader.LoadFile(path).Manifest);
    }

    [Fact]
    public void Write_InvalidManifest_ThrowsListingErrorsAndWritesNothing()
    {
        var path = _folder.Combine("bad.json");
        var manifest = new ModelManifest
        {
            Id = "Bad Id",
            Kind = ModelKind.TextGeneration,
            Format = ModelFormat.Onnx,
            FilePath = "w.onnx",
            Sha256 = "abc",
            ContextLength = 0,
            ManifestPath = path,
        };

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
        var path = _folder.Combine("models", "bge.json");
        var manifest = new ModelManifest
        {
            Id = "bge-m3",
            Kind = ModelKind.Embedding,
            Format = ModelFormat.Onnx,
            FilePath = _folder.Combine("models", "weights", "bge", "model.onnx"),
            Sha256 = TestManifests.Sha,
            ContextLength = 8192,
            ExecutionProvider = ExecutionProvider.Cuda,
            DeviceId = 3,
            CpuFallback = true,
            IntraOpThreads = 6,
            GraphOptimization = GraphOptimization.Basic,
            MaxBatchSize = 64,
            MaxQueueDelay = TimeSpan.FromTicks(12_345),
            Pooling = EmbeddingPooling.Cls,
            VocabularyPath = _folder.Combine("tokenizers", "bge", "vocab.txt"),
            VocabularySha256 = TestManifests.VocabularySha.ToUpperInvariant(),
            LowerCase = false,
            License = "MIT",
            ManifestPath = path,
        };

        var written = ManifestWriter.Write(manifest, path);
        var loaded = ManifestLoader.LoadFile(path);

        var expected = manifest with { VocabularySha256 = TestManifests.VocabularySha };
        Assert.Empty(loaded.Errors);
        Assert.Equal(expected, loaded.Manifest);
        Assert.Equal(expected, written);
        var json = File.ReadAllText(path);
        Assert.Contains("\"file\": \"weights/bge/model.onnx\"", json, StringComparison.Ordinal);
        Assert.Contains($"\"vocabulary\": \"{_folder.Combine("tokenizers", "bge", "vocab.txt")}\"", json, StringComparison.Ordinal);
        Assert.Contains("\"max_queue_delay_ms\": 1.2345", json, StringComparison.Ordinal);
        Assert.Contains("\"execution_provider\": \"cuda\"", json, StringComparison.Ordinal);
        Assert.Contains("\"pooling\": \"cls\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OnnxEmbeddingDefaults_WritesEverySettingThatAppliesAndNoGgufSetting()
    {
        var path = _folder.Combine("minilm.json");
        var manifest = new ModelManifest
        {
            Id = "minilm",
            Kind = ModelKind.Embedding,
            Format = ModelFormat.Onnx,
            FilePath = _folder.Combine("model.onnx"),
            Sha256 = TestManifests.Sha,
            ContextLength = 256,
            VocabularyPath = "vocab.txt",
            VocabularySha256 = TestManifests.VocabularySha,
            ManifestPath = path,
        };

        var written = ManifestWriter.Write(manifest, path);

        Assert.Equal(manifest with { VocabularyPath = _folder.Combine("vocab.txt") }, written);
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
        var path = _folder.Combine("qwen.json");
        var manifest = new ModelManifest
        {
            Id = "qwen",
            Kind = ModelKind.TextGeneration,
            Format = ModelFormat.Gguf,
            FilePath = "qwen.gguf",
            Sha256 = TestManifests.Sha,
            ContextLength = 4096,
            ManifestPath = path,
        };

        ManifestWriter.Write(manifest, path);

        var json = File.ReadAllText(path);
        Assert.All(
            (string[])["execution_provider", "device_id", "cpu_fallback", "graph_optimization", "max_batch_size", "max_queue_delay_ms", "pooling", "vocabulary", "lowercase"],
            key => Assert.DoesNotContain(key, json, StringComparison.Ordinal));
        Assert.Equal(manifest with { FilePath = _folder.Combine("qwen.gguf"), ManifestPath = path }, ManifestLoader.LoadFile(path).Manifest);
    }

    [Fact]
    public void Write_SettingThatDoesNotApply_ThrowsNamingTheKeyInsteadOfDroppingIt()
    {
        var path = _folder.Combine("ocr.json");
        var manifest = new ModelManifest
        {
            Id = "ocr",
            Kind = ModelKind.Tensor,
            Format = ModelFormat.Onnx,
            FilePath = "ocr.onnx",
            Sha256 = TestManifests.Sha,
            ContextLength = 0,
            Pooling = EmbeddingPooling.Cls,
            LowerCase = false,
            ManifestPath = path,
        };

        var ex = Assert.Throws<ArgumentException>(() => ManifestWriter.Write(manifest, path));

        Assert.Contains($"{path}: pooling: is not allowed for kind \"tensor\" (only for \"embedding\")", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}: lowercase: is not allowed for kind \"tensor\"", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Write_OnnxEmbeddingWithoutVocabularyHash_Throws()
    {
        var path = _folder.Combine("minilm.json");
        var manifest = new ModelManifest
        {
            Id = "minilm",
            Kind = ModelKind.Embedding,
            Format = ModelFormat.Onnx,
            FilePath = "model.onnx",
            Sha256 = TestManifests.Sha,
            ContextLength = 256,
            VocabularyPath = "vocab.txt",
            ManifestPath = path,
        };

        var ex = Assert.Throws<ArgumentException>(() => ManifestWriter.Write(manifest, path));

        Assert.Contains($"{path}: vocabulary_sha256: is required when \"vocabulary\" is set", ex.Message, StringComparison.Ordinal);
    }
}
