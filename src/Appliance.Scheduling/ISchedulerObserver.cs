using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>
/// What the scheduler reports as requests move through it: the port the metrics work
/// implements (the scheduler itself has no Prometheus dependency). Called on the model's
/// worker thread (and on request threads for queued/rejected): implementations must be fast,
/// must not block and must not throw. Never carries request text.
/// </summary>
public interface ISchedulerObserver
{
    /// <summary>A request passed validation and joined a model's queue.</summary>
    void OnQueued(RequestInfo request);

    /// <summary>A request was refused before queueing.</summary>
    void OnRejected(RequestInfo request, RejectionReason reason);

    /// <summary>A request got an engine slot (again, after a preemption).</summary>
    void OnAdmitted(RequestInfo request, TimeSpan queueTime);

    /// <summary>The first generated token of a request.</summary>
    void OnFirstToken(RequestInfo request, TimeSpan timeToFirstToken);

    /// <summary>A generated token after the first; <paramref name="interTokenLatency"/> is the time since the previous one.</summary>
    void OnToken(RequestInfo request, TimeSpan interTokenLatency);

    /// <summary>A running request gave up its slot for urgent work; it will resume.</summary>
    void OnPreempted(RequestInfo request);

    /// <summary>A request ended with a final event.</summary>
    void OnFinished(RequestInfo request, FinishReason reason, TokenUsage usage, GenerationTimings timings);

    /// <summary>One engine step: sequences in the batch, tokens fed, and how long it took.</summary>
    void OnStep(string modelId, int sequences, int tokens, TimeSpan duration);

    /// <summary>One worker iteration that ran a step, split by phase (see <see cref="StepPhaseTimings"/>).</summary>
    void OnStepPhases(string modelId, StepPhaseTimings phases)
    {
    }

    /// <summary>A request with a response format was queued (<paramref name="mode"/>: json_schema, json_object, grammar, choice).</summary>
    void OnStructuredRequest(string modelId, string mode)
    {
    }

    /// <summary>A request with a response format ended with <paramref name="result"/> (never <see cref="StructuredResult.None"/>).</summary>
    void OnStructuredResult(string modelId, string mode, StructuredResult result)
    {
    }
}
