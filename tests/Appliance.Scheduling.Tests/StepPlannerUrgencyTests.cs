using Appliance.Core.Generation;

namespace Appliance.Scheduling.Tests;

/// <summary>
/// How the planner sizes a step's prefill to the moment (issue 18): big chunks while no urgent work
/// is about, the urgent prompt alone while it prefills, small chunks for everyone else while urgent
/// work waits or was seen within the urgent window. Fake engine, fake clock: decisions only, no timing.
/// </summary>
public sealed class StepPlannerUrgencyTests
{
    private static SchedulerOptions Options(int windowSeconds = 30) =>
        new() { PrefillChunkTokens = 8, UrgentPrefillChunkTokens = 2, UrgentWindow = TimeSpan.FromSeconds(windowSeconds) };

    [Fact]
    public async Task Plan_NoUrgentWork_PrefillTakesTheBigChunk()
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64, maxSequences: 2, batchTokens: 32), Options(), start: false);

        Assert.Equal([8, 8, 4], await LatePromptChunksAsync(h, Priority.Normal));
    }

    [Fact]
    public async Task Plan_UrgentSeenWithinTheWindow_OtherPrefillTakesTheUrgentChunkUntilTheWindowCloses()
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64, maxSequences: 2, batchTokens: 32), Options());
        await Harness.ReadAllAsync(h.Scheduler.Submit(Harness.Request("u", maxTokens: 1) with { Priority = Priority.Urgent }, CancellationToken.None));

        Assert.Equal(Enumerable.Repeat(2, 10), await LatePromptChunksAsync(h, Priority.Batch, started: true));

        h.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal([8, 8, 4], await LatePromptChunksAsync(h, Priority.Batch, started: true));
    }

    [Fact]
    public async Task Plan_UrgentPromptPrefilling_ItIsPrefilledAloneAndTheBatchPrefillWaits()
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64, maxSequences: 2, batchTokens: 32), Options(), start: false);
        var batch = h.Scheduler.Submit(Harness.Request("b" + new string('x', 30), maxTokens: 1) with { Priority = Priority.Batch }, CancellationToken.None);
        var urgent = h.Scheduler.Submit(Harness.Request("uxxx", maxTokens: 1) with { Priority = Priority.Urgent }, CancellationToken.None);

        h.Worker.Start();
        await Harness.ReadAllAsync(urgent);
        await Harness.ReadAllAsync(batch);

        // Admitted together, urgent first (slot 0): its 5 tokens fill the first step alone, although
        // the chunk (8) would leave room for 3 batch tokens.
        var first = h.Engine.Plans.First();
        Assert.Equal(5, first.Items.Single().Tokens.Length);
        Assert.Equal(0, first.Items.Single().Slot.Id);
    }

    [Fact]
    public async Task Plan_UrgentArrivesWhileBatchPrefills_ItIsPlannedInTheNextStepAndTheBatchChunkIsCut()
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64, maxSequences: 2, batchTokens: 32), Options(windowSeconds: 0), start: false);
        GenerationStream? urgent = null;
        var submittedAt = -1;
        h.Engine.TextFor = n =>
        {
            if (n == 2 && urgent is null)
            {
                submittedAt = h.Engine.Plans.Count;
                urgent = h.Scheduler.Submit(Harness.Request("uxxxxxxxxx", maxTokens: 1) with { Priority = Priority.Urgent }, CancellationToken.None);
            }

            return $"w{n} ";
        };
        var running = h.Scheduler.Submit(Harness.Request("ab", maxTokens: 30) with { Priority = Priority.Batch }, CancellationToken.None);

        h.Worker.Start();
        await Harness.ReadAllAsync(running);
        await Harness.ReadAllAsync(urgent!);

        // The step right after the arrival prefills the urgent prompt (slot 1): 8 of its 11 tokens.
        var next = h.Engine.Plans.ElementAt(submittedAt);
        Assert.Contains(next.Items, i => i.Slot.Id == 1 && i.Tokens.Length == 8);
    }

    [Fact]
    public async Task Plan_UrgentWaitsForASlot_OtherPrefillIsCutToTheUrgentChunk()
    {
        // Two normal requests hold both slots (no batch-class victim to preempt), one decoding, one
        // prefilling a long prompt; an urgent request arrives during the prefill's first step and waits. The window is off: waiting alone counts.
        await using var h = new Harness(new FakeEngine(contextLength: 64, maxSequences: 2, batchTokens: 32), Options(windowSeconds: 0), start: false);
        GenerationStream? late = null;
        GenerationStream? urgent = null;
        h.Engine.TextFor = n =>
        {
            if (n == 2 && late is null)
            {
                late = h.Scheduler.Submit(Harness.Request(new string('c', 19), maxTokens: 1), CancellationToken.None);
            }
            else if (n == 3 && urgent is null)
            {
                urgent = h.Scheduler.Submit(Harness.Request("u", maxTokens: 1) with { Priority = Priority.Urgent }, CancellationToken.None);
            }

            return $"w{n} ";
        };
        var first = h.Scheduler.Submit(Harness.Request("ab", maxTokens: 40), CancellationToken.None);

        h.Worker.Start();
        await Harness.ReadAllAsync(first);
        await Harness.ReadAllAsync(late!);
        await Harness.ReadAllAsync(urgent!);

        var lateChunks = h.Engine.Plans.SelectMany(p => p.Items).Where(i => i.Tokens.Length > 1 && i.Tokens.Span[^1] == 'c').Select(i => i.Tokens.Length).ToList();
        // One big chunk before the urgent arrival (during that step), then the urgent chunk until done.
        Assert.Equal([8, 2, 2, 2, 2, 2, 2], lateChunks);
    }

    /// <summary>
    /// One request decodes while a 20-token prompt of <paramref name="priority"/> arrives at its second
    /// token; returns the late prompt's prefill chunks.
    /// </summary>
    private static async Task<List<int>> LatePromptChunksAsync(Harness h, Priority priority, bool started = false)
    {
        var before = h.Engine.Plans.Count;
        GenerationStream? late = null;
        h.Engine.TextFor = n =>
        {
            if (n == 2 && late is null)
            {
                late = h.Scheduler.Submit(Harness.Request(new string('c', 19), maxTokens: 1) with { Priority = priority }, CancellationToken.None);
            }

            return $"w{n} ";
        };
        var first = h.Scheduler.Submit(Harness.Request("ab", maxTokens: 16), CancellationToken.None);
        if (!started)
        {
            h.Worker.Start();
        }

        await Harness.ReadAllAsync(first);
        await Harness.ReadAllAsync(late!);
        return [.. h.Engine.Plans.Skip(before + 1).SelectMany(p => p.Items).Where(i => i.Tokens.Length > 1).Select(i => i.Tokens.Length)];
    }
}
