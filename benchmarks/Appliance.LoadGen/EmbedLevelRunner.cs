using System.Diagnostics;

namespace Appliance.LoadGen;

/// <summary>
/// Runs the levels of one embedding model: closed loop, N workers each issuing its next Embed call as soon
/// as its previous one ends, until the level's call count or duration is spent.
/// </summary>
internal sealed class EmbedLevelRunner
{
    /// <summary>Longest back-off honoured after a rejection, so a large pushback cannot stall a level.</summary>
    private static readonly TimeSpan MaxPushback = TimeSpan.FromSeconds(5);

    private readonly EmbedCallRunner _runner;
    private readonly LoadGenOptions _options;

    /// <summary>
    /// Call numbers run on across this model's levels; each model has its own runner, so every model
    /// gets the same texts.
    /// </summary>
    private int _nextIndex;

    public EmbedLevelRunner(EmbedCallRunner runner, LoadGenOptions options)
    {
        _runner = runner;
        _options = options;
    }

    public string Model => _runner.Model;

    public async Task<EmbedSummary> RunAsync(LevelLoad load, CancellationToken cancellationToken)
    {
        var budget = new RequestBudget(_options.RequestsFor(load));
        var start = Stopwatch.GetTimestamp();
        var stopIssuingAt = _options.Duration is { } duration
            ? start + (long)(duration.TotalSeconds * Stopwatch.Frequency)
            : long.MaxValue;

        var workers = new Task<List<EmbedCallResult>>[load.Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkerAsync(budget, stopIssuingAt, cancellationToken), cancellationToken);
        }

        var results = await Task.WhenAll(workers);
        var wall = Stopwatch.GetElapsedTime(start);
        return EmbedSummary.From(Model, load, wall, [.. results.SelectMany(r => r)]);
    }

    /// <summary>Unmeasured calls, one at a time, with texts the measured calls do not use.</summary>
    public async Task<IReadOnlyList<EmbedCallResult>> WarmUpAsync(int count, CancellationToken cancellationToken)
    {
        var results = new List<EmbedCallResult>(count);
        for (var i = 0; i < count; i++)
        {
            results.Add(await _runner.RunAsync(i, warmup: true, cancellationToken));
        }

        return results;
    }

    private async Task<List<EmbedCallResult>> WorkerAsync(RequestBudget budget, long stopIssuingAt, CancellationToken cancellationToken)
    {
        var results = new List<EmbedCallResult>();
        while (Stopwatch.GetTimestamp() < stopIssuingAt && budget.TryTake())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await _runner.RunAsync(Interlocked.Increment(ref _nextIndex), warmup: false, cancellationToken);
            results.Add(result);
            if (result.Pushback is { } pushback)
            {
                // Back off as the server asked before the next call, like a well-mannered client.
                await Task.Delay(pushback < MaxPushback ? pushback : MaxPushback, cancellationToken);
            }
        }

        return results;
    }
}
