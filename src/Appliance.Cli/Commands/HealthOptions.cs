namespace Appliance.Cli.Commands;

/// <summary>What <see cref="HealthCommand"/> checks and how long it waits.</summary>
/// <param name="Model">Model id to check ("model/&lt;id&gt;"); null checks the whole server ("").</param>
/// <param name="Wait">Poll until SERVING or this much time has passed; null checks once.</param>
/// <param name="LiveProgress">
/// Redraw one progress line in place (a terminal); otherwise write a line only when the state changes (a log).
/// </param>
public sealed record HealthOptions(string? Model = null, TimeSpan? Wait = null, bool LiveProgress = false)
{
    /// <summary>The grpc.health.v1 service name: "" for the server, "model/&lt;id&gt;" for one model.</summary>
    public string ServiceName => Model is null ? string.Empty : "model/" + Model;
}
