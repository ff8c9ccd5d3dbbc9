namespace Appliance.Server.Hosting;

/// <summary>gRPC surface settings (configuration section <c>Appliance:Server</c>).</summary>
public sealed class ServerOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Appliance:Server";

    /// <summary>gRPC server reflection (for buf curl/grpcurl). On in development, off in production.</summary>
    public bool EnableReflection { get; set; }

    /// <summary>Largest request message accepted, in bytes (prompts are text: 4 MiB is generous).</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// On shutdown, how long health says NOT_SERVING (and new calls get UNAVAILABLE "shutting
    /// down") while the port stays open, before the listener closes and in-flight calls drain:
    /// load balancers and HIS retry logic see the change instead of a refused connection.
    /// 0 to 60 s; default 5 s (development: 0).
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// On shutdown, how long health says NOT_SERVING while new calls are still SERVED, before the
    /// grace period (and its refusals) begins: a load balancer that polls /healthz or
    /// grpc.health.v1 takes the box out of its pool in that time, so no call routed to it just
    /// before is refused. Set it longer than the balancer's check interval x fall count (the
    /// shipped HAProxy configuration: 1 s x 2). 0 to 60 s; default 0 (refuse at once).
    /// </summary>
    public TimeSpan LeavePoolDelay { get; set; } = TimeSpan.Zero;
}
