using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Appliance.Server.Hosting;

/// <summary>
/// The connections open now, so a box that leaves a balancer's pool can ask each to close
/// gracefully (<see cref="CloseGracefully"/>): Kestrel answers an HTTP/2 connection with GOAWAY,
/// lets the streams already on it finish, then closes it; a gRPC client opens a new connection
/// for its next call, which a pass-through (per-connection) balancer sends to a box still in its
/// pool. Kestrel does this by itself only when the whole server stops, after the grace period in
/// which calls are refused; hand-written because Kestrel offers no "close every connection now"
/// call, only each connection's <see cref="IConnectionLifetimeNotificationFeature"/>.
/// </summary>
internal sealed class OpenConnections
{
    private readonly ConcurrentDictionary<string, IConnectionLifetimeNotificationFeature> _open = new(StringComparer.Ordinal);

    /// <summary>Connection middleware (Kestrel's endpoint defaults): keeps each connection's close request while it is open.</summary>
    public ConnectionDelegate Track(ConnectionDelegate next) => async connection =>
    {
        var lifetime = connection.Features.Get<IConnectionLifetimeNotificationFeature>();
        if (lifetime is not null)
        {
            _open[connection.ConnectionId] = lifetime;
        }

        try
        {
            await next(connection);
        }
        finally
        {
            _open.TryRemove(connection.ConnectionId, out _);
        }
    };

    /// <summary>Asks every open connection to close once its streams finish (HTTP/2 GOAWAY); returns how many were asked.</summary>
    public int CloseGracefully()
    {
        var asked = 0;
        foreach (var (_, lifetime) in _open)
        {
            lifetime.RequestClose();
            asked++;
        }

        return asked;
    }
}
