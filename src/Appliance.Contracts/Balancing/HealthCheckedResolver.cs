using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;

namespace Appliance.Contracts.Balancing;

/// <summary>
/// Publishes to a <see cref="FleetChannel"/> only the boxes whose grpc.health.v1 overall ("")
/// status is SERVING, asked every interval; a DNS name is re-resolved each round, so a box added
/// to it joins. Hand-written: grpc-dotnet's balancing has no client-side health checking (gRPC's
/// A17 is not implemented there), only connectivity. A box that drains (NOT_SERVING) leaves the
/// pool within one interval, before it refuses calls, when its Appliance:Server:LeavePoolDelay
/// exceeds the interval. When no box is SERVING every address is published, so calls fail with
/// the boxes' own answer rather than "no addresses".
/// </summary>
internal sealed class HealthCheckedResolver(IReadOnlyList<Uri> boxes, Func<GrpcChannelOptions> options, TimeSpan interval) : Resolver
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<IPEndPoint, GrpcChannel> _channels = [];
    private volatile SocketException? _lastLookupError;
    private Task _loop = Task.CompletedTask;

    public override void Start(Action<ResolverResult> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _loop = Task.Run(() => RunAsync(listener, _stop.Token));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The loop ends by cancellation.
            }

            foreach (var channel in _channels.Values)
            {
                channel.Dispose();
            }

            _stop.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task RunAsync(Action<ResolverResult> listener, CancellationToken stop)
    {
        List<BalancerAddress>? published = null;
        using var timer = new PeriodicTimer(interval);
        do
        {
            var (all, serving) = await CheckAllAsync(stop);
            var chosen = serving.Count > 0 ? serving : all;
            if (published is null || !Same(published, chosen))
            {
                listener(chosen.Count > 0
                    ? ResolverResult.ForResult(chosen)
                    : ResolverResult.ForFailure(new Status(
                        StatusCode.Unavailable, $"no address found for {string.Join(", ", boxes.Select(b => b.Authority))}", _lastLookupError)));
                published = chosen;
            }
        }
        while (await Tick(timer, stop));
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<(List<BalancerAddress> All, List<BalancerAddress> Serving)> CheckAllAsync(CancellationToken stop)
    {
        var endpoints = new List<(Uri Box, IPEndPoint EndPoint)>();
        foreach (var box in boxes)
        {
            endpoints.AddRange((await ResolveAsync(box, stop)).Select(ip => (box, new IPEndPoint(ip, box.Port))));
        }

        var serving = await Task.WhenAll(endpoints.Select(e => IsServingAsync(e.Box, e.EndPoint, stop)));
        var all = endpoints.Select(e => new BalancerAddress(e.EndPoint.Address.ToString(), e.EndPoint.Port)).ToList();
        return (all, [.. all.Where((_, i) => serving[i])]);
    }

    private async Task<IPAddress[]> ResolveAsync(Uri box, CancellationToken stop)
    {
        if (IPAddress.TryParse(box.IdnHost, out var literal))
        {
            return [literal];
        }

        try
        {
            return await Dns.GetHostAddressesAsync(box.IdnHost, stop);
        }
        catch (SocketException e)
        {
            // Not resolvable now: asked again next round. The failure carries the lookup's error, so a
            // caller can tell a name that does not resolve from a box that does not answer.
            _lastLookupError = e;
            return [];
        }
    }

    private async Task<bool> IsServingAsync(Uri box, IPEndPoint endPoint, CancellationToken stop)
    {
        try
        {
            // A box that does not answer within one interval is out of the pool until it does.
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stop);
            bounded.CancelAfter(interval);
            var health = new Health.HealthClient(HealthChannel(box, endPoint));
            var reply = await health.CheckAsync(new HealthCheckRequest(), cancellationToken: bounded.Token);
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
        }
        catch (RpcException)
        {
            return false; // down, unreachable, refusing or too slow: not in the pool
        }
    }

    /// <summary>
    /// One channel per box address, addressed by the box's own URL (so TLS checks its name) but
    /// connected to <paramref name="endPoint"/> (one of the addresses that name resolves to).
    /// </summary>
    private GrpcChannel HealthChannel(Uri box, IPEndPoint endPoint)
    {
        lock (_channels)
        {
            if (!_channels.TryGetValue(endPoint, out var channel))
            {
                var channelOptions = options();
                if (channelOptions.HttpHandler is SocketsHttpHandler handler)
                {
                    handler.ConnectCallback = (_, token) => EndPointConnection.OpenAsync(endPoint, token);
                }

                channel = GrpcChannel.ForAddress(box, channelOptions);
                _channels[endPoint] = channel;
            }

            return channel;
        }
    }

    private static bool Same(List<BalancerAddress> a, List<BalancerAddress> b) =>
        a.Count == b.Count && a.Select(x => x.EndPoint.ToString()).Order().SequenceEqual(b.Select(x => x.EndPoint.ToString()).Order());
}
