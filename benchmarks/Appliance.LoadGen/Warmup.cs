namespace Appliance.LoadGen;

/// <summary>The unmeasured calls before the first level: worth measuring only if one of them worked.</summary>
internal static class Warmup
{
    /// <summary>
    /// Writes "N ok, M not ok" to <paramref name="error"/>; false, with an error naming the first
    /// reason, when every warmup <paramref name="subject"/> failed.
    /// </summary>
    public static async Task<bool> CheckAsync(TextWriter error, IReadOnlyList<ICallResult> results, string subject)
    {
        var failed = results.Where(r => r.Outcome != RequestOutcome.Ok).ToList();
        await error.WriteLineAsync($"{results.Count - failed.Count} ok, {failed.Count} not ok");
        if (failed.Count == results.Count)
        {
            await error.WriteLineAsync($"error: every warmup {subject} failed ({failed[0].Failure}); not measuring");
            return false;
        }

        return true;
    }
}
