using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Scheduling.Tests;

/// <summary>The batcher takes inputs in the admission queue's order: shape keys, priority classes, ceilings, fair share.</summary>
public sealed partial class BatchWorkerTests
{
    [Fact]
    public async Task SubmitAsync_DifferentKeys_NeverShareARunAndKeepAdmissionOrder()
    {
        var worker = Worker(maxBatch: 8, delay: TimeSpan.Zero);
        var calls = new[] { ("a", 1), ("a", 2), ("b", 3), ("a", 4), ("b", 5), ("b", 6) }
            .Select(c => worker.SubmitAsync([new BatchInput<int>(c.Item2, 1, c.Item1)], Info(), CancellationToken.None))
            .ToList();

        worker.Start();
        await Task.WhenAll(calls).Within();

        Assert.Equal([[1, 2], [3], [4], [5, 6]], _engine.Batches);
    }

    [Fact]
    public async Task SubmitAsync_BatchNormalUrgentQueuedMaxOne_RunsUrgentThenNormalThenBatch()
    {
        var worker = Worker(maxBatch: 1, delay: TimeSpan.Zero);
        var calls = new[] { Submit(worker, 1, Priority.Batch), Submit(worker, 2, Priority.Normal), Submit(worker, 3, Priority.Urgent) };

        worker.Start();
        await Task.WhenAll(calls).Within();

        Assert.Equal([[3], [2], [1]], _engine.Batches);
    }

    [Fact]
    public async Task SubmitAsync_PriorityAsTheCallerGivesIt_TheCeilingIsNotAppliedAgain()
    {
        // The call pipeline applies the ceiling once (CallContextFactory); the batcher trusts the request.
        var observer = new RecordingObserver();
        var policies = new ClientPolicyTable(new Dictionary<string, ClientPolicy> { ["lab"] = new() { PriorityCeiling = Priority.Batch } });
        var worker = Worker(maxBatch: 1, delay: TimeSpan.Zero, observer: observer, policies: policies);
        var his = worker.SubmitAsync([new BatchInput<int>(2, 1)], Info("his", Priority.Normal), CancellationToken.None);
        var lab = worker.SubmitAsync([new BatchInput<int>(1, 1)], Info("lab", Priority.Urgent), CancellationToken.None);

        worker.Start();
        await Task.WhenAll(lab, his).Within();

        Assert.Equal([[1], [2]], _engine.Batches);
        Assert.Contains("queued lab Urgent 1", observer.Events);
    }

    [Fact]
    public async Task SubmitAsync_HeavyClientQueuedFirst_LightClientIsServedAfterItsFirstInput()
    {
        var worker = Worker(maxBatch: 1, delay: TimeSpan.Zero);
        var heavy = worker.SubmitAsync([.. new[] { 1, 2, 3, 4 }.Select(n => new BatchInput<int>(n, 10))], Info("heavy"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var light = worker.SubmitAsync([new BatchInput<int>(5, 1)], Info("light"), CancellationToken.None);

        worker.Start();
        await Task.WhenAll(heavy, light).Within();

        Assert.Equal([[1], [5], [2], [3], [4]], _engine.Batches);
    }
}
