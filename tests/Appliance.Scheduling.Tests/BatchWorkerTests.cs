using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Scheduling.Tests;

/// <summary>
/// The dynamic batcher on a fake engine call (input n gives "out{n}") and virtual time: it
/// gathers to the batch size or the queue delay, urgent work skips the wait, cancelled inputs
/// never run, a run nobody waits for is terminated, failures stay in their batch.
/// </summary>
public sealed partial class BatchWorkerTests : IAsyncLifetime
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(10);
    private readonly FakeBatchRun _engine = new();
    private readonly RecordingTimeProvider _time = new();
    private BatchWorker<int, string>? _worker;

    [Fact]
    public async Task SubmitAsync_SixInputsMaxThree_RunsTwoFullBatchesInAdmissionOrderWithoutWaiting()
    {
        var worker = Worker(maxBatch: 3, delay: TimeSpan.FromHours(1));
        var calls = Enumerable.Range(1, 6).Select(n => Submit(worker, n)).ToList();

        worker.Start();
        var outputs = await Task.WhenAll(calls).Within();

        Assert.Equal([[1, 2, 3], [4, 5, 6]], _engine.Batches);
        Assert.Equal(Enumerable.Range(1, 6).Select(n => new[] { $"out{n}" }), outputs);
        Assert.Empty(_time.TimerDueTimes);
    }

    [Fact]
    public async Task SubmitAsync_SevenInputsMaxThree_RunsThreeThreeOneInAdmissionOrder()
    {
        var worker = Worker(maxBatch: 3, delay: TimeSpan.Zero);
        var calls = Enumerable.Range(1, 7).Select(n => Submit(worker, n)).ToList();

        worker.Start();
        var outputs = await Task.WhenAll(calls).Within();

        Assert.Equal([[1, 2, 3], [4, 5, 6], [7]], _engine.Batches);
        Assert.Equal(Enumerable.Range(1, 7).Select(n => new[] { $"out{n}" }), outputs);
    }

    [Fact]
    public async Task SubmitAsync_LoneInput_RunsOnlyOnceTheQueueDelayHasPassed()
    {
        var worker = Worker(maxBatch: 8, delay: Delay);
        var call = Submit(worker, 1);
        worker.Start();
        // Two timers: the first wait is cut short by the submission's wake-up, the second is the real one.
        await _time.WaitForTimerAsync();
        await _time.WaitForTimerAsync();

        _time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.False(call.IsCompleted);
        Assert.Empty(_engine.Batches);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(["out1"], await call.Within());
        Assert.Equal([[1]], _engine.Batches);
        Assert.All(_time.TimerDueTimes, due => Assert.Equal(Delay, due));
    }

    [Fact]
    public async Task SubmitAsync_LoneCallerAfterASingleInputRun_RunsWithoutWaitingForTheDelay()
    {
        var worker = Worker(maxBatch: 8, delay: Delay);
        var first = Submit(worker, 1);
        worker.Start();
        await _time.WaitForTimerAsync();
        await _time.WaitForTimerAsync();
        _time.Advance(Delay);
        await first.Within();

        // The clock does not move: the previous run held one input, so a lone input runs at once.
        Assert.Equal(["out2"], await Submit(worker, 2).Within());
        Assert.Equal(["out3"], await Submit(worker, 3).Within());
        Assert.Equal([[1], [2], [3]], _engine.Batches);
    }

    [Fact]
    public async Task SubmitAsync_InputArrivesWithinTheWindow_JoinsTheSameRun()
    {
        var worker = Worker(maxBatch: 8, delay: Delay);
        var first = Submit(worker, 1);
        worker.Start();
        await _time.WaitForTimerAsync();
        await _time.WaitForTimerAsync();

        _time.Advance(TimeSpan.FromMilliseconds(5));
        var second = Submit(worker, 2);
        await _time.WaitForTimerAsync();
        _time.Advance(TimeSpan.FromMilliseconds(5));

        Assert.Equal(["out1"], await first.Within());
        Assert.Equal(["out2"], await second.Within());
        Assert.Equal([[1, 2]], _engine.Batches);
        Assert.Equal(TimeSpan.FromMilliseconds(5), _time.TimerDueTimes.Last());
    }

    [Fact]
    public async Task SubmitAsync_LoneUrgentInput_RunsWithoutWaitingForTheDelay()
    {
        var worker = Worker(maxBatch: 8, delay: TimeSpan.FromHours(1));
        worker.Start();

        var output = await Submit(worker, 1, Priority.Urgent).Within();

        Assert.Equal(["out1"], output);
        Assert.Empty(_time.TimerDueTimes);
    }

    [Fact]
    public async Task SubmitAsync_UrgentArrivesWhileNormalWaits_BothRunAtOnceUrgentFirst()
    {
        var worker = Worker(maxBatch: 8, delay: TimeSpan.FromHours(1));
        var normal = Submit(worker, 1);
        worker.Start();
        await _time.WaitForTimerAsync();
        await _time.WaitForTimerAsync();

        var urgent = Submit(worker, 2, Priority.Urgent);

        Assert.Equal(["out2"], await urgent.Within());
        Assert.Equal(["out1"], await normal.Within());
        Assert.Equal([[2, 1]], _engine.Batches);
    }

    [Fact]
    public async Task SubmitAsync_CallLargerThanTheFreeQueue_RefusedWithNothingQueued()
    {
        var worker = Worker(maxBatch: 8, delay: TimeSpan.Zero, new SchedulerOptions { MaxWaitingInputs = 3 });
        var queued = Submit(worker, 1);

        var error = Assert.Throws<CapacityExceededException>(() => { _ = Submit(worker, 2, 3, 4); });

        Assert.Contains("busy", error.Message, StringComparison.Ordinal);
        Assert.True(error.RetryAfter > TimeSpan.Zero);
        Assert.Equal(1, worker.WaitingCount);
        var smaller = Submit(worker, 5, 6);
        worker.Start();
        Assert.Equal(["out1"], await queued.Within());
        Assert.Equal(["out5", "out6"], await smaller.Within());
        Assert.Equal([[1, 5, 6]], _engine.Batches);
    }

    [Fact]
    public async Task SubmitAsync_CallerCancelsBeforeTheRun_CancelledAtOnceAndNeverRun()
    {
        var worker = Worker(maxBatch: 8, delay: TimeSpan.Zero);
        using var cancel = new CancellationTokenSource();
        var first = Submit(worker, 1);
        var cancelled = Submit(worker, cancel.Token, 2, 3);
        var third = Submit(worker, 4);

        await cancel.CancelAsync();
        // The worker has not even started: the cancellation does not wait for it.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Within());
        worker.Start();

        Assert.Equal(["out1"], await first.Within());
        Assert.Equal(["out4"], await third.Within());
        Assert.Equal([[1, 4]], _engine.Batches);
    }

    [Fact]
    public async Task SubmitAsync_EveryCallerOfARunningBatchCancels_RunIsTerminatedAndTheWorkerGoesOn()
    {
        _engine.Control.Gate = new SemaphoreSlim(0);
        var worker = Worker(maxBatch: 8, delay: TimeSpan.Zero);
        using var a = new CancellationTokenSource();
        using var b = new CancellationTokenSource();
        var callA = Submit(worker, a.Token, 1);
        var callB = Submit(worker, b.Token, 2, 3);
        worker.Start();
        await _engine.Control.WaitForRunAsync();

        await a.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => callA.Within());
        Assert.False(_engine.Control.CancellationObserved.IsCompleted);
        await b.CancelAsync();

        await _engine.Control.CancellationObserved.Within();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => callB.Within());
        _engine.Control.Gate.Release();
        Assert.Equal(["out4"], await Submit(worker, 4).Within());
        Assert.Equal([[1, 2, 3], [4]], _engine.Batches);
    }

    [Fact]
    public async Task SubmitAsync_OneCallerOfARunningBatchCancels_TheOthersGetTheirOutputs()
    {
        _engine.Control.Gate = new SemaphoreSlim(0);
        var worker = Worker(maxBatch: 8, delay: TimeSpan.Zero);
        using var a = new CancellationTokenSource();
        var callA = Submit(worker, a.Token, 1);
        var callB = Submit(worker, 2);
        worker.Start();
        await _engine.Control.WaitForRunAsync();

        await a.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => callA.Within());
        _engine.Control.Gate.Release();

        Assert.Equal(["out2"], await callB.Within());
        Assert.False(_engine.Control.CancellationObserved.IsCompleted);
    }

    [Fact]
    public async Task SubmitAsync_EngineRunThrows_EveryCallerOfTheBatchFailsAndTheNextCallSucceeds()
    {
        var worker = Worker(maxBatch: 8, delay: TimeSpan.Zero);
        _engine.Control.FailNextRun();
        var first = Submit(worker, 1);
        var second = Submit(worker, 2, 3);
        worker.Start();

        await Assert.ThrowsAsync<EngineFailureException>(() => first.Within());
        await Assert.ThrowsAsync<EngineFailureException>(() => second.Within());

        Assert.Equal(["out4"], await Submit(worker, 4).Within());
        Assert.Equal([[1, 2, 3], [4]], _engine.Batches);
        Assert.False(worker.Crashed);
    }

    [Fact]
    public async Task SubmitAsync_OneCallOfTwoInputs_ReportsQueuedOnceAndAdmittedFinishedPerInputThenTheStep()
    {
        var observer = new RecordingObserver();
        var worker = Worker(maxBatch: 8, delay: TimeSpan.Zero, observer: observer);
        var call = worker.SubmitAsync([new BatchInput<int>(1, 3), new BatchInput<int>(2, 4)], Info("his", Priority.Normal, 7), CancellationToken.None);

        worker.Start();
        await call.Within();
        await Bounded.UntilAsync(() => observer.Events.Any(e => e.StartsWith("step", StringComparison.Ordinal)));

        Assert.Equal(
            ["queued his Normal 7", "admitted his", "admitted his", "finished his Stop 0", "finished his Stop 0", "step 2x7"],
            observer.Events);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _engine.Control.Gate?.Release(1000);
        if (_worker is not null)
        {
            // Bounded too: a worker that cannot drain fails the test instead of hanging the run.
            await _worker.DisposeAsync().AsTask().Within();
        }

        _engine.Dispose();
    }

    private static RequestInfo Info(string client = "his", Priority priority = Priority.Normal, int tokens = 1) => new("m", client, priority, tokens);

    private static Task<string[]> Submit(BatchWorker<int, string> worker, params int[] inputs) => Submit(worker, CancellationToken.None, inputs);

    private static Task<string[]> Submit(BatchWorker<int, string> worker, int input, Priority priority) =>
        worker.SubmitAsync([new BatchInput<int>(input, 1)], Info(priority: priority), CancellationToken.None);

    private static Task<string[]> Submit(BatchWorker<int, string> worker, CancellationToken cancellationToken, params int[] inputs) =>
        worker.SubmitAsync([.. inputs.Select(n => new BatchInput<int>(n, 1))], Info(tokens: inputs.Length), cancellationToken);

    private BatchWorker<int, string> Worker(
        int maxBatch, TimeSpan delay, SchedulerOptions? options = null, ISchedulerObserver? observer = null, IClientPolicies? policies = null) =>
        _worker = new BatchWorker<int, string>("m", _engine.Run, new BatchLimits(maxBatch, delay), options ?? new SchedulerOptions(), _time, NullLogger.Instance, observer, policies);
}
