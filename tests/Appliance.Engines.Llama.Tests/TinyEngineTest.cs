namespace Appliance.Engines.Llama.Tests;

/// <summary>Base of a test class that needs the real engine on a tiny synthetic GGUF (Q4_0, seed 11, the default test limits), loaded once per test.</summary>
public abstract class TinyEngineTest : IAsyncLifetime
{
    private readonly TempFolder _folder;

    protected TinyEngineTest(string prefix)
    {
        _folder = new TempFolder(prefix);
    }

    /// <summary>The loaded engine.</summary>
    protected ITextGenerationEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var path = _folder.Combine("tiny.gguf");
        SyntheticModel.WriteFile(path, new SyntheticModelOptions { Preset = SyntheticModelPreset.Tiny, WeightType = GgmlType.Q4_0, Seed = 11 });
        Engine = await TestEngines.LoadAsync(path);
    }

    public Task DisposeAsync()
    {
        Engine.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
