using Appliance.Core.Generation;
using Appliance.Scheduling;

namespace Appliance.Server.Metrics;

/// <summary>The scheduler's observer port, recorded as Prometheus metrics. Lock-free; never throws.</summary>
internal sealed class PrometheusSchedulerObserver : ISchedulerObserver
{
    private readonly ApplianceMetrics _metrics;
    private readonly MetricLabels _labels;

    public PrometheusSchedulerObserver(ApplianceMetrics metrics, MetricLabels labels)
    {
        _metrics = metrics;
        _labels = labels;
    }

    public void OnQueued(RequestInfo request)
    {
        // Queue depth is read from the workers at scrape time.
    }

    public void OnRejected(RequestInfo request, RejectionReason reason) =>
        _metrics.Rejected.WithLabels(_labels.Model(request.ModelId), _labels.Client(request.ClientId), MetricLabels.Rejection(reason)).Inc();

    public void OnAdmitted(RequestInfo request, TimeSpan queueTime) =>
        _metrics.QueueTime.WithLabels(_labels.Model(request.ModelId), MetricLabels.Priority(request.Priority)).Observe(queueTime.TotalSeconds);

    public void OnFirstToken(RequestInfo request, TimeSpan timeToFirstToken)
    {
        var model = _labels.Model(request.ModelId);
        _metrics.TimeToFirstToken.WithLabels(model, MetricLabels.Priority(request.Priority)).Observe(timeToFirstToken.TotalSeconds);
        _metrics.GenerationTokensTotal.WithLabels(model, _labels.Client(request.ClientId)).Inc();
    }

    /// <summary>Generated tokens are counted as they come, so tokens/s is live during long generations.</summary>
    public void OnToken(RequestInfo request, TimeSpan interTokenLatency)
    {
        var model = _labels.Model(request.ModelId);
        _metrics.InterTokenLatency.WithLabels(model).Observe(interTokenLatency.TotalSeconds);
        _metrics.GenerationTokensTotal.WithLabels(model, _labels.Client(request.ClientId)).Inc();
    }

    public void OnPreempted(RequestInfo request) =>
        _metrics.Preemptions.WithLabels(_labels.Model(request.ModelId)).Inc();

    public void OnStructuredRequest(string modelId, string mode) =>
        _metrics.StructuredRequests.WithLabels(_labels.Model(modelId), mode).Inc();

    public void OnStructuredResult(string modelId, string mode, StructuredResult result) =>
        _metrics.StructuredResults.WithLabels(_labels.Model(modelId), mode, result.ToString().ToLowerInvariant()).Inc();

    public void OnFinished(RequestInfo request, FinishReason reason, TokenUsage usage, GenerationTimings timings)
    {
        var model = _labels.Model(request.ModelId);
        var client = _labels.Client(request.ClientId);
        var priority = MetricLabels.Priority(request.Priority);
        _metrics.Finished.WithLabels(model, priority, MetricLabels.FinishReason(reason)).Inc();
        _metrics.RequestDuration.WithLabels(model, priority).Observe(timings.Total.TotalSeconds);
        _metrics.PromptTokens.WithLabels(model).Observe(usage.PromptTokens);
        _metrics.GenerationTokens.WithLabels(model).Observe(usage.CompletionTokens);
        _metrics.PromptTokensTotal.WithLabels(model, client).Inc(usage.PromptTokens);
        _metrics.PromptTokensCached.WithLabels(model).Inc(usage.CachedPromptTokens);
        _metrics.ReasoningTokens.WithLabels(model).Inc(usage.ReasoningTokens);
    }

    public void OnStep(string modelId, int sequences, int tokens, TimeSpan duration)
    {
        var model = _labels.Model(modelId);
        _metrics.BatchSize.WithLabels(model).Observe(sequences);
        _metrics.StepDuration.WithLabels(model).Observe(duration.TotalSeconds);
    }

    public void OnStepPhases(string modelId, StepPhaseTimings phases)
    {
        var model = _labels.Model(modelId);
        _metrics.StepPhase.WithLabels(model, "admit").Observe(phases.Admit.TotalSeconds);
        _metrics.StepPhase.WithLabels(model, "plan").Observe(phases.Plan.TotalSeconds);
        _metrics.StepPhase.WithLabels(model, "decode").Observe(phases.Decode.TotalSeconds);
        _metrics.StepPhase.WithLabels(model, "sample").Observe(phases.Sample.TotalSeconds);
        _metrics.StepPhase.WithLabels(model, "route").Observe(phases.Route.TotalSeconds);
    }
}
