using System.Globalization;
using System.Text.RegularExpressions;
using Appliance.Cli.Commands;
using Appliance.Contracts.V1;
using Appliance.Server.Tests.Metrics;
using Grpc.Core;
using Grpc.Net.Client;

namespace Appliance.Server.Tests.Cli;

/// <summary>
/// <c>appliancectl status</c>, the whole command line, against the real server with authentication on
/// (an API key from a file) and the tiny synthetic model: the gRPC port and the metrics port.
/// </summary>
public sealed partial class CliStatusTests(ApiKeyServerFixture server) : IClassFixture<ApiKeyServerFixture>
{
    private const string Nowhere = "http://127.0.0.1:9";
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task Status_ReadyModelWithCallsBetweenTheTwoScrapes_ShowsItReadyWithARateAndExitsSuccess()
    {
        using var channel = GrpcChannel.ForAddress(server.Address);
        var generation = new Generation.GenerationClient(channel);
        var status = RunStatusAsync("--interval", "2");
        var calls = 0;
        while (!status.IsCompleted)
        {
            await generation.CompleteAsync(Request(SecuredServerFixture.ModelId), Headers(), Deadline());
            calls++;
        }

        var exit = await status;

        Assert.True(exit == ExitCodes.Success, _cli.All);
        var lines = Lines();
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^tiny\s+text-generation\s+READY\s+\d+\s+\d+\s+\d+(\.\d)? %$"));
        Assert.Contains(lines, l => l.StartsWith("  backend: llama.cpp ", StringComparison.Ordinal));
        Assert.Matches(@"^Appliance 0\.1\.0 \([0-9a-z]+\), up \d+ (s|min)", lines[0]);
        Assert.Equal($"server   {server.Address}: SERVING", lines[1]);
        var complete = MethodRow(lines, "Generation/Complete");
        Assert.True(double.Parse(complete.Groups["rate"].Value, CultureInfo.InvariantCulture) > 0, _cli.Output);
        Assert.Equal("0 %", complete.Groups["errors"].Value);
        Assert.InRange(int.Parse(complete.Groups["calls"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), 1, calls);
        await AssertGpuLinesMatchTheServerAsync(lines);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        Assert.DoesNotContain('\u001b', _cli.All);
        Assert.Empty(_cli.Error);
    }

    [Fact]
    public async Task Status_CallsMadeBefore_ShownAsCallsAndFailuresSinceStartWithNoRate()
    {
        using var channel = GrpcChannel.ForAddress(server.Address);
        var generation = new Generation.GenerationClient(channel);
        for (var i = 0; i < 2; i++)
        {
            await GenerateAsync(generation, SecuredServerFixture.ModelId);
        }

        for (var i = 0; i < 3; i++)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => GenerateAsync(generation, "no-such-model"));
            Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        }

        // The head is the last record flushed to disk (up to a second behind): wait until these calls' records are there.
        using var http = new HttpClient { BaseAddress = server.MetricsAddress, Timeout = TimeSpan.FromSeconds(30) };
        await Bounded.UntilAsync(
            async token => Appliance.Core.Audit.AuditAnchor.TryParse(await http.GetStringAsync(new Uri("/audit/head", UriKind.Relative), token))!.Sequence >= 1,
            "the audit head to pass sequence 1");

        var exit = await RunStatusAsync("--interval", "0.5");

        Assert.True(exit == ExitCodes.Success, _cli.All);
        var generate = MethodRow(Lines(), "Generation/Generate");
        Assert.Equal("0", generate.Groups["rate"].Value);
        Assert.Equal("-", generate.Groups["errors"].Value);
        Assert.Equal("5", generate.Groups["calls"].Value);
        Assert.Equal("3", generate.Groups["failed"].Value);

