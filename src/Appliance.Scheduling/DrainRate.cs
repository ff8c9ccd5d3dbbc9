namespace Appliance.Scheduling;

/// <summary>
/// How long a model's queue takes to drain, from the model time its last completions took, to
/// tell a refused caller when a retry is likely to be admitted (<c>grpc-retry-pushback-ms</c>).
/// Only busy time counts, weighted by how much of the model was in use: an idle gap between
/// light calls is no drain time (counting it once told the first burst after light traffic to
/// wait the 60 s cap for a queue that drained in 5.3 s), and one call in one of 16 slots used a
/// sixteenth of the model. A full queue means every slot is busy, so the hint is what the queue
/// costs at full use; after light traffic it is optimistic (batched steps are slower than lone
/// ones), which costs at most one more cheap refusal that then carries a measured hint.
/// Every hint is spread by ±<see cref="Jitter"/> so refused callers do not retry in step.
/// Worker thread calls <see cref="InUse"/> and <see cref="Completed"/>; any thread reads.
/// </summary>
internal sealed class DrainRate
{
    /// <summary>The spread of every hint: ± this share of it.</summary>
    public const double Jitter = 0.15;

    private const int Window = 32;
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);
    private readonly TimeProvider _time;
    private readonly TimeSpan _initial;
    private readonly Random _random;
    private readonly double[] _busy = new double[Window]; // model seconds at full use each completion took
    private readonly Lock _gate = new();
    private int _next;
    private int _filled;
    private double _occupancy; // share of the model in use since _since, 0..1
    private long _since;
    private double _accrued; // model seconds since the last completion

    /// <param name="time">The clock.</param>
    /// <param name="initial">The hint before a completion that used the model gives a rate (<see cref="SchedulerOptions.InitialRetryAfter"/>).</param>
    /// <param name="random">The jitter's source; null: one seeded from <paramref name="time"/>, so a fake clock gives the same hints every run.</param>
    public DrainRate(TimeProvider time, TimeSpan initial, Random? random = null)
    {
        _time = time;
        _initial = initial;
        _since = time.GetTimestamp();
        _random = random ?? new Random(unchecked((int)_since));
    }

    /// <summary>From now on <paramref name="used"/> of the model's <paramref name="capacity"/> (sequence slots, batch inputs) are in use. Worker thread.</summary>
    public void InUse(int used, int capacity)
    {
        lock (_gate)
        {
            Accrue();
            _occupancy = capacity <= 0 ? 0 : Math.Clamp((double)used / capacity, 0, 1);
        }
    }

    /// <summary>A request left the queue for good (done, cancelled, expired, failed). Worker thread.</summary>
    public void Completed()
    {
        lock (_gate)
        {
            Accrue();
            _busy[_next] = _accrued;
            _accrued = 0;
            _next = (_next + 1) % Window;
            _filled = Math.Min(_filled + 1, Window);
        }
    }

    /// <summary>
    /// Time for <paramref name="waiting"/> queued requests to drain at the model time recent
    /// completions took; before any completion used the model, the configured initial hint.
    /// (Guessing from the queue's length instead, one second per round of slots, told callers
    /// of a fresh server to wait 17 s for a queue that drained in one.) Clamped to 0.1-60 s,
    /// then spread by ±<see cref="Jitter"/> within those bounds.
    /// </summary>
    public TimeSpan TimeToDrain(int waiting)
    {
        double spread;
        double? perCompletion;
        lock (_gate)
        {
            var busy = 0.0;
            for (var i = 0; i < _filled; i++)
            {
                busy += _busy[i];
            }

            perCompletion = busy > 0 ? busy / _filled : null;
            spread = 1 + (Jitter * ((2 * _random.NextDouble()) - 1));
        }

        var estimate = perCompletion is { } seconds ? TimeSpan.FromSeconds(Math.Max(1, waiting) * seconds) : _initial;
        return Clamp(Clamp(estimate) * spread);
    }

    private static TimeSpan Clamp(TimeSpan value) => value < Min ? Min : value > Max ? Max : value;

    private void Accrue()
    {
        var now = _time.GetTimestamp();
        _accrued += _time.GetElapsedTime(_since, now).TotalSeconds * _occupancy;
        _since = now;
    }
}
