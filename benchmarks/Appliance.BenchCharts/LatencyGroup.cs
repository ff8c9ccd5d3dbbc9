namespace Appliance.BenchCharts;

/// <summary>One group of bars in a latency chart: e.g. "urgent, 16 streams" with its p50, p95 and max in seconds.</summary>
public sealed record LatencyGroup(string Label, double P50, double P95, double Max);
