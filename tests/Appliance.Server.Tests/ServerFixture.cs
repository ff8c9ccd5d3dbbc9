using Appliance.Catalog.Gguf;
using Appliance.Catalog.Manifests;
using Appliance.Core.Models;
using Microsoft.Extensions.Logging;

namespace Appliance.Server.Tests;

/// <summary>
/// The server the integration tests share: the real LLamaSharp engine on a synthetic GGUF (tiny
/// shape, Q8_0, ChatML template) served as <see cref="ModelId"/> and, with a long context, as
/// <see cref="LongModelId"/>, plus two broken models: one whose sha256 does not match and one whose
/// file is missing. Every log line at Trace. Reflection on, a 5 s drain.
/// </summary>
public sealed class ServerFixture : ApplianceServerFixture
{
    public const string LongModelId = "tiny-long";
    public const int LongContextLength = 8192;
    public const string BadShaModelId = "tiny-bad-sha";
    public const string MissingModelId = "tiny-missing";
    public const int ContextLength = 256;

    public ServerFixture()
    {
        MinimumLogLevel = LogLevel.Trace;
        Settings["Appliance:Server:EnableReflection"] = "true";
        Settings["Appliance:Scheduler:DrainTimeout"] = "00:00:05";
    }

    public string ModelPath => Path.Combine(ModelsDirectory, "tiny.q8_0.gguf");

    protected override async Task StageModelsAsync(CancellationToken cancellationToken)
    {
        SyntheticModel.WriteFile(ModelPath, new SyntheticModelOptions { Preset = SyntheticModelPreset.Tiny, WeightType = GgmlType.Q8_0, Seed = 7 }, cancellationToken);
        var tiny = TestManifests.TextGeneration(ModelId, ModelPath) with
        {
            Sha256 = await Sha256Hex.OfFileAsync(ModelPath, cancellationToken),
            Quantization = "Q8_0",
            ContextLength = ContextLength,
            MaxSequences = 4,
            BatchTokens = 64,
            License = "MIT",
            Source = "synthetic (tests)",
        };
        StageManifest(tiny);
        StageManifest(tiny with { Id = LongModelId, ContextLength = LongContextLength });
        StageManifest(tiny with { Id = BadShaModelId, Sha256 = new string('0', 64) }, serving: false);
        StageManifest(tiny with { Id = MissingModelId, FilePath = Path.Combine(ModelsDirectory, "absent.gguf") }, serving: false);
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
