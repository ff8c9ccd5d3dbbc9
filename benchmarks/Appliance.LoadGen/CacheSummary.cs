namespace Appliance.LoadGen;

/// <summary>
/// The prefix cache's effect in one level, over successful requests: how much of the prompts it served,
/// and the mean time to first token of hits (at least <c>hitTokens</c> cached prompt tokens) and misses.
/// </summary>
internal sealed record CacheSummary(double MeanCachedFraction, int Hits, int Misses, double MeanTtftHit, double MeanTtftMiss)
{
    /// <summary>Mean TTFT of hits over that of misses; NaN unless both occurred.</summary>
    public double TtftRatio => MeanTtftHit / MeanTtftMiss;

    public static CacheSummary From(IReadOnlyList<RequestResult> requests, int hitTokens)
    {
        var ok = requests.Where(r => r.Outcome == RequestOutcome.Ok).ToList();
        var hits = ok.Where(r => r.CachedPromptTokens >= hitTokens).ToList();
        var misses = ok.Where(r => r.CachedPromptTokens < hitTokens).ToList();
        var withPrompt = ok.Where(r => r.PromptTokens > 0).ToList();
        return new CacheSummary(
            withPrompt.Count > 0 ? withPrompt.Average(r => (double)r.CachedPromptTokens / r.PromptTokens) : double.NaN,
            hits.Count,
            misses.Count,
            MeanTtft(hits),
            MeanTtft(misses));
    }

    private static double MeanTtft(List<RequestResult> requests)
    {
        var ttfts = requests.Where(r => r.TimeToFirstToken is not null).Select(r => r.TimeToFirstToken!.Value).ToList();
        return ttfts.Count > 0 ? ttfts.Average() : double.NaN;
    }
}
