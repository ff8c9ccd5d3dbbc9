namespace Appliance.LoadGen;

/// <summary>One client of a level: its requests and its share of the completion tokens of successful requests.</summary>
internal sealed record ClientSummary(string Client, int Ok, int NotOk, long CompletionTokens, double TokenShare)
{
    /// <summary>The clients present in <paramref name="requests"/>, by id.</summary>
    public static IReadOnlyList<ClientSummary> From(IReadOnlyList<RequestResult> requests)
    {
        var ok = requests.Where(r => r.Outcome == RequestOutcome.Ok).ToList();
        var total = ok.Sum(r => (long)r.CompletionTokens);
        return
        [
            .. requests
                .GroupBy(r => r.Client, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g =>
                {
                    var okCount = g.Count(r => r.Outcome == RequestOutcome.Ok);
                    var tokens = g.Where(r => r.Outcome == RequestOutcome.Ok).Sum(r => (long)r.CompletionTokens);
                    return new ClientSummary(g.Key, okCount, g.Count() - okCount, tokens, total > 0 ? (double)tokens / total : double.NaN);
                }),
        ];
    }
}
