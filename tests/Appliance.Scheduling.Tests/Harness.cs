using Appliance.Core.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Scheduling.Tests;

/// <summary>A started worker over a fake engine, its scheduler and a fake clock.</summary>
internal sealed class Harness : IAsyncDisposable
{
    public Harness(
        FakeEngine? engine = null, SchedulerOptions? options = null, bool start = true, ISchedulerObserver? observer = null, IClientPolicies? policies = null,
        IStructuredGrammars? grammars = null, Microsoft.Extensions.Logging.ILogger? logger = null, ReasoningMarkers? reasoning = null)
    {
        Engine = engine ?? new FakeEngine();
        options ??= new SchedulerOptions();
        Worker = new GenerationWorker("m", Engine, options, Time, logger ?? NullLogger.Instance, observer, policies, reasoning);
        Scheduler = new GenerationScheduler(new FakeDirectory().Add("m", FakeDirectory.Ready(Worker)), Time, observer, options, grammars);
        if (start)
        {
            Worker.Start();
        }
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    public FakeEngine Engine { get; }

    public GenerationWorker Worker { get; }

    public GenerationScheduler Scheduler { get; }

    public static GenerationRequest Request(string prompt = "hello", int maxTokens = 5, params string[] stop) => new()
    {
        RequestId = "r",
        ModelId = "m",
        Prompt = prompt,
        Sampling = new SamplingParameters { MaxTokens = maxTokens, Stop = stop },
    };

    /// <summary>Reads a whole stream; a hang fails the test after 10 s instead of eating CI time.</summary>
    public static async Task<List<GenerationEvent>> ReadAllAsync(GenerationStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = new List<GenerationEvent>();
        await foreach (var e in stream.ReadAllAsync(timeout.Token))
        {
            events.Add(e);
        }

        return events;
    }

    public static string Text(IEnumerable<GenerationEvent> events) =>
        string.Concat(events.OfType<GenerationPiece>().Select(p => p.Text));

    public static GenerationCompleted Final(IEnumerable<GenerationEvent> events) => Assert.IsType<GenerationCompleted>(events.Last());

    public async ValueTask DisposeAsync() => await Worker.DisposeAsync();
}
