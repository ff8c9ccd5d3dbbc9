using Grpc.Health.V1;
using Grpc.HealthCheck;

namespace Appliance.Server.Models;

/// <summary>
/// Publishes grpc.health.v1 statuses: "" (overall: SERVING once no model is loading and at
/// least one is ready), the gRPC service names, and "model/&lt;id&gt;" per model.
/// </summary>
public sealed class HealthReporter
{
    /// <summary>Health service name of a model.</summary>
    public static string ServiceName(string modelId) => $"model/{modelId}";

    private static readonly string[] GrpcServices = ["appliance.v1.Generation", "appliance.v1.Models", "appliance.v1.Embeddings", "appliance.v1.Inference", "appliance.v1.Server", "appliance.v1.ModelAdmin"];
    private readonly HealthServiceImpl _health;
    private volatile bool _serving;

    /// <summary>Creates the reporter; everything starts NOT_SERVING.</summary>
    public HealthReporter(HealthServiceImpl health)
    {
        _health = health;
        _health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.NotServing);
    }

    /// <summary>The overall ("") status last published: what the metrics port's /healthz answers.</summary>
    public bool IsServing => _serving;

    /// <summary>
    /// Publishes every model's state and the overall state. A model is SERVING when it is ready,
    /// or available and loading on demand (a call is served, after the load). While
    /// <paramref name="startingUp"/>, a model still loading holds the overall status at
    /// NOT_SERVING; later loads (admin, on demand, swaps) do not take the box out of its pool.
    /// </summary>
    public void Publish(IReadOnlyCollection<ModelEntry> models, bool startingUp = true)
    {
        ArgumentNullException.ThrowIfNull(models);
        var anyLoading = false;
        var anyReady = false;
        foreach (var model in models)
        {
            var state = model.State.State;
            anyLoading |= startingUp && state == Core.Models.ModelState.Loading;
            var onDemand = state == Core.Models.ModelState.Available && model.Manifest is { } m && (m.Load == Core.Models.ModelLoadPolicy.OnDemand || m.Evictable);
            anyReady |= state == Core.Models.ModelState.Ready || onDemand;
            _health.SetStatus(ServiceName(model.Id), state == Core.Models.ModelState.Ready || onDemand
                ? HealthCheckResponse.Types.ServingStatus.Serving
                : HealthCheckResponse.Types.ServingStatus.NotServing);
        }

        var overall = !anyLoading && anyReady
            ? HealthCheckResponse.Types.ServingStatus.Serving
            : HealthCheckResponse.Types.ServingStatus.NotServing;
        _health.SetStatus(string.Empty, overall);
        _serving = overall == HealthCheckResponse.Types.ServingStatus.Serving;
        foreach (var service in GrpcServices)
        {
            _health.SetStatus(service, overall);
        }
    }

    /// <summary>A model no longer configured (its manifest was removed): its service name is forgotten (health checks get NOT_FOUND).</summary>
    public void Forget(string modelId) => _health.ClearStatus(ServiceName(modelId));

    /// <summary>Marks everything NOT_SERVING (shutdown: load balancers stop sending work).</summary>
    public void ShuttingDown(IReadOnlyCollection<ModelEntry> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        _serving = false;
        _health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.NotServing);
        foreach (var service in GrpcServices)
        {
            _health.SetStatus(service, HealthCheckResponse.Types.ServingStatus.NotServing);
        }

        foreach (var model in models)
        {
            _health.SetStatus(ServiceName(model.Id), HealthCheckResponse.Types.ServingStatus.NotServing);
        }
    }
}
