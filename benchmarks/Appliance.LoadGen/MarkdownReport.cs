using System.Globalization;
using System.Text;

namespace Appliance.LoadGen;

/// <summary>Appends one run's section to the markdown report, creating the file with a title first.</summary>
internal static class MarkdownReport
{
    private const string Title = "# Load generator results";

    private const string Definitions = """
        Definitions: all times are client-side from the start of the call, over successful requests.
        TTFT = time to the first text piece; ITL = time between successive pieces divided by the
        piece's token_count; E2E = time to the final message; gen tok/s = completion tokens of all
        successful requests / wall time of the level; decode tok/s = (completion tokens - 1) /
        (E2E - TTFT) per request (the first token is in TTFT), p10 is the slow tail; queue = the
        server-reported wait before admission; tokens in/out = mean prompt and completion tokens as
        the server counted them. Rejected = RESOURCE_EXHAUSTED; the worker then waits the server's
        pushback (at most 5 s) before its next request, and the rejected attempt counts as one of
        the level's requests.
        """;

    public static async Task AppendAsync(string path, RunInfo run, IReadOnlyList<LevelSummary> levels, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var text = new StringBuilder();
        if (!File.Exists(path))
        {
            text.AppendLine(Title).AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"## {run.Date}: {run.Model.Id}").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Load generator machine: {run.Machine}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Model (server-reported): {run.ModelLine}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Parameters: {run.Parameters}");
        if (!string.IsNullOrWhiteSpace(run.Options.Note))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Note: {run.Options.Note}");
        }

        text.AppendLine().Append(new ReportTable(levels).ToMarkdown()).AppendLine();
        foreach (var level in levels.Where(l => l.Failures.Count > 0))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {level.Concurrency} streams, not ok: {FormatFailures(level)}");
        }

        if (levels.Any(l => l.CachedPromptTokens > 0))
        {
            var cached = levels.Select(l => FormattableString.Invariant($"{l.CachedPromptTokens} at {l.Concurrency} streams"));
            text.AppendLine(CultureInfo.InvariantCulture, $"- Prompt tokens served from the prefix cache: {string.Join(", ", cached)}");
        }

        text.AppendLine().AppendLine(Definitions).AppendLine();
        await File.AppendAllTextAsync(path, text.ToString(), cancellationToken);
    }

    public static string FormatFailures(LevelSummary level) =>
        string.Join(", ", level.Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key} x{f.Value}"));
}
