using Appliance.Core.Errors;
using Appliance.Core.Generation;

namespace Appliance.Scheduling.Tests;

public sealed class GenerationWorkerTests
{
    [Fact]
    public async Task Generate_MaxTokensReached_FinishesWithLengthAndCountsTokens()
    {
        await using var h = new Harness();

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(Harness.Request("hello", maxTokens: 3), CancellationToken.None));

        Assert.Equal("w1 w2 w3 ", Harness.Text(events));
        var final = Harness.Final(events);
        Assert.Equal(FinishReason.Length, final.Reason);
        Assert.Equal(6, final.Usage.PromptTokens); // BOS + 5 characters
        Assert.Equal(3, final.Usage.CompletionTokens);
        Assert.Equal(3, events.OfType<GenerationPiece>().Sum(p => p.TokenCount));
        Assert.Equal(h.Engine.Starts, h.Engine.Releases);
    }

    [Fact]
    public async Task Generate_EndOfGenerationToken_FinishesWithStopAndCountsIt()
    {
        await using var h = new Harness(new FakeEngine { EndAfter = 3 });

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(Harness.Request(maxTokens: 10), CancellationToken.None));

        Assert.Equal("w1 w2 ", Harness.Text(events));
        var final = Harness.Final(events);
        Assert.Equal(FinishReason.Stop, final.Reason);
        Assert.Equal(3, final.Usage.CompletionTokens);
    }

    [Fact]
    public async Task Generate_StopStringAcrossPieces_StopsBeforeItAndNeverSendsItsStart()
    {
        var engine = new FakeEngine { TextFor = n => n switch { 1 => "Dx: ", 2 => "fever ##", 3 => "# end", _ => "more" } };
        await using var h = new Harness(engine);

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(Harness.Request(maxTokens: 10, stop: "###"), CancellationToken.None));

        Assert.Equal("Dx: fever ", Harness.Text(events));
        Assert.DoesNotContain(events.OfType<GenerationPiece>(), p => p.Text.Contains('#', StringComparison.Ordinal));
        Assert.Equal(FinishReason.Stop, Harness.Final(events).Reason);
        Assert.Equal(3, Harness.Final(events).Usage.CompletionTokens);
    }

    [Fact]
    public async Task Generate_LongPrompt_IsPrefilledInChunksWithinTheStepBudget()
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64, batchTokens: 16));

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(Harness.Request(new string('a', 39), maxTokens: 2), CancellationToken.None));

        Assert.Equal(FinishReason.Length, Harness.Final(events).Reason);
        var plans = h.Engine.Plans.ToList();
        Assert.All(plans, p => Assert.True(p.Items.Sum(i => i.Tokens.Length) <= 16));
        Assert.Equal([16, 16, 8, 1], plans.Select(p => p.Items.Sum(i => i.Tokens.Length)));
        Assert.Equal([false, false, true], plans.Take(3).Select(p => p.Items.Single().Sample));
    }

    [Fact]
    public async Task Cancel_MidGeneration_FreesTheSequenceAndEndsWithCancelled()
    {
        using var cts = new CancellationTokenSource();
        var engine = new FakeEngine { TextFor = n => { if (n == 2) { cts.Cancel(); } return $"w{n} "; } };
        await using var h = new Harness(engine);

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(Harness.Request(maxTokens: 50), cts.Token));

        Assert.Equal(FinishReason.Cancelled, Harness.Final(events).Reason);
        Assert.True(Harness.Final(events).Usage.CompletionTokens < 50);
        Assert.Equal(1, h.Engine.Releases);
        Assert.Equal(0, h.Worker.RunningCount);
        Assert.Equal(0, h.Worker.WaitingCount);
    }

    [Fact]
    public async Task Deadline_PassedWhileQueued_NeverReachesTheEngine()
    {
        await using var h = new Harness();
        var request = Harness.Request() with { Deadline = h.Time.GetUtcNow().AddSeconds(-1) };

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(request, CancellationToken.None));

        Assert.Equal(FinishReason.Deadline, Harness.Final(events).Reason);
        Assert.Equal(0, h.Engine.Starts);
    }

    [Fact]
    public async Task Deadline_PassingMidGeneration_StopsWithDeadline()
    {
        Harness? h = null;
        var engine = new FakeEngine { TextFor = n => { if (n == 3) { h!.Time.Advance(TimeSpan.FromSeconds(10)); } return "x"; } };
        h = new Harness(engine);
        await using var _ = h;
        var request = Harness.Request(maxTokens: 50) with { Deadline = h.Time.GetUtcNow().AddSeconds(5) };

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(request, CancellationToken.None));

        Assert.Equal(FinishReason.Deadline, Harness.Final(events).Reason);
        Assert.Equal(3, Harness.Final(events).Usage.CompletionTokens);
        Assert.Equal(0, h.Worker.RunningCount);
    }

    [Fact]
    public async Task Enqueue_WaitingQueueFull_RefusesWithRetryHint()
    {
        await using var h = new Harness(options: new SchedulerOptions { MaxWaitingRequests = 1 }, start: false);
        h.Scheduler.Submit(Harness.Request(), CancellationToken.None);

        var error = Assert.Throws<CapacityExceededException>(() => h.Scheduler.Submit(Harness.Request(), CancellationToken.None));

        Assert.True(error.RetryAfter > TimeSpan.Zero);
        Assert.Equal(1, h.Worker.WaitingCount);
    }

    [Fact]
    public async Task Step_EngineFails_EndsThoseRequestsWithErrorAndKeepsServing()
    {
        await using var h = new Harness(new FakeEngine { FailNextStep = true });

        var failed = await Harness.ReadAllAsync(h.Scheduler.Submit(Harness.Request(), CancellationToken.None));
        var next = await Harness.ReadAllAsync(h.Scheduler.Submit(Harness.Request(maxTokens: 2), CancellationToken.None));

        Assert.Equal(FinishReason.Error, Harness.Final(failed).Reason);
        Assert.Equal(FinishReason.Length, Harness.Final(next).Reason);
        Assert.Equal(h.Engine.Starts, h.Engine.Releases);
    }

    [Fact]
    public async Task Generate_MoreRequestsThanSlots_AllCompleteAndSlotsAreNeverOverused()
    {
        await using var h = new Harness(new FakeEngine(maxSequences: 2));

        var streams = Enumerable.Range(0, 6).Select(_ => h.Scheduler.Submit(Harness.Request(maxTokens: 4), CancellationToken.None)).ToList();
        var results = await Task.WhenAll(streams.Select(Harness.ReadAllAsync));

        Assert.All(results, events => Assert.Equal(FinishReason.Length, Harness.Final(events).Reason));
        Assert.All(h.Engine.Plans, p => Assert.True(p.Items.Count <= 2));
        Assert.Equal(6, h.Engine.Releases);
        Assert.Equal(0, h.Worker.RunningCount + h.Worker.WaitingCount);
    }

    [Fact]
    public async Task StopAsync_QueuedWorkNeverStarted_FailsWithUnavailable()
    {
        await using var h = new Harness(start: false);
        var stream = h.Scheduler.Submit(Harness.Request(), CancellationToken.None);

        await h.Worker.StopAsync(CancellationToken.None);

        await Assert.ThrowsAsync<ModelUnavailableException>(() => Harness.ReadAllAsync(stream));
        Assert.Throws<ModelUnavailableException>(() => h.Scheduler.Submit(Harness.Request(), CancellationToken.None));
    }

    [Fact]
    public async Task Start_EngineThrows_EndsThatRequestWithErrorAndKeepsServing()
    {
        var engine = new FakeEngine { FailStart = true };
        await using var h = new Harness(engine);

        var failed = await Harness.ReadAllAsync(h.Scheduler.Submit(Harness.Request(), CancellationToken.None));
        engine.FailStart = false;
        var next = await Harness.ReadAllAsync(h.Scheduler.Submit(Harness.Request(maxTokens: 2), CancellationToken.None));

        Assert.Equal(FinishReason.Error, Harness.Final(failed).Reason);
        Assert.Equal(FinishReason.Length, Harness.Final(next).Reason);
    }

    [Fact]
    public async Task Loop_CrashesOnABug_FailsItsRequestsRefusesNewOnesAndSaysSo()
    {
        await using var h = new Harness(new FakeEngine { ReturnBogusSlot = true });

        await Assert.ThrowsAsync<ModelUnavailableException>(() => Harness.ReadAllAsync(h.Scheduler.Submit(Harness.Request(), CancellationToken.None)));
        await h.Worker.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(h.Worker.Crashed);
        Assert.Throws<ModelUnavailableException>(() => h.Scheduler.Submit(Harness.Request(), CancellationToken.None));
        Assert.Equal(h.Engine.Starts, h.Engine.Releases);
    }
}
