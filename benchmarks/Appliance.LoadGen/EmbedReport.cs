using System.Globalization;
using System.Text;

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

    public static async Task AppendAsync(string path, EmbedRun run, IReadOnlyList<EmbedSummary> summaries, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {run.Date}: embeddings {string.Join(" vs ", run.Models.Select(m => m.Id))}").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Load generator machine: {run.Machine}");
        foreach (var line in run.ModelLines)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Model (server-reported): {line}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"- Parameters: {run.Parameters}");
        if (!string.IsNullOrWhiteSpace(run.Options.Note))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Note: {run.Options.Note}");
        }

        foreach (var (title, table) in EmbedSections.Tables(summaries, run.Baseline))
        {
            text.AppendLine();
            if (title is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{title}:").AppendLine();
            }

            text.Append(table.ToMarkdown());
        }

        text.AppendLine();
        foreach (var note in EmbedSections.Notes(summaries, run.Baseline))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }

        text.AppendLine().AppendLine(Definitions).AppendLine();
        await MarkdownReport.AppendSectionAsync(path, text.ToString(), cancellationToken);
    }
}
