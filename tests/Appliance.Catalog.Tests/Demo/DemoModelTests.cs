using Appliance.Catalog.Demo;
using Appliance.Catalog.Gguf;

namespace Appliance.Catalog.Tests.Demo;

public sealed class DemoModelTests : IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "appliance-demo-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Fact]
    public async Task EnsureAsync_FirstRun_WritesAModelWhoseManifestVerifies()
    {
        var directory = await DemoModel.EnsureAsync(_cache, CancellationToken.None);

        var result = Assert.Single(ManifestLoader.LoadDirectory(directory));
        var manifest = Assert.IsType<ModelManifest>(result.Manifest);
        Assert.Equal(DemoModel.Id, manifest.Id);
        Assert.Equal("Q8_0", manifest.Quantization);
        Assert.True((await ModelFileVerifier.VerifyAsync(manifest, null, CancellationToken.None)).IsOk);
    }

    [Fact]
    public async Task EnsureAsync_SecondRun_KeepsTheFile()
    {
        var directory = await DemoModel.EnsureAsync(_cache, CancellationToken.None);
        var file = ManifestLoader.LoadDirectory(directory)[0].Manifest!.FilePath;
        var written = File.GetLastWriteTimeUtc(file);

        await DemoModel.EnsureAsync(_cache, CancellationToken.None);

        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public async Task EnsureAsync_CorruptedFile_IsRegeneratedToTheSameBytes()
    {
        var directory = await DemoModel.EnsureAsync(_cache, CancellationToken.None);
        var manifest = ManifestLoader.LoadDirectory(directory)[0].Manifest!;
        await File.WriteAllTextAsync(manifest.FilePath, "not a model");

        await DemoModel.EnsureAsync(_cache, CancellationToken.None);

        Assert.Equal(manifest.Sha256, await Sha256Hex.OfFileAsync(manifest.FilePath, CancellationToken.None));
    }

    [Fact]
    public async Task EnsureAsync_ManifestContext_IsTheContextTheFileWasTrainedFor()
    {
        // The loader warns when context_length exceeds the file's {arch}.context_length: the
        // model every newcomer starts with must not.
        var directory = await DemoModel.EnsureAsync(_cache, CancellationToken.None);
        var manifest = ManifestLoader.LoadDirectory(directory)[0].Manifest!;

        var trained = GgufModelSummary.Of(GgufReader.ReadFile(manifest.FilePath)).TrainedContextLength;

        Assert.Equal(trained, manifest.ContextLength);
    }
}
