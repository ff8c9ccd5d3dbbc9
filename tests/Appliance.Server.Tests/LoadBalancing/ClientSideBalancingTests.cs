using Appliance.Contracts.Balancing;
using Appliance.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Appliance.Server.Tests.LoadBalancing;

/// <summary>
/// Two boxes and no balancer (issue 20): <see cref="FleetChannel"/> spreads calls over both, drops
/// a box that turns NOT_SERVING before it refuses anything (its LeavePoolDelay is longer than the
/// channel's 1 s health interval), so no call fails while it stops; appliancectl refuses a --server
/// list that mixes schemes (it balances over two TLS boxes in <see cref="TlsFleetTests"/>).
/// </summary>
[Collection(LoadBalancingCollection.Name)]
public sealed class ClientSideBalancingTests
{
    [Fact]
    public async Task FleetChannel_TwoBoxes_CallsSpreadAndABoxThatStopsLosesNoCall()
    {
        await using var a = new ApplianceServerFixture();
        await using var b = new ApplianceServerFixture();
        b.Settings["Appliance:Server:LeavePoolDelay"] = "00:00:02";
        await Task.WhenAll(a.InitializeAsync(), b.InitializeAsync());
        using var channel = FleetChannel.Create([new Uri(a.Address), new Uri(b.Address)], () => new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler() });
        var generation = new Generation.GenerationClient(channel);
        Task<CompleteResponse> Call() => generation.CompleteAsync(
            new GenerateRequest { ModelId = ApplianceServerFixture.ModelId, Prompt = "hello", Sampling = new SamplingParams { MaxTokens = 2 } },
            deadline: DateTime.UtcNow.Add(Bounded.CallTimeout)).ResponseAsync;

        // Spread: both boxes count calls (the channel publishes a box once its health says SERVING).
        await Bounded.UntilAsync(
            async _ =>
            {
                await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Call()));
                return Served(await a.Server.ScrapeAsync()) > 0 && Served(await b.Server.ScrapeAsync()) > 0;
            },
            "calls to reach both boxes",
            TimeSpan.FromSeconds(20),
            TimeSpan.FromMilliseconds(100));

        // Box b stops while calls keep coming: health NOT_SERVING at once, refusals only after 2 s.
        var stopping = b.Server.App.StopAsync();
        var failures = new List<RpcException>();
        var calls = 0;
        while (!stopping.IsCompleted)
        {
            try
            {
                await Call();
            }
            catch (RpcException e)
            {
                failures.Add(e);
            }

            calls++;
        }

        await stopping.Within(Bounded.CallTimeout);
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls failed while box b stopped: {string.Join("; ", failures.Select(f => f.Status))}");
        Assert.True(calls > 5, $"only {calls} calls were made while box b stopped");
        await Call(); // box a alone serves
    }

    [Fact]
    public async Task Appliancectl_ServerMixingSchemes_IsRefusedBeforeAnyCall()
    {
        var cli = new CliRunner();

        var exit = await cli.RunAsync("--server", "http://127.0.0.1:1,https://127.0.0.1:2", "health");

        Assert.NotEqual(0, exit); // a command-line error, before any connection
        Assert.Contains("--server: 'http://127.0.0.1:1,https://127.0.0.1:2' mixes http:// and https://", cli.All, StringComparison.Ordinal);
    }

    /// <summary>Calls the box counted as OK on appliance.v1.Generation (Complete or Generate).</summary>
    internal static double Served(string metrics) => metrics.Split('\n')
        .Where(l => l.StartsWith("appliance_requests_total{", StringComparison.Ordinal)
            && l.Contains("method=\"/appliance.v1.Generation/", StringComparison.Ordinal)
            && l.Contains("grpc_code=\"OK\"", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
