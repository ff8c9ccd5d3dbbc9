using System.Globalization;
using Appliance.Core.Audit;
using Appliance.Server.Audit;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Security;

/// <summary>
/// Every <c>SummaryInterval</c>, and once when the server stops (after the listener closed),
/// writes one log line and one audit record per address whose calls were refused without a
/// credential check (<see cref="FailedAuthenticationThrottle.Sweep"/>), so every refused call is
/// accounted for in the chain while the log and the audit log grow by a bounded amount.
/// </summary>
internal sealed class FailedAuthenticationReporter(
    FailedAuthenticationThrottle throttle, AuditLog audit, IOptions<SecurityOptions> options, TimeProvider time, ILogger<FailedAuthenticationReporter> logger)
    : BackgroundService
{
    /// <summary>The audit record's <c>event</c> of a summary.</summary>
    public const string AuditEvent = "auth_throttled";

    /// <summary>The audit record's <c>method</c> of a summary: the refused calls may have named any method.</summary>
    public const string AnyMethod = "*";

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Report();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.FailedAuthentication;
        if (!settings.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.SummaryInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Report();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync reports what is left.
        }
    }

    /// <summary>Writes the summaries due now.</summary>
    internal void Report()
    {
        foreach (var summary in throttle.Sweep())
        {
            FailedAuthenticationLog.Summary(logger, summary.Source, summary.Refused, summary.From);
            audit.Write(RecordOf(summary));
        }
    }

    /// <summary>The audit record of a summary: the count and the period in the decision text, as a refused call's decision is.</summary>
    internal static AuditRecord RecordOf(ThrottleSummary summary) => new()
    {
        Event = AuditEvent,
        Method = AnyMethod,
        Client = "anonymous",
        Status = nameof(Calls.CallStatus.Unauthenticated),
        Authorization = string.Create(
            CultureInfo.InvariantCulture,
            $"denied: unauthenticated (not checked from {summary.Source}): {summary.Refused} calls refused without checking credentials from {summary.From:O} to {summary.To:O} (too many failed authentications)"),
    };
}
