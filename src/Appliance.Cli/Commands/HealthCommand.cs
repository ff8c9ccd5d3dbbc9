using System.Globalization;
using Appliance.Cli.Formatting;
using Grpc.Core;
using Grpc.Health.V1;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>appliancectl health</c>: asks grpc.health.v1 whether the server ("") or one model
/// ("model/&lt;id&gt;") is SERVING; optionally polls until it is.
/// </summary>
public sealed class HealthCommand
{
    private readonly CommandContext _context;

    public HealthCommand(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <summary>
    /// Prints "&lt;service&gt;: &lt;STATUS&gt;" on standard output and returns <see cref="ExitCodes.Success"/>
    /// when SERVING, <see cref="ExitCodes.NotServing"/> otherwise, or an error code (see <see cref="ExitCodes"/>).
    /// </summary>
    public async Task<int> RunAsync(Health.HealthClient client, HealthOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);

        try
        {
            return options.Wait is { } wait
                ? await WaitAsync(client, options, wait, cancellationToken)
                : await CheckOnceAsync(client, options, cancellationToken);
        }
        catch (Exception exception) when (ServerCall.IsCancellation(exception, cancellationToken))
        {
            // A live progress line has no newline yet; end it so "cancelled" stands on its own line.
            await _context.Error.WriteLineAsync(options.LiveProgress && options.Wait is not null ? "\ncancelled" : "cancelled");
            return ExitCodes.Cancelled;
        }
        catch (RpcException exception)
        {
            return await ReportErrorAsync(options, exception);
        }
    }

    private async Task<int> CheckOnceAsync(Health.HealthClient client, HealthOptions options, CancellationToken cancellationToken)
    {
        var status = await ProbeAsync(client, options.ServiceName, ServerWait.CallTimeout, cancellationToken);
        return await ReportStatusAsync(options, status);
    }

    private async Task<int> WaitAsync(
        Health.HealthClient client, HealthOptions options, TimeSpan wait, CancellationToken cancellationToken)
    {
        var progress = new WaitProgress(_context.Error, Label(options), wait, options.LiveProgress);
        var clock = new ServerWait(_context.TimeProvider, wait);
        var lastStatus = HealthCheckResponse.Types.ServingStatus.Unknown;
        RpcException? lastError = null;
        while (true)
        {
            string state;
            try
            {
                lastStatus = await ProbeAsync(client, options.ServiceName, clock.NextCallTimeout(), cancellationToken);
                lastError = null;
                if (lastStatus == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    await progress.ClearAsync();
                    return await ReportStatusAsync(options, lastStatus);
                }

                state = ProtoNames.Of(lastStatus);
            }
            catch (RpcException exception) when (IsWorthWaitingFor(exception) && !cancellationToken.IsCancellationRequested
                && ConnectionFault.Of(exception, _context) is not { Permanent: true })
            {
                // The server may still be starting, or may not have registered the model yet.
                lastError = exception;
                state = RpcErrorReporter.IsUnreachable(exception) ? "unreachable" : exception.StatusCode.ToString();
            }

            var elapsed = clock.Elapsed;
            if (elapsed >= wait)
            {
                await progress.ClearAsync();
                await _context.Error.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture, $"timed out after {wait.TotalSeconds:0.#} s waiting for {Label(options)}"));
                return lastError is not null
                    ? await ReportErrorAsync(options, lastError)
                    : await ReportStatusAsync(options, lastStatus);
            }

            await progress.ReportAsync(state, elapsed, cancellationToken);
            await clock.PauseAsync(elapsed, cancellationToken);
        }
    }

    private async Task<HealthCheckResponse.Types.ServingStatus> ProbeAsync(
        Health.HealthClient client, string service, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _context.TimeProvider.GetUtcNow().UtcDateTime + timeout;
        var response = await client.CheckAsync(
            new HealthCheckRequest { Service = service }, deadline: deadline, cancellationToken: cancellationToken);
        return response.Status;
    }

    private async Task<int> ReportStatusAsync(HealthOptions options, HealthCheckResponse.Types.ServingStatus status)
    {
        await _context.Output.WriteLineAsync($"{Label(options)}: {ProtoNames.Of(status)}");
        return status == HealthCheckResponse.Types.ServingStatus.Serving ? ExitCodes.Success : ExitCodes.NotServing;
    }

    private async Task<int> ReportErrorAsync(HealthOptions options, RpcException exception)
    {
        // grpc.health.v1 answers NOT_FOUND with no detail for a service it does not know.
        if (exception.StatusCode == StatusCode.NotFound && string.IsNullOrEmpty(exception.Status.Detail))
        {
            await _context.Error.WriteLineAsync(
                $"error: NotFound: the server has no health service \"{options.ServiceName}\"; check the model id with 'appliancectl models list'");
            return ExitCodes.NotFound;
        }

        return RpcErrorReporter.Report(exception, _context);
    }

    private static bool IsWorthWaitingFor(RpcException exception) =>
        exception.StatusCode is StatusCode.Unavailable or StatusCode.NotFound or StatusCode.DeadlineExceeded;

    private static string Label(HealthOptions options) => options.Model is null ? "server" : options.ServiceName;
}
