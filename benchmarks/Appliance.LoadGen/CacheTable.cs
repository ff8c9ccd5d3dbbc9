namespace Appliance.LoadGen;

/// <summary>Per level, the prefix cache's share of the prompts and the TTFT of hits against misses.</summary>
internal static class CacheTable
{
    private static readonly string[] Headers =
        ["cached/prompt %", "hits", "misses", "TTFT mean hit ms", "TTFT mean miss ms", "hit/miss"];

    public static TextTable From(IReadOnlyList<LevelSummary> levels) =>
        new(
            Headers.Prepend(ReportTable.FirstHeader(levels)),
            levels.Select(level => new[]
            {
                level.Load.Cell,
                Cells.Format(level.Cache.MeanCachedFraction, 100, "F1"),
                Cells.Invariant($"{level.Cache.Hits}"),
                Cells.Invariant($"{level.Cache.Misses}"),
                Cells.Format(level.Cache.MeanTtftHit, 1000, "F0"),
                Cells.Format(level.Cache.MeanTtftMiss, 1000, "F0"),
                Cells.Format(level.Cache.TtftRatio, 1, "F2"),
            }));
}
