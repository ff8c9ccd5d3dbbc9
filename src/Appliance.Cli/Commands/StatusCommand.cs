using System.Globalization;
using Appliance.Cli.Formatting;
using Appliance.Cli.Metrics;
using Appliance.Contracts.V1;
using Appliance.Core.Audit;
using Grpc.Core;
using Grpc.Health.V1;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>appliancectl status</c>: one screen of the appliance's state for IT on the box. Models and
/// their states from ListModels and the server's health from grpc.health.v1 (the gRPC port, with
/// the caller's credentials); queues, KV use, request rates, GPUs and the build from two scrapes
/// of the metrics page, <see cref="StatusOptions.Interval"/> apart, and the audit chain head from
/// the same port. Optionally waits for the
/// models to load first, and redraws every <see cref="StatusOptions.Watch"/>.
/// </summary>
internal sealed class StatusCommand
{
    private readonly CommandContext _context;
    private readonly MetricsScraper _metrics;

    public StatusCommand(CommandContext context, MetricsScraper metrics)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(metrics);
        _context = context;
        _metrics = metrics;
    }

    /// <summary>The last screen drawn, or null when none was (the server never answered): what a fleet summary reads.</summary>
    public StatusReport? LastReport { get; private set; }

    /// <summary>
    /// Draws the screen (once, or until cancelled with <see cref="StatusOptions.Watch"/>) and returns the
    /// exit code of the last one: <see cref="ExitCodes.Success"/> when every model is ready and the whole
    /// screen could be filled, else <see cref="ExitCodes.ModelFailed"/>, <see cref="ExitCodes.NotServing"/>,
    /// <see cref="ExitCodes.MetricsUnavailable"/> or the code of the failed call (see <see cref="ExitCodes"/>).
    /// </summary>
    public async Task<int> RunAsync(
        Models.ModelsClient models, Health.HealthClient health, StatusOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(options);
        var progress = options.Wait is { } waitLimit ? new LoadProgress(_context.Error, waitLimit, options.ErrorIsTerminal) : null;
        try
        {
            if (progress is not null && await WaitForModelsAsync(models, progress, options.Wait!.Value, cancellationToken) is { } failed)
            {
                return failed;
            }

            return await DrawAsync(models, health, options, cancellationToken);
        }
        catch (Exception exception) when (ServerCall.IsCancellation(exception, cancellationToken))
        {
            if (progress is not null)
            {
                await progress.ClearAsync();
            }

            await _context.Error.WriteLineAsync("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (RpcException exception)
        {
            if (progress is not null)
            {
                await progress.ClearAsync();
            }

            return RpcErrorReporter.Report(exception, _context);
        }
    }

    /// <summary>The exit code a screen stands for (see <see cref="RunAsync"/>).</summary>
    public static int ExitCodeOf(StatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.AnyFailed)
        {
            return ExitCodes.ModelFailed;
        }

        if (!report.AllReady || report.ServerHealth != HealthCheckResponse.Types.ServingStatus.Serving)
        {
            return ExitCodes.NotServing;
        }

        return report.Figures is null ? ExitCodes.MetricsUnavailable : ExitCodes.Success;
    }

    /// <summary>
    /// Polls ListModels until no model is loading (ready or failed) or <paramref name="wait"/> passes.
    /// Returns null to go on drawing the screen, or an exit code when the server never answered.
    /// </summary>
    private async Task<int?> WaitForModelsAsync(Models.ModelsClient models, LoadProgress progress, TimeSpan wait, CancellationToken cancellationToken)
    {
        var clock = new ServerWait(_context.TimeProvider, wait);
        while (true)
        {
            RpcException? unreachable = null;
            IReadOnlyList<ModelInfo>? list = null;
            try
            {
                list = await ListAsync(models, clock.NextCallTimeout(), cancellationToken);
                if (!list.Any(m => m.State == ModelState.Loading))
                {
                    await progress.ClearAsync();
                    return null;
                }
            }
            catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded
                && !cancellationToken.IsCancellationRequested)
            {
                // The server may still be starting (systemctl start returns before it listens); a name that does
                // not resolve, a TLS mismatch or a refused certificate will not change by waiting.
                if (ConnectionFault.Of(exception, _context) is { Permanent: true })
                {
                    await progress.ClearAsync();
                    return RpcErrorReporter.Report(exception, _context);
                }

                unreachable = exception;
            }

            var elapsed = clock.Elapsed;
            if (elapsed >= wait)
            {
                await progress.ClearAsync();
                await _context.Error.WriteLineAsync(unreachable is null
                    ? $"timed out after {Units.Seconds(wait)} waiting for the models to load"
                    : $"timed out after {Units.Seconds(wait)}: the server never answered (unreachable, not loading)");
                return unreachable is null ? null : RpcErrorReporter.Report(unreachable, _context);
            }

            if (list is null)
            {
                await progress.ReportUnreachableAsync(elapsed, cancellationToken);
            }
            else
            {
                var loading = list.Where(m => m.State == ModelState.Loading).Select(m => m.Id).ToList();
                await progress.ReportLoadingAsync(list.Count - loading.Count, list.Count, loading, elapsed, cancellationToken);
            }

            await clock.PauseAsync(elapsed, cancellationToken);
        }
    }

    private async Task<int> DrawAsync(Models.ModelsClient models, Health.HealthClient health, StatusOptions options, CancellationToken cancellationToken)
    {
        var text = new ScreenText(options.Colour);
        Scrape? previous = null;
        var first = true;
        while (true)
        {
            StatusReport report;
            try
            {
                (report, previous) = await GatherAsync(models, health, options, previous, cancellationToken);
            }
            catch (RpcException exception) when (options.Watch is not null
                && exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && !cancellationToken.IsCancellationRequested)
            {
                // Watching through a restart: say so and keep trying.
                var line = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{_context.TimeProvider.GetLocalNow():yyyy-MM-dd HH:mm:ss} the server at {_context.ServerAddress} does not answer; trying again every {Units.Seconds(options.Watch.Value)}");
                await WriteScreenAsync(options, first, [line], cancellationToken);
                RpcErrorReporter.Report(exception, _context);
                first = false;
                previous = null;
                await Task.Delay(options.Watch.Value, _context.TimeProvider, cancellationToken);
                continue;
            }

            LastReport = report;
            await WriteScreenAsync(options, first, StatusScreen.Render(report, text), cancellationToken);
            if (options.Watch is not { } every)
            {
                return ExitCodeOf(report);
            }

            first = false;
            await Task.Delay(every, _context.TimeProvider, cancellationToken);
        }
    }

    private async Task<(StatusReport Report, Scrape? Latest)> GatherAsync(
        Models.ModelsClient models, Health.HealthClient health, StatusOptions options, Scrape? previous, CancellationToken cancellationToken)
    {
        // The gRPC calls come before the first scrape, so appliancectl's own calls fall outside the rate window.
        var list = await ListAsync(models, ServerWait.CallTimeout, cancellationToken);
        var serving = await HealthAsync(health, cancellationToken);

        ApplianceFigures? figures = null;
        string? problem = null;
        Scrape? latest = null;
        try
        {
            var before = previous ?? await ScrapeAsync(cancellationToken);
            if (previous is null)
            {
                await Task.Delay(options.Interval, _context.TimeProvider, cancellationToken);
            }

            latest = await ScrapeAsync(cancellationToken);
            var window = new MetricsWindow(before.Page, latest.Page, _context.TimeProvider.GetElapsedTime(before.Timestamp, latest.Timestamp));
            figures = ApplianceFigures.From(window, _context.TimeProvider.GetUtcNow());
        }
        catch (MetricsUnavailableException exception)
        {
            problem = exception.Message;
        }

        var (head, headProblem) = figures is null ? (null, null) : await AuditHeadAsync(cancellationToken);
        var report = new StatusReport(_context.ServerAddress, list, serving, _metrics.PageUri, figures, problem)
        {
            Time = options.Watch is null ? null : _context.TimeProvider.GetLocalNow(),
            AuditHead = head,
            AuditHeadProblem = headProblem,
        };
        return (report, latest);
    }

    /// <summary>The audit chain head, or why it could not be read (it does not change the exit code).</summary>
    private async Task<(AuditAnchor? Head, string? Problem)> AuditHeadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await _metrics.ReadAuditHeadAsync(cancellationToken), null);
        }
        catch (MetricsUnavailableException exception)
        {
            return (null, exception.Message);
        }
    }

    private async Task<Scrape> ScrapeAsync(CancellationToken cancellationToken)
    {
        var timestamp = _context.TimeProvider.GetTimestamp();
        return new Scrape(await _metrics.ScrapeAsync(cancellationToken), timestamp);
    }

    private async Task<IReadOnlyList<ModelInfo>> ListAsync(Models.ModelsClient models, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _context.TimeProvider.GetUtcNow().UtcDateTime + timeout;
        var response = await models.ListModelsAsync(new ListModelsRequest(), deadline: deadline, cancellationToken: cancellationToken);
        return response.Models;
    }

    private async Task<HealthCheckResponse.Types.ServingStatus?> HealthAsync(Health.HealthClient health, CancellationToken cancellationToken)
    {
        try
        {
            var deadline = _context.TimeProvider.GetUtcNow().UtcDateTime + ServerWait.CallTimeout;
            return (await health.CheckAsync(new HealthCheckRequest(), deadline: deadline, cancellationToken: cancellationToken)).Status;
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested && exception.StatusCode != StatusCode.Cancelled)
        {
            // ListModels answered, so the server is there; the screen shows "health unknown".
            return null;
        }
    }

    private async Task WriteScreenAsync(StatusOptions options, bool first, IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        // A terminal is cleared (cursor home, erase) in one write with the new screen, so it does not flicker.
        var prefix = options.Watch is null ? string.Empty
            : options.OutputIsTerminal ? "\u001b[H\u001b[2J"
            : first ? string.Empty : "\n";
        await _context.Output.WriteAsync((prefix + string.Join('\n', lines) + "\n").AsMemory(), cancellationToken);
        await _context.Output.FlushAsync(cancellationToken);
    }

    /// <summary>A metrics page and when its request started (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    private sealed record Scrape(MetricsPage Page, long Timestamp);
}
