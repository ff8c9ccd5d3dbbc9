namespace Appliance.Engines.Llama.Tests;

/// <summary>Slot prompt cache: a new sequence starts from a free slot holding the same beginning, and the reused KV gives the same output as a fresh computation.</summary>
public sealed class PrefixCacheTests : IAsyncLifetime
{
    private static readonly SamplingParameters Greedy = new() { Temperature = 0, RepeatPenalty = 1 };
    private readonly TempFolder _folder = new("appliance-prefix");
    private ITextGenerationEngine _cached = null!;
    private ITextGenerationEngine _uncached = null!;

    public async Task InitializeAsync()
    {
        var path = _folder.Combine("tiny.gguf");
        SyntheticModel.WriteFile(path, new SyntheticModelOptions { WeightType = GgmlType.Q8_0, Seed = 5 });
        _cached = await TestEngines.LoadAsync(path, contextLength: 256, batchTokens: 64, prefixCache: true);
        _uncached = await TestEngines.LoadAsync(path, contextLength: 256, batchTokens: 64, prefixCache: false);
    }

    public Task DisposeAsync()
    {
        _cached.Dispose();
        _uncached.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Start_SharedSystemPrompt_ReusesItsKvAndGeneratesTheSameTokens()
    {
        var system = _cached.Tokenize("You are a clinical assistant. Summarise discharge notes in formal Chinese. 请用规范的医学术语。");
        var first = system.Concat(_cached.Tokenize("Patient A: fever.").Skip(1)).ToArray();
        var second = system.Concat(_cached.Tokenize("Patient B: cough and chest pain.").Skip(1)).ToArray();

        Run(_cached, first, 6);
        var (cached, reused) = Run(_cached, second, 8);
        var (none, fresh) = Run(_uncached, second, 8);

        Assert.True(cached >= system.Count, $"expected at least the {system.Count} system prompt tokens cached, got {cached}");
        Assert.Equal(0, none);
        Assert.Equal(fresh, reused);
    }

    [Fact]
    public void Start_ChatsWithTheSameSystemTurn_ReuseTheirCommonTokens()
    {
        int[] Chat(string user) =>
            [.. _cached.TokenizeChat(_cached.RenderChat([new ChatMessage("system", "You are a clinical assistant. 请用规范的医学术语。"), new ChatMessage("user", user)]))];
        var first = Chat("Patient A: fever.");
        var second = Chat("Patient B: cough and chest pain.");
        var common = first.Zip(second).TakeWhile(p => p.First == p.Second).Count();

        Run(_cached, first, 4);
        var (cached, _) = Run(_cached, second, 4);

        Assert.True(common > 10, $"only {common} common tokens");
        Assert.Equal(common, cached);
    }

    [Fact]
    public void Start_SamePromptAgain_RefeedsOnlyTheLastToken()
    {
        var prompt = _cached.Tokenize("Normalise: pt c/o SOB x3d, no fever.").ToArray();

        var (_, before) = Run(_cached, prompt, 4);
        var (cached, again) = Run(_cached, prompt, 4);

        Assert.Equal(prompt.Length - 1, cached);
        Assert.Equal(before, again);
    }

    private static (int Cached, List<int> Tokens) Run(ITextGenerationEngine engine, int[] prompt, int count)
    {
        var start = engine.Start(new SequenceStart(prompt, Greedy));
        var tokens = new List<int>();
        var feed = prompt[start.CachedTokens..];
        for (var i = 0; i < count; i++)
        {
            var token = engine.Step(new StepPlan([new StepItem(start.Slot, feed, true)]))[0].Token;
            tokens.Add(token);
            feed = [token];
        }

        engine.Release(start.Slot);
        return (start.CachedTokens, tokens);
    }
}
