using Appliance.Cli.Metrics;
using Appliance.Core.Audit;
using Appliance.Contracts.V1;
using Grpc.Health.V1;

namespace Appliance.Cli.Formatting;

/// <summary>Everything one status screen shows, gathered from the gRPC port and the metrics port.</summary>
/// <param name="ServerAddress">The gRPC address asked.</param>
/// <param name="Models">ListModels' answer.</param>
/// <param name="ServerHealth">grpc.health.v1 for "" (the whole server), or null when the check failed.</param>
/// <param name="MetricsPage">The metrics page read (or tried).</param>
/// <param name="Figures">Figures from two scrapes of the metrics page, or null when it could not be read.</param>
/// <param name="MetricsProblem">Why the metrics page could not be read, or null.</param>
internal sealed record StatusReport(
    string ServerAddress,
    IReadOnlyList<ModelInfo> Models,
    HealthCheckResponse.Types.ServingStatus? ServerHealth,
    Uri MetricsPage,
    ApplianceFigures? Figures,
    string? MetricsProblem)
{
    /// <summary>Local time of the screen, shown in its first line (watch mode), or null.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>The server's audit chain head (from the metrics port), or null when it could not be read.</summary>
    public AuditAnchor? AuditHead { get; init; }

    /// <summary>Why <see cref="AuditHead"/> could not be read (the audit log is off, an older server), or null.</summary>
    public string? AuditHeadProblem { get; init; }

    public bool AnyFailed => Models.Any(m => m.State == ModelState.Failed);

    /// <summary>True when there is at least one model and every model is READY, or AVAILABLE and loading on its first call (on demand, or evicted).</summary>
    public bool AllReady => Models.Count > 0 && Models.All(m => m.State == ModelState.Ready || (m.State == ModelState.Available && (m.Load == "on_demand" || m.Evictable)));
}
