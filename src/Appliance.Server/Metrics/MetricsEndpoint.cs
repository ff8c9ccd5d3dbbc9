using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Appliance.Server.Metrics;

/// <summary>
/// The metrics port: its own Kestrel listener (HTTP/1.1, so gRPC cannot be reached through it),
/// separate from the HIS-facing gRPC port. Requests arriving on it see only <c>/metrics</c> and
/// <c>/healthz</c>; requests on the gRPC port never see those.
/// </summary>
internal sealed class MetricsEndpoint
{
    private ListenOptions? _listen;

    /// <summary>The port actually bound (after start), or null when the endpoint is disabled.</summary>
    public int? BoundPort => (_listen?.EndPoint as IPEndPoint)?.Port;

    /// <summary>Adds the listener to Kestrel when <paramref name="options"/> enable it and are valid (the validator reports invalid ones).</summary>
    public void Listen(KestrelServerOptions kestrel, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        if (!options.Enabled || options.Port is < 0 or > 65535)
        {
            return;
        }

        Action<ListenOptions> configure = listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            _listen = listen;
        };
        if (options.Address == "*")
        {
            kestrel.ListenAnyIP(options.Port, configure);
        }
        else if (IPAddress.TryParse(options.Address, out var address))
        {
            kestrel.Listen(address, options.Port, configure);
        }
    }

    /// <summary>True for a request that arrived on the metrics port.</summary>
    public bool IsMetricsRequest(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return BoundPort is { } port && context.Connection.LocalPort == port;
    }
}
