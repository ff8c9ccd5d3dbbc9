namespace Appliance.Cli.Metrics;

/// <summary>
/// Increases and per-second rates of counters between two pages, as Prometheus' <c>increase()</c>
/// does for two samples: a counter that went down was reset (the server restarted) and counts
/// from zero, and a series that appears only in the second page started at zero.
/// </summary>
internal static class CounterRates
{
    /// <summary>Unix start time of the server process; when it differs between pages every counter restarted.</summary>
    public const string ProcessStartMetric = "process_start_time_seconds";

    /// <summary>How much one counter series grew from <paramref name="before"/> to <paramref name="after"/>.</summary>
    /// <param name="before">Its value in the first page (0 when the series was not there yet).</param>
    /// <param name="after">Its value in the second page.</param>
    /// <param name="restarted">True when the server restarted between the pages (every counter began again at 0).</param>
    public static double Increase(double before, double after, bool restarted = false)
    {
        if (double.IsNaN(after) || double.IsNaN(before))
        {
            return 0;
        }

        return restarted || after < before ? after : after - before;
    }

    /// <summary>True when the two pages come from different server processes (their start times differ).</summary>
    public static bool Restarted(MetricsPage before, MetricsPage after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return before.Value(ProcessStartMetric) is { } first && after.Value(ProcessStartMetric) is { } second && first != second;
    }

    /// <summary>
    /// The increase of every series of counter <paramref name="name"/> accepted by <paramref name="where"/>,
    /// summed per <paramref name="groupBy"/> key (for example per method). Series only in the first
    /// page (gone after a restart) count nothing.
    /// </summary>
    public static IReadOnlyDictionary<string, double> IncreaseBy(
        MetricsPage before, MetricsPage after, string name, Func<MetricSample, string> groupBy, Func<MetricSample, bool>? where = null)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(groupBy);
        var restarted = Restarted(before, after);
        var earlier = before.Series(name).ToDictionary(s => s.SeriesKey, s => s.Value, StringComparer.Ordinal);
        var increases = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var sample in after.Series(name))
        {
            if (where is not null && !where(sample))
            {
                continue;
            }

            var increase = Increase(earlier.GetValueOrDefault(sample.SeriesKey), sample.Value, restarted);
            var key = groupBy(sample);
            increases[key] = increases.GetValueOrDefault(key) + increase;
        }

        return increases;
    }

    /// <summary>Per-second rate of an increase over <paramref name="elapsed"/> (0 for an empty window).</summary>
    public static double PerSecond(double increase, TimeSpan elapsed) =>
        elapsed > TimeSpan.Zero ? increase / elapsed.TotalSeconds : 0;
}
