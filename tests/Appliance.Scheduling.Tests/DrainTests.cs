namespace Appliance.Scheduling.Tests;

/// <summary>Graceful drain: stop admitting, let in-flight work finish within the drain timeout, fail the rest with Unavailable.</summary>
public sealed class DrainTests
{
    [Fact]
    public async Task StopAsync_InFlightFinishesWithinTheTimeout_CompletesNormally()
    {
        using var gate = new SemaphoreSlim(0);
        var engine = new FakeEngine { TextFor = n => { if (n == 1) { gate.Wait(); } return "x"; } };
        await using var h = new Harness(engine, new SchedulerOptions { DrainTimeout = TimeSpan.FromSeconds(30) });
        var stream = h.Scheduler.Submit(Harness.Request(maxTokens: 3), CancellationToken.None);
        await Bounded.UntilAsync(() => h.Worker.RunningCount == 1, "the request to run");

        var stopping = h.Worker.StopAsync(CancellationToken.None);
        var refused = Assert.Throws<ModelUnavailableException>(() => h.Scheduler.Submit(Harness.Request(), CancellationToken.None));
        gate.Release();
        await stopping.Within();

        Assert.Contains("shutting down", refused.Message, StringComparison.Ordinal);
        Assert.Equal(FinishReason.Length, Harness.Final(await Harness.ReadAllAsync(stream)).Reason);
    }

    [Fact]
    public async Task StopAsync_DrainTimeoutPasses_RemainingWorkFailsWithUnavailable()
    {
        using var gate = new SemaphoreSlim(0);
        var engine = new FakeEngine(maxSequences: 1) { TextFor = n => { if (n == 1) { gate.Wait(); } return "x"; } };
        await using var h = new Harness(engine, new SchedulerOptions { DrainTimeout = TimeSpan.FromSeconds(5) });
        var running = h.Scheduler.Submit(Harness.Request(maxTokens: 50), CancellationToken.None);
        var queued = h.Scheduler.Submit(Harness.Request(maxTokens: 50), CancellationToken.None);
        await Bounded.UntilAsync(() => h.Worker.RunningCount == 1, "the request to run");

        var stopping = h.Worker.StopAsync(CancellationToken.None);
        h.Time.Advance(TimeSpan.FromSeconds(6));
        gate.Release();
        await stopping.Within();

        await Assert.ThrowsAsync<ModelUnavailableException>(() => Harness.ReadAllAsync(running));
        await Assert.ThrowsAsync<ModelUnavailableException>(() => Harness.ReadAllAsync(queued));
        Assert.Equal(0, h.Worker.RunningCount + h.Worker.WaitingCount);
        Assert.Equal(engine.Starts, engine.Releases);
    }
}
