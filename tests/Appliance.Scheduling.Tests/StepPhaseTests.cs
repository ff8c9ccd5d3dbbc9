namespace Appliance.Scheduling.Tests;

/// <summary>The step profile (appliance_step_phase_seconds): each step's time is reported by phase, on the injected clock.</summary>
public sealed class StepPhaseTests
{
    [Fact]
    public async Task RunOneStep_EngineTakesTime_ItIsReportedAsDecodeAndNothingElse()
    {
        var observer = new RecordingObserver();
        var engine = new FakeEngine(contextLength: 64, maxSequences: 2, batchTokens: 32) { CostPerToken = TimeSpan.FromMilliseconds(1) };
        await using var h = new Harness(engine, new SchedulerOptions(), start: false, observer: observer);
        engine.Clock = h.Time;
        var stream = h.Scheduler.Submit(Harness.Request("ab", maxTokens: 3), CancellationToken.None);

        h.Worker.Start();
        await Harness.ReadAllAsync(stream);

        // A fake engine reports no inner split, so its whole step is decode: the 3-token prompt, then two single tokens.
        var phases = observer.Phases.ToArray();
        Assert.Equal([3.0, 1.0, 1.0], phases.Select(p => p.Decode.TotalMilliseconds));
        Assert.All(phases, p => Assert.Equal(TimeSpan.Zero, p.Admit + p.Plan + p.Sample + p.Route));
    }
}
