namespace Appliance.LoadGen;

/// <summary>The per-level results, one row per level.</summary>
internal static class ReportTable
{
    private static readonly string[] Headers =
    [
        "ok", "failed", "rejected", "wall s", "gen tok/s", "prompt tok/s",
        "TTFT p50/p90/p95/p99 ms", "ITL p50/p90/p95/p99 ms", "E2E p50/p99 s", "decode tok/s p50/p10",
        "queue p50/p99 ms", "tokens in/out",
    ];

    public static TextTable From(IReadOnlyList<LevelSummary> levels) =>
        new(Headers.Prepend(FirstHeader(levels)), levels.Select(Row));

    /// <summary>"streams" (closed loop) or "req/s" (open loop): a run's levels are all of one kind.</summary>
    public static string FirstHeader(IReadOnlyList<LevelSummary> levels) =>
        levels.Count > 0 ? levels[0].Load.Header : "streams";

    private static string[] Row(LevelSummary level) =>
    [
        level.Load.Cell,
        Cells.Invariant($"{level.Outcomes.Ok}"),
        Cells.Invariant($"{level.Outcomes.Failed}"),
        Cells.Invariant($"{level.Outcomes.Rejected}"),
        Cells.Invariant($"{level.Wall.TotalSeconds:F1}"),
        Cells.Invariant($"{level.GeneratedTokensPerSecond:F1}"),
        Cells.Invariant($"{level.PromptTokensPerSecond:F1}"),
        Cells.Percentiles(level.TimeToFirstToken, 1000, "F0", 50, 90, 95, 99),
        Cells.Percentiles(level.InterTokenLatency, 1000, "F1", 50, 90, 95, 99),
        Cells.Percentiles(level.EndToEnd, 1, "F2", 50, 99),
        Cells.Percentiles(level.DecodeRate, 1, "F1", 50, 10),
        Cells.Percentiles(level.ServerQueue, 1000, "F0", 50, 99),
        Cells.Join(Cells.Format(level.MeanPromptTokens, 1, "F0"), Cells.Format(level.MeanCompletionTokens, 1, "F0")),
    ];
}
