namespace Appliance.Scheduling.Tests;

/// <summary>Urgent work under a saturating batch load, on a fake engine with a fixed cost per token and a fake clock.</summary>
public sealed class PriorityIsolationTests
{
    private const int BatchTokens = 64;
    private static readonly TimeSpan CostPerToken = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Urgent_UnderSaturatingBatchLoad_TimeToFirstTokenWithinOneStepBudgetOfIdle()
    {
        var idle = await UrgentTimeToFirstTokenAsync(batchLoad: false);
        var loaded = await UrgentTimeToFirstTokenAsync(batchLoad: true);

        // One step budget: the longest step the planner may run (BatchTokens at a fixed cost per token).
        Assert.InRange(loaded - idle, TimeSpan.Zero, CostPerToken * BatchTokens);
    }

    private static async Task<TimeSpan> UrgentTimeToFirstTokenAsync(bool batchLoad)
    {
        var engine = new FakeEngine(contextLength: 256, maxSequences: 4, batchTokens: BatchTokens) { CostPerToken = CostPerToken };
        var options = new SchedulerOptions { PrefillChunkTokens = 16, MaxWaitingRequests = 100 };
        await using var h = new Harness(engine, options, start: false);
        engine.Clock = h.Time;
        GenerationStream? urgent = null;
        var batchStreams = new List<GenerationStream>();
        var urgentPrompt = new string('u', 30);
        if (batchLoad)
        {
            // Every slot busy with batch work and more queued; the urgent request arrives mid-generation.
            for (var i = 0; i < 12; i++)
            {
                batchStreams.Add(h.Scheduler.Submit(Harness.Request(new string('b', 40), maxTokens: 60) with { Priority = Priority.Batch, ClientId = "nightly" }, CancellationToken.None));
            }

            engine.TextFor = n =>
            {
                if (n == 10 && urgent is null)
                {
                    urgent = h.Scheduler.Submit(Harness.Request(urgentPrompt, maxTokens: 4) with { Priority = Priority.Urgent, ClientId = "icu" }, CancellationToken.None);
                }

                return "x";
            };
        }
        else
        {
            urgent = h.Scheduler.Submit(Harness.Request(urgentPrompt, maxTokens: 4) with { Priority = Priority.Urgent, ClientId = "icu" }, CancellationToken.None);
        }

        h.Worker.Start();
        await Task.WhenAll(batchStreams.Select(Harness.ReadAllAsync));
        var events = await Harness.ReadAllAsync(urgent!);
        return Harness.Final(events).Timings.TimeToFirstToken;
    }
}
