using Appliance.Cli.Metrics;

namespace Appliance.Cli.Tests.Metrics;

/// <summary>Rates between two scrapes, as the status screen computes them: resets, restarts, new series.</summary>
public sealed class CounterRatesTests
{
    private static readonly TimeSpan TwoSeconds = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(10, 16, false, 6)]
    [InlineData(10, 10, false, 0)]
    [InlineData(10, 4, false, 4)] // went down: reset, counted from zero
    [InlineData(10, 25, true, 25)] // the process restarted and has already passed the old value
    [InlineData(0, 3, false, 3)]
    [InlineData(double.NaN, 3, false, 0)]
    public void Increase_CounterValues_AsPrometheusIncrease(double before, double after, bool restarted, double expected)
    {
        Assert.Equal(expected, CounterRates.Increase(before, after, restarted));
    }

    [Fact]
    public void Restarted_DifferentProcessStartTimes_True()
    {
        var before = PrometheusTextParser.Parse("process_start_time_seconds 1000\n");
        var same = PrometheusTextParser.Parse("process_start_time_seconds 1000\n");
        var later = PrometheusTextParser.Parse("process_start_time_seconds 2000\n");

        Assert.False(CounterRates.Restarted(before, same));
        Assert.True(CounterRates.Restarted(before, later));
    }

    [Fact]
    public void IncreaseBy_GroupsSeriesAndCountsANewSeriesFromZero()
    {
        var before = PrometheusTextParser.Parse(
            "r{method=\"/a\",grpc_code=\"OK\"} 10\nr{method=\"/b\",grpc_code=\"OK\"} 5\n");
        var after = PrometheusTextParser.Parse(
            "r{method=\"/a\",grpc_code=\"OK\"} 14\nr{method=\"/a\",grpc_code=\"NotFound\"} 2\nr{method=\"/b\",grpc_code=\"OK\"} 5\n");

        var increases = CounterRates.IncreaseBy(before, after, "r", s => s.Label("method"));

        Assert.Equal(6, increases["/a"]);
        Assert.Equal(0, increases["/b"]);
    }

    [Fact]
    public void Figures_TwoScrapes_RatesPerMethodErrorShareAndTotalsSinceStart()
    {
        var before = PrometheusTextParser.Parse(
            "process_start_time_seconds 1000\n"
            + "appliance_requests_total{method=\"/appliance.v1.Generation/Generate\",model=\"tiny\",client=\"his\",priority=\"normal\",grpc_code=\"OK\"} 100\n"
            + "appliance_requests_total{method=\"/appliance.v1.Generation/Generate\",model=\"tiny\",client=\"lis\",priority=\"normal\",grpc_code=\"OK\"} 50\n"
            + "appliance_requests_total{method=\"/appliance.v1.Models/ListModels\",model=\"\",client=\"his\",priority=\"\",grpc_code=\"OK\"} 7\n");
        var after = PrometheusTextParser.Parse(
            "process_start_time_seconds 1000\n"
            + "appliance_requests_total{method=\"/appliance.v1.Generation/Generate\",model=\"tiny\",client=\"his\",priority=\"normal\",grpc_code=\"OK\"} 106\n"
            + "appliance_requests_total{method=\"/appliance.v1.Generation/Generate\",model=\"tiny\",client=\"lis\",priority=\"normal\",grpc_code=\"OK\"} 50\n"
            + "appliance_requests_total{method=\"/appliance.v1.Generation/Generate\",model=\"tiny\",client=\"his\",priority=\"normal\",grpc_code=\"ResourceExhausted\"} 2\n"
            + "appliance_requests_total{method=\"/appliance.v1.Models/ListModels\",model=\"\",client=\"his\",priority=\"\",grpc_code=\"OK\"} 7\n");

        var figures = ApplianceFigures.From(new MetricsWindow(before, after, TwoSeconds), DateTimeOffset.FromUnixTimeSeconds(1000 + 3723));

        var generate = figures.Methods[0];
        Assert.Equal("/appliance.v1.Generation/Generate", generate.Method);
        Assert.Equal(4, generate.PerSecond); // (6 + 2) calls in 2 s
        Assert.Equal(1, generate.ErrorsPerSecond);
        Assert.Equal(0.25, generate.ErrorRatio);
        Assert.Equal(158, generate.Calls);
        Assert.Equal(2, generate.FailedCalls);
        var list = figures.Methods[1];
        Assert.Equal(0, list.PerSecond);
        Assert.Null(list.ErrorRatio);
        Assert.Equal(4, figures.Total.PerSecond);
        Assert.Equal(165, figures.Total.Calls);
        Assert.Equal(TimeSpan.FromSeconds(3723), figures.Uptime);
    }

    [Fact]
    public void Figures_ServerRestartedBetweenScrapes_CountsEveryCounterFromZero()
    {
        var before = PrometheusTextParser.Parse(
            "process_start_time_seconds 1000\nappliance_requests_total{method=\"/m\",grpc_code=\"OK\"} 500\n");
        var after = PrometheusTextParser.Parse(
            "process_start_time_seconds 1900\nappliance_requests_total{method=\"/m\",grpc_code=\"OK\"} 3\n");

        var figures = ApplianceFigures.From(new MetricsWindow(before, after, TwoSeconds), DateTimeOffset.FromUnixTimeSeconds(1910));

        Assert.Equal(1.5, figures.Total.PerSecond);
        Assert.Equal(3, figures.Total.Calls);
    }
}
