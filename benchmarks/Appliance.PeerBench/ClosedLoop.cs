using System.Diagnostics;

namespace Appliance.PeerBench;

/// <summary>
/// Drives one level against a server: <c>streams</c> workers, each taking the next prompt until
/// none is left (the same order for every contestant), and times the level's wall clock.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LevelRun> RunAsync(
        string contestant, int round, LevelPrompts level, Func<string, CancellationToken, Task<RequestTiming>> send, CancellationToken cancellationToken)
    {
        var next = -1;
        var results = new RequestTiming[level.Prompts.Count];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, level.Streams).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < level.Prompts.Count)
            {
                results[i] = await send(level.Prompts[i], cancellationToken);
            }
        }, cancellationToken)));
        var wall = clock.Elapsed.TotalSeconds;
        var ok = results.Where(r => r.Ok).ToArray();
        return new LevelRun(
            contestant, round, level.Streams, wall, [.. ok.Select(r => r.TimeToFirstToken)],
            ok.Sum(r => r.CompletionTokens), ok.Sum(r => r.PromptTokens), results.Length - ok.Length);
    }
}
