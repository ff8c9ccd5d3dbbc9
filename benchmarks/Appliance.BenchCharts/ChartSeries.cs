namespace Appliance.BenchCharts;

/// <summary>One line of a chart: a contestant (a server, a door, a raw loop) and its (x, y) points.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Points">X ascending, e.g. (streams, tokens/s).</param>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points);
