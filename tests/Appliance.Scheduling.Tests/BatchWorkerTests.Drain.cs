using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Scheduling.Tests;

/// <summary>Graceful stop of the batcher: queued inputs run within the drain timeout, the rest fail with Unavailable.</summary>
public sealed partial class BatchWorkerTests
{
    [Fact]
    public async Task StopAsync_QueuedInputs_RunWithinTheDrainTimeoutAndNewCallsAreRefused()
    {
        _engine.Control.Gate = new SemaphoreSlim(0);
        var worker = Worker(maxBatch: 1, delay: TimeSpan.Zero, new SchedulerOptions { DrainTimeout = TimeSpan.FromSeconds(30) });
        worker.Start();
        var running = Submit(worker, 1);
        await _engine.Control.WaitForRunAsync();
        var queued = new[] { Submit(worker, 2), Submit(worker, 3) };

        var stopping = worker.StopAsync(CancellationToken.None);
        var refused = Assert.Throws<ModelUnavailableException>(() => { _ = Submit(worker, 4); });
        _engine.Control.Gate.Release(3);
        await stopping.Within();

        Assert.Contains("shutting down", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["out1"], await running.Within());
        Assert.Equal([["out2"], ["out3"]], await Task.WhenAll(queued).Within());
        Assert.Equal([[1], [2], [3]], _engine.Batches);
        await worker.Completion.Within();
    }

    [Fact]
    public async Task StopAsync_InputWaitingForTheQueueDelay_RunsWithoutWaitingForIt()
    {
        var worker = Worker(maxBatch: 8, delay: TimeSpan.FromHours(1));
        var call = Submit(worker, 1);
        worker.Start();
        await _time.WaitForTimerAsync();
        await _time.WaitForTimerAsync();

        await worker.StopAsync(CancellationToken.None).Within();

        Assert.Equal(["out1"], await call.Within());
        Assert.Equal([[1]], _engine.Batches);
    }

    [Fact]
    public async Task StopAsync_DrainTimeoutPasses_QueuedInputsFailWithUnavailable()
    {
        _engine.Control.Gate = new SemaphoreSlim(0);
        var worker = Worker(maxBatch: 1, delay: TimeSpan.Zero, new SchedulerOptions { DrainTimeout = TimeSpan.FromSeconds(5) });
        worker.Start();
        var running = Submit(worker, 1);
        await _engine.Control.WaitForRunAsync();
        var queued = Submit(worker, 2);

        // Started without a synchronisation context, so when the deadline passes StopAsync goes on
        // inside Advance: the stop is requested before the gate opens and input 2 cannot start.
        var stopping = await Task.Run(() => Task.FromResult(worker.StopAsync(CancellationToken.None))).Within();
        Assert.Equal(TimeSpan.FromSeconds(5), _time.TimerDueTimes.Single());
        _time.Advance(TimeSpan.FromSeconds(6));
        _engine.Control.Gate.Release();
        await stopping.Within();

        Assert.Equal(["out1"], await running.Within());
        await Assert.ThrowsAsync<ModelUnavailableException>(() => queued.Within());
        Assert.Equal([[1]], _engine.Batches);
        Assert.Equal(0, worker.WaitingCount + worker.RunningCount);
    }

    [Fact]
    public async Task StopAsync_NeverStarted_QueuedInputsFailWithUnavailable()
    {
        var worker = Worker(maxBatch: 8, delay: TimeSpan.Zero);
        var queued = Submit(worker, 1);

        await worker.StopAsync(CancellationToken.None).Within();

        await Assert.ThrowsAsync<ModelUnavailableException>(() => queued.Within());
        Assert.Throws<ModelUnavailableException>(() => { _ = Submit(worker, 2); });
    }
}
