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
            Sha256 = ManifestJson.Sha.ToUpperInvariant(),
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

        var expected = manifest with { Sha256 = ManifestJson.Sha, ManifestPath = path };
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
        var weights = _folder.Combine("srv", "minilm.onnx");
        var path = _folder.Combine("models", "minilm.json");
        var manifest = new ModelManifest
        {
            Id = "minilm",
            Kind = ModelKind.Embedding,
            Format = ModelFormat.Onnx,
            FilePath = weights,
            Sha256 = ManifestJson.Sha,
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
}
