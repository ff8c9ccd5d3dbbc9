using System.Globalization;
using System.Text;

namespace Appliance.LoadGen;

/// <summary>The per-level results as rows of text, rendered as an aligned console table or a markdown table.</summary>
internal sealed class ReportTable
{
    private static readonly string[] Headers =
    [
        "streams", "ok", "failed", "rejected", "wall s", "gen tok/s", "prompt tok/s",
        "TTFT p50/p90/p99 ms", "ITL p50/p90/p99 ms", "E2E p50/p99 s", "decode tok/s p50/p10",
        "queue p50/p99 ms", "tokens in/out",
    ];

    private readonly List<string[]> _rows;

    public ReportTable(IEnumerable<LevelSummary> levels)
    {
        _rows = [.. levels.Select(Row)];
    }

    public string ToText()
    {
        var widths = Headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in _rows.Prepend(Headers))
        {
            // Numbers right-aligned, like every other benchmark table.
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadLeft(widths[i]))));
        }

        return text.ToString();
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", Headers) + " |");
        text.AppendLine("|" + string.Concat(Headers.Select(_ => "---:|")));
        foreach (var row in _rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        return text.ToString();
    }

    private static string[] Row(LevelSummary level) =>
    [
        Invariant($"{level.Concurrency}"),
        Invariant($"{level.Ok}"),
        Invariant($"{level.Failed}"),
        Invariant($"{level.Rejected}"),
        Invariant($"{level.Wall.TotalSeconds:F1}"),
        Invariant($"{level.GeneratedTokensPerSecond:F1}"),
        Invariant($"{level.PromptTokensPerSecond:F1}"),
        Triple(level.TimeToFirstToken, 1000, "F0"),
        Triple(level.InterTokenLatency, 1000, "F1"),
        Join(Format(level.EndToEnd.Percentile(50), 1, "F2"), Format(level.EndToEnd.Percentile(99), 1, "F2")),
        Join(Format(level.DecodeRate.Percentile(50), 1, "F1"), Format(level.DecodeRate.Percentile(10), 1, "F1")),
        Join(Format(level.ServerQueue.Percentile(50), 1000, "F0"), Format(level.ServerQueue.Percentile(99), 1000, "F0")),
        Join(Format(level.MeanPromptTokens, 1, "F0"), Format(level.MeanCompletionTokens, 1, "F0")),
    ];

    private static string Triple(Distribution distribution, double scale, string format) =>
        string.Join(
            " / ",
            new[] { 50.0, 90, 99 }.Select(p => Format(distribution.Percentile(p), scale, format)));

    private static string Join(string a, string b) => $"{a} / {b}";

    private static string Format(double value, double scale, string format) =>
        double.IsNaN(value) ? "-" : (value * scale).ToString(format, CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString value) => FormattableString.Invariant(value);
}
