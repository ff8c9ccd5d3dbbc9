namespace Appliance.LoadGen;

/// <summary>Per level, one row per priority class present.</summary>
internal static class PriorityTable
{
    private static readonly string[] Headers = ["priority", "ok", "not ok", "TTFT p50/p95/p99 ms", "queue p50/p95 ms"];

    public static TextTable From(IReadOnlyList<LevelSummary> levels) =>
        new(
            Headers.Prepend(ReportTable.FirstHeader(levels)),
            levels.SelectMany(level => level.Priorities.Select(p => new[]
            {
                level.Load.Cell,
                PriorityNames.Name(p.Priority),
                Cells.Invariant($"{p.Ok}"),
                Cells.Invariant($"{p.NotOk}"),
                Cells.Percentiles(p.TimeToFirstToken, 1000, "F0", 50, 95, 99),
                Cells.Percentiles(p.ServerQueue, 1000, "F0", 50, 95),
            })));
}
