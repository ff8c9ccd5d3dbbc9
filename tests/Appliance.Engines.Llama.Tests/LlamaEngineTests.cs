namespace Appliance.Engines.Llama.Tests;

/// <summary>The step contract on the real LLamaSharp engine and a synthetic GGUF.</summary>
public sealed class LlamaEngineTests() : TinyEngineTest("appliance-engine")
{

    [Fact]
    public void Limits_ComeFromTheManifest()
    {
        Assert.Equal(new EngineLimits(128, 2, 32), Engine.Limits);
        Assert.Contains("llama.cpp", Engine.Backend, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokenize_AddsBosAndHandlesChinese()
    {
        var tokens = Engine.Tokenize("患者胸痛");

        Assert.Equal(1, tokens[0]);
        Assert.True(tokens.Count >= 2);
    }

    [Fact]
    public void RenderChat_UsesTheEmbeddedChatMlTemplate()
    {
        var prompt = Engine.RenderChat([new ChatMessage("user", "hi")]);

        Assert.Equal("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n", prompt.Text);
    }

    [Fact]
    public void Step_ChunkedPrefillThenDecode_SamplesOnlyWhereAsked()
    {
        var prompt = Engine.Tokenize("The patient has a fever and a cough since three days.");
        var start = Engine.Start(new SequenceStart(prompt, new SamplingParameters { Temperature = 0 }));
        var half = prompt.Count / 2;
        var all = prompt.ToArray();

        var first = Engine.Step(new StepPlan([new StepItem(start.Slot, all.AsMemory(0, half), Sample: false)]));
        var second = Engine.Step(new StepPlan([new StepItem(start.Slot, all.AsMemory(half), Sample: true)]));
        var third = Engine.Step(new StepPlan([new StepItem(start.Slot, new[] { second[0].Token }, Sample: true)]));
        Engine.Release(start.Slot);

        Assert.Empty(first);
        Assert.Equal(start.Slot, Assert.Single(second).Slot);
        Assert.Single(third);
        Assert.Equal(0, start.CachedTokens);
    }

    [Fact]
    public void Step_GreedyAfterRelease_RepeatsExactly()
    {
        var prompt = Engine.Tokenize("Discharge summary:");

        var a = Greedy(prompt, 8);
        var b = Greedy(prompt, 8);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Step_TwoSequencesInOneBatch_EachGetsItsOwnToken()
    {
        var p1 = Engine.Tokenize("chest pain");
        var p2 = Engine.Tokenize("头痛发热");
        var s1 = Engine.Start(new SequenceStart(p1, new SamplingParameters { Temperature = 0 }));
        var s2 = Engine.Start(new SequenceStart(p2, new SamplingParameters { Temperature = 0 }));

        var sampled = Engine.Step(new StepPlan([new StepItem(s1.Slot, p1.ToArray(), true), new StepItem(s2.Slot, p2.ToArray(), true)]));
        Engine.Release(s1.Slot);
        Engine.Release(s2.Slot);

        Assert.Equal([s1.Slot, s2.Slot], sampled.Select(s => s.Slot));
        Assert.NotEqual(s1.Slot, s2.Slot);
    }

    [Fact]
    public void Start_AllSlotsTaken_RefusesUntilOneIsReleased()
    {
        var prompt = Engine.Tokenize("x");
        var a = Engine.Start(new SequenceStart(prompt, new SamplingParameters()));
        var b = Engine.Start(new SequenceStart(prompt, new SamplingParameters()));

        Assert.Throws<InvalidOperationException>(() => Engine.Start(new SequenceStart(prompt, new SamplingParameters())));
        Engine.Release(a.Slot);
        var c = Engine.Start(new SequenceStart(prompt, new SamplingParameters()));
        Engine.Release(b.Slot);
        Engine.Release(c.Slot);
        Engine.Release(c.Slot); // twice is a no-op

        Assert.Equal(a.Slot, c.Slot);
    }

    private List<int> Greedy(IReadOnlyList<int> prompt, int count)
    {
        var start = Engine.Start(new SequenceStart(prompt, new SamplingParameters { Temperature = 0, RepeatPenalty = 1 }));
        var tokens = new List<int>();
        var feed = prompt.Skip(start.CachedTokens).ToArray();
        for (var i = 0; i < count; i++)
        {
            var token = Engine.Step(new StepPlan([new StepItem(start.Slot, feed, true)]))[0].Token;
            tokens.Add(token);
            feed = [token];
        }

        Engine.Release(start.Slot);
        return tokens;
    }
}
