using Appliance.Catalog.Demo;
using Appliance.Catalog.Gguf;
using Appliance.Contracts.V1;
using Appliance.Server.Metrics.Gpu;
using Appliance.Server.Models;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Server.Tests.Metrics;

/// <summary>
/// The real server on loopback with one real synthetic GGUF model ("tiny": one sequence slot,
/// 4096-token context), one configured client ("his"), a waiting queue of one request, and
/// optionally a fake GPU. <see cref="DriveLoadAsync"/> produces every kind of outcome.
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    public const string ModelId = "tiny";
    public const string ConfiguredClient = "his";
    private const string Prompt = "Patient reports chest pain since this morning.";

    private readonly string _directory;

    private MetricsServer(TestServer server, string directory)
    {
        Server = server;
        _directory = directory;
    }

    public TestServer Server { get; }

    public Generation.GenerationClient Client => new(Server.Channel);

    public static async Task<MetricsServer> StartAsync(bool fakeGpu)
    {
        var directory = Path.Combine(Path.GetTempPath(), "appliance-metrics-" + Guid.NewGuid().ToString("N")[..8]);
        await SyntheticModelFiles.WriteAsync(directory, ModelId, new SyntheticModelOptions { WeightType = GgmlType.Q8_0, ContextLength = 4096 },
            maxSequences: 1, batchTokens: 64, CancellationToken.None);
        var server = await TestServer.StartAsync("Testing", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = directory,
            ["Appliance:Scheduler:MaxWaitingRequests"] = "1",
            ["Appliance:Clients:his:Weight"] = "2",
            ["Appliance:Clients:his:AllowedModels:0"] = "*",
            ["Appliance:Clients:his:PriorityCeiling"] = "Urgent",
            ["Appliance:Llama:Threads"] = "2",
        }, builder =>
        {
            if (fakeGpu)
            {
                builder.Services.AddSingleton<IGpuMonitor>(new FakeGpuMonitor());
            }
        });
        await server.WaitForServingAsync(HealthReporter.ServiceName(ModelId), TimeSpan.FromSeconds(60));
        return new MetricsServer(server, directory);
    }

    /// <summary>A greedy, seeded request: the same prompt always yields the same tokens (and finish reason).</summary>
    public static GenerateRequest Request(string model, string client, int maxTokens, Priority priority = Priority.Normal) => new()
    {
        ModelId = model,
        Client = client,
        Prompt = Prompt,
        Priority = priority,
        Sampling = new SamplingParams { MaxTokens = maxTokens, Temperature = 0, Seed = 1 },
    };

    /// <summary>
    /// Successes from two clients and three priorities, an invalid request, an unknown model, and a
    /// queue-full rejection (one request running, one waiting, the third refused), then waits until idle.
    /// </summary>
    public async Task DriveLoadAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var client = Client;
        await client.CompleteAsync(Request(ModelId, ConfiguredClient, 8, Priority.Urgent), cancellationToken: timeout.Token);
        await client.CompleteAsync(Request(ModelId, "", 8), cancellationToken: timeout.Token);
        await client.CompleteAsync(Request(ModelId, ConfiguredClient, 8, Priority.Batch), cancellationToken: timeout.Token);

        var invalid = Request(ModelId, ConfiguredClient, 8);
        invalid.Prompt = "";
        await ExpectAsync(StatusCode.InvalidArgument, client.CompleteAsync(invalid, cancellationToken: timeout.Token).ResponseAsync);
        await ExpectAsync(StatusCode.NotFound, client.CompleteAsync(Request("no-such-model", ConfiguredClient, 8), cancellationToken: timeout.Token).ResponseAsync);

        using (var hold = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token))
        {
            using var running = client.Generate(Request(ModelId, ConfiguredClient, 4000), cancellationToken: hold.Token);
            Assert.True(await running.ResponseStream.MoveNext(timeout.Token));
            using var waiting = client.Generate(Request(ModelId, ConfiguredClient, 4000), cancellationToken: hold.Token);
            var worker = Server.App.Services.GetRequiredService<ModelHost>().Get(ModelId)!.State.Worker!;
            while (worker.WaitingCount == 0)
            {
                await Task.Delay(10, timeout.Token);
            }

            await ExpectAsync(StatusCode.ResourceExhausted, client.CompleteAsync(Request(ModelId, ConfiguredClient, 8), cancellationToken: timeout.Token).ResponseAsync);
            await hold.CancelAsync();
        }

        var host = Server.App.Services.GetRequiredService<ModelHost>().Get(ModelId)!.State.Worker!;
        while (host.RunningCount + host.WaitingCount > 0)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task ExpectAsync(StatusCode code, Task call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(code, error.StatusCode);
    }
}
