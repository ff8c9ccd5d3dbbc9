using System.Diagnostics;

namespace Appliance.PeerBench;

/// <summary>
/// Drives one level against a server: <c>streams</c> workers, each taking the next prompt until
/// none is left (the same order for every contestant), and times the level's wall clock. In a
/// hospital mix the level's urgent workers send short urgent prompts, one after another, until the
/// other workers are done; the level's tokens/s counts both. A failed call's tokens count when the
/// server streamed them before failing (llama-server's output parser, <see cref="LlamaServerContestant"/>).
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LevelRun> RunAsync(
        string contestant, int round, LevelPrompts level, Func<string, bool, CancellationToken, Task<RequestTiming>> send, CancellationToken cancellationToken)
    {
        var next = -1;
        var nextUrgent = -1;
        var urgentPrompts = level.Urgent ?? [];
        var results = new RequestTiming[level.Prompts.Count];
        var urgentResults = new RequestTiming?[urgentPrompts.Count];
        using var batchDone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        var batch = Task.WhenAll(Enumerable.Range(0, level.Streams - level.UrgentStreams).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < level.Prompts.Count)
            {
                results[i] = await send(level.Prompts[i], false, cancellationToken);
            }
        }, cancellationToken)));
        var urgent = Task.WhenAll(Enumerable.Range(0, level.UrgentStreams).Select(_ => Task.Run(async () =>
        {
            int i;
            while (!batchDone.IsCancellationRequested && (i = Interlocked.Increment(ref nextUrgent)) < urgentPrompts.Count)
            {
                urgentResults[i] = await send(urgentPrompts[i], true, cancellationToken) with { Urgent = true };
            }
        }, cancellationToken)));
        await batch;
        await batchDone.CancelAsync();
        await urgent;
        var wall = clock.Elapsed.TotalSeconds;
        var all = results.Concat(urgentResults.OfType<RequestTiming>()).ToArray();
        var ok = all.Where(r => r.Ok).ToArray();
        return new LevelRun(
            contestant, round, level.Streams, wall, [.. ok.Where(r => !r.Urgent).Select(r => r.TimeToFirstToken)],
            all.Sum(r => r.CompletionTokens), ok.Sum(r => r.PromptTokens), all.Length - ok.Length)
        {
            UrgentTtft = [.. ok.Where(r => r.Urgent).Select(r => r.TimeToFirstToken)],
            UrgentCompletionTokens = all.Where(r => r.Urgent).Sum(r => r.CompletionTokens),
        };
    }
}
