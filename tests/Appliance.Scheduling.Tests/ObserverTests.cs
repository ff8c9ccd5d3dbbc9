namespace Appliance.Scheduling.Tests;

public sealed class ObserverTests
{
    [Fact]
    public async Task Request_LifeCycle_IsReportedInOrder()
    {
        var observer = new RecordingObserver();
        await using var h = new Harness(observer: observer);

        await Harness.ReadAllAsync(h.Scheduler.Submit(Harness.Request("hello", maxTokens: 3) with { ClientId = "his" }, CancellationToken.None));

        Assert.Equal(
            ["queued his Normal 6", "admitted his", "first", "token", "token", "finished his Length 3"],
            observer.Without("step"));
        Assert.Equal(["step 1x6", "step 1x1", "step 1x1"], observer.Events.Where(e => e.StartsWith("step", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Rejections_AreReportedWithTheirReason()
    {
        var observer = new RecordingObserver();
        await using var h = new Harness(options: new SchedulerOptions { MaxWaitingRequests = 1 }, start: false, observer: observer);
        h.Scheduler.Submit(Harness.Request(), CancellationToken.None);

        Assert.Throws<CapacityExceededException>(() => h.Scheduler.Submit(Harness.Request(), CancellationToken.None));
        Assert.Throws<InvalidRequestException>(() => h.Scheduler.Submit(Harness.Request(""), CancellationToken.None));
        Assert.Throws<ModelNotFoundException>(() => h.Scheduler.Submit(Harness.Request() with { ModelId = "x" }, CancellationToken.None));

        Assert.Equal(["rejected QueueFull", "rejected Invalid", "rejected ModelNotFound"], observer.Events.Where(e => e.StartsWith("rejected", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Preemption_IsReportedAndTheVictimIsAdmittedAgain()
    {
        var observer = new RecordingObserver();
        await using var h = new Harness(new FakeEngine(maxSequences: 1), start: false, observer: observer);
        GenerationStream? urgent = null;
        h.Engine.TextFor = n =>
        {
            if (n == 2 && urgent is null)
            {
                urgent = h.Scheduler.Submit(Harness.Request("u", maxTokens: 1) with { Priority = Priority.Urgent, ClientId = "icu" }, CancellationToken.None);
            }

            return "x";
        };
        var batch = h.Scheduler.Submit(Harness.Request("b", maxTokens: 4) with { Priority = Priority.Batch, ClientId = "nightly" }, CancellationToken.None);

        h.Worker.Start();
        await Harness.ReadAllAsync(batch);
        await Harness.ReadAllAsync(urgent!);

        var lifecycle = observer.Events.Where(e => e.StartsWith("admitted", StringComparison.Ordinal) || e.StartsWith("preempted", StringComparison.Ordinal) || e.StartsWith("finished", StringComparison.Ordinal));
        Assert.Equal(["admitted nightly", "preempted nightly", "admitted icu", "finished icu Length 1", "admitted nightly", "finished nightly Length 4"], lifecycle);
    }
}
