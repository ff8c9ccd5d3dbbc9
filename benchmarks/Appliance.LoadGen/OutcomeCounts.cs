namespace Appliance.LoadGen;

/// <summary>How a level's calls ended: ok, rejected or failed, and why those that were not ok were not.</summary>
internal sealed record OutcomeCounts(int Calls, int Ok, int Rejected, int Failed, IReadOnlyDictionary<string, int> Failures)
{
    public static OutcomeCounts From(IReadOnlyCollection<ICallResult> calls) => new(
        calls.Count,
        calls.Count(c => c.Outcome == RequestOutcome.Ok),
        calls.Count(c => c.Outcome == RequestOutcome.Rejected),
        calls.Count(c => c.Outcome == RequestOutcome.Failed),
        calls
            .Where(c => c.Outcome != RequestOutcome.Ok)
            .GroupBy(c => c.Failure ?? "unknown")
            .ToDictionary(g => g.Key, g => g.Count()));

    /// <summary>"ResourceExhausted x3, Internal x1": the reasons, most frequent first.</summary>
    public string FormatFailures() =>
        string.Join(", ", Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key} x{f.Value}"));
}
