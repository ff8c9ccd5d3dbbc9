using Appliance.Catalog.Demo;
using Appliance.Catalog.Gguf;
using Appliance.Contracts.V1;
using Appliance.Server.Hosting;
using Appliance.Server.Models;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Server.Tests;

/// <summary>A model whose waiting queue holds nothing: every call is refused politely with a retry hint.</summary>
public sealed class BackpressureTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "appliance-full-" + Guid.NewGuid().ToString("N")[..8]);
    private WebApplication _app = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        await SyntheticModelFiles.WriteAsync(_directory, "full", new SyntheticModelOptions { WeightType = GgmlType.Q8_0 }, maxSequences: 1, batchTokens: 64, CancellationToken.None);
        _app = ApplianceApp.Create(["--environment", "Testing"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
                ["Appliance:Models:ManifestDirectories:0"] = _directory,
                ["Appliance:Scheduler:MaxWaitingRequests"] = "0",
                ["Appliance:Llama:Threads"] = "2",
            }));
        await _app.StartAsync();
        _channel = GrpcChannel.ForAddress(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var health = new Health.HealthClient(_channel);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await health.CheckAsync(new HealthCheckRequest { Service = HealthReporter.ServiceName("full") }, cancellationToken: timeout.Token)).Status
               != HealthCheckResponse.Types.ServingStatus.Serving)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Generate_QueueFull_ResourceExhaustedWithRetryPushback()
    {
        var client = new Generation.GenerationClient(_channel);
        using var call = client.Generate(new GenerateRequest { ModelId = "full", Prompt = "hello", Sampling = new SamplingParams { MaxTokens = 2 } });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        var headers = await call.ResponseHeadersAsync;

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("busy", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(int.Parse(headers.GetValue("grpc-retry-pushback-ms")!, System.Globalization.CultureInfo.InvariantCulture) >= 100);
        Assert.NotNull(error.Trailers.GetValue("grpc-retry-pushback-ms"));
    }
}
