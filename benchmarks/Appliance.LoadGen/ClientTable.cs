namespace Appliance.LoadGen;

/// <summary>Per level, one row per client present: requests and share of the completion tokens.</summary>
internal static class ClientTable
{
    private static readonly string[] Headers = ["client", "ok", "not ok", "completion tokens", "token share %"];

    public static TextTable From(IReadOnlyList<LevelSummary> levels) =>
        new(
            Headers.Prepend(ReportTable.FirstHeader(levels)),
            levels.SelectMany(level => level.Clients.Select(c => new[]
            {
                level.Load.Cell,
                c.Client,
                Cells.Invariant($"{c.Ok}"),
                Cells.Invariant($"{c.NotOk}"),
                Cells.Invariant($"{c.CompletionTokens}"),
                Cells.Format(c.TokenShare, 100, "F1"),
            })));
}
