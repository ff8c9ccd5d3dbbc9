using Appliance.Contracts.V1;
using Appliance.Core.Errors;
using Appliance.Server.Tests.GrpcApi;
using Grpc.Core;

namespace Appliance.Server.Tests;

/// <summary>A model whose waiting queue holds nothing: every call is refused politely with a retry hint.</summary>
public sealed class BackpressureTests(BackpressureTests.FullQueueServer server) : IClassFixture<BackpressureTests.FullQueueServer>
{
    private const string FullModelId = "full";

    [Fact]
    public async Task Generate_QueueFull_ResourceExhaustedWithRetryPushback()
    {
        var client = new Generation.GenerationClient(server.Channel);
        using var call = client.Generate(new GenerateRequest { ModelId = FullModelId, Prompt = "hello", Sampling = new SamplingParams { MaxTokens = 2 } });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        var headers = await call.ResponseHeadersAsync;

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("busy", error.Status.Detail, StringComparison.Ordinal);
        // Nothing has completed on this fresh server: the configured first hint, not a guess from the queue.
        Assert.Equal("750", headers.GetValue("grpc-retry-pushback-ms"));
        Assert.NotNull(error.Trailers.GetValue("grpc-retry-pushback-ms"));
        Assert.Equal(750, RichErrors.AssertRetry(error, ErrorReasons.QueueFull).TotalMilliseconds);
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
