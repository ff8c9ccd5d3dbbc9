namespace Appliance.Cli.Metrics;

/// <summary>Two scrapes of the same metrics page, <paramref name="Elapsed"/> apart: gauges from the second, rates between them.</summary>
internal sealed record MetricsWindow(MetricsPage Before, MetricsPage After, TimeSpan Elapsed);
