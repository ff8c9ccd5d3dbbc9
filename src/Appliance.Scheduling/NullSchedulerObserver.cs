using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>An observer that ignores everything (the default until metrics are wired).</summary>
public sealed class NullSchedulerObserver : ISchedulerObserver
{
    /// <summary>The shared instance.</summary>
    public static NullSchedulerObserver Instance { get; } = new();

    /// <inheritdoc />
    public void OnQueued(RequestInfo request)
    {
    }

    /// <inheritdoc />
    public void OnRejected(RequestInfo request, RejectionReason reason)
    {
    }

    /// <inheritdoc />
    public void OnAdmitted(RequestInfo request, TimeSpan queueTime)
    {
    }

    /// <inheritdoc />
    public void OnFirstToken(RequestInfo request, TimeSpan timeToFirstToken)
    {
    }

    /// <inheritdoc />
    public void OnToken(RequestInfo request, TimeSpan interTokenLatency)
    {
    }

    /// <inheritdoc />
    public void OnPreempted(RequestInfo request)
    {
    }

    /// <inheritdoc />
    public void OnFinished(RequestInfo request, FinishReason reason, TokenUsage usage, GenerationTimings timings)
    {
    }

    /// <inheritdoc />
    public void OnStep(string modelId, int sequences, int tokens, TimeSpan duration)
    {
    }
}
