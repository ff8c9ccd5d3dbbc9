using ScottPlot;

namespace Appliance.BenchCharts;

/// <summary>
/// The two charts every benchmark report carries beside its tables, written as SVG (ScottPlot 5:
/// a maintained library, so no hand-drawn SVG): tokens/s against streams, one line per contestant;
/// time-to-first-token percentiles as grouped bars, one group per priority class (or contestant).
/// </summary>
public static class BenchCharts
{
    private const int Width = 800;
    private const int Height = 450;

    /// <summary>Writes a line chart of tokens/s against concurrent streams to <paramref name="path"/> (SVG).</summary>
    public static void ThroughputByStreams(string path, string title, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < series.Count; i++)
        {
            var points = series[i].Points;
            var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), palette.GetColor(i));
            line.LegendText = series[i].Name;
            line.MarkerSize = 8;
            line.LineWidth = 2;
        }

        var streams = series.SelectMany(s => s.Points).Select(p => p.X).Distinct().Order().ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            streams, streams.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsY(0, Math.Max(1, series.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(0).Max() * 1.15));
        plot.Title(title);
        plot.XLabel("concurrent streams");
        plot.YLabel("tokens/s (aggregate)");
        plot.ShowLegend(Alignment.UpperLeft);
        Save(plot, path);
    }

    /// <summary>Writes grouped bars (p50, p95, max) of time to first token, in seconds, to <paramref name="path"/> (SVG).</summary>
    public static void LatencyPercentiles(string path, string title, IReadOnlyList<LatencyGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var names = new[] { "p50", "p95", "max" };
        for (var g = 0; g < groups.Count; g++)
        {
            var values = new[] { groups[g].P50, groups[g].P95, groups[g].Max };
            for (var k = 0; k < values.Length; k++)
            {
                plot.Add.Bar(new Bar { Position = g * 4 + k, Value = values[k], FillColor = palette.GetColor(k) });
            }
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            groups.Select((_, g) => g * 4 + 1.0).ToArray(), groups.Select(g => g.Label).ToArray());
        plot.Axes.Margins(bottom: 0);
        for (var k = 0; k < names.Length; k++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = names[k], FillColor = palette.GetColor(k) });
        }

        plot.Title(title);
        plot.YLabel("time to first token (s)");
        plot.ShowLegend(Alignment.UpperLeft);
        Save(plot, path);
    }

    private static void Save(Plot plot, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        plot.SaveSvg(path, Width, Height);
    }
}
