using Appliance.Catalog.Manifests;
using Appliance.Core.Engines;
using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Appliance.Core.Models;
using Appliance.Scheduling;
using Appliance.Server.Models;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Appliance.Server.Tests.Models;

/// <summary>
/// The host's run-time life cycle on an engine that needs no model (deterministic, no real clock):
/// swaps within a memory budget, on-demand loads, idle eviction, unloads, folder rescans.
/// </summary>
public sealed class ModelHostLifecycleTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new("appliance-lifecycle");
    private readonly HealthServiceImpl _health = new();
    private readonly CountingLoader _loader = new();
    private readonly RecordingLifecycle _lifecycle = new();
    private readonly FakeTimeProvider _time = new();
    private ModelHost _host = null!;
    private string _v1Sha = "";

    public async Task InitializeAsync()
    {
        _v1Sha = await WeightsAsync("v1.gguf", "weights v1");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Reload_BudgetHoldsOneVersion_DrainsTheOldFirstAndReportsTheGap()
    {
        var budget = new OneModelBudget();
        Start(budget, Manifest("m", "v1.gguf", _v1Sha));
        await _host.LoadAllAsync(CancellationToken.None);
        var v1Worker = _host.Get("m")!.State.Worker!;
        var v2Sha = await WeightsAsync("v2.gguf", "weights v2");
        Manifest("m", "v2.gguf", v2Sha);

        var swap = await _host.ReloadAsync("m", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(swap.DrainedFirst);
        Assert.Equal(_v1Sha, swap.PreviousSha256);
        Assert.Contains("holds one model", swap.BudgetRefusal, StringComparison.Ordinal);
        Assert.True(swap.Gap >= TimeSpan.Zero);
        Assert.Equal(ModelState.Ready, _host.Get("m")!.State.State);
        Assert.Equal(v2Sha, _host.Get("m")!.State.Serving!.Sha256);
        Assert.True(v1Worker.Completion.IsCompleted); // the old version is gone
        Assert.Equal(["m:drained_first"], _lifecycle.Reloads);
        Assert.Equal(1, budget.Refusals);
    }

    [Fact]
    public async Task Reload_BudgetHoldsBoth_LoadsBesideWithTheOldOneCountedResident()
    {
        var budget = new RecordingBudget();
        Start(budget, Manifest("m", "v1.gguf", _v1Sha));
        await _host.LoadAllAsync(CancellationToken.None);
        var v2Sha = await WeightsAsync("v2.gguf", "weights v2");
        Manifest("m", "v2.gguf", v2Sha);

        var swap = await _host.ReloadAsync("m", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        var again = await _host.ReloadAsync("m", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(swap.DrainedFirst);
        Assert.Equal(v2Sha, _host.Get("m")!.ServingSha256);
        Assert.Contains(budget.Checks, c => c.Candidate == v2Sha && c.Resident.Contains(_v1Sha)); // asked with v1 still resident
        Assert.Equal(v2Sha, again.PreviousSha256); // nothing to swap the second time
        Assert.Equal(2, _loader.Loads);
        Assert.Equal(["m:beside"], _lifecycle.Reloads);
    }

    [Fact]
    public async Task OnDemand_AvailableUntilACallNeedsIt_ConcurrentCallsShareOneLoad()
    {
        Start(new UnlimitedMemoryBudget(), Manifest("m", "v1.gguf", _v1Sha, ModelLoadPolicy.OnDemand));
        await _host.LoadAllAsync(CancellationToken.None);
        Assert.Equal(ModelState.Available, _host.Get("m")!.State.State);
        Assert.Equal(ServingStatus.Serving, await StatusAsync("model/m")); // a call is served, after the load
        Assert.Equal(0, _loader.Loads);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _host.EnsureLoadedAsync("m", urgent: false, CancellationToken.None))).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ModelState.Ready, _host.Get("m")!.State.State);
        Assert.Equal(1, _loader.Loads);
    }

    [Fact]
    public async Task EvictIdle_EvictableIdleModelUnloads_UrgentWorkProtectsIt_NextCallLoadsItAgain()
    {
        Start(new UnlimitedMemoryBudget(), Manifest("m", "v1.gguf", _v1Sha, evictable: true));
        await _host.LoadAllAsync(CancellationToken.None);
        await _host.EnsureLoadedAsync("m", urgent: true, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(20));

        var protectedByUrgent = await _host.EvictIdleAsync(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(15));
        var evicted = await _host.EvictIdleAsync(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), CancellationToken.None);

        Assert.Empty(protectedByUrgent);
        Assert.Equal(["m"], evicted);
        Assert.Equal(ModelState.Available, _host.Get("m")!.State.State);
        Assert.Equal(["m:evicted"], _lifecycle.Unloads);
        await _host.EnsureLoadedAsync("m", urgent: false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(ModelState.Ready, _host.Get("m")!.State.State);
        Assert.Equal(2, _loader.Loads);
    }

    [Fact]
    public async Task Unload_ModelStaysListedAvailable_CallsRefusedNotLoaded_LoadAgainServes()
    {
        Start(new UnlimitedMemoryBudget(), Manifest("m", "v1.gguf", _v1Sha));
        await _host.LoadAllAsync(CancellationToken.None);
        var scheduler = new GenerationScheduler(_host, _time);

        await _host.UnloadAsync("m", TimeSpan.FromSeconds(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        var refused = Assert.Throws<ModelUnavailableException>(() => scheduler.Submit(Request(), CancellationToken.None));
        var loaded = await _host.LoadAsync("m", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ErrorReasons.ModelNotLoaded, refused.ErrorReason);
        Assert.Equal(ModelState.Ready, loaded.Model.State.State);
        Assert.Equal(ServingStatus.Serving, await StatusAsync("model/m"));
        Assert.Equal(["m:admin"], _lifecycle.Unloads);
        Assert.Equal(["m:ready", "m:ready"], _lifecycle.Loads);
    }

    [Fact]
    public async Task Load_BudgetRefuses_FailsNamingTheRefusal()
    {
        Start(new OneModelBudget(), Manifest("a", "v1.gguf", _v1Sha), Manifest("b", "v1.gguf", _v1Sha, ModelLoadPolicy.OnDemand));
        await _host.LoadAllAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ModelLifecycleException>(() => _host.LoadAsync("b", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.True(refused.RefusedByBudget);
        Assert.Contains("holds one model", refused.Message, StringComparison.Ordinal);
        Assert.Contains("a:ready", _lifecycle.Loads);
        Assert.Contains("b:refused", _lifecycle.Loads);
    }

    [Fact]
    public async Task PoolHealth_PerModel_ReadyOrOnDemandWithinBudgetServes_UnloadedUnknownAndLeavingDoNot()
    {
        Start(new OneModelBudget(), Manifest("a", "v1.gguf", _v1Sha), Manifest("b", "v1.gguf", _v1Sha, ModelLoadPolicy.OnDemand));
        await _host.LoadAllAsync(CancellationToken.None);

        var ready = _host.PoolHealth("a");
        var overBudget = _host.PoolHealth("b"); // on demand, but a holds the one-model budget
        var unknown = _host.PoolHealth("no-such-model");
        await _host.UnloadAsync("a", TimeSpan.FromSeconds(5), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        var unloaded = _host.PoolHealth("a");
        var onDemand = _host.PoolHealth("b"); // the budget is free now: a call would load it
        _host.LeavePool();
        var leaving = _host.PoolHealth("b");

        Assert.Equal(new ModelPoolHealth(true, "model a: READY"), ready);
        Assert.Equal(new ModelPoolHealth(false, "model b: AVAILABLE (loads on demand, but does not fit in the memory budget beside the models loaded now)"), overBudget);
        Assert.Equal(new ModelPoolHealth(false, "model: UNKNOWN (not configured on this box)"), unknown); // the id asked for is not echoed
        Assert.Equal(new ModelPoolHealth(false, "model a: AVAILABLE (not loaded)"), unloaded);
        Assert.Equal(new ModelPoolHealth(true, "model b: AVAILABLE (loads on demand)"), onDemand);
        Assert.Equal(new ModelPoolHealth(false, "model b: AVAILABLE, but the box is leaving the pool"), leaving);
    }

    [Fact]
    public async Task Rescan_AddedChangedRemovedManifests_AreAppliedWhileServing()
    {
        Start(new UnlimitedMemoryBudget(), Manifest("m", "v1.gguf", _v1Sha));
        await _host.LoadAllAsync(CancellationToken.None);
        Manifest("n", "v1.gguf", _v1Sha, ModelLoadPolicy.OnDemand);
        await _host.RescanAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(ModelState.Available, _host.Get("n")!.State.State);

        var v2Sha = await WeightsAsync("v2.gguf", "weights v2");
        Manifest("m", "v2.gguf", v2Sha);
        await _host.RescanAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(v2Sha, _host.Get("m")!.State.Serving!.Sha256);

        File.Delete(_folder.Combine("n.json"));
        await _host.RescanAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Null(_host.Get("n"));
        Assert.Equal(["m"], _host.Models.Select(m => m.Id));
        Assert.Equal(ServingStatus.Serving, await StatusAsync("model/m"));
    }

    [Fact]
    public async Task Load_ReportsAPercentageThatOnlyGoesForward_ThenReady()
    {
        var loader = new HalfwayLoader();
        _host = new ModelHost(
            Options.Create(new SchedulerOptions()), [ModelWorkerFactories.Generation(loader)], new HealthReporter(_health), _time, NullLoggerFactory.Instance);
        Manifest("m", "v1.gguf", _v1Sha, ModelLoadPolicy.OnDemand);
        _host.Discover([_folder.Path]);

        var load = _host.LoadAsync("m", CancellationToken.None);
        await loader.Halfway.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var during = _host.Get("m")!.State;
        loader.Release.SetResult();
        await load.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ModelState.Loading, during.State);
        Assert.Equal(75, during.LoadPercent); // the sha256 check is the first half, the engine at 50 % the third quarter
        Assert.Equal(ModelState.Ready, _host.Get("m")!.State.State);
        Assert.Null(_host.Get("m")!.State.LoadPercent);
    }

    private void Start(IModelMemoryBudget budget, params ModelManifest[] manifests)
    {
        Assert.NotEmpty(manifests);
        _host = new ModelHost(
            Options.Create(new SchedulerOptions()), [ModelWorkerFactories.Generation(_loader)], new HealthReporter(_health), _time, NullLoggerFactory.Instance,
            budget: budget, lifecycle: _lifecycle);
        _host.Discover([_folder.Path]);
    }

    /// <summary>Writes (or rewrites) the manifest of <paramref name="id"/> naming <paramref name="file"/>.</summary>
    private ModelManifest Manifest(string id, string file, string sha, ModelLoadPolicy load = ModelLoadPolicy.OnStart, bool evictable = false) => TestManifests.Write(
        TestManifests.TextGeneration(id, _folder.Combine(file), _folder.Combine(id + ".json")) with { Sha256 = sha, ContextLength = 64, Load = load, Evictable = evictable });

    private async Task<string> WeightsAsync(string file, string content)
    {
        await File.WriteAllTextAsync(_folder.Combine(file), content);
        return await Sha256Hex.OfFileAsync(_folder.Combine(file), CancellationToken.None);
    }

    private static GenerationRequest Request() => new() { RequestId = "r", ModelId = "m", Prompt = "hi" };

    private async Task<ServingStatus> StatusAsync(string service) =>
        (await _health.Check(new HealthCheckRequest { Service = service }, null!)).Status;

    private sealed class CountingLoader : ITextGenerationEngineLoader
    {
        private int _loads;

        public int Loads => _loads;

        public Task<ITextGenerationEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _loads);
            return Task.FromResult<ITextGenerationEngine>(new IdleEngine());
        }
    }

    /// <summary>Reports 50 % of the engine's load (and a stale 10 % after it), then waits for the test.</summary>
    private sealed class HalfwayLoader : ITextGenerationEngineLoader
    {
        public TaskCompletionSource Halfway { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<ITextGenerationEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken) => LoadAsync(manifest, null, cancellationToken);

        public async Task<ITextGenerationEngine> LoadAsync(ModelManifest manifest, IProgress<float>? progress, CancellationToken cancellationToken)
        {
            progress?.Report(0.5f);
            progress?.Report(0.1f);
            Halfway.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return new IdleEngine();
        }
    }

    /// <summary>A budget that holds one model: refuses any load while another is resident.</summary>
    private sealed class OneModelBudget : IModelMemoryBudget
    {
        public int Refusals { get; private set; }

        public MemoryBudgetDecision Check(ModelManifest candidate, IReadOnlyList<ModelManifest> resident)
        {
            if (resident.Count == 0)
            {
                return MemoryBudgetDecision.Allowed;
            }

            Refusals++;
            return new MemoryBudgetDecision(false, $"the test budget holds one model; {string.Join(", ", resident.Select(r => r.Id))} is resident");
        }
    }

    private sealed class RecordingBudget : IModelMemoryBudget
    {
        public List<(string Candidate, string[] Resident)> Checks { get; } = [];

        public MemoryBudgetDecision Check(ModelManifest candidate, IReadOnlyList<ModelManifest> resident)
        {
            lock (Checks)
            {
                Checks.Add((candidate.Sha256, [.. resident.Select(r => r.Sha256)]));
            }

            return MemoryBudgetDecision.Allowed;
        }
    }

    private sealed class RecordingLifecycle : IModelLifecycleObserver
    {
        public List<string> Loads { get; } = [];

        public List<string> Unloads { get; } = [];

        public List<string> Reloads { get; } = [];

        public void OnLoad(string modelId, string outcome) => Add(Loads, $"{modelId}:{outcome}");

        public void OnUnload(string modelId, string reason) => Add(Unloads, $"{modelId}:{reason}");

        public void OnReload(string modelId, string outcome) => Add(Reloads, $"{modelId}:{outcome}");

        private static void Add(List<string> list, string item)
        {
            lock (list)
            {
                list.Add(item);
            }
        }
    }
}
