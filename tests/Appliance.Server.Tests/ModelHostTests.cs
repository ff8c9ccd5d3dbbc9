using Appliance.Catalog.Manifests;
using Appliance.Core.Engines;
using Appliance.Core.Generation;
using Appliance.Core.Models;
using Appliance.Scheduling;
using Appliance.Server.Models;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Appliance.Server.Tests;

/// <summary>Model life cycle with a loader the test controls: states and health, step by step.</summary>
public sealed class ModelHostTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "appliance-host-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly HealthServiceImpl _health = new();
    private readonly GatedLoader _loader = new();
    private ModelHost _host = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var weights = Path.Combine(_directory, "w.gguf");
        await File.WriteAllTextAsync(weights, "weights");
        var sha = await Sha256Hex.OfFileAsync(weights, CancellationToken.None);
        foreach (var (id, hash) in new[] { ("good", sha), ("bad", new string('1', 64)) })
        {
            ManifestWriter.Write(new ModelManifest
            {
                Id = id, Kind = ModelKind.TextGeneration, Format = ModelFormat.Gguf, FilePath = weights, Sha256 = hash,
                ContextLength = 64, ManifestPath = Path.Combine(_directory, id + ".json"),
            }, Path.Combine(_directory, id + ".json"));
        }

        await File.WriteAllTextAsync(Path.Combine(_directory, "broken.json"), "{ \"id\": \"broken\", \"contex_length\": 5 }");
        _host = new ModelHost(Options.Create(new SchedulerOptions()), [ModelWorkerFactories.Generation(_loader)], new HealthReporter(_health), TimeProvider.System, NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task LoadAll_ModelBecomesReady_HealthTurnsServingOnlyThen()
    {
        _host.Discover([_directory]);

        Assert.Equal(ModelState.Loading, _host.Get("good")!.State.State);
        Assert.Equal(ModelState.Failed, _host.Get("broken")!.State.State);
        Assert.Contains("contex_length", _host.Get("broken")!.State.FailureReason, StringComparison.Ordinal);
        Assert.Equal(ServingStatus.NotServing, await StatusAsync("model/good"));
        Assert.Equal(ServingStatus.NotServing, await StatusAsync(string.Empty));

        var loading = _host.LoadAllAsync(CancellationToken.None);
        await _loader.Requested.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ModelState.Loading, _host.Get("good")!.State.State);
        Assert.Equal(ServingStatus.NotServing, await StatusAsync("model/good"));

        _loader.Release.SetResult();
        await loading.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ModelState.Ready, _host.Get("good")!.State.State);
        Assert.Equal(ModelState.Failed, _host.Get("bad")!.State.State);
        Assert.Contains("sha256 mismatch", _host.Get("bad")!.State.FailureReason, StringComparison.Ordinal);
        Assert.Equal(ServingStatus.Serving, await StatusAsync("model/good"));
        Assert.Equal(ServingStatus.NotServing, await StatusAsync("model/bad"));
        Assert.Equal(ServingStatus.Serving, await StatusAsync(string.Empty));
        Assert.Equal(1, _loader.Loads);
    }

    [Fact]
    public async Task BeginDrain_HealthGoesNotServingAndNewWorkIsRefused()
    {
        _host.Discover([_directory]);
        _loader.Release.SetResult();
        await _host.LoadAllAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var scheduler = new GenerationScheduler(_host, TimeProvider.System);

        _host.BeginDrain();

        Assert.Equal(ServingStatus.NotServing, await StatusAsync(string.Empty));
        Assert.Equal(ServingStatus.NotServing, await StatusAsync("model/good"));
        var request = new GenerationRequest { RequestId = "r", ModelId = "good", Prompt = "hi" };
        Assert.Throws<Core.Errors.ModelUnavailableException>(() => scheduler.Submit(request, CancellationToken.None));
    }

    private async Task<ServingStatus> StatusAsync(string service) =>
        (await _health.Check(new HealthCheckRequest { Service = service }, null!)).Status;

    /// <summary>Blocks each load until the test releases it; hands out an engine that needs no model.</summary>
    private sealed class GatedLoader : ITextGenerationEngineLoader
    {
        public TaskCompletionSource Requested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Loads { get; private set; }

        public async Task<ITextGenerationEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken)
        {
            Loads++;
            Requested.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return new IdleEngine();
        }
    }
}
