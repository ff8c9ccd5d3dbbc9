using System.Diagnostics;
using Appliance.Contracts.V1;
using Appliance.Core.Errors;
using Appliance.Server.Tests.GrpcApi;
using Grpc.Core;
using Grpc.Health.V1;

namespace Appliance.Server.Tests.Hosting;

/// <summary>
/// On shutdown a load balancer must see NOT_SERVING on a port that still answers, not a closed
/// port: health flips at once, new calls are refused UNAVAILABLE, and the listener stays open for
/// Appliance:Server:ShutdownGracePeriod before in-flight calls drain and the port closes.
/// </summary>
public sealed class ShutdownGraceTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Stop_DuringTheGracePeriod_HealthAnswersNotServingAndCallsAreRefusedOnTheOpenPort()
    {
        await using var server = new ApplianceServerFixture();
        server.Settings["Appliance:Server:ShutdownGracePeriod"] = "00:00:05";
        await server.InitializeAsync();
        var health = new Health.HealthClient(server.Channel);
        var generation = new Generation.GenerationClient(server.Channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        var clock = Stopwatch.StartNew();
        var stopping = server.Server.App.StopAsync();

        // Answered over the same (still open) connection: a closed port would fail these calls with a transport error.
        var overall = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        var model = await health.CheckAsync(new HealthCheckRequest { Service = $"model/{ApplianceServerFixture.ModelId}" }, deadline: DateTime.UtcNow.AddSeconds(10));
        var refused = await Assert.ThrowsAsync<RpcException>(() => generation.CompleteAsync(
            new GenerateRequest { ModelId = ApplianceServerFixture.ModelId, Prompt = "hello", Sampling = new SamplingParams { MaxTokens = 2 } },
            deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        var answeredAfter = clock.Elapsed;

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, overall.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, model.Status);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("shutting down", refused.Status.Detail, StringComparison.Ordinal);
        RichErrors.AssertReason(refused, ErrorReasons.Draining);
        await stopping.Within(Bounded.CallTimeout);
        // The host's timer and this stopwatch start a moment apart: allow 50 ms.
        Assert.True(clock.Elapsed >= Grace - TimeSpan.FromMilliseconds(50), $"the host stopped after {clock.Elapsed}, before the {Grace} grace period (answers came after {answeredAfter})");
        Assert.Contains(server.Logs, l => l.Contains("the port stays open for 00:00:05", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_WithALeavePoolDelay_HealthzSays503WhileCallsAreStillServed()
    {
        await using var server = new ApplianceServerFixture();
        server.Settings["Appliance:Server:LeavePoolDelay"] = "00:00:03";
        await server.InitializeAsync();
        var health = new Health.HealthClient(server.Channel);
        var generation = new Generation.GenerationClient(server.Channel);
        using var http = new HttpClient { BaseAddress = server.MetricsAddress, Timeout = Bounded.CallTimeout };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);

        var clock = Stopwatch.StartNew();
        var stopping = server.Server.App.StopAsync();

        // A balancer polling /healthz takes the box out; a call it routed here just before still gets its answer.
        var healthz = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        var overall = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        var served = await generation.CompleteAsync(
            new GenerateRequest { ModelId = ApplianceServerFixture.ModelId, Prompt = "hello", Sampling = new SamplingParams { MaxTokens = 2 } },
            deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync;
        var answeredAfter = clock.Elapsed;

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, healthz.StatusCode);
        Assert.Equal("NOT_SERVING\n", await healthz.Content.ReadAsStringAsync());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, overall.Status);
        Assert.True(served.Final.Usage.CompletionTokens > 0, $"the call answered {answeredAfter} into the stop got no tokens");
        await stopping.Within(Bounded.CallTimeout);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(3) - TimeSpan.FromMilliseconds(50), $"the host stopped after {clock.Elapsed}, before the 3 s leave-pool delay");
        Assert.Contains(server.Logs, l => l.Contains("calls are still served for 00:00:03", StringComparison.Ordinal));
    }
}
