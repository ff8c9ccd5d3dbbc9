using Microsoft.Extensions.Time.Testing;

namespace Appliance.Scheduling.Tests;

public sealed class DrainRateTests
{
    [Fact]
    public void TimeToDrain_NoHistory_TheConfiguredInitialHintWhateverTheQueue()
    {
        // A fresh server once told callers 17 s (one second per round of 4 slots for 64 waiting)
        // for a queue that drained in about one.
        var time = new FakeTimeProvider();
        var rate = new DrainRate(time, TimeSpan.FromMilliseconds(750), new NoJitter());

        Assert.Equal(TimeSpan.FromMilliseconds(750), rate.TimeToDrain(waiting: 64));
        time.Advance(TimeSpan.FromSeconds(5));
        rate.Completed(); // left the queue without using the model (cancelled while waiting)
        Assert.Equal(TimeSpan.FromMilliseconds(750), rate.TimeToDrain(waiting: 64));
    }

    [Fact]
    public void TimeToDrain_OneSlotBusyHalfASecondPerCompletion_WaitingTimesThat()
    {
        var time = new FakeTimeProvider();
        var rate = new DrainRate(time, TimeSpan.FromSeconds(1), new NoJitter());
        rate.InUse(1, 1);
        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            rate.Completed();
        }

        Assert.Equal(TimeSpan.FromSeconds(5), rate.TimeToDrain(waiting: 10));
    }

    [Fact]
    public void TimeToDrain_LightTrafficWithIdleGaps_GapsAreNotDrainTime()
    {
        // Calls of 2 s each, ten minutes apart: counting the gaps gave the 60 s cap.
        var time = new FakeTimeProvider();
        var rate = new DrainRate(time, TimeSpan.FromSeconds(1), new NoJitter());
        for (var i = 0; i < 3; i++)
        {
            rate.InUse(1, 1);
            time.Advance(TimeSpan.FromSeconds(2));
            rate.Completed();
            rate.InUse(0, 1);
            time.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(TimeSpan.FromSeconds(8), rate.TimeToDrain(waiting: 4));
    }

    [Fact]
    public void TimeToDrain_OneOfFourSlotsInUse_ChargesAQuarterOfTheTime()
    {
        // One call at a time in a 4-slot model: a full queue runs four at once.
        var time = new FakeTimeProvider();
        var rate = new DrainRate(time, TimeSpan.FromSeconds(1), new NoJitter());
        rate.InUse(1, 4);
        time.Advance(TimeSpan.FromSeconds(2));
        rate.Completed();
        rate.InUse(4, 4);
        time.Advance(TimeSpan.FromSeconds(3));
        rate.Completed();

        // (0.5 s + 3 s) over two completions: 1.75 s each.
        Assert.Equal(TimeSpan.FromSeconds(7), rate.TimeToDrain(waiting: 4));
    }

    [Fact]
    public void TimeToDrain_VerySlowDrain_IsCappedAtOneMinute()
    {
        var time = new FakeTimeProvider();
        var rate = new DrainRate(time, TimeSpan.FromSeconds(1), new NoJitter());
        rate.InUse(1, 1);
        time.Advance(TimeSpan.FromMinutes(10));
        rate.Completed();

        Assert.Equal(TimeSpan.FromSeconds(60), rate.TimeToDrain(waiting: 50));
    }

    [Fact]
    public void TimeToDrain_VeryFastDrain_IsAtLeastOneHundredMilliseconds()
    {
        var time = new FakeTimeProvider();
        var rate = new DrainRate(time, TimeSpan.FromSeconds(1), new NoJitter());
        rate.InUse(1, 1);
        for (var i = 0; i < 32; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            rate.Completed();
        }

        Assert.Equal(TimeSpan.FromMilliseconds(100), rate.TimeToDrain(waiting: 1));
    }

    [Fact]
    public void TimeToDrain_ManyRefusals_SpreadWithinFifteenPercentBothWays()
    {
        var time = new FakeTimeProvider();
        var rate = new DrainRate(time, TimeSpan.FromSeconds(10), new Random(1234));

        var hints = Enumerable.Range(0, 200).Select(_ => rate.TimeToDrain(waiting: 8).TotalSeconds).ToList();

        Assert.All(hints, h => Assert.InRange(h, 8.5, 11.5));
        Assert.Contains(hints, h => h < 9);
        Assert.Contains(hints, h => h > 11);
        Assert.True(hints.Distinct().Count() > 150, $"{hints.Distinct().Count()} distinct hints of 200");
    }

    [Fact]
    public void TimeToDrain_AtTheCap_SpreadStaysWithinTheCap()
    {
        var time = new FakeTimeProvider();
        var rate = new DrainRate(time, TimeSpan.FromMinutes(1), new Random(99));

        var hints = Enumerable.Range(0, 100).Select(_ => rate.TimeToDrain(waiting: 1).TotalSeconds).ToList();

        Assert.All(hints, h => Assert.InRange(h, 51, 60));
        Assert.Contains(hints, h => h < 55);
    }

    [Fact]
    public void TimeToDrain_NoRandomGivenOnAFakeClock_SameHintsEveryRun()
    {
        var first = new DrainRate(new FakeTimeProvider(), TimeSpan.FromSeconds(2));
        var second = new DrainRate(new FakeTimeProvider(), TimeSpan.FromSeconds(2));

        var hints = Enumerable.Range(0, 10).Select(_ => first.TimeToDrain(waiting: 1)).ToList();

        Assert.Equal(hints, Enumerable.Range(0, 10).Select(_ => second.TimeToDrain(waiting: 1)));
        Assert.True(hints.Distinct().Count() > 1);
    }

    /// <summary>Always the middle of the spread: the hint itself.</summary>
    private sealed class NoJitter : Random
    {
        public override double NextDouble() => 0.5;
    }
}
