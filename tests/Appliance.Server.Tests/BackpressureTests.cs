using System.Globalization;
using Appliance.Contracts.V1;
using Google.Protobuf;
using Appliance.Core.Errors;
using Appliance.Server.Tests.GrpcApi;
using Grpc.Core;

namespace Appliance.Server.Tests;

/// <summary>A model whose waiting queue holds nothing: every call is refused politely with a retry hint, Trailers-Only.</summary>
public sealed class BackpressureTests(BackpressureTests.FullQueueServer server) : IClassFixture<BackpressureTests.FullQueueServer>
{
    private const string FullModelId = "full";

    [Fact]
    public async Task Generate_QueueFull_ResourceExhaustedWithRetryPushback()
    {
        var client = new Generation.GenerationClient(server.Channel);
        using var call = client.Generate(new GenerateRequest { ModelId = FullModelId, Prompt = "hello", Sampling = new SamplingParams { MaxTokens = 2 } });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("busy", error.Status.Detail, StringComparison.Ordinal);
        // Nothing has completed on this fresh server: the configured first hint (750 ms ± 15 %), not a guess from the queue.
        var pushback = error.Trailers.GetValue("grpc-retry-pushback-ms");
        AssertFirstHint(pushback);
        Assert.Equal(int.Parse(pushback!, NumberStyles.None, CultureInfo.InvariantCulture), RichErrors.AssertRetry(error, ErrorReasons.QueueFull).TotalMilliseconds);
    }

    [Theory]
    [InlineData("Generate")]
    [InlineData("Complete")]
    public async Task Call_QueueFull_RefusedTrailersOnlyWithThePushbackInIt(string method)
    {
        var request = new GenerateRequest { ModelId = FullModelId, Prompt = "hello", Sampling = new SamplingParams { MaxTokens = 2 } };

        var answer = await RawGrpc.SendAsync(server.Address, "/appliance.v1.Generation/" + method, request.ToByteArray());

        // A separate headers frame first would make every gRPC client treat the call as committed and never retry it.
        Assert.Equal((int)StatusCode.ResourceExhausted, answer.Status);
        Assert.True(answer.TrailersOnly, $"{method}: the refusal came as headers, then trailers");
        AssertFirstHint(answer.Trailers.GetValueOrDefault("grpc-retry-pushback-ms"));
    }

    [Fact]
    public async Task Complete_UnknownModel_RefusedTrailersOnly()
    {
        var request = new GenerateRequest { ModelId = "no-such-model", Prompt = "hello", Sampling = new SamplingParams { MaxTokens = 2 } };

        var answer = await RawGrpc.SendAsync(server.Address, "/appliance.v1.Generation/Complete", request.ToByteArray());

        Assert.Equal((int)StatusCode.NotFound, answer.Status);
        Assert.True(answer.TrailersOnly);
        Assert.False(answer.Trailers.ContainsKey("grpc-retry-pushback-ms"));
    }

    private static void AssertFirstHint(string? pushback)
    {
        Assert.NotNull(pushback);
        Assert.InRange(int.Parse(pushback, NumberStyles.None, CultureInfo.InvariantCulture), 637, 863);
    }

    /// <summary>One model, one sequence slot, no waiting queue.</summary>
    public sealed class FullQueueServer : ApplianceServerFixture
    {
        public FullQueueServer()
        {
            Models = [new StagedModel(FullModelId) { MaxSequences = 1 }];
            Settings["Appliance:Scheduler:MaxWaitingRequests"] = "0";
            Settings["Appliance:Scheduler:InitialRetryAfter"] = "00:00:00.750";
        }
    }
}
