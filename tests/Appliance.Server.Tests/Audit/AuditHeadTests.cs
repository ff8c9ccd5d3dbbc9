using Appliance.Cli.Commands;
using Appliance.Contracts.V1;
using Appliance.Core.Audit;
using Appliance.Server.Tests.Metrics;
using Appliance.Server.Tests.Security;

namespace Appliance.Server.Tests.Audit;

/// <summary>
/// The chain head of the real server (metric, <c>/audit/head</c>, <c>appliancectl audit head</c>, the
/// shutdown log line) and what it buys: the outside probe's shortened logs fail <c>audit verify</c>.
/// </summary>
public sealed class AuditHeadTests : IDisposable
{
    private const int Calls = 6;

    private readonly AuditFolder _audit = new();

    public void Dispose() => _audit.Dispose();

    [Fact]
    public async Task Head_AfterCalls_MetricEndpointCliAndShutdownLogNameTheLastRecord()
    {
        var fixture = new ApplianceServerFixture { Settings = { ["Appliance:Audit:Directory"] = _audit.Path } };
        AuditAnchor head;
        await using (var server = await fixture.StartAsync())
        {
            await ListModelsAsync(server);
            AuditRecord? last = null;
            double metric = -1;
            await Bounded.UntilAsync(
                async _ =>
                {
                    metric = Scrape.Parse(await server.Server.ScrapeAsync()).Sum("appliance_audit_head_sequence");
                    last = (await AuditRecords.ReadAsync(_audit.Path)).LastOrDefault();
                    return last?.Sequence == 2 * Calls && metric == last.Sequence;
                },
                () => $"the metric ({metric}) to equal the last record on disk ({last?.Sequence}; {2 * Calls} expected)");
            head = AuditAnchor.Of(last!);

            using var http = new HttpClient { BaseAddress = server.MetricsAddress, Timeout = Bounded.CallTimeout };
            Assert.Equal(head + "\n", await http.GetStringAsync(new Uri("/audit/head", UriKind.Relative)));
            var cli = new CliRunner();
            Assert.Equal(ExitCodes.Success, await cli.RunAsync("audit", "head", "--metrics", server.MetricsAddress.ToString()));
            Assert.Equal(head + "\n", cli.Output.ReplaceLineEndings("\n"));
        }

        Assert.Contains(fixture.Logs, l => l.Contains($"Audit log: stopped; chain head {head}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_ProbeCases_FailAgainstTheHeadOrByTheGenesisRule()
    {
        await using (var server = await new ApplianceServerFixture { Settings = { ["Appliance:Audit:Directory"] = _audit.Path } }.StartAsync())
        {
            await ListModelsAsync(server);
        }

        var file = Assert.Single(_audit.Files);
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(2 * Calls, lines.Length);
        var head = AuditAnchor.Of(AuditChain.TryParse(lines[^1], out _)!).ToString();
        var anchors = Path.Combine(_audit.Path, "anchors");
        await File.WriteAllLinesAsync(anchors, ["# appliancectl audit head, every 5 minutes", $"{head} 2025-06-30T12:00:00+00:00"]);

        var intact = await VerifyAsync(file, lines, "--expect-head", head);
        var lastTwoDeleted = await VerifyAsync(file, lines[..^2], "--expect-head", head);
        var firstFour = await VerifyAsync(file, lines[..4], "--anchors", anchors);
        var firstSixDropped = await VerifyAsync(file, lines[6..]);

        Assert.Equal(ExitCodes.Success, intact.Exit);
        Assert.Contains($"OK    12 record(s) in 1 file(s), sequence 1 to 12; head {head}", intact.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, lastTwoDeleted.Exit);
        Assert.Contains($"records 11 to 12 missing: the log ends at sequence 10 but anchor {head} was recorded", lastTwoDeleted.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, firstFour.Exit);
        Assert.Contains("records 5 to 12 missing: the log ends at sequence 4", firstFour.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, firstSixDropped.Exit);
        Assert.Contains($"FAIL  {file}:1: record 7: records 1 to 6 missing: the log starts at sequence 7", firstSixDropped.Output, StringComparison.Ordinal);
    }

    private static async Task ListModelsAsync(ApplianceServerFixture server)
    {
        var models = new Contracts.V1.Models.ModelsClient(server.Channel);
        for (var i = 0; i < Calls; i++)
        {
            await models.ListModelsAsync(new ListModelsRequest(), deadline: DateTime.UtcNow.Add(GrpcTestExtensions.CallLimit));
        }
    }

    /// <summary>Writes <paramref name="lines"/> as <paramref name="file"/> and runs <c>appliancectl audit verify</c> on it.</summary>
    private static async Task<(int Exit, string Output)> VerifyAsync(string file, string[] lines, params string[] options)
    {
        await File.WriteAllLinesAsync(file, lines);
        var cli = new CliRunner();
        var exit = await cli.RunAsync(["audit", "verify", file, .. options]);
        return (exit, cli.All);
    }
}
