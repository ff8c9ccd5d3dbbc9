using Microsoft.Extensions.Time.Testing;

namespace Appliance.Scheduling.Tests;

public sealed class DrainRateTests
{
    [Fact]
    public void TimeToDrain_NoHistory_TheConfiguredInitialHintWhateverTheQueue()
    {
        // A fresh server once told callers 17 s (one second per round of 4 slots for 64 waiting)
        // for a queue that drained in about one.
        var rate = new DrainRate(new FakeTimeProvider(), TimeSpan.FromMilliseconds(750));

        Assert.Equal(TimeSpan.FromMilliseconds(750), rate.TimeToDrain(waiting: 64));
        rate.Completed();
        Assert.Equal(TimeSpan.FromMilliseconds(750), rate.TimeToDrain(waiting: 64)); // one completion is no rate yet
    }

    [Fact]
    public void TimeToDrain_TwoCompletionsPerSecond_WaitingOverRate()
    {
        var time = new FakeTimeProvider();
        var rate = new DrainRate(time, TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++)
        {
            rate.Completed();
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.Equal(TimeSpan.FromSeconds(5), rate.TimeToDrain(waiting: 10));
    }

    [Fact]
    public void TimeToDrain_VerySlowDrain_IsCappedAtOneMinute()
    {
        var time = new FakeTimeProvider();
        var rate = new DrainRate(time, TimeSpan.FromSeconds(1));
        rate.Completed();
        time.Advance(TimeSpan.FromMinutes(10));
        rate.Completed();

        Assert.Equal(TimeSpan.FromSeconds(60), rate.TimeToDrain(waiting: 50));
    }

    [Fact]
    public void TimeToDrain_VeryFastDrain_IsAtLeastOneHundredMilliseconds()
    {
        var time = new FakeTimeProvider();
        var rate = new DrainRate(time, TimeSpan.FromSeconds(1));
        for (var i = 0; i < 32; i++)
        {
            rate.Completed();
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(100), rate.TimeToDrain(waiting: 1));
    }
}
