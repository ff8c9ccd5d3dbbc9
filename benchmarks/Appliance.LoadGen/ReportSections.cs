using System.Globalization;

namespace Appliance.LoadGen;

/// <summary>The report's tables in order, each with its title (none for the main table), for the console and the markdown.</summary>
internal static class ReportSections
{
    public static IReadOnlyList<(string? Title, TextTable Table)> From(IReadOnlyList<LevelSummary> levels, LoadGenOptions options) =>
    [
        (null, ReportTable.From(levels)),
        ("By priority class", PriorityTable.From(levels)),
        ("By client (token share: of the completion tokens of all successful requests)", ClientTable.From(levels)),
        (string.Create(CultureInfo.InvariantCulture, $"Prefix cache (hit: at least {options.CacheHitTokens} cached prompt tokens)"), CacheTable.From(levels)),
    ];
}
