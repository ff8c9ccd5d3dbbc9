using Appliance.Contracts.V1;

namespace Appliance.LoadGen;

/// <summary>One priority class of a level: how many, and how long they waited. Latencies over successful requests.</summary>
internal sealed record PrioritySummary(Priority Priority, int Ok, int NotOk, Distribution TimeToFirstToken, Distribution ServerQueue)
{
    /// <summary>The classes present in <paramref name="requests"/>, urgent first.</summary>
    public static IReadOnlyList<PrioritySummary> From(IReadOnlyList<RequestResult> requests) =>
    [
        .. PriorityNames.All
            .Select(priority => requests.Where(r => r.Priority == priority).ToList())
            .Where(group => group.Count > 0)
            .Select(group =>
            {
                var ok = group.Where(r => r.Outcome == RequestOutcome.Ok).ToList();
                return new PrioritySummary(
                    group[0].Priority,
                    ok.Count,
                    group.Count - ok.Count,
                    new Distribution(ok.Where(r => r.TimeToFirstToken is not null).Select(r => r.TimeToFirstToken!.Value)),
                    new Distribution(ok.Where(r => r.QueueSeconds is not null).Select(r => r.QueueSeconds!.Value)));
            }),
    ];
}
