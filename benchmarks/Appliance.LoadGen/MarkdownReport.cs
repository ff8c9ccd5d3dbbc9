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

    public static Task AppendAsync(string path, RunInfo run, IReadOnlyList<LevelSummary> levels, CancellationToken cancellationToken)
    {
        var report = new RunReport(
            $"{run.Date}: {run.Model.Id}",
            run.Machine,
            [run.ModelLine],
            run.Parameters,
            run.Options.Note,
            ReportSections.From(levels, run.Options),
            [.. FailureNotes(levels), .. CacheNotes(levels), .. DoorRatios.Notes(levels)],
            Definitions);
        return AppendAsync(path, report, cancellationToken);
    }

    /// <summary>"16 streams, not ok: ResourceExhausted x3" for each level with a request that was not ok.</summary>
    public static IEnumerable<string> FailureNotes(IReadOnlyList<LevelSummary> levels) =>
        levels.Where(l => l.Outcomes.Failures.Count > 0).Select(l => $"{l.Load.Name}, not ok: {l.Outcomes.FormatFailures()}");

    /// <summary>Appends one run's <paramref name="report"/>, creating the folder and the file (with its title) first.</summary>
    public static async Task AppendAsync(string path, RunReport report, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var title = File.Exists(path) ? "" : Title + Environment.NewLine + Environment.NewLine;
        await File.AppendAllTextAsync(path, title + report.ToMarkdown(), cancellationToken);
    }

    private static IEnumerable<string> CacheNotes(IReadOnlyList<LevelSummary> levels)
    {
        if (!levels.Any(l => l.CachedPromptTokens > 0))
        {
            return [];
        }

        var cached = levels.Select(l => FormattableString.Invariant($"{l.CachedPromptTokens} at {l.Load.Name}"));
        return [$"Prompt tokens served from the prefix cache: {string.Join(", ", cached)}"];
    }
}
