using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Scheduling.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports every timer created on it, so a test can
/// await the moment a worker starts waiting on virtual time (and check for how long).
/// </summary>
internal sealed class RecordingTimeProvider : FakeTimeProvider
{
    public RecordingTimeProvider()
        : base(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Due times of the timers created, in order.</summary>
    public ConcurrentQueue<TimeSpan> TimerDueTimes { get; } = new();

    /// <summary>Released once per timer created (after it is armed).</summary>
    public SemaphoreSlim TimerCreated { get; } = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        TimerDueTimes.Enqueue(dueTime);
        TimerCreated.Release();
        return timer;
    }

    /// <summary>Waits (bounded) until a timer has been armed.</summary>
    public async Task WaitForTimerAsync()
    {
        Assert.True(await TimerCreated.WaitAsync(Bounded.Timeout), "no timer was armed within the timeout");
    }
}
