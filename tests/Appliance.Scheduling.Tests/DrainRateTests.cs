using Microsoft.Extensions.Time.Testing;

namespace Appliance.Scheduling.Tests;

public sealed class DrainRateTests
{
    [Fact]
    public void TimeToDrain_NoHistory_OneSecondPerRoundOfSlots()
    {
        var rate = new DrainRate(new FakeTimeProvider());

        Assert.Equal(TimeSpan.FromSeconds(3), rate.TimeToDrain(waiting: 8, slots: 4));
    }

    [Fact]
    public void TimeToDrain_TwoCompletionsPerSecond_WaitingOverRate()
    {
        var time = new FakeTimeProvider();
        var rate = new DrainRate(time);
        for (var i = 0; i < 5; i++)
        {
            rate.Completed();
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.Equal(TimeSpan.FromSeconds(5), rate.TimeToDrain(waiting: 10, slots: 4));
    }

    [Fact]
    public void TimeToDrain_VerySlowDrain_IsCappedAtOneMinute()
    {
        var time = new FakeTimeProvider();
        var rate = new DrainRate(time);
        rate.Completed();
        time.Advance(TimeSpan.FromMinutes(10));
        rate.Completed();

        Assert.Equal(TimeSpan.FromSeconds(60), rate.TimeToDrain(waiting: 50, slots: 1));
    }

    [Fact]
    public void TimeToDrain_VeryFastDrain_IsAtLeastOneHundredMilliseconds()
    {
        var time = new FakeTimeProvider();
        var rate = new DrainRate(time);
        for (var i = 0; i < 32; i++)
        {
            rate.Completed();
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(100), rate.TimeToDrain(waiting: 1, slots: 1));
    }
}
