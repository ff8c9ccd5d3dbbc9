namespace Appliance.LoadGen;

/// <summary>The embed report's tables and notes in order, for the console and the markdown.</summary>
internal static class EmbedSections
{
    private static readonly string[] Headers =
    [
        "streams", "model", "calls", "ok", "rejected", "errors", "wall s", "texts/s",
        "latency p50/p95/p99 ms", "tokens/text", "truncated",
    ];

    private static readonly string[] RatioHeaders =
        ["streams", "model", "texts/s", "baseline texts/s", "throughput", "p95 ms", "baseline p95 ms", "p95"];

    /// <summary>The results (one row per model and level) and, with two models or more, the ratios to the baseline.</summary>
    public static IReadOnlyList<(string? Title, TextTable Table)> Tables(IReadOnlyList<EmbedSummary> summaries, string baseline)
    {
        var results = new TextTable(Headers, summaries.Select(Row));
        var ratios = EmbedRatio.From(summaries, baseline);
        return ratios.Count == 0
            ? [(null, results)]
            :
            [
                (null, results),
                ($"Against the baseline {baseline} (model / baseline; throughput above 1x and p95 below 1x are better)",
                    new TextTable(RatioHeaders, ratios.Select(RatioRow))),
            ];
    }

    /// <summary>One line per ratio ("a vs b at concurrency 32: ..."), then one per model and level with failed calls.</summary>
    public static IReadOnlyList<string> Notes(IReadOnlyList<EmbedSummary> summaries, string baseline) =>
    [
        .. EmbedRatio.From(summaries, baseline).Select(r => r.Sentence),
        .. summaries.Where(s => s.Outcomes.Failures.Count > 0).Select(s => $"{s.Model} at {s.Load.Name}, not ok: {s.Outcomes.FormatFailures()}"),
    ];

    private static string[] Row(EmbedSummary s) =>
    [
        s.Load.Cell,
        s.Model,
        Cells.Invariant($"{s.Outcomes.Calls}"),
        Cells.Invariant($"{s.Outcomes.Ok}"),
        Cells.Invariant($"{s.Outcomes.Rejected}"),
        Cells.Invariant($"{s.Outcomes.Failed}"),
        Cells.Invariant($"{s.Wall.TotalSeconds:F1}"),
        Cells.Invariant($"{s.TextsPerSecond:F1}"),
        Cells.Percentiles(s.Latency, 1000, "F1", 50, 95, 99),
        Cells.Format(s.MeanTokensPerText, 1, "F1"),
        Cells.Invariant($"{s.TruncatedTexts}"),
    ];

    private static string[] RatioRow(EmbedRatio r) =>
    [
        r.Model.Load.Cell,
        r.Model.Model,
        Cells.Invariant($"{r.Model.TextsPerSecond:F1}"),
        Cells.Invariant($"{r.Baseline.TextsPerSecond:F1}"),
        EmbedRatio.Format(r.Throughput),
        Cells.Format(r.Model.LatencyP95, 1000, "F1"),
        Cells.Format(r.Baseline.LatencyP95, 1000, "F1"),
        EmbedRatio.Format(r.P95),
    ];
}
