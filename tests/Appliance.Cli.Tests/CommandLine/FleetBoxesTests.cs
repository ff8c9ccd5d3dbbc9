using System.Net;
using Appliance.Cli.CommandLine;
using Appliance.Cli.Commands;

namespace Appliance.Cli.Tests.CommandLine;

/// <summary>Which boxes <c>status</c> reports on, and the exit code of several (no server needed).</summary>
public sealed class FleetBoxesTests
{
    private static readonly FleetBoxes.Resolver NoLookup = (_, _) => throw new InvalidOperationException("no lookup expected");

    [Fact]
    public async Task Resolve_OneAddress_IsOneBox()
    {
        Assert.Null(await FleetBoxes.ResolveAsync("http://127.0.0.1:5080", "http://127.0.0.1:9464", NoLookup, CancellationToken.None));
    }

    [Fact]
    public async Task Resolve_SeveralAddressesAndOneMetricsAddress_EachBoxOnItsOwnHostWithThatPort()
    {
        var boxes = await FleetBoxes.ResolveAsync("https://box1.hospital:5443,https://10.0.0.2:5443", "http://127.0.0.1:9464", NoLookup, CancellationToken.None);

        Assert.Equal(["http://box1.hospital:9464/", "http://10.0.0.2:9464/"], boxes!.Select(b => b.Metrics));
        Assert.Equal(["box1.hospital:5443", "10.0.0.2:5443"], boxes!.Select(b => b.Label));
        Assert.All(boxes!, b => Assert.Null(b.ConnectTo));
    }

    [Fact]
    public async Task Resolve_ADnsNameWithTwoAddresses_TwoBoxesThatKeepTheName()
    {
        var boxes = await FleetBoxes.ResolveAsync(
            "https://appliance.hospital:5443", "http://127.0.0.1:9464", (_, _) => Task.FromResult(new[] { IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2") }), CancellationToken.None);

        Assert.Equal(["appliance.hospital:5443 (10.0.0.1)", "appliance.hospital:5443 (10.0.0.2)"], boxes!.Select(b => b.Label));
        Assert.All(boxes!, b => Assert.Equal("appliance.hospital", b.Address.Host)); // TLS checks the name
        Assert.Equal(["http://10.0.0.1:9464/", "http://10.0.0.2:9464/"], boxes!.Select(b => b.Metrics));
    }

    [Fact]
    public async Task Resolve_MetricsCountDiffersFromBoxes_RefusedNamingTheOption()
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            FleetBoxes.ResolveAsync("http://127.0.0.1:1,http://127.0.0.1:2,http://127.0.0.1:3", "http://127.0.0.1:4,http://127.0.0.1:5", NoLookup, CancellationToken.None));

        Assert.StartsWith("--metrics: 2 addresses for 3 boxes", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { ExitCodes.Success, ExitCodes.Success }, ExitCodes.Success)]
    [InlineData(new[] { ExitCodes.Success, ExitCodes.MetricsUnavailable }, ExitCodes.MetricsUnavailable)]
    [InlineData(new[] { ExitCodes.MetricsUnavailable, ExitCodes.NotServing, ExitCodes.Success }, ExitCodes.NotServing)]
    [InlineData(new[] { ExitCodes.NotServing, ExitCodes.ModelFailed }, ExitCodes.ModelFailed)]
    [InlineData(new[] { ExitCodes.ModelFailed, ExitCodes.Unavailable, ExitCodes.Success }, ExitCodes.Unavailable)]
    public void Worst_IsTheWorstBoxsCode(int[] codes, int worst) => Assert.Equal(worst, FleetStatusCommand.Worst(codes));
}
