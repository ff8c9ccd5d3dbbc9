using Appliance.Catalog.Demo;
using Appliance.Catalog.Gguf;
using Appliance.Contracts.V1;
using Appliance.Server.Models;
using Grpc.Core;

namespace Appliance.Server.Tests;

/// <summary>A model whose waiting queue holds nothing: every call is refused politely with a retry hint.</summary>
public sealed class BackpressureTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "appliance-full-" + Guid.NewGuid().ToString("N")[..8]);
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        await SyntheticModelFiles.WriteAsync(_directory, "full", new SyntheticModelOptions { WeightType = GgmlType.Q8_0 }, maxSequences: 1, batchTokens: 64, CancellationToken.None);
        _server = await TestServer.StartAsync("Testing", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = _directory,
            ["Appliance:Scheduler:MaxWaitingRequests"] = "0",
            ["Appliance:Llama:Threads"] = "2",
        });
        await _server.WaitForServingAsync(HealthReporter.ServiceName("full"), TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Generate_QueueFull_ResourceExhaustedWithRetryPushback()
    {
        var client = new Generation.GenerationClient(_server.Channel);
        using var call = client.Generate(new GenerateRequest { ModelId = "full", Prompt = "hello", Sampling = new SamplingParams { MaxTokens = 2 } });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        var headers = await call.ResponseHeadersAsync;

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("busy", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(int.Parse(headers.GetValue("grpc-retry-pushback-ms")!, System.Globalization.CultureInfo.InvariantCulture) >= 100);
        Assert.NotNull(error.Trailers.GetValue("grpc-retry-pushback-ms"));
    }
}
