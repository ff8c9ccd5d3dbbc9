namespace Appliance.LoadGen;

/// <summary>The measurements of one level, aggregated. Latencies over successful requests only.</summary>
internal sealed record LevelSummary
{
    public required LevelLoad Load { get; init; }

    /// <summary>Failure reasons are status codes or finish reasons.</summary>
    public required OutcomeCounts Outcomes { get; init; }

    public required TimeSpan Wall { get; init; }

    /// <summary>Completion tokens of successful requests per second of wall time.</summary>
    public required double GeneratedTokensPerSecond { get; init; }

    /// <summary>Prompt tokens of successful requests per second of wall time.</summary>
    public required double PromptTokensPerSecond { get; init; }

    public required double MeanPromptTokens { get; init; }

    public required double MeanCompletionTokens { get; init; }

    public required long CachedPromptTokens { get; init; }

    public required Distribution TimeToFirstToken { get; init; }

    public required Distribution InterTokenLatency { get; init; }

    public required Distribution EndToEnd { get; init; }

    public required Distribution DecodeRate { get; init; }

    public required Distribution ServerQueue { get; init; }

    /// <summary>The priority classes present, urgent first.</summary>
    public required IReadOnlyList<PrioritySummary> Priorities { get; init; }

    /// <summary>The clients present, by id.</summary>
    public required IReadOnlyList<ClientSummary> Clients { get; init; }

    public required CacheSummary Cache { get; init; }

    /// <summary>Aggregates <paramref name="level"/>; a request with at least <paramref name="cacheHitTokens"/> cached prompt tokens is a cache hit.</summary>
    public static LevelSummary From(LevelResult level, int cacheHitTokens)
    {
        var ok = level.Requests.Where(r => r.Outcome == RequestOutcome.Ok).ToList();
        var wall = Math.Max(level.Wall.TotalSeconds, double.Epsilon);
        return new LevelSummary
        {
            Load = level.Load,
            Outcomes = OutcomeCounts.From(level.Requests),
            Wall = level.Wall,
            GeneratedTokensPerSecond = ok.Sum(r => (long)r.CompletionTokens) / wall,
            PromptTokensPerSecond = ok.Sum(r => (long)r.PromptTokens) / wall,
            MeanPromptTokens = ok.Count > 0 ? ok.Average(r => r.PromptTokens) : double.NaN,
            MeanCompletionTokens = ok.Count > 0 ? ok.Average(r => r.CompletionTokens) : double.NaN,
            CachedPromptTokens = ok.Sum(r => (long)r.CachedPromptTokens),
            TimeToFirstToken = new Distribution(ok.Where(r => r.TimeToFirstToken is not null).Select(r => r.TimeToFirstToken!.Value)),
            InterTokenLatency = new Distribution(ok.SelectMany(r => r.InterTokenLatencies)),
            EndToEnd = new Distribution(ok.Select(r => r.EndToEnd)),
            DecodeRate = new Distribution(ok.Where(r => r.DecodeRate is not null).Select(r => r.DecodeRate!.Value)),
            ServerQueue = new Distribution(ok.Where(r => r.QueueSeconds is not null).Select(r => r.QueueSeconds!.Value)),
            Priorities = PrioritySummary.From(level.Requests),
            Clients = ClientSummary.From(level.Requests),
            Cache = CacheSummary.From(level.Requests, cacheHitTokens),
        };
    }
}
