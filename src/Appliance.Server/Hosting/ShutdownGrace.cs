using Appliance.Server.Models;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Hosting;

/// <summary>
/// The first phase of shutdown, before any service stops: with
/// <see cref="ServerOptions.LeavePoolDelay"/> health turns NOT_SERVING while calls are still
/// served, for that long (a load balancer takes the box out of its pool); then new calls
/// are refused UNAVAILABLE ("the appliance is shutting down") at once, then the listener stays
/// open for <see cref="ServerOptions.ShutdownGracePeriod"/>, so a load balancer's health check
/// and an HIS's retry logic see the change rather than a closed port. Kestrel closes and
/// in-flight calls drain afterwards (<see cref="ModelHostService"/>). Runs in the host's
/// StoppingAsync phase, which precedes every StopAsync, Kestrel's included.
/// </summary>
internal sealed partial class ShutdownGrace(ModelHost host, IOptions<ServerOptions> options, TimeProvider time, ILogger<ShutdownGrace> logger)
    : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // SIGTERM already raised ApplicationStopping (ModelHostService drains, or leaves the pool,
        // on it); a host stopped from code raises it only after this phase.
        var leave = options.Value.LeavePoolDelay;
        if (leave > TimeSpan.Zero)
        {
            host.LeavePool();
            LogLeavingPool(logger, leave);
            await DelayAsync(leave, cancellationToken);
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

    [LoggerMessage(EventId = 40, Level = LogLevel.Information,
        Message = "Shutting down: health NOT_SERVING so load balancers take this box out of their pool; calls are still served for {Delay} (Appliance:Server:LeavePoolDelay)")]
    private static partial void LogLeavingPool(ILogger logger, TimeSpan delay);
}
