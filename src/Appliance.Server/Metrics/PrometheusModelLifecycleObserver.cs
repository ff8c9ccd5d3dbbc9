using Appliance.Server.Models;

namespace Appliance.Server.Metrics;

/// <summary>Counts the model host's loads, unloads and swaps (<c>appliance_model_loads_total</c>, <c>_unloads_total</c>, <c>_reloads_total</c>).</summary>
internal sealed class PrometheusModelLifecycleObserver(ApplianceMetrics metrics) : IModelLifecycleObserver
{
    private static readonly string[] LoadOutcomes = ["ready", "failed", "refused"];
    private static readonly string[] UnloadReasons = ["admin", "removed", "evicted", "reload"];
    private static readonly string[] ReloadOutcomes = ["beside", "drained_first", "failed"];

    /// <summary>Creates the model's series at 0, so dashboards that rate() them have data before the first event.</summary>
    public static void Touch(ApplianceMetrics metrics, string modelId)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        foreach (var outcome in LoadOutcomes)
        {
            metrics.ModelLoads.WithLabels(modelId, outcome);
        }

        foreach (var reason in UnloadReasons)
        {
            metrics.ModelUnloads.WithLabels(modelId, reason);
        }

        foreach (var outcome in ReloadOutcomes)
        {
            metrics.ModelReloads.WithLabels(modelId, outcome);
        }
    }

    public void OnLoad(string modelId, string outcome) => metrics.ModelLoads.WithLabels(modelId, outcome).Inc();

    public void OnUnload(string modelId, string reason) => metrics.ModelUnloads.WithLabels(modelId, reason).Inc();

    public void OnReload(string modelId, string outcome) => metrics.ModelReloads.WithLabels(modelId, outcome).Inc();
}
