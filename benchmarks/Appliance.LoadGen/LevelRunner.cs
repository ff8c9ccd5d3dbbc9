using System.Diagnostics;

namespace Appliance.LoadGen;

/// <summary>
/// Keeps N streams in flight: N workers, each issuing its next request as soon as its previous one
/// ends, until the level's request count or duration is spent.
/// </summary>
internal sealed class LevelRunner
{
    /// <summary>Longest back-off honoured after a rejection, so a large pushback cannot stall a level.</summary>
    private static readonly TimeSpan MaxPushback = TimeSpan.FromSeconds(5);

    private readonly RequestRunner _runner;
    private readonly LoadGenOptions _options;

    /// <summary>Request numbers are unique across levels, so no two requests share a prompt.</summary>
    private int _nextIndex;

    public LevelRunner(RequestRunner runner, LoadGenOptions options)
    {
        _runner = runner;
        _options = options;
    }

    public async Task<LevelResult> RunAsync(int concurrency, CancellationToken cancellationToken)
    {
        var budget = new RequestBudget(_options.RequestsFor(concurrency));
        var start = Stopwatch.GetTimestamp();
        var stopIssuingAt = _options.Duration is { } duration
            ? start + (long)(duration.TotalSeconds * Stopwatch.Frequency)
            : long.MaxValue;

        var workers = new Task<List<RequestResult>>[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            workers[i] = Task.Run(() => WorkerAsync(budget, stopIssuingAt, cancellationToken), cancellationToken);
        }

        var results = await Task.WhenAll(workers);
        var wall = Stopwatch.GetElapsedTime(start);
        return new LevelResult(concurrency, wall, [.. results.SelectMany(r => r)]);
    }

    /// <summary>Unmeasured requests, one at a time, so the first level does not pay for cold caches.</summary>
    public async Task<IReadOnlyList<RequestResult>> WarmUpAsync(int count, CancellationToken cancellationToken)
    {
        var results = new List<RequestResult>(count);
        for (var i = 0; i < count; i++)
        {
            results.Add(await _runner.RunAsync(Interlocked.Increment(ref _nextIndex), cancellationToken));
        }

        return results;
    }

    private async Task<List<RequestResult>> WorkerAsync(RequestBudget budget, long stopIssuingAt, CancellationToken cancellationToken)
    {
        var results = new List<RequestResult>();
        while (Stopwatch.GetTimestamp() < stopIssuingAt && budget.TryTake())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await _runner.RunAsync(Interlocked.Increment(ref _nextIndex), cancellationToken);
            results.Add(result);
            if (result.Pushback is { } pushback)
            {
                // Behave like a well-mannered client: back off as the server asked before retrying.
                await Task.Delay(pushback < MaxPushback ? pushback : MaxPushback, cancellationToken);
            }
        }

        return results;
    }

    /// <summary>Requests left to issue in a level, shared by its workers.</summary>
    private sealed class RequestBudget(int total)
    {
        private int _left = total;

        public bool TryTake() => Interlocked.Decrement(ref _left) >= 0;
    }
}
