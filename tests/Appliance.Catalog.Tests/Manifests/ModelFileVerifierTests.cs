using System.Security.Cryptography;

namespace Appliance.Catalog.Tests.Manifests;

public sealed class ModelFileVerifierTests : TempFolderTest
{
    private const int MiB = 1 << 20;

    [Fact]
    public async Task VerifyAsync_MatchingFile_ReturnsOk()
    {
        var bytes = RandomBytes((3 * MiB) + 5);
        var path = Folder.WriteBytes("w.gguf", bytes);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var result = await ModelFileVerifier.VerifyAsync(Manifest(path, sha.ToUpperInvariant()), null, CancellationToken.None);

        Assert.Equal(ModelVerifyStatus.Ok, result.Status);
        Assert.True(result.IsOk);
        Assert.Equal(sha, result.ActualSha256);
    }

    [Fact]
    public async Task VerifyAsync_MissingFile_ReturnsMissing()
    {
        var path = Folder.Combine("absent", "w.gguf");

        var result = await ModelFileVerifier.VerifyAsync(Manifest(path, TestManifests.Sha), null, CancellationToken.None);

        Assert.Equal(ModelVerifyStatus.Missing, result.Status);
        Assert.False(result.IsOk);
        Assert.Equal($"weights file not found: {path}", result.Describe());
    }

    [Fact]
    public async Task VerifyAsync_DifferentContent_ReturnsMismatchNamingBothHashes()
    {
        var path = Folder.WriteBytes("w.gguf", "abc"u8.ToArray());
        const string actual = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

        var result = await ModelFileVerifier.VerifyAsync(Manifest(path, TestManifests.Sha), null, CancellationToken.None);

        Assert.Equal(ModelVerifyStatus.Sha256Mismatch, result.Status);
        Assert.Equal(TestManifests.Sha, result.ExpectedSha256);
        Assert.Equal(actual, result.ActualSha256);
        Assert.Equal($"sha256 mismatch: manifest says {TestManifests.Sha}, file is {actual} ({path})", result.Describe());
    }

