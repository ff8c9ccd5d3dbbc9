namespace Appliance.Scheduling.Tests;

public sealed class PreemptionTests
{
    [Fact]
    public async Task Urgent_AllSlotsHeldByBatch_PreemptsItAndTheBatchStreamResumesUnchanged()
    {
        var undisturbed = await RunBatchAsync(interrupt: false);
        var interrupted = await RunBatchAsync(interrupt: true);

        Assert.Equal(Harness.Text(undisturbed.Batch), Harness.Text(interrupted.Batch));
        Assert.Equal(12, Harness.Final(interrupted.Batch).Usage.CompletionTokens);
        Assert.Equal(FinishReason.Length, Harness.Final(interrupted.Batch).Reason);
        Assert.Equal(FinishReason.Length, Harness.Final(interrupted.Urgent!).Reason);
        Assert.Equal(['b', 'u', 'b'], interrupted.Admissions);
        Assert.Equal(['b'], undisturbed.Admissions);
    }

    [Fact]
    public async Task Urgent_SlotsHeldByNormalWork_DoesNotPreemptIt()
    {
        await using var h = new Harness(new FakeEngine(maxSequences: 1), start: false);
        GenerationStream? urgent = null;
        h.Engine.TextFor = n =>
        {
            if (n == 3 && urgent is null)
            {
                urgent = h.Scheduler.Submit(Harness.Request("urgent", maxTokens: 2) with { Priority = Priority.Urgent }, CancellationToken.None);
            }

            return $"w{n} ";
        };
        var normal = h.Scheduler.Submit(Harness.Request("normal", maxTokens: 6), CancellationToken.None);

        h.Worker.Start();
        await Harness.ReadAllAsync(normal);
        await Harness.ReadAllAsync(urgent!);

        Assert.Equal(['n', 'u'], h.Engine.Admissions);
    }

    private static async Task<(List<GenerationEvent> Batch, List<GenerationEvent>? Urgent, char[] Admissions)> RunBatchAsync(bool interrupt)
    {
        await using var h = new Harness(new FakeEngine(maxSequences: 1), start: false);
        GenerationStream? urgent = null;
        h.Engine.TextFor = n =>
        {
            // Arrives from the worker thread while the batch request is generating its 4th token.
            if (interrupt && n == 4 && urgent is null)
            {
                urgent = h.Scheduler.Submit(Harness.Request("urgent", maxTokens: 3) with { Priority = Priority.Urgent, ClientId = "icu" }, CancellationToken.None);
            }

            return $"w{n} ";
        };
        var batch = h.Scheduler.Submit(Harness.Request("batch job", maxTokens: 12) with { Priority = Priority.Batch, ClientId = "nightly" }, CancellationToken.None);

        h.Worker.Start();
        var batchEvents = await Harness.ReadAllAsync(batch);
        var urgentEvents = urgent is null ? null : await Harness.ReadAllAsync(urgent);
        return (batchEvents, urgentEvents, [.. h.Engine.Admissions]);
    }
}
