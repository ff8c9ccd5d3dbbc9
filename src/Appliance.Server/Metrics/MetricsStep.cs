using Appliance.Server.Calls;

namespace Appliance.Server.Metrics;

/// <summary>
/// Counts every call in <c>appliance_requests_total</c> by its final status. First in the
/// pipeline, so its End runs last and sees the status the door mapped (prometheus-net's HTTP
/// metrics would record every gRPC error as 200). Label values go through
/// <see cref="MetricLabels"/>: unknown models and clients are <c>other</c>.
/// </summary>
internal sealed class MetricsStep(ApplianceMetrics metrics, MetricLabels labels) : ICallStep
{
    public void Begin(CallContext call)
    {
    }

    public void End(CallContext call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var priority = call.CarriesPriority ? MetricLabels.Priority(call.Priority) : "";
        metrics.Requests.WithLabels(call.Method, labels.Model(call.ModelId), labels.Client(call.ClientId), priority, call.Status.ToString()).Inc();
    }
}
