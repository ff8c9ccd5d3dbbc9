using System.Text.RegularExpressions;
using Appliance.Cli.Commands;

namespace Appliance.Server.Tests.Cli;

/// <summary><c>appliancectl status</c> against the shared server, whose models include one with a wrong sha256 and one whose file is missing.</summary>
[Collection(ServerCollection.Name)]
public sealed class CliStatusFailedModelTests(ServerFixture server)
{
    [Fact]
    public async Task Status_ModelWithAWrongSha256_ShownFailedWithItsReasonAndExitsModelFailed()
    {
        var cli = new CliRunner();

        var exit = await cli.RunAsync("status", "--server", server.Address, "--metrics", server.MetricsAddress.ToString(), "--interval", "0.5");

        Assert.True(exit == ExitCodes.ModelFailed, cli.All);
        var lines = cli.Output.Split('\n');
        var failed = Array.FindIndex(lines, l => Regex.IsMatch(l, $@"^{ServerFixture.BadShaModelId}\s+text-generation\s+FAILED\s+-\s+-\s+-$"));
        Assert.True(failed >= 0, cli.Output);
        Assert.StartsWith("  failed: ", lines[failed + 1], StringComparison.Ordinal);
        Assert.Contains("sha256", lines[failed + 1], StringComparison.Ordinal);
        Assert.Contains(lines, l => Regex.IsMatch(l, $@"^{ServerFixture.MissingModelId}\s+text-generation\s+FAILED"));
        Assert.Contains(lines, l => Regex.IsMatch(l, $@"^{ServerFixture.ModelId}\s+text-generation\s+READY\s+\d+\s+\d+\s+[\d.]+ %$"));
        Assert.All(lines, l => Assert.True(l.Length <= 80, l));
    }
}
