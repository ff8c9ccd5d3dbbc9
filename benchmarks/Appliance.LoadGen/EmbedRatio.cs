using System.Globalization;

namespace Appliance.LoadGen;

/// <summary>One model against the baseline model at the same level: throughput and p95 latency as ratios.</summary>
internal sealed record EmbedRatio(EmbedSummary Model, EmbedSummary Baseline)
{
    /// <summary>Texts/s of the model over those of the baseline: above 1 is better.</summary>
    public double Throughput => Model.TextsPerSecond / Baseline.TextsPerSecond;

    /// <summary>p95 latency of the model over that of the baseline: below 1 is better.</summary>
    public double P95 => Model.LatencyP95 / Baseline.LatencyP95;

    /// <summary>"a vs b at concurrency 32: throughput 4.10x, p95 0.60x".</summary>
    public string Sentence =>
        $"{Model.Model} vs {Baseline.Model} at concurrency {Model.Load.Cell}: throughput {Format(Throughput)}, p95 {Format(P95)}";

    /// <summary>"4.10x"; "-" when either side had no successful call.</summary>
    public static string Format(double ratio) =>
        double.IsFinite(ratio) && ratio >= 0 ? ratio.ToString("F2", CultureInfo.InvariantCulture) + "x" : "-";

    /// <summary>Every model but the baseline against it, level by level; none with fewer than two models.</summary>
    public static IReadOnlyList<EmbedRatio> From(IReadOnlyList<EmbedSummary> summaries, string baseline) =>
        [.. summaries
            .Where(s => s.Model != baseline)
            .SelectMany(s => summaries
                .Where(b => b.Model == baseline && b.Load == s.Load)
                .Select(b => new EmbedRatio(s, b)))];
}
