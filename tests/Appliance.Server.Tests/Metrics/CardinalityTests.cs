using Appliance.Contracts.V1;
using Grpc.Core;

namespace Appliance.Server.Tests.Metrics;

/// <summary>Callers cannot grow the number of series: unknown models and clients collapse to "other".</summary>
public sealed class CardinalityTests
{
    [Fact]
    public async Task ThousandRequests_RandomUnknownClientsAndModels_SeriesCountUnchanged()
    {
        await using var server = await MetricsServer.StartAsync(fakeGpu: false);
        var client = server.Client;
        var random = new Random(4);
        string RandomName() => $"x{random.NextInt64():x}";
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));

        async Task<StatusCode> CallAsync(string model, string caller)
        {
            try
            {
                await client.CompleteAsync(MetricsServer.Request(model, caller, 1), cancellationToken: timeout.Token);
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }

        // Warm-up: one of each shape, so every "other" series already exists.
        Assert.Equal(StatusCode.OK, await CallAsync(MetricsServer.ModelId, RandomName()));
        Assert.Equal(StatusCode.NotFound, await CallAsync(RandomName(), RandomName()));
        var before = Scrape.Parse(await server.Server.ScrapeAsync());

        var names = Enumerable.Range(0, 1000).Select(i => (Model: i % 2 == 0 ? MetricsServer.ModelId : RandomName(), Client: RandomName())).ToList();
        var codes = new List<StatusCode>();
        foreach (var (model, caller) in names)
        {
            // One at a time: the test server's model has one slot and a one-request queue.
            codes.Add(await CallAsync(model, caller));
        }

        var after = Scrape.Parse(await server.Server.ScrapeAsync());
        var text = await server.Server.ScrapeAsync();

        Assert.Equal(500, codes.Count(c => c == StatusCode.OK));
        Assert.Equal(500, codes.Count(c => c == StatusCode.NotFound));
        Assert.Equal(before.Samples.Count, after.Samples.Count);
        Assert.Equal(["anonymous", "other"], after.LabelValues("client").Order(StringComparer.Ordinal));
        Assert.Equal(["", "other", MetricsServer.ModelId], after.LabelValues("model").Order(StringComparer.Ordinal));
        Assert.DoesNotContain(names, n => text.Contains(n.Client, StringComparison.Ordinal));
        Assert.Equal(501, after.Sum("appliance_requests_total", ("model", "other"), ("client", "other"), ("grpc_code", "NotFound")));
    }
}