    [Fact]
    public async Task VerifyAsync_PathIsAFolder_ReturnsUnreadable()
    {
        var path = Folder.Combine("dir.gguf");
        Directory.CreateDirectory(path);

        var result = await ModelFileVerifier.VerifyAsync(Manifest(path, TestManifests.Sha), null, CancellationToken.None);

        Assert.Equal(ModelVerifyStatus.Unreadable, result.Status);
        Assert.StartsWith($"weights file unreadable: {path}: ", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_AlreadyCancelled_ThrowsOperationCanceled()
    {
        var path = Folder.WriteBytes("w.gguf", RandomBytes(1024));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ModelFileVerifier.VerifyAsync(Manifest(path, TestManifests.Sha), null, cts.Token));
    }

    [Fact]
    public async Task VerifyAsync_CancelledMidFile_ThrowsOperationCanceledWithoutFinishing()
    {
        var path = Folder.WriteBytes("w.gguf", RandomBytes(4 * MiB));
        using var cts = new CancellationTokenSource();
        var reports = new SyncProgress(_ => cts.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ModelFileVerifier.VerifyAsync(Manifest(path, TestManifests.Sha), reports, MiB, cts.Token));

        Assert.Single(reports.Items);
        Assert.True(reports.Items[0].BytesDone < 4 * MiB);
    }

    [Fact]
    public async Task VerifyAsync_SmallInterval_ReportsGrowingProgressEndingAtTotal()
    {
        var bytes = RandomBytes((3 * MiB) + 5);
        var path = Folder.WriteBytes("w.gguf", bytes);
        var reports = new SyncProgress();

        await ModelFileVerifier.VerifyAsync(Manifest(path, TestManifests.Sha), reports, MiB, CancellationToken.None);

        Assert.True(reports.Items.Count >= 2, $"only {reports.Items.Count} reports");
        Assert.All(reports.Items, p => Assert.Equal("m", p.ModelId));
        Assert.All(reports.Items, p => Assert.Equal(bytes.Length, p.TotalBytes));
        Assert.Equal(reports.Items.Select(p => p.BytesDone).Order(), reports.Items.Select(p => p.BytesDone));
        Assert.Equal(bytes.Length, reports.Items[^1].BytesDone);
        Assert.Equal(1.0, reports.Items[^1].Fraction);
    }

    [Fact]
    public async Task VerifyAsync_DefaultIntervalOnSmallFile_ReportsOnlyTheEnd()
    {
        var path = Folder.WriteBytes("w.gguf", RandomBytes(3 * MiB));
        var reports = new SyncProgress();

        await ModelFileVerifier.VerifyAsync(Manifest(path, TestManifests.Sha), reports, CancellationToken.None);

        Assert.Equal(3 * MiB, Assert.Single(reports.Items).BytesDone);
    }

    [Fact]
    public async Task Sha256Hex_OfFileAsync_MatchesKnownVectorAndOneShotHash()
    {
        var small = Folder.WriteBytes("abc.bin", "abc"u8.ToArray());
        var bytes = RandomBytes((2 * MiB) + 17);
        var large = Folder.WriteBytes("large.bin", bytes);

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", await Sha256Hex.OfFileAsync(small, CancellationToken.None));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), await Sha256Hex.OfFileAsync(large, CancellationToken.None));
    }

    [Fact]
    public async Task VerifyFilesAsync_WeightsAndVocabularyMatch_ReturnsOkForEachFile()
    {
        var (manifest, weightsSha, vocabularySha) = EmbeddingModel();

        var results = await ModelFileVerifier.VerifyFilesAsync(manifest, null, CancellationToken.None);

        Assert.Collection(
            results,
            weights =>
            {
                Assert.Equal((ModelFileRole.Weights, ModelVerifyStatus.Ok, manifest.FilePath, weightsSha), (weights.Role, weights.Status, weights.FilePath, weights.ActualSha256));
            },
            vocabulary =>
            {
                Assert.Equal((ModelFileRole.Vocabulary, ModelVerifyStatus.Ok, manifest.VocabularyPath!, vocabularySha), (vocabulary.Role, vocabulary.Status, vocabulary.FilePath, vocabulary.ActualSha256));
                Assert.Equal($"vocabulary_sha256 ok: {manifest.VocabularyPath} is {vocabularySha}", vocabulary.Describe());
            });
        var overall = await ModelFileVerifier.VerifyAsync(manifest, null, CancellationToken.None);
        Assert.True(overall.IsOk);
        Assert.Equal(ModelFileRole.Weights, overall.Role);
    }

    [Fact]
    public async Task VerifyAsync_VocabularyMissing_ReturnsMissingNamingTheVocabulary()
    {
        var (manifest, _, _) = EmbeddingModel();
        File.Delete(manifest.VocabularyPath!);

        var result = await ModelFileVerifier.VerifyAsync(manifest, null, CancellationToken.None);

        Assert.Equal(ModelVerifyStatus.Missing, result.Status);
        Assert.Equal(ModelFileRole.Vocabulary, result.Role);
        Assert.Equal($"vocabulary file not found: {manifest.VocabularyPath}", result.Describe());
    }

    [Fact]
    public async Task VerifyAsync_VocabularyChanged_ReturnsMismatchNamingTheVocabularyKeyAndFile()
    {
        var (manifest, _, vocabularySha) = EmbeddingModel();
        File.AppendAllText(manifest.VocabularyPath!, "extra\n");
        var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(manifest.VocabularyPath!)));

        var result = await ModelFileVerifier.VerifyAsync(manifest, null, CancellationToken.None);

