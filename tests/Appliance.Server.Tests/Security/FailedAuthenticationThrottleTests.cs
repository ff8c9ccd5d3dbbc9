using System.Net;
using Appliance.Server.Metrics;
using Appliance.Server.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Server.Tests.Security;

/// <summary>The failed-authentication throttle on a fake clock: when it refuses, how long it holds, when it forgets, what it summarises.</summary>
public sealed class FailedAuthenticationThrottleTests
{
    private static readonly IPAddress His = IPAddress.Parse("10.1.2.3");
    private static readonly IPAddress Lis = IPAddress.Parse("10.1.2.4");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));
    private readonly ApplianceMetrics _metrics = new(Prometheus.Metrics.NewCustomRegistry());

    internal static FailedAuthenticationThrottle Throttle(FailedAuthenticationOptions options, TimeProvider time, ApplianceMetrics? metrics = null) =>
        new(Options.Create(new SecurityOptions { FailedAuthentication = options }), time, metrics ?? new ApplianceMetrics(Prometheus.Metrics.NewCustomRegistry()), NullLogger<FailedAuthenticationThrottle>.Instance);

    private FailedAuthenticationThrottle Throttle(int maxFailures = 3, int maxTracked = 100) => Throttle(
        new FailedAuthenticationOptions
        {
            MaxFailures = maxFailures,
            Window = TimeSpan.FromMinutes(1),
            FirstDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(1),
            MaxTrackedAddresses = maxTracked,
        },
        _time,
        _metrics);

    private static void Fail(FailedAuthenticationThrottle throttle, IPAddress address, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.Null(throttle.Check(address)); // checked: its credentials are looked at
            throttle.Failed(address);
        }
    }

    [Fact]
    public void Check_AfterMaxFailures_RefusesWithoutChecking_AndCountsEveryRefusal()
    {
        var throttle = Throttle(maxFailures: 3);

        Fail(throttle, His, 3);
        var first = throttle.Check(His);
        var second = throttle.Check(His);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(first.First);
        Assert.False(second.First);
        Assert.Equal("10.1.2.3", first.Source);
        Assert.Equal(3, first.Failures);
        Assert.Equal(_time.GetUtcNow().AddMinutes(1), first.Until);
        Assert.Equal(2, _metrics.AuthenticationThrottled.Value);
    }

    [Fact]
    public void Check_FewerFailuresThanTheLimit_StillChecks()
    {
        var throttle = Throttle(maxFailures: 3);

        Fail(throttle, His, 2);

        Assert.Null(throttle.Check(His));
        Assert.Equal(0, _metrics.AuthenticationThrottled.Value);
    }

    [Fact]
    public void Check_DelayDoublesFromFirstDelay_AndStopsAtMaxDelay()
    {
        var throttle = Throttle(maxFailures: 1);
        Fail(throttle, His, 1);

        var delays = Enumerable.Range(0, 8).Select(_ => throttle.Check(His)!.Delay.TotalMilliseconds).ToArray();

        Assert.Equal([100, 200, 400, 800, 1000, 1000, 1000, 1000], delays);
    }

    [Fact]
    public void Check_OtherAddresses_Unaffected_AndAnIPv6HostCountsByItsSlash64()
    {
        var throttle = Throttle(maxFailures: 2);
        Fail(throttle, His, 2);
        Fail(throttle, IPAddress.Parse("2001:db8:1:2::10"), 2);

        Assert.NotNull(throttle.Check(His));
        Assert.NotNull(throttle.Check(IPAddress.Parse("::ffff:10.1.2.3"))); // the same host over an IPv6 socket
        Assert.Equal("2001:db8:1:2::/64", throttle.Check(IPAddress.Parse("2001:db8:1:2::99"))?.Source);
        Assert.Null(throttle.Check(Lis));
        Assert.Null(throttle.Check(IPAddress.Parse("2001:db8:1:3::10")));
    }

    [Fact]
    public void Check_WindowEnded_ChecksAgain_AndCountsAfreshFromTheNextFailure()
    {
        var throttle = Throttle(maxFailures: 2);
        Fail(throttle, His, 2);
        Assert.NotNull(throttle.Check(His));

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.NotNull(throttle.Check(His));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(throttle.Check(His));
        throttle.Failed(His);
        Assert.Null(throttle.Check(His)); // one failure in the new window
        throttle.Failed(His);
        Assert.Equal(100, throttle.Check(His)!.Delay.TotalMilliseconds); // the delay starts over too
    }

    [Fact]
    public void Sweep_SummarisesTheUncheckedRefusalsOncePerAddress_ThenForgetsExpiredAddresses()
    {
        var throttle = Throttle(maxFailures: 1);
        Fail(throttle, His, 1);
        Fail(throttle, Lis, 1);
        for (var i = 0; i < 57; i++)
        {
            throttle.Check(His);
        }

        throttle.Check(Lis);
        var since = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromSeconds(30));

        var first = throttle.Sweep();
        var nothingNew = throttle.Sweep();
        _time.Advance(TimeSpan.FromSeconds(30));
        var afterWindow = throttle.Sweep();

        Assert.Equal(
            [new ThrottleSummary("10.1.2.3", 57, since, since.AddSeconds(30)), new ThrottleSummary("10.1.2.4", 1, since, since.AddSeconds(30))],
            first.OrderBy(s => s.Source, StringComparer.Ordinal));
        Assert.Empty(nothingNew);
        Assert.Empty(afterWindow);
        Assert.Equal(0, throttle.TrackedAddresses);
        Assert.Null(throttle.Check(His));
    }

    [Fact]
    public void Failed_MoreAddressesThanTracked_TheRestShareOneEntry_AndMemoryStaysBounded()
    {
        var throttle = Throttle(maxFailures: 2, maxTracked: 10);
        for (var i = 0; i < 1000; i++)
        {
            throttle.Failed(IPAddress.Parse($"10.9.{i / 256}.{i % 256}"));
        }

        var shared = throttle.Check(IPAddress.Parse("10.200.0.1"));

        Assert.Equal(10, throttle.TrackedAddresses);
        Assert.Equal(FailedAuthenticationThrottle.OtherAddresses, shared?.Source);
        Assert.Null(throttle.Check(IPAddress.Parse("10.9.0.1"))); // tracked on its own: one failure
    }

    [Fact]
    public void Check_Disabled_NeverRefuses()
    {
        var throttle = Throttle(new FailedAuthenticationOptions { Enabled = false, MaxFailures = 1 }, _time, _metrics);

        throttle.Failed(His);
        throttle.Failed(His);

        Assert.Null(throttle.Check(His));
        Assert.Equal(0, throttle.TrackedAddresses);
    }

    [Fact]
    public async Task HoldAsync_WaitsOnTheClockWithoutAThread_AndEndsWhenTheCallIsCancelled()
    {
        var throttle = Throttle();

        var held = throttle.HoldAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.False(held.IsCompleted);
        Assert.Equal(1, throttle.HeldRefusals);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(held.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await held.WaitAsync(TimeSpan.FromSeconds(10));

        using var cancel = new CancellationTokenSource();
        var cancelled = throttle.HoldAsync(TimeSpan.FromSeconds(1), cancel.Token);
        await cancel.CancelAsync();
        await cancelled.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, throttle.HeldRefusals);
    }

    [Fact]
    public async Task HoldAsync_MoreThanTheCapHeld_TheRestGoOutAtOnce()
    {
        var throttle = Throttle();

        var held = Enumerable.Range(0, FailedAuthenticationThrottle.MaxHeldRefusals).Select(_ => throttle.HoldAsync(TimeSpan.FromSeconds(1), CancellationToken.None)).ToList();
        var beyond = throttle.HoldAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.True(beyond.IsCompleted);
        Assert.All(held, t => Assert.False(t.IsCompleted));
        _time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(held).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, throttle.HeldRefusals);
    }

    [Theory]
    [InlineData("MaxFailures", "0")]
    [InlineData("Window", "00:00:00")]
    [InlineData("MaxDelay", "00:05:00")]
    [InlineData("SummaryInterval", "-00:00:01")]
    [InlineData("MaxTrackedAddresses", "0")]
    public void Problems_OutOfRange_NamesTheKey(string key, string value)
    {
        var options = new FailedAuthenticationOptions();
        var property = typeof(FailedAuthenticationOptions).GetProperty(key)!;
        property.SetValue(options, property.PropertyType == typeof(int) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var problem = Assert.Single(options.Problems());

        Assert.StartsWith($"Appliance:Security:FailedAuthentication:{key} must be between", problem, StringComparison.Ordinal);
        Assert.Empty(new FailedAuthenticationOptions().Problems());
    }
}
