namespace Appliance.LoadGen;

/// <summary>One model at one level, aggregated. Latency and throughput over successful calls only.</summary>
internal sealed record EmbedSummary
{
    public required string Model { get; init; }

    public required LevelLoad Load { get; init; }

    /// <summary>
    /// Rejected = RESOURCE_EXHAUSTED; failed = any other status, or a response without one vector of the
    /// stated dimension per text.
    /// </summary>
    public required OutcomeCounts Outcomes { get; init; }

    public required TimeSpan Wall { get; init; }

    /// <summary>Texts of successful calls per second of the level's wall time.</summary>
    public required double TextsPerSecond { get; init; }

    /// <summary>Seconds from start to response, of successful calls.</summary>
    public required Distribution Latency { get; init; }

    /// <summary>Server-reported tokens per text, mean over successful calls.</summary>
    public required double MeanTokensPerText { get; init; }

    public required int TruncatedTexts { get; init; }

    public double LatencyP95 => Latency.Percentile(95);

    public static EmbedSummary From(string model, LevelLoad load, TimeSpan wall, IReadOnlyList<EmbedCallResult> calls)
    {
        var ok = calls.Where(c => c.Outcome == RequestOutcome.Ok).ToList();
        var texts = ok.Sum(c => (long)c.Texts);
        return new EmbedSummary
        {
            Model = model,
            Load = load,
            Outcomes = OutcomeCounts.From(calls),
            Wall = wall,
            TextsPerSecond = texts / Math.Max(wall.TotalSeconds, double.Epsilon),
            Latency = new Distribution(ok.Select(c => c.Latency)),
            MeanTokensPerText = texts > 0 ? ok.Sum(c => (long)c.PromptTokens) / (double)texts : double.NaN,
            TruncatedTexts = ok.Sum(c => c.TruncatedTexts),
        };
    }
}
