using Appliance.Core.Engines;
using Appliance.Core.Generation;

namespace Appliance.Scheduling.Tests;

/// <summary>
/// While urgent work is about, a step carries at most what the learned step cost fits in
/// <see cref="SchedulerOptions.UrgentStepTarget"/> (issue 18): urgent sequences always step, the
/// others take turns. The fake engine advances a fake clock by a cost per token (and per step), so the
/// worker learns that cost exactly; the assertions are on plans, never on elapsed time.
/// </summary>
public sealed class UrgentStepTargetTests
{
    private const int BatchStreams = 8;

    [Fact]
    public async Task Step_UrgentAbout_CarriesWhatTheTargetAllowsAndEveryBatchSequenceTakesItsTurn()
    {
        // 10 ms per token, target 50 ms: at most 5 tokens per step once the cost is learned.
        var (plans, urgentSlot, batch) = await RunAsync(TimeSpan.FromMilliseconds(50));

        var decodeSteps = plans.Where(p => p.Items.All(i => i.Tokens.Length == 1)).ToList();
        Assert.NotEmpty(decodeSteps);
        Assert.All(decodeSteps, p => Assert.InRange(p.Items.Count, 1, 5));
        // The urgent sequence steps every time it decodes; the 8 batch sequences share the rest
        // (4 per step), so none waits more than 2 steps for its turn.
        var withUrgent = decodeSteps.Where(p => p.Items.Any(i => i.Slot == urgentSlot)).ToList();
        Assert.True(withUrgent.Count >= 10, $"urgent stepped in {withUrgent.Count} capped steps");
        foreach (var slot in batch)
        {
            var gaps = Gaps(withUrgent, slot);
            Assert.True(gaps.Count > 0, $"slot {slot.Id} never stepped beside the urgent sequence");
            Assert.InRange(gaps.Max(), 1, 3);
        }
    }

    [Fact]
    public async Task Step_TargetOff_EverySequenceStepsEveryTime()
    {
        var (plans, urgentSlot, _) = await RunAsync(TimeSpan.Zero);

        var decodeSteps = plans.Where(p => p.Items.All(i => i.Tokens.Length == 1) && p.Items.Any(i => i.Slot == urgentSlot)).ToList();
        Assert.NotEmpty(decodeSteps);
        Assert.All(decodeSteps, p => Assert.Equal(BatchStreams + 1, p.Items.Count));
    }

    [Fact]
    public async Task Step_NoUrgentWork_NoCapEvenWithATarget()
    {
        var engine = new FakeEngine(contextLength: 128, maxSequences: BatchStreams, batchTokens: 64) { CostPerToken = TimeSpan.FromMilliseconds(10) };
        await using var h = new Harness(engine, new SchedulerOptions { UrgentStepTarget = TimeSpan.FromMilliseconds(20) }, start: false);
        engine.Clock = h.Time;
        var streams = Enumerable.Range(0, BatchStreams).Select(i => h.Scheduler.Submit(Harness.Request($"b{i}", maxTokens: 12) with { Priority = Priority.Batch }, CancellationToken.None)).ToList();

        h.Worker.Start();
        foreach (var stream in streams)
        {
            await Harness.ReadAllAsync(stream);
        }

        Assert.Contains(engine.Plans, p => p.Items.Count == BatchStreams);
        Assert.DoesNotContain(engine.Plans, p => p.Items.Count is > 2 and < BatchStreams);
    }

