using System.Diagnostics;

namespace Appliance.LoadGen;

/// <summary>
/// Runs one level. Closed loop: N workers, each issuing its next request as soon as its previous
/// one ends; the workers are divided between the clients in proportion, so a client the server
/// serves faster issues more of the level's requests. Open loop: requests start at Poisson arrival
/// times, whatever is in flight, each with the client it draws. Either way until the level's
/// request count or duration is spent.
/// </summary>
internal sealed class LevelRunner
{
    /// <summary>Longest back-off honoured after a rejection, so a large pushback cannot stall a level.</summary>
    private static readonly TimeSpan MaxPushback = TimeSpan.FromSeconds(5);

    private const ulong ArrivalSalt = 0x4152_5249_5641_4C53UL;

    private readonly IStreamRunner _runner;
    private readonly LoadGenOptions _options;

    /// <summary>Request numbers are unique across levels, so no two requests share a prompt.</summary>
    private int _nextIndex;

    /// <summary>Levels run so far: each open-loop level gets its own arrival sequence.</summary>
    private int _levels;

    public LevelRunner(IStreamRunner runner, LoadGenOptions options)
    {
        _runner = runner;
        _options = options;
    }

    public async Task<LevelResult> RunAsync(LevelLoad load, CancellationToken cancellationToken)
    {
        var level = _levels++;
        var total = _options.RequestsFor(load);
        var start = Stopwatch.GetTimestamp();
        var stopIssuingAt = _options.Duration is { } duration
            ? start + (long)(duration.TotalSeconds * Stopwatch.Frequency)
            : long.MaxValue;

        var results = load.Rate is { } rate
            ? await OpenLoopAsync(rate, level, total, start, stopIssuingAt, cancellationToken)
            : await ClosedLoopAsync(load.Concurrency, total, stopIssuingAt, cancellationToken);
        var wall = Stopwatch.GetElapsedTime(start);
        return new LevelResult(load, wall, results);
    }

    /// <summary>Unmeasured requests, one at a time, so the first level does not pay for cold caches.</summary>
    public async Task<IReadOnlyList<RequestResult>> WarmUpAsync(int count, CancellationToken cancellationToken)
    {
        var results = new List<RequestResult>(count);
        for (var i = 0; i < count; i++)
        {
            results.Add(await _runner.RunAsync(Interlocked.Increment(ref _nextIndex), warmup: true, client: null, cancellationToken));
        }

        return results;
    }

    private async Task<RequestResult[]> ClosedLoopAsync(int concurrency, int total, long stopIssuingAt, CancellationToken cancellationToken)
    {
        var budget = new RequestBudget(total);

        // Too few streams to give every client one: each request draws its client instead.
        var clients = _options.ClientMix.Apportion(concurrency);
        var workers = new Task<List<RequestResult>>[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            var client = clients?[i];
            workers[i] = Task.Run(() => WorkerAsync(budget, client, stopIssuingAt, cancellationToken), cancellationToken);
        }

        var results = await Task.WhenAll(workers);
        return [.. results.SelectMany(r => r)];
    }

    /// <summary>
    /// Starts request k at the k-th arrival of a Poisson process (exponential gaps from the seed), never
    /// waiting for earlier requests, so a slow server cannot slow the arrivals down (no coordinated omission).
    /// </summary>
    private async Task<RequestResult[]> OpenLoopAsync(
        double rate, int level, int total, long start, long stopIssuingAt, CancellationToken cancellationToken)
    {
        var arrivals = SplitMix64.Derive(_options.Seed, level, ArrivalSalt);
        var inFlight = new List<Task<RequestResult>>();
        var at = 0.0;
        for (var issued = 0; issued < total; issued++)
        {
            at += -Math.Log(1 - arrivals.NextDouble()) / rate;
            var due = start + (long)(at * Stopwatch.Frequency);
            if (due >= stopIssuingAt)
            {
                break;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var index = Interlocked.Increment(ref _nextIndex);
            inFlight.Add(Task.Run(() => _runner.RunAsync(index, warmup: false, client: null, cancellationToken), cancellationToken));
        }

        return await Task.WhenAll(inFlight);
    }

    private async Task<List<RequestResult>> WorkerAsync(RequestBudget budget, string? client, long stopIssuingAt, CancellationToken cancellationToken)
    {
        var results = new List<RequestResult>();
        while (Stopwatch.GetTimestamp() < stopIssuingAt && budget.TryTake())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await _runner.RunAsync(Interlocked.Increment(ref _nextIndex), warmup: false, client, cancellationToken);
            results.Add(result);
            if (result.Pushback is { } pushback)
            {
                // Behave like a well-mannered client: back off as the server asked before retrying.
                await Task.Delay(pushback < MaxPushback ? pushback : MaxPushback, cancellationToken);
            }
        }

        return results;
    }
}
