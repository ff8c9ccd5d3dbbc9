using Appliance.Cli.Commands;

namespace Appliance.Server.Tests.Cli;

/// <summary>
/// <c>appliancectl status</c> over several boxes (issue 20): two real servers and an address where
/// nothing listens give three sections, a fleet line and the worst box's exit code.
/// </summary>
public sealed class CliFleetStatusTests
{
    private const string Nowhere = "http://127.0.0.1:9";

    [Fact]
    public async Task Status_TwoBoxesAndOneDown_OneSectionPerBoxAFleetLineAndTheWorstExitCode()
    {
        await using var a = new ApplianceServerFixture();
        await using var b = new ApplianceServerFixture();
        await Task.WhenAll(a.InitializeAsync(), b.InitializeAsync());
        var (boxA, boxB) = (new Uri(a.Address).Authority, new Uri(b.Address).Authority);

        var withDown = new CliRunner();
        var exit = await withDown.RunAsync(
            "--server", $"{a.Address},{b.Address},{Nowhere}", "status", "--metrics", $"{a.MetricsAddress},{b.MetricsAddress},{Nowhere}", "--interval", "0.1");

        Assert.True(exit == ExitCodes.Unavailable, withDown.All);
        var lines = withDown.Output.Split('\n');
        Assert.Equal(
            [$"== box 1 of 3: {boxA}", $"== box 2 of 3: {boxB}", "== box 3 of 3: 127.0.0.1:9"],
            lines.Where(l => l.StartsWith("== box", StringComparison.Ordinal)));
        Assert.Contains($"server   {a.Address}: SERVING", lines);
        Assert.Contains($"server   {b.Address}: SERVING", lines);
        Assert.Contains("no status (unreachable; see standard error)", lines);
        Assert.Contains($"fleet: 2 of 3 boxes up; models ready: {boxA} 1/1, {boxB} 1/1, 127.0.0.1:9 -; exit 4 (unreachable)", lines);
        Assert.Contains("127.0.0.1:9: ", withDown.Error, StringComparison.Ordinal); // the down box's error names it

        var healthy = new CliRunner();
        exit = await healthy.RunAsync("--server", $"{a.Address},{b.Address}", "status", "--metrics", $"{a.MetricsAddress},{b.MetricsAddress}", "--interval", "0.1");

        Assert.True(exit == ExitCodes.Success, healthy.All);
        Assert.Contains($"fleet: 2 of 2 boxes up; models ready: {boxA} 1/1, {boxB} 1/1; exit 0 (every box ready)", healthy.Output.Split('\n'));
    }
}
