using System.Collections.Concurrent;

namespace Appliance.Scheduling.Tests;

/// <summary>Records observer calls as short strings, in order.</summary>
internal sealed class RecordingObserver : ISchedulerObserver
{
    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>Every step's phase split, apart from <see cref="Events"/> so event-order tests stay as they were.</summary>
    public ConcurrentQueue<StepPhaseTimings> Phases { get; } = new();

    public List<string> Without(string prefix) => [.. Events.Where(e => !e.StartsWith(prefix, StringComparison.Ordinal))];

    public void OnQueued(RequestInfo request) => Events.Enqueue($"queued {request.ClientId} {request.Priority} {request.PromptTokens}");

    public void OnRejected(RequestInfo request, RejectionReason reason) => Events.Enqueue($"rejected {reason}");

    public void OnAdmitted(RequestInfo request, TimeSpan queueTime) => Events.Enqueue($"admitted {request.ClientId}");

    public void OnFirstToken(RequestInfo request, TimeSpan timeToFirstToken) => Events.Enqueue("first");

    public void OnToken(RequestInfo request, TimeSpan interTokenLatency) => Events.Enqueue("token");

    public void OnPreempted(RequestInfo request) => Events.Enqueue($"preempted {request.ClientId}");

    public void OnFinished(RequestInfo request, FinishReason reason, TokenUsage usage, GenerationTimings timings) =>
        Events.Enqueue($"finished {request.ClientId} {reason} {usage.CompletionTokens}");

    public void OnStep(string modelId, int sequences, int tokens, TimeSpan duration) => Events.Enqueue($"step {sequences}x{tokens}");

    public void OnStepPhases(string modelId, StepPhaseTimings phases) => Phases.Enqueue(phases);
}