    [Fact]
    public async Task Step_UrgentAbout_GpuLikeSteps_BatchPromptKeepsItsUrgentChunk()
    {
        // A GPU-like step: 12 ms whatever it feeds, plus 0.02 ms a token; target 50 ms: ~1900 tokens
        // fit. Two batch streams decode (steps of 2-3 tokens: ~4 ms a token as a flat cost, which
        // would allow 12 and cut prompts to 9 a step), an urgent stream arrives, then a batch
        // request with a 120-token prompt: it prefills UrgentPrefillChunkTokens (32) a step, the
        // first chunk a little less (the line reaches 4 times the biggest recent step at most).
        var engine = new FakeEngine(contextLength: 256, maxSequences: 4, batchTokens: 256)
        {
            CostPerStep = TimeSpan.FromMilliseconds(12), CostPerToken = TimeSpan.FromMicroseconds(20),
        };
        var options = new SchedulerOptions { UrgentStepTarget = TimeSpan.FromMilliseconds(50), UrgentWindow = TimeSpan.FromSeconds(30) };
        await using var h = new Harness(engine, options, start: false);
        engine.Clock = h.Time;
        GenerationStream? urgent = null, late = null;
        engine.TextFor = n =>
        {
            if (n == 6 && urgent is null)
            {
                urgent = h.Scheduler.Submit(Harness.Request("urgent", maxTokens: 30) with { Priority = Priority.Urgent }, CancellationToken.None);
            }
            else if (n == 12 && late is null)
            {
                late = h.Scheduler.Submit(Harness.Request(new string('x', 120), maxTokens: 4) with { Priority = Priority.Batch }, CancellationToken.None);
            }

            return $"w{n} ";
        };
        var streams = Enumerable.Range(0, 2).Select(i => h.Scheduler.Submit(Harness.Request($"b{i}", maxTokens: 80) with { Priority = Priority.Batch }, CancellationToken.None)).ToList();

        h.Worker.Start();
        foreach (var stream in streams)
        {
            await Harness.ReadAllAsync(stream);
        }

        await Harness.ReadAllAsync(urgent!);
        await Harness.ReadAllAsync(late!);
        var chunks = engine.Plans.SelectMany(p => p.Items).Where(i => i.Tokens.Length > 1 && i.Tokens.Span[^1] == 'x').Select(i => i.Tokens.Length).ToList();
        Assert.Equal(121, chunks.Sum());
        Assert.InRange(chunks[0], 20, 32);
        Assert.All(chunks.Skip(1).SkipLast(1), chunk => Assert.Equal(32, chunk));
    }

    /// <summary>8 batch streams decode; an urgent request arrives once they run; all finish. Returns the plans after its arrival.</summary>
    private static async Task<(List<StepPlan> Plans, SequenceSlot Urgent, List<SequenceSlot> Batch)> RunAsync(TimeSpan target)
    {
        var engine = new FakeEngine(contextLength: 256, maxSequences: BatchStreams + 1, batchTokens: 64) { CostPerToken = TimeSpan.FromMilliseconds(10) };
        var options = new SchedulerOptions { UrgentStepTarget = target, UrgentWindow = TimeSpan.FromSeconds(30) };
        await using var h = new Harness(engine, options, start: false);
        engine.Clock = h.Time;
        GenerationStream? urgent = null;
        var arrivedAt = -1;
        engine.TextFor = n =>
        {
            if (n == 4 && urgent is null)
            {
                arrivedAt = engine.Plans.Count;
                urgent = h.Scheduler.Submit(Harness.Request("urgent", maxTokens: 20) with { Priority = Priority.Urgent }, CancellationToken.None);
            }

            return $"w{n} ";
        };
        var streams = Enumerable.Range(0, BatchStreams).Select(i => h.Scheduler.Submit(Harness.Request($"b{i}", maxTokens: 60) with { Priority = Priority.Batch }, CancellationToken.None)).ToList();

        h.Worker.Start();
        foreach (var stream in streams)
        {
            Assert.Equal(FinishReason.Length, Harness.Final(await Harness.ReadAllAsync(stream)).Reason);
        }

        Assert.Equal(FinishReason.Length, Harness.Final(await Harness.ReadAllAsync(urgent!)).Reason);
        var plans = engine.Plans.Skip(arrivedAt).ToList();
        var urgentSlot = plans.SelectMany(p => p.Items).First(i => i.Tokens.Length > 1).Slot;
        var batch = engine.Plans.First().Items.Select(i => i.Slot).ToList();
        return (plans, urgentSlot, batch);
    }

    /// <summary>How many steps apart a slot stepped, over consecutive steps.</summary>
    private static List<int> Gaps(List<StepPlan> plans, SequenceSlot slot)
    {
        var at = plans.Select((p, i) => (p, i)).Where(x => x.p.Items.Any(i => i.Slot == slot)).Select(x => x.i).ToList();
        return [.. at.Zip(at.Skip(1), (a, b) => b - a)];
    }
}
