using Appliance.Server.Models;

namespace Appliance.Server.Metrics;

/// <summary>Counts the model host's loads, unloads and swaps (<c>appliance_model_loads_total</c>, <c>_unloads_total</c>, <c>_reloads_total</c>).</summary>
internal sealed class PrometheusModelLifecycleObserver(ApplianceMetrics metrics) : IModelLifecycleObserver
{
    public void OnLoad(string modelId, string outcome) => metrics.ModelLoads.WithLabels(modelId, outcome).Inc();

    public void OnUnload(string modelId, string reason) => metrics.ModelUnloads.WithLabels(modelId, reason).Inc();

    public void OnReload(string modelId, string outcome) => metrics.ModelReloads.WithLabels(modelId, outcome).Inc();
}
