using System.Security.Cryptography;
using Appliance.Catalog.Manifests;
using Appliance.Core.Models;

namespace Appliance.Catalog.Tests.Manifests;

public sealed class ModelFileVerifierTests : IDisposable
{
    private const int MiB = 1 << 20;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task VerifyAsync_MatchingFile_ReturnsOk()
    {
        var bytes = RandomBytes((3 * MiB) + 5);
        var path = _folder.WriteBytes("w.gguf", bytes);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var result = await ModelFileVerifier.VerifyAsync(Manifest(path, sha.ToUpperInvariant()), null, CancellationToken.None);

        Assert.Equal(ModelVerifyStatus.Ok, result.Status);
        Assert.True(result.IsOk);
        Assert.Equal(sha, result.ActualSha256);
    }

    [Fact]
    public async Task VerifyAsync_MissingFile_ReturnsMissing()
    {
        var path = _folder.Combine("absent", "w.gguf");

        var result = await ModelFileVerifier.VerifyAsync(Manifest(path, ManifestJson.Sha), null, CancellationToken.None);

        Assert.Equal(ModelVerifyStatus.Missing, result.Status);
        Assert.False(result.IsOk);
        Assert.Equal($"weights file not found: {path}", result.Describe());
    }

    [Fact]
    public async Task VerifyAsync_DifferentContent_ReturnsMismatchNamingBothHashes()
    {
        var path = _folder.WriteBytes("w.gguf", "abc"u8.ToArray());
        const string actual = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

        var result = await ModelFileVerifier.VerifyAsync(Manifest(path, ManifestJson.Sha), null, CancellationToken.None);

        Assert.Equal(ModelVerifyStatus.Sha256Mismatch, result.Status);
        Assert.Equal(ManifestJson.Sha, result.ExpectedSha256);
        Assert.Equal(actual, result.ActualSha256);
        Assert.Equal($"sha256 mismatch: manifest says {ManifestJson.Sha}, file is {actual} ({path})", result.Describe());
    }

    [Fact]
    public async Task VerifyAsync_PathIsAFolder_ReturnsUnreadable()
    {
        var path = _folder.Combine("dir.gguf");
        Directory.CreateDirectory(path);

        var result = await ModelFileVerifier.VerifyAsync(Manifest(path, ManifestJson.Sha), null, CancellationToken.None);

        Assert.Equal(ModelVerifyStatus.Unreadable, result.Status);
        Assert.StartsWith($"weights file unreadable: {path}: ", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_AlreadyCancelled_ThrowsOperationCanceled()
    {
        var path = _folder.WriteBytes("w.gguf", RandomBytes(1024));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ModelFileVerifier.VerifyAsync(Manifest(path, ManifestJson.Sha), null, cts.Token));
    }

    [Fact]
    public async Task VerifyAsync_CancelledMidFile_ThrowsOperationCanceledWithoutFinishing()
    {
        var path = _folder.WriteBytes("w.gguf", RandomBytes(4 * MiB));
        using var cts = new CancellationTokenSource();
        var reports = new SyncProgress(_ => cts.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ModelFileVerifier.VerifyAsync(Manifest(path, ManifestJson.Sha), reports, MiB, cts.Token));

        Assert.Single(reports.Items);
        Assert.True(reports.Items[0].BytesDone < 4 * MiB);
    }

    [Fact]
    public async Task VerifyAsync_SmallInterval_ReportsGrowingProgressEndingAtTotal()
    {
        var bytes = RandomBytes((3 * MiB) + 5);
        var path = _folder.WriteBytes("w.gguf", bytes);
        var reports = new SyncProgress();

        await ModelFileVerifier.VerifyAsync(Manifest(path, ManifestJson.Sha), reports, MiB, CancellationToken.None);

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
        var path = _folder.WriteBytes("w.gguf", RandomBytes(3 * MiB));
        var reports = new SyncProgress();

        await ModelFileVerifier.VerifyAsync(Manifest(path, ManifestJson.Sha), reports, CancellationToken.None);

        Assert.Equal(3 * MiB, Assert.Single(reports.Items).BytesDone);
    }

    [Fact]
    public async Task Sha256Hex_OfFileAsync_MatchesKnownVectorAndOneShotHash()
    {
        var small = _folder.WriteBytes("abc.bin", "abc"u8.ToArray());
        var bytes = RandomBytes((2 * MiB) + 17);
        var large = _folder.WriteBytes("large.bin", bytes);

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", await Sha256Hex.OfFileAsync(small, CancellationToken.None));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), await Sha256Hex.OfFileAsync(large, CancellationToken.None));
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
