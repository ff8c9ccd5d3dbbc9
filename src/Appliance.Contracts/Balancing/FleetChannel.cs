using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Contracts.Balancing;

/// <summary>
/// A gRPC channel that balances calls over several appliance boxes without a load balancer
/// (grpc-dotnet client-side balancing, round_robin per call), sending calls only to boxes whose
/// grpc.health.v1 overall status is SERVING (<see cref="HealthCheckedResolver"/>), with
/// <see cref="RetryPolicy"/>. One channel, reused for every call: its connections and health
/// state live in it.
/// </summary>
public static class FleetChannel
{
    /// <summary>How often each box's health is asked (and a DNS name re-resolved).</summary>
    public static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The retry policy of every method: UNAVAILABLE (a box draining, down, or unreachable) and
    /// RESOURCE_EXHAUSTED (a box's queue full; its grpc-retry-pushback-ms is honoured) are
    /// retried, up to 3 attempts in all, and round_robin sends the retry to the next box. gRPC
    /// retries a call only until the server's response headers arrive, so a generation that may
    /// have started streaming is never retried silently; nothing else is retried.
    /// </summary>
    public static RetryPolicy RetryPolicy { get; } = new()
    {
        MaxAttempts = 3,
        InitialBackoff = TimeSpan.FromMilliseconds(200),
        MaxBackoff = TimeSpan.FromSeconds(2),
        BackoffMultiplier = 2,
        RetryableStatusCodes = { StatusCode.Unavailable, StatusCode.ResourceExhausted },
    };

    /// <summary>
    /// True when <paramref name="boxes"/> needs balancing: several addresses, or one whose host is
    /// a DNS name (not an IP address and not localhost), which may resolve to several.
    /// </summary>
    public static bool IsFleet(IReadOnlyList<Uri> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        return boxes.Count > 1 || boxes[0].HostNameType == UriHostNameType.Dns && !boxes[0].IsLoopback;
    }

    /// <summary>
    /// A balanced channel over <paramref name="boxes"/>. <paramref name="options"/> is called for
    /// the channel and once per box for its health checks: each call must return fresh options
    /// (a fresh <see cref="SocketsHttpHandler"/>: a channel owns and disposes its handler) with the
    /// caller's credentials. For https:// the TLS host name checked is the first address's host,
    /// so with several addresses each box's certificate must also carry that name (or give one DNS
    /// name that every certificate carries).
    /// </summary>
    public static GrpcChannel Create(IReadOnlyList<Uri> boxes, Func<GrpcChannelOptions> options)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(options);
        var secure = boxes[0].Scheme == Uri.UriSchemeHttps;
        var channelOptions = options();
        var services = new ServiceCollection();
        services.AddSingleton<ResolverFactory>(new HealthCheckedResolverFactory(boxes, options, HealthInterval));
        channelOptions.ServiceProvider = services.BuildServiceProvider();
        channelOptions.Credentials ??= secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        channelOptions.ServiceConfig = new ServiceConfig
        {
            LoadBalancingConfigs = { new RoundRobinConfig() },
            MethodConfigs = { new MethodConfig { Names = { MethodName.Default }, RetryPolicy = RetryPolicy } },
        };
        channelOptions.DisposeHttpClient = true;
        return GrpcChannel.ForAddress($"{HealthCheckedResolverFactory.Scheme}://{boxes[0].Authority}", channelOptions);
    }
}
