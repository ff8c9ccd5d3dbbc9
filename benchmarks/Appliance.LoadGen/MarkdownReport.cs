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
        the level's requests. Open loop (req/s levels): requests start at Poisson arrival times from
        the seed whatever is in flight, a rejection is counted and not retried, and TTFT includes
        the server's queueing. Priority class is drawn per request from the seed; with several
        clients, a closed-loop level divides its streams between them in proportion (an open-loop
        level draws each request's client), so in a closed loop a client served faster issues more
        of the level's requests; "not ok" = failed or rejected. Token share = a client's completion
        tokens / those of all successful requests of the level. cached/prompt % = mean over requests
        of cached_prompt_tokens / prompt_tokens; a hit has at least the stated cached prompt tokens
        (half the shared prefix, so the chat template's few common tokens do not count); hit/miss =
        mean TTFT of hits / mean TTFT of misses.
        """;

    public static async Task AppendAsync(string path, RunInfo run, IReadOnlyList<LevelSummary> levels, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {run.Date}: {run.Model.Id}").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Load generator machine: {run.Machine}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Model (server-reported): {run.ModelLine}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Parameters: {run.Parameters}");
        if (!string.IsNullOrWhiteSpace(run.Options.Note))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Note: {run.Options.Note}");
        }

        foreach (var (title, table) in ReportSections.From(levels, run.Options))
        {
            text.AppendLine();
            if (title is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{title}:").AppendLine();
            }

            text.Append(table.ToMarkdown());
        }

        text.AppendLine();
        foreach (var level in levels.Where(l => l.Failures.Count > 0))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {level.Load.Name}, not ok: {FormatFailures(level)}");
        }

        if (levels.Any(l => l.CachedPromptTokens > 0))
        {
            var cached = levels.Select(l => FormattableString.Invariant($"{l.CachedPromptTokens} at {l.Load.Name}"));
            text.AppendLine(CultureInfo.InvariantCulture, $"- Prompt tokens served from the prefix cache: {string.Join(", ", cached)}");
        }

        text.AppendLine().AppendLine(Definitions).AppendLine();
        await AppendSectionAsync(path, text.ToString(), cancellationToken);
    }

    /// <summary>Appends one run's <paramref name="section"/>, creating the folder and the file (with its title) first.</summary>
    public static async Task AppendSectionAsync(string path, string section, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var title = File.Exists(path) ? "" : Title + Environment.NewLine + Environment.NewLine;
        await File.AppendAllTextAsync(path, title + section, cancellationToken);
    }

    public static string FormatFailures(LevelSummary level) =>
        string.Join(", ", level.Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key} x{f.Value}"));
}