        // The audit chain head, as the server's own /audit/head says it (it may have moved on since: status's own ListModels).
        var audit = Lines().SkipWhile(l => !l.StartsWith("audit    head ", StringComparison.Ordinal)).Take(2).ToArray();
        var shown = AuditHeadLines().Match(string.Join("\n", audit));
        Assert.True(shown.Success, _cli.Output);
        var now = Appliance.Core.Audit.AuditAnchor.TryParse(await http.GetStringAsync(new Uri("/audit/head", UriKind.Relative)))!;
        Assert.InRange(long.Parse(shown.Groups["seq"].Value, CultureInfo.InvariantCulture), 1, now.Sequence);
    }

    [Fact]
    public async Task Status_MetricsPortUnreachable_StillShowsTheModelsWithANoteAndExitsMetricsUnavailable()
    {
        var exit = await _cli.RunAsync("status", "--server", server.Address, "--api-key-file", server.KeyFile, "--metrics", Nowhere);

        Assert.Equal(ExitCodes.MetricsUnavailable, exit);
        var lines = Lines();
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^tiny\s+text-generation\s+READY\s+\?\s+\?\s+\?$"));
        Assert.StartsWith($"metrics  {Nowhere}/metrics: UNREACHABLE (Connection refused", lines[2], StringComparison.Ordinal);
        Assert.Contains("note: queues, requests/s, GPUs, version and uptime come from the metrics page", _cli.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("requests:", _cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ServerUnreachable_SaysSoAndExitsUnavailable()
    {
        var exit = await _cli.RunAsync("status", "--server", Nowhere, "--api-key-file", server.KeyFile, "--metrics", server.MetricsAddress.ToString());

        Assert.Equal(ExitCodes.Unavailable, exit);
        Assert.Empty(_cli.Output);
        Assert.Contains($"error: cannot reach the server at {Nowhere}: Connection refused", _cli.Error, StringComparison.Ordinal);
        Assert.Contains(ConnectionFault.NotRunningHint, _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NoKey_ExitsUnauthenticatedWithTheHint()
    {
        var exit = await _cli.RunAsync("status", "--server", server.Address, "--metrics", server.MetricsAddress.ToString());

        Assert.Equal(ExitCodes.Unauthenticated, exit);
        Assert.Empty(_cli.Output);
        Assert.Contains("the server did not accept the credentials (no credentials were sent)", _cli.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--metrics", "ftp://x", "--metrics: 'ftp://x' is not a metrics address")]
    [InlineData("--interval", "0", "--interval: must be between 0.1 and 60 seconds")]
    [InlineData("--wait", "-5", "--wait: must be between 1 and 86400 seconds")]
    public async Task Status_BadOption_RefusedBeforeAnyCall(string option, string value, string expected)
    {
        var exit = await _cli.RunAsync("status", "--server", Nowhere, option, value);

        Assert.NotEqual(ExitCodes.Success, exit);
        Assert.Contains(expected, _cli.Error, StringComparison.Ordinal);
    }

    private Task<int> RunStatusAsync(params string[] extra) =>
        _cli.RunAsync(["status", "--server", server.Address, "--api-key-file", server.KeyFile, "--metrics", server.MetricsAddress.ToString(), .. extra]);

    private string[] Lines() => _cli.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>The screen's GPU part says what the server's own metrics page says: no GPU here, or each GPU where there is one.</summary>
    private async Task AssertGpuLinesMatchTheServerAsync(string[] lines)
    {
        using var http = new HttpClient { BaseAddress = server.MetricsAddress, Timeout = TimeSpan.FromSeconds(30) };
        var page = Scrape.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        if (page.Sum("appliance_gpu_metrics_up") == 0)
        {
            Assert.Contains("GPU      no GPU metrics (appliance_gpu_metrics_up 0: no NVIDIA driver answered)", lines);
            return;
        }

        foreach (var gpu in page.LabelValues("gpu"))
        {
            Assert.Contains(lines, l => Regex.IsMatch(l, $@"^{gpu}\s+.+\s+\d+\.\d [KMGT]iB / \d+\.\d [KMGT]iB\s+\d+(\.\d)? %"));
        }
    }

    private static Match MethodRow(string[] lines, string method)
    {
        var row = lines.Select(l => MethodLine().Match(l)).FirstOrDefault(m => m.Success && m.Groups["method"].Value == method);
        Assert.True(row is not null, $"no row for {method} in:\n{string.Join('\n', lines)}");
        return row!;
    }

    private async Task GenerateAsync(Generation.GenerationClient generation, string model)
    {
        using var call = generation.Generate(Request(model), Headers(), Deadline());
        await foreach (var unused in call.ResponseStream.ReadAllAsync())
        {
        }
    }

    private Metadata Headers() => new() { { "x-api-key", File.ReadAllText(server.KeyFile).Trim() } };

    private static GenerateRequest Request(string model) =>
        new() { ModelId = model, Prompt = "Fever and cough", Sampling = new SamplingParams { MaxTokens = 1, Temperature = 0 } };

    private static DateTime Deadline() => DateTime.UtcNow.Add(GrpcTestExtensions.CallLimit);

    [GeneratedRegex(@"^audit    head (?<seq>\d+) \(record it off the box: appliancectl audit head\)\n         hash [0-9a-f]{64}$")]
    private static partial Regex AuditHeadLines();

    [GeneratedRegex(@"^(?<method>\S+)\s+(?<rate>[\d.]+)/s\s+(?<errors>-|[\d.]+ %)\s+(?<calls>[\d,]+)\s+(?<failed>[\d,]+)$")]
    private static partial Regex MethodLine();
}
