using Grpc.Core;

namespace Appliance.Server.Tests.LoadBalancing;

/// <summary>
/// What the client saw of one Generate call through the balancer: the box that answered (the
/// balancer's x-appliance-box header; null when no response headers came), the final status, and
/// when it started and ended on the test's clock.
/// </summary>
internal sealed record BalancedCall(string? Box, StatusCode Status, TimeSpan Started, TimeSpan Ended, int Messages)
{
    public bool Spans(TimeSpan moment) => Started < moment && Ended > moment;

    public override string ToString() => $"{Box ?? "(no box)"} {Status} {Started.TotalSeconds:F2}-{Ended.TotalSeconds:F2}s {Messages} messages";
}
