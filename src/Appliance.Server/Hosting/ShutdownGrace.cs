using Appliance.Server.Models;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Hosting;

/// <summary>
/// The first phase of shutdown, before any service stops: with
/// <see cref="ServerOptions.LeavePoolDelay"/> health turns NOT_SERVING while calls are still
/// served, for that long (a load balancer takes the box out of its pool), and shortly before it
/// ends (<see cref="GoAwayLead"/>) every open connection is asked to close once its streams finish
/// (HTTP/2 GOAWAY, <see cref="OpenConnections"/>): clients of a pass-through balancer, which balances
/// connections, reconnect to a box still in its pool instead of sending calls here; then new calls
/// are refused UNAVAILABLE ("the appliance is shutting down") at once, then the listener stays
/// open for <see cref="ServerOptions.ShutdownGracePeriod"/>, so a load balancer's health check
/// and an HIS's retry logic see the change rather than a closed port. Kestrel closes and
/// in-flight calls drain afterwards (<see cref="ModelHostService"/>). Runs in the host's
/// StoppingAsync phase, which precedes every StopAsync, Kestrel's included.
/// </summary>
internal sealed partial class ShutdownGrace(ModelHost host, IOptions<ServerOptions> options, TimeProvider time, OpenConnections connections, ILogger<ShutdownGrace> logger)
    : IHostedLifecycleService
{
    /// <summary>
    /// How long before the refusals begin the connections are asked to close: a quarter of the
    /// leave-pool delay, at most 500 ms. Late enough that a balancer polling every second has taken
    /// the box out (a client's new connection goes elsewhere), early enough that a call a client sent
    /// before it read the GOAWAY still arrives while calls are served (a LAN round trip is well under).
    /// </summary>
    public static TimeSpan GoAwayLead(TimeSpan leavePoolDelay) => TimeSpan.FromTicks(Math.Min(leavePoolDelay.Ticks / 4, TimeSpan.FromMilliseconds(500).Ticks));

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // SIGTERM already raised ApplicationStopping (ModelHostService drains, or leaves the pool,
        // on it); a host stopped from code raises it only after this phase.
        var leave = options.Value.LeavePoolDelay;
        if (leave > TimeSpan.Zero)
        {
            host.LeavePool();
            LogLeavingPool(logger, leave);
            var lead = GoAwayLead(leave);
            await DelayAsync(leave - lead, cancellationToken);
            var asked = connections.CloseGracefully();
            LogGoAway(logger, asked, lead);
            await DelayAsync(lead, cancellationToken);
        }

        host.BeginDrain();
        var grace = options.Value.ShutdownGracePeriod;
        if (grace <= TimeSpan.Zero)
        {
            return;
        }

        LogGrace(logger, grace);
        await DelayAsync(grace, cancellationToken);
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout: go on closing.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 20, Level = LogLevel.Information,
        Message = "Shutting down: health NOT_SERVING and new calls refused; the port stays open for {Grace} (Appliance:Server:ShutdownGracePeriod), then in-flight calls drain")]
    private static partial void LogGrace(ILogger logger, TimeSpan grace);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information,
        Message = "Leaving the pool: asked {Connections} open connection(s) to close once their calls finish (HTTP/2 GOAWAY), so clients reconnect to another box; new calls are refused in {Lead}")]
    private static partial void LogGoAway(ILogger logger, int connections, TimeSpan lead);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information,
        Message = "Shutting down: health NOT_SERVING so load balancers take this box out of their pool; calls are still served for {Delay} (Appliance:Server:LeavePoolDelay)")]
    private static partial void LogLeavingPool(ILogger logger, TimeSpan delay);
}
