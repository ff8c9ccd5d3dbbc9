using Appliance.Cli.Metrics;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>audit head</c>: prints the server's audit chain head, <c>SEQ:HASH</c> alone on stdout, so a
/// cron job can append it to a file off the box (<c>appliancectl audit head &gt;&gt; anchors</c>).
/// </summary>
internal sealed class AuditHeadCommand(CommandContext context, MetricsScraper metrics)
{
    /// <summary>Exit 0 with the head printed; <see cref="ExitCodes.Unavailable"/> when the metrics port does not give one (why on stderr).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var head = await metrics.ReadAuditHeadAsync(cancellationToken);
            await context.Output.WriteLineAsync(head.ToString());
            return ExitCodes.Success;
        }
        catch (MetricsUnavailableException exception)
        {
            await context.Error.WriteLineAsync($"error: cannot read the audit head from {metrics.AuditHeadUri}: {exception.Message}");
            await context.Error.WriteLineAsync(
                $"hint: give the server's metrics port with --metrics URL or ${MetricsScraper.EnvironmentVariable} (Appliance:Metrics; default {MetricsScraper.DefaultAddress})");
            return ExitCodes.Unavailable;
        }
    }
}
