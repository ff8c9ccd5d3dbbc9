namespace Appliance.Engines.Llama.Tests;

/// <summary>The step contract on the real LLamaSharp engine and a synthetic GGUF.</summary>
public sealed class LlamaEngineTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new("appliance-engine");
    private ITextGenerationEngine _engine = null!;

    public async Task InitializeAsync()
    {
        var path = _folder.Combine("tiny.gguf");
        SyntheticModel.WriteFile(path, new SyntheticModelOptions { Preset = SyntheticModelPreset.Tiny, WeightType = GgmlType.Q4_0, Seed = 11 });
        _engine = await TestEngines.LoadAsync(path);
    }

    public Task DisposeAsync()
    {
        _engine.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Limits_ComeFromTheManifest()
    {
        Assert.Equal(new EngineLimits(128, 2, 32), _engine.Limits);
        Assert.Contains("llama.cpp", _engine.Backend, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokenize_AddsBosAndHandlesChinese()
    {
        var tokens = _engine.Tokenize("患者胸痛");

        Assert.Equal(1, tokens[0]);
        Assert.True(tokens.Count >= 2);
    }

    [Fact]
    public void RenderChat_UsesTheEmbeddedChatMlTemplate()
    {
        var prompt = _engine.RenderChat([new ChatMessage("user", "hi")]);

        Assert.Equal("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n", prompt.Text);
    }

    [Fact]
    public void Step_ChunkedPrefillThenDecode_SamplesOnlyWhereAsked()
    {
        var prompt = _engine.Tokenize("The patient has a fever and a cough since three days.");
        var start = _engine.Start(new SequenceStart(prompt, new SamplingParameters { Temperature = 0 }));
        var half = prompt.Count / 2;
        var all = prompt.ToArray();

        var first = _engine.Step(new StepPlan([new StepItem(start.Slot, all.AsMemory(0, half), Sample: false)]));
        var second = _engine.Step(new StepPlan([new StepItem(start.Slot, all.AsMemory(half), Sample: true)]));
        var third = _engine.Step(new StepPlan([new StepItem(start.Slot, new[] { second[0].Token }, Sample: true)]));
        _engine.Release(start.Slot);

        Assert.Empty(first);
        Assert.Equal(start.Slot, Assert.Single(second).Slot);
        Assert.Single(third);
        Assert.Equal(0, start.CachedTokens);
    }

    [Fact]
    public void Step_GreedyAfterRelease_RepeatsExactly()
    {
        var prompt = _engine.Tokenize("Discharge summary:");

        var a = Greedy(prompt, 8);
        var b = Greedy(prompt, 8);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Step_TwoSequencesInOneBatch_EachGetsItsOwnToken()
    {
        var p1 = _engine.Tokenize("chest pain");
        var p2 = _engine.Tokenize("头痛发热");
        var s1 = _engine.Start(new SequenceStart(p1, new SamplingParameters { Temperature = 0 }));
        var s2 = _engine.Start(new SequenceStart(p2, new SamplingParameters { Temperature = 0 }));

        var sampled = _engine.Step(new StepPlan([new StepItem(s1.Slot, p1.ToArray(), true), new StepItem(s2.Slot, p2.ToArray(), true)]));
        _engine.Release(s1.Slot);
        _engine.Release(s2.Slot);

        Assert.Equal([s1.Slot, s2.Slot], sampled.Select(s => s.Slot));
        Assert.NotEqual(s1.Slot, s2.Slot);
    }

    [Fact]
    public void Start_AllSlotsTaken_RefusesUntilOneIsReleased()
    {
        var prompt = _engine.Tokenize("x");
        var a = _engine.Start(new SequenceStart(prompt, new SamplingParameters()));
        var b = _engine.Start(new SequenceStart(prompt, new SamplingParameters()));

        Assert.Throws<InvalidOperationException>(() => _engine.Start(new SequenceStart(prompt, new SamplingParameters())));
        _engine.Release(a.Slot);
        var c = _engine.Start(new SequenceStart(prompt, new SamplingParameters()));
        _engine.Release(b.Slot);
        _engine.Release(c.Slot);
        _engine.Release(c.Slot); // twice is a no-op

        Assert.Equal(a.Slot, c.Slot);
    }

    private List<int> Greedy(IReadOnlyList<int> prompt, int count)
    {
        var start = _engine.Start(new SequenceStart(prompt, new SamplingParameters { Temperature = 0, RepeatPenalty = 1 }));
        var tokens = new List<int>();
        var feed = prompt.Skip(start.CachedTokens).ToArray();
        for (var i = 0; i < count; i++)
        {
            var token = _engine.Step(new StepPlan([new StepItem(start.Slot, feed, true)]))[0].Token;
            tokens.Add(token);
            feed = [token];
        }

        _engine.Release(start.Slot);
        return tokens;
    }
}
