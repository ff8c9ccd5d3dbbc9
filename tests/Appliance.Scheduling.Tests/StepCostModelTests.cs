namespace Appliance.Scheduling.Tests;

/// <summary>
/// The urgent step cap's cost model (issue 18): the flat cost per token of recent decoding steps,
/// or, where the fitted line (fixed part plus part per token) shows tokens add almost nothing (a
/// GPU), the line. Steps are synthetic (exact costs), so the answers are exact; nothing here
/// measures time.
/// </summary>
public sealed class StepCostModelTests
{
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(50);

    [Fact]
    public void TokensWithin_TooFewSteps_NoCap()
    {
        var model = new StepCostModel();
        Assert.Equal(int.MaxValue, model.TokensWithin(Target));
        model.Add(4, 4, Ms(17));
        model.Add(8, 8, Ms(25));
        Assert.Equal(int.MaxValue, model.TokensWithin(Target));
    }

    [Fact]
    public void TokensWithin_OnlyPrefillSteps_NoCapYet()
    {
        // A prompt alone: 100 tokens for one sequence, not a decoding step; no flat cost yet.
        var model = new StepCostModel();
        for (var i = 0; i < 5; i++)
        {
            model.Add(100, 1, Ms(300));
        }

        Assert.Equal(int.MaxValue, model.TokensWithin(Target));
    }

    [Fact]
    public void TokensWithin_CpuLikeSteps_TheFlatCostOfTheRecentSteps()
    {
        // 9 ms fixed + 2 ms a token: the line would allow 20 tokens; steps of 8 tokens cost 25 ms,
        // 3.1 ms a token flat: 16. The line is not 4 times that, so the flat cost answers.
        var model = Fed(step => 9 + (2.0 * step), sizes: [1, 2, 16, 3, 12, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8]);

        Assert.InRange(model.TokensWithin(Target), 15, 16);
        Assert.InRange(model.Fit().Fixed.TotalMilliseconds, 8.9, 9.1);
        Assert.InRange(model.Fit().PerToken.TotalMilliseconds, 1.99, 2.01);
    }

    [Fact]
    public void TokensWithin_GpuLikeSteps_TheLineGrowingBeyondTheStepsSeenOnlyStepByStep()
    {
        // 12 ms fixed + 0.02 ms a token: 1900 tokens fit in 50 ms (the flat cost of a step of 64
        // allows 237), but the steps seen were 1-64 tokens, so the line reaches 4 times the biggest.
        var model = Fed(step => 12 + (0.02 * step), sizes: [.. Enumerable.Range(1, 64)]);
        var first = model.TokensWithin(Target);
        Assert.Equal(256, first);

        // Steps of what it allowed widen what it has seen, and the bound follows.
        for (var i = 0; i < 60; i++)
        {
            model.Add(first, 16, Ms(12 + (0.02 * first)));
        }

        Assert.True(model.TokensWithin(Target) > 2 * first, $"{model.TokensWithin(Target)} after steps of {first}");
    }

    [Fact]
    public void TokensWithin_StepsAllOneSize_SpreadsTheCostOverTheirTokens()
    {
        var model = Fed(_ => 40, sizes: [8, 8, 8, 8, 8]);

        Assert.Equal(10, model.TokensWithin(Target));
    }

    [Fact]
    public void TokensWithin_FixedPartBeyondTheTarget_OneToken()
    {
        var model = Fed(step => 80 + step, sizes: [1, 4, 16, 2, 8]);

        Assert.Equal(1, model.TokensWithin(Target));
    }

    [Fact]
    public void TokensWithin_StepsStopBeingMostlyFixed_BackToTheFlatCost()
    {
        int[] sizes = [1, 4, 16, 2, 8, 12, 3, 6];
        var model = Fed(step => 12 + (0.02 * step), sizes: [.. Enumerable.Repeat(sizes, 10).SelectMany(s => s)]);
        // The line (1900 tokens), within 4 x the biggest recent step: 16, five steps ago (x 0.98^5).
        Assert.Equal(57, model.TokensWithin(Target));

        foreach (var size in Enumerable.Repeat(sizes, 20).SelectMany(s => s))
        {
            model.Add(size, size, Ms(9 + (2.0 * size)));
        }

        // Now 9 ms + 2 ms a token (the line says 20); the flat cost of the last steps (3-6 tokens)
        // allows fewer, and answers.
        Assert.InRange(model.TokensWithin(Target), 8, 16);
    }

    [Fact]
    public void TokensWithin_NoisyLine_TheFlatCost()
    {
        // Steps of 6-8 tokens whose times (noise) the line reads as 10 ms a token and nothing
        // fixed, then as a falling cost: neither lets the line answer; the flat cost (about 5.6 ms
        // a token) allows 8.
        var model = new StepCostModel();
        foreach (var (tokens, ms) in new[] { (6, 30.0), (8, 50.0), (7, 40.0), (6, 31.0), (8, 50.0), (7, 38.0) })
        {
            model.Add(tokens, tokens, Ms(ms));
        }

        Assert.Equal(8, model.TokensWithin(Target));

        foreach (var (tokens, ms) in new[] { (6, 50.0), (8, 30.0), (6, 50.0), (8, 30.0), (6, 50.0), (8, 30.0), (6, 50.0), (8, 30.0) })
        {
            model.Add(tokens, tokens, Ms(ms));
        }

        Assert.True(model.Fit().PerToken < TimeSpan.Zero, $"slope {model.Fit().PerToken}");
        Assert.InRange(model.TokensWithin(Target), 5, 12);
    }

    [Fact]
    public void Add_EmptyOrInstantSteps_Ignored()
    {
        var model = Fed(step => 9 + (2.0 * step), sizes: [1, 2, 16, 3, 8]);
        var before = model.TokensWithin(Target);
        model.Add(0, 1, Ms(500));
        model.Add(5, 5, TimeSpan.Zero);

        Assert.Equal(before, model.TokensWithin(Target));
    }

    /// <summary>Steps of decoding sequences, one token each.</summary>
    private static StepCostModel Fed(Func<int, double> milliseconds, int[] sizes)
    {
        var model = new StepCostModel();
        foreach (var size in sizes)
        {
            model.Add(size, size, Ms(milliseconds(size)));
        }

        return model;
    }

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
}
