using System.Collections.Concurrent;
using Appliance.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Appliance.Server.Tests.LoadBalancing;

/// <summary>
/// The shipped pass-through configuration (haproxy-passthrough.cfg: TCP, one box per connection)
/// while a box stops with a leave-pool delay (issue 20): the box asks its open connections to close
/// (HTTP/2 GOAWAY) before it refuses calls, so a client on one connection moves to the other box
/// through the balancer and no call fails. Without the GOAWAY, calls on the old connection during
/// the grace period got UNAVAILABLE. Two in-process boxes, plaintext h2c through the TCP balancer.
/// </summary>
[Collection(LoadBalancingCollection.Name)]
public sealed class PassthroughDrainTests
{
    [Fact]
    public async Task Passthrough_BoxLeavesThePool_ItsConnectionsAreToldToGoAway_NoCallFails_CallsMoveToTheOtherBox()
    {
        await using var a = Box();
        await using var b = Box();
        await Task.WhenAll(a.InitializeAsync(), b.InitializeAsync());
        await using var balancer = HaproxyBalancer.Start("haproxy-passthrough.cfg", [.. new[] { a, b }.Select(x => (new Uri(x.Address).Authority, x.MetricsAddress.Port))], new Dictionary<string, string>());
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{balancer.Port}");
        var generation = new Generation.GenerationClient(channel);
        await Bounded.UntilAsync(
            async _ =>
            {
                try
                {
                    return (await Complete(generation)).Final.Usage.CompletionTokens > 0;
                }
                catch (RpcException)
                {
                    return false; // the balancer's first checks are still running
                }
            },
            () => $"a call through the pass-through balancer\n{balancer.Output}",
            TimeSpan.FromSeconds(20),
            TimeSpan.FromMilliseconds(200));

        // The channel's one connection is on one box: stop that one while two callers call back to back.
        var before = await ServedAsync(a);
        await Complete(generation);
        var (stopped, other) = await ServedAsync(a) > before ? (a, b) : (b, a);
        var otherBefore = await ServedAsync(other);
        var statuses = new ConcurrentBag<StatusCode>();
        using var stop = new CancellationTokenSource();
        var callers = Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Complete(generation);
                    statuses.Add(StatusCode.OK);
                }
                catch (RpcException e)
                {
                    statuses.Add(e.StatusCode);
                }
            }
        }));
        await stopped.Server.App.StopAsync().Within(Bounded.CallTimeout);
        await stop.CancelAsync();
        await callers.Within(Bounded.CallTimeout);

        var failed = statuses.Where(s => s != StatusCode.OK).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {statuses.Count} calls failed ({string.Join(", ", failed.Distinct())}) while the box left the pool\n{balancer.Output}");
        Assert.True(await ServedAsync(other) > otherBefore, "no call moved to the other box");
        Assert.Contains(stopped.Logs, l => l.Contains("Leaving the pool: asked", StringComparison.Ordinal) && !l.Contains("asked 0 ", StringComparison.Ordinal));
    }

    private static Task<CompleteResponse> Complete(Generation.GenerationClient generation) => generation.CompleteAsync(
        new GenerateRequest { ModelId = ApplianceServerFixture.ModelId, Prompt = "hello", Sampling = new SamplingParams { MaxTokens = 4 } },
        deadline: DateTime.UtcNow.Add(Bounded.CallTimeout)).ResponseAsync;

    private static async Task<double> ServedAsync(ApplianceServerFixture box) => ClientSideBalancingTests.Served(await box.Server.ScrapeAsync());

    /// <summary>A box as the pass-through README sets it up: 3 s out of the pool before refusing (the balancer needs up to about 1.5 s), 1 s of refusals.</summary>
    private static ApplianceServerFixture Box()
    {
        var box = new ApplianceServerFixture();
        box.Settings["Appliance:Server:LeavePoolDelay"] = "00:00:03";
        box.Settings["Appliance:Server:ShutdownGracePeriod"] = "00:00:01";
        return box;
    }
}