        Assert.Equal(ModelVerifyStatus.Sha256Mismatch, result.Status);
        Assert.Equal(ModelFileRole.Vocabulary, result.Role);
        Assert.Equal(
            $"vocabulary_sha256 mismatch: manifest says {vocabularySha}, file is {actual} ({manifest.VocabularyPath})",
            result.Describe());
    }

    [Fact]
    public async Task VerifyAsync_VocabularyIsAFolder_ReturnsUnreadableNamingTheVocabulary()
    {
        var (manifest, _, _) = EmbeddingModel();
        File.Delete(manifest.VocabularyPath!);
        Directory.CreateDirectory(manifest.VocabularyPath!);

        var result = await ModelFileVerifier.VerifyAsync(manifest, null, CancellationToken.None);

        Assert.Equal(ModelVerifyStatus.Unreadable, result.Status);
        Assert.StartsWith($"vocabulary file unreadable: {manifest.VocabularyPath}: ", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyFilesAsync_BothFilesBad_ReportsBothAndVerifyAsyncNamesTheWeightsFirst()
    {
        var (manifest, _, _) = EmbeddingModel();
        File.Delete(manifest.FilePath);
        File.Delete(manifest.VocabularyPath!);

        var results = await ModelFileVerifier.VerifyFilesAsync(manifest, null, CancellationToken.None);
        var first = await ModelFileVerifier.VerifyAsync(manifest, null, CancellationToken.None);

        Assert.Equal(
            [$"weights file not found: {manifest.FilePath}", $"vocabulary file not found: {manifest.VocabularyPath}"],
            results.Select(r => r.Describe()));
        Assert.Equal($"weights file not found: {manifest.FilePath}", first.Describe());
    }

    [Fact]
    public async Task VerifyFilesAsync_WithVocabulary_ReportsProgressForTheWeightsOnly()
    {
        var (manifest, _, _) = EmbeddingModel();
        var reports = new SyncProgress();

        await ModelFileVerifier.VerifyFilesAsync(manifest, reports, CancellationToken.None);

        Assert.Equal(new FileInfo(manifest.FilePath).Length, Assert.Single(reports.Items).TotalBytes);
    }

    [Fact]
    public async Task VerifyFilesAsync_NoVocabulary_ChecksTheWeightsOnly()
    {
        var path = Folder.WriteBytes("w.gguf", "abc"u8.ToArray());

        var results = await ModelFileVerifier.VerifyFilesAsync(Manifest(path, TestManifests.Sha), null, CancellationToken.None);

        Assert.Equal(ModelFileRole.Weights, Assert.Single(results).Role);
    }

    /// <summary>An ONNX embedding model whose weights and vocabulary exist and match their hashes.</summary>
    private (ModelManifest Manifest, string WeightsSha, string VocabularySha) EmbeddingModel()
    {
        var weights = RandomBytes(4096);
        var vocabulary = "[PAD]\n[UNK]\n[CLS]\n[SEP]\nthe\n##s\n"u8.ToArray();
        var weightsSha = Convert.ToHexStringLower(SHA256.HashData(weights));
        var vocabularySha = Convert.ToHexStringLower(SHA256.HashData(vocabulary));
        var manifest = new ModelManifest
        {
            Id = "minilm",
            Kind = ModelKind.Embedding,
            Format = ModelFormat.Onnx,
            FilePath = Folder.WriteBytes("model.onnx", weights),
            Sha256 = weightsSha,
            ContextLength = 256,
            VocabularyPath = Folder.WriteBytes("vocab.txt", vocabulary),
            VocabularySha256 = vocabularySha,
            ManifestPath = "/unused/minilm.json",
        };
        return (manifest, weightsSha, vocabularySha);
    }

    private static ModelManifest Manifest(string filePath, string sha256) => new()
    {
        Id = "m",
        Kind = ModelKind.TextGeneration,
        Format = ModelFormat.Gguf,
        FilePath = filePath,
        Sha256 = sha256,
        ContextLength = 2048,
        ManifestPath = "/unused/m.json",
    };

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Records reports on the reporting thread (Progress&lt;T&gt; would post them later).</summary>
    private sealed class SyncProgress(Action<ModelVerifyProgress>? onReport = null) : IProgress<ModelVerifyProgress>
    {
        public List<ModelVerifyProgress> Items { get; } = [];

        public void Report(ModelVerifyProgress value)
        {
            Items.Add(value);
            onReport?.Invoke(value);
        }
    }
}
