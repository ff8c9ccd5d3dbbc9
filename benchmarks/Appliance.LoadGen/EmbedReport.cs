namespace Appliance.LoadGen;

/// <summary>Appends one embed run's section to the markdown report shared with generate mode.</summary>
internal static class EmbedReport
{
    private const string Definitions = """
        Definitions (embed mode): one call = one Embed RPC of the stated number of texts; latency =
        client-side time from the start of the call to its response, over successful calls; texts/s =
        texts of all successful calls / wall time of the level (the model's level alone: models run one
        after another at each level, each with the same texts from the seed); tokens/text = the
        server's usage.prompt_tokens / texts; truncated = usage.truncated_texts. Rejected =
        RESOURCE_EXHAUSTED (the stream then waits the server's pushback, at most 5 s); errors = any
        other status, or a response without exactly one vector per text of the stated dimension (> 0).
        Ratios are model / baseline (the last model of --model) at the same level: throughput = texts/s,
        p95 = latency p95.
        """;

    public static Task AppendAsync(string path, EmbedRun run, IReadOnlyList<EmbedSummary> summaries, CancellationToken cancellationToken)
    {
        var report = new RunReport(
            $"{run.Date}: embeddings {string.Join(" vs ", run.Models.Select(m => m.Id))}",
            run.Machine,
            run.ModelLines,
            run.Parameters,
            run.Options.Note,
            EmbedSections.Tables(summaries, run.Baseline),
            EmbedSections.Notes(summaries, run.Baseline),
            Definitions);
        return MarkdownReport.AppendAsync(path, report, cancellationToken);
    }
}
