namespace Appliance.Scheduling.Tests;

public sealed class StepPlannerTests
{
    [Fact]
    public async Task Plan_PromptArrivesWhileAnotherDecodes_PrefillIsCappedPerStep()
    {
        var options = new SchedulerOptions { PrefillChunkTokens = 4 };
        await using var h = new Harness(new FakeEngine(contextLength: 64, maxSequences: 2, batchTokens: 32), options, start: false);
        GenerationStream? late = null;
        h.Engine.TextFor = n =>
        {
            if (n == 2 && late is null)
            {
                late = h.Scheduler.Submit(Harness.Request(new string('c', 19), maxTokens: 2), CancellationToken.None);
            }

            return $"w{n} ";
        };
        var first = h.Scheduler.Submit(Harness.Request("ab", maxTokens: 16), CancellationToken.None);

        h.Worker.Start();
        await Harness.ReadAllAsync(first);
        await Harness.ReadAllAsync(late!);

        var prefillChunks = h.Engine.Plans.Skip(1).SelectMany(p => p.Items).Where(i => i.Tokens.Length > 1).Select(i => i.Tokens.Length).ToList();
        Assert.Equal([4, 4, 4, 4, 4], prefillChunks);
        Assert.All(h.Engine.Plans.Skip(1).Where(p => p.Items.Any(i => i.Tokens.Length > 1)), p => Assert.Equal(2, p.Items.Count));
    }

    [Fact]
    public async Task Plan_PromptAlone_UsesTheWholeBatchBudget()
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64, maxSequences: 2, batchTokens: 32), new SchedulerOptions { PrefillChunkTokens = 4 });

        await Harness.ReadAllAsync(h.Scheduler.Submit(Harness.Request(new string('c', 39), maxTokens: 1), CancellationToken.None));

        Assert.Equal([32, 8], h.Engine.Plans.Select(p => p.Items.Single().Tokens.Length));
    }

    [Fact]
    public async Task Plan_UrgentAndBatchPrefilling_UrgentPromptGoesFirst()
    {
        var options = new SchedulerOptions { PrefillChunkTokens = 4 };
        await using var h = new Harness(new FakeEngine(contextLength: 64, maxSequences: 2, batchTokens: 32), options, start: false);
        var batch = h.Scheduler.Submit(Harness.Request("b" + new string('x', 14), maxTokens: 1) with { Priority = Core.Generation.Priority.Batch }, CancellationToken.None);
        var urgent = h.Scheduler.Submit(Harness.Request("u" + new string('x', 14), maxTokens: 1) with { Priority = Core.Generation.Priority.Urgent }, CancellationToken.None);

        h.Worker.Start();
        await Harness.ReadAllAsync(batch);
        await Harness.ReadAllAsync(urgent);

        // Admitted together (urgent first, slot 0); 16 prompt tokens each, 4 per step: the
        // urgent prompt is done in four steps before the batch prompt gets any.
        Assert.Equal(['u', 'b'], h.Engine.Admissions);
        Assert.All(h.Engine.Plans.Take(4), p => Assert.Equal(0, p.Items.Single().Slot.Id));
        Assert.Equal(1, h.Engine.Plans.ElementAt(4).Items.Single().Slot.Id);
    }
}
