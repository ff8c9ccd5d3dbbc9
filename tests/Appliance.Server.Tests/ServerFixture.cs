using System.Collections.Concurrent;
using Appliance.Catalog.Gguf;
using Appliance.Catalog.Manifests;
using Appliance.Core.Models;
using Appliance.Server.Models;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Appliance.Server.Tests;

/// <summary>
/// The real server on 127.0.0.1:0 with the real LLamaSharp engine on a synthetic GGUF the
/// fixture writes (tiny shape, Q8_0, ChatML template), plus two broken models: one whose
/// sha256 does not match and one whose file is missing. Shared by the integration tests.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string ModelId = "tiny";
    public const string LongModelId = "tiny-long";
    public const int LongContextLength = 8192;
    public const string BadShaModelId = "tiny-bad-sha";
    public const string MissingModelId = "tiny-missing";
    public const int ContextLength = 256;

    private TestServer? _server;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "appliance-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public string ModelPath => Path.Combine(Directory, "tiny.q8_0.gguf");

    public ConcurrentQueue<string> Logs { get; } = new();

    public GrpcChannel Channel => _server!.Channel;

    public string Address => _server!.Address;

    /// <summary>Base address of the server's metrics port.</summary>
    public Uri MetricsAddress => _server!.MetricsAddress!;

    public ModelHost Host => _server!.App.Services.GetRequiredService<ModelHost>();

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        SyntheticModel.WriteFile(ModelPath, new SyntheticModelOptions { Preset = SyntheticModelPreset.Tiny, WeightType = GgmlType.Q8_0, Seed = 7 });
        var sha = await Sha256Hex.OfFileAsync(ModelPath, CancellationToken.None);
        WriteManifest(ModelId, ModelPath, sha);
        WriteManifest(LongModelId, ModelPath, sha, LongContextLength);
        WriteManifest(BadShaModelId, ModelPath, new string('0', 64));
        WriteManifest(MissingModelId, Path.Combine(Directory, "absent.gguf"), sha);

        _server = await TestServer.StartAsync("Testing", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = Directory,
            ["Appliance:Models:DemoModel"] = "false",
            ["Appliance:Server:EnableReflection"] = "true",
            ["Appliance:Scheduler:DrainTimeout"] = "00:00:05",
            ["Appliance:Llama:Threads"] = "2",
        }, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(new CapturingLoggerProvider(Logs));
        });
        await _server.WaitForServingAsync(HealthReporter.ServiceName(ModelId), TimeSpan.FromSeconds(120));
        await _server.WaitForServingAsync(HealthReporter.ServiceName(LongModelId), TimeSpan.FromSeconds(120));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Polls until the worker has no running or waiting request (bounded; fails the test on timeout).</summary>
    public async Task WaitForIdleAsync(string modelId = ModelId)
    {
        var worker = Host.Get(modelId)!.State.Worker!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (worker.RunningCount + worker.WaitingCount > 0)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private void WriteManifest(string id, string file, string sha, int contextLength = ContextLength) =>
        ManifestWriter.Write(new ModelManifest
        {
            Id = id,
            Kind = ModelKind.TextGeneration,
            Format = ModelFormat.Gguf,
            FilePath = file,
            Sha256 = sha,
            Quantization = "Q8_0",
            ContextLength = contextLength,
            MaxSequences = 4,
            BatchTokens = 64,
            License = "MIT",
            Source = "synthetic (tests)",
            ManifestPath = Path.Combine(Directory, id + ".json"),
        }, Path.Combine(Directory, id + ".json"));
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
