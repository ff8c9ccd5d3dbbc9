namespace Appliance.Scheduling;

/// <summary>
/// How fast a model's requests complete, from the last completions, to tell a refused caller
/// when a retry is likely to be admitted (<c>grpc-retry-pushback-ms</c>). Worker thread writes;
/// any thread reads.
/// </summary>
internal sealed class DrainRate
{
    private const int Window = 32;
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);
    private readonly TimeProvider _time;
    private readonly TimeSpan _initial;
    private readonly long[] _completions = new long[Window];
    private readonly Lock _gate = new();
    private int _next;
    private int _filled;

    /// <param name="time">The clock.</param>
    /// <param name="initial">The hint before two completions give a rate (<see cref="SchedulerOptions.InitialRetryAfter"/>).</param>
    public DrainRate(TimeProvider time, TimeSpan initial)
    {
        _time = time;
        _initial = initial;
    }

    public void Completed()
    {
        lock (_gate)
        {
            _completions[_next] = _time.GetTimestamp();
            _next = (_next + 1) % Window;
            _filled = Math.Min(_filled + 1, Window);
        }
    }

    /// <summary>
    /// Time for <paramref name="waiting"/> queued requests to drain at the recent completion
    /// rate; before the model has completed two, the configured initial hint. (Guessing from
    /// the queue's length instead, one second per round of slots, told callers of a fresh
    /// server to wait 17 s for a queue that drained in one: a short first hint costs at most
    /// one more cheap refusal, which then carries a measured hint.)
    /// </summary>
    public TimeSpan TimeToDrain(int waiting)
    {
        double? perSecond = null;
        lock (_gate)
        {
            if (_filled >= 2)
            {
                var newest = _completions[(_next - 1 + Window) % Window];
                var oldest = _completions[(_next - _filled + Window) % Window];
                var span = _time.GetElapsedTime(oldest, newest).TotalSeconds;
                perSecond = span > 0 ? (_filled - 1) / span : null;
            }
        }

        var estimate = perSecond is { } rate
            ? TimeSpan.FromSeconds(Math.Max(1, waiting) / rate)
            : _initial;
        return estimate < Min ? Min : estimate > Max ? Max : estimate;
    }
}
