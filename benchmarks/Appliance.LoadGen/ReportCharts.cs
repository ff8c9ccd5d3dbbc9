using System.Globalization;
using Appliance.BenchCharts;

namespace Appliance.LoadGen;

/// <summary>
/// The report's two SVG charts, beside the markdown file (the same chart code as PeerBench):
/// generated tokens/s against streams (one line per door), and TTFT p50/p95/max per priority
/// class and level, which is where urgent-under-load shows at a glance.
/// </summary>
internal static class ReportCharts
{
    /// <summary>Writes the charts next to <paramref name="reportPath"/> and returns their file names.</summary>
    public static IReadOnlyList<string> Write(string reportPath, IReadOnlyList<LevelSummary> levels, DateTimeOffset now)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(reportPath))!;
        var stem = $"{Path.GetFileNameWithoutExtension(reportPath)}-{now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        var written = new List<string>();
        var closed = levels.Where(l => !l.Load.IsOpenLoop).ToArray();
        if (closed.Length > 0)
        {
            var series = closed.GroupBy(l => l.Load.Door ?? "grpc")
                .Select(g => new ChartSeries(g.Key, [.. g.Select(l => ((double)l.Load.Concurrency, l.GeneratedTokensPerSecond))]))
                .ToArray();
            var tokens = stem + "-tokens.svg";
            BenchCharts.BenchCharts.ThroughputByStreams(Path.Combine(directory, tokens), "Generated tokens/s", series);
            written.Add(tokens);
        }

        var groups = levels.SelectMany(l => l.Priorities.Where(p => p.TimeToFirstToken.Count > 0).Select(p => new LatencyGroup(
            $"{PriorityNames.Name(p.Priority)} @ {l.Load.Cell}", p.TimeToFirstToken.Percentile(50), p.TimeToFirstToken.Percentile(95), p.TimeToFirstToken.Percentile(100))))
            .ToArray();
        if (groups.Length > 0)
        {
            var ttft = stem + "-ttft.svg";
            BenchCharts.BenchCharts.LatencyPercentiles(Path.Combine(directory, ttft), "Time to first token by priority class", groups);
            written.Add(ttft);
        }

        return written;
    }
}
