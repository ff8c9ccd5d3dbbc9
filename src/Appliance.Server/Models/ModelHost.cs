using System.Collections.Frozen;
using Appliance.Catalog.Manifests;
using Appliance.Core.Models;
using Appliance.Scheduling;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Models;

/// <summary>
/// Owns every configured model's life cycle: discover manifests, verify each file's sha256,
/// have the <see cref="ModelWorkerFactory"/> of its kind load its engine and build its
/// worker, start it; on shutdown drain and stop the workers. Every worker is handled alike,
/// as an <see cref="IModelWorker"/>. A model that fails (invalid manifest, missing file, wrong
/// sha256, load error) is marked failed with the reason while the others keep serving. The set
/// of models changes at run time (ModelHost.Admin.cs: load, unload, version swap;
/// ModelHost.Catalog.cs: manifests added, changed, removed; on-demand loads and idle eviction);
/// every load asks the <see cref="IModelMemoryBudget"/> first.
/// </summary>
public sealed partial class ModelHost : IModelWorkerDirectory, IAsyncDisposable
{
    private readonly IReadOnlyList<ModelWorkerFactory> _factories;
    private readonly WorkerServices _workerServices;
    private readonly HealthReporter _health;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelHost> _logger;
    private readonly ConfiguredModelIds _ids;
    private readonly IModelMemoryBudget _budget;
    private readonly IModelLifecycleObserver _lifecycle;
    private readonly Lock _setLock = new();
    private FrozenDictionary<string, ModelEntry> _models = FrozenDictionary<string, ModelEntry>.Empty;
    private IReadOnlyList<ModelEntry> _ordered = [];
    private IReadOnlyList<string> _directories = [];
    private readonly List<Task> _monitors = [];
    private int _stopped;
    private volatile bool _draining;
    private volatile bool _startingUp = true;

    // Set by LeavePool and BeginDrain: health stays NOT_SERVING whatever finishes loading later.
    private volatile bool _leftPool;

    /// <summary>Creates the host; <see cref="Discover"/> reads the manifests.</summary>
    /// <param name="schedulerOptions">Limits every worker runs under.</param>
    /// <param name="factories">One per model kind this build serves.</param>
    /// <param name="health">Health statuses.</param>
    /// <param name="time">Clock.</param>
    /// <param name="loggers">Loggers of the host and its workers.</param>
    /// <param name="observer">Metrics port of the workers.</param>
    /// <param name="ids">Publishes the configured model ids.</param>
    /// <param name="policies">Per-client weights and caps (every client the default policy when null).</param>
    /// <param name="budget">Memory budget asked before every load (unlimited when null).</param>
    /// <param name="lifecycle">Metrics port of loads, unloads and swaps (none when null).</param>
    public ModelHost(
        IOptions<SchedulerOptions> schedulerOptions,
        IEnumerable<ModelWorkerFactory> factories,
        HealthReporter health,
        TimeProvider time,
        ILoggerFactory loggers,
        ISchedulerObserver? observer = null,
        ConfiguredModelIds? ids = null,
        IClientPolicies? policies = null,
        IModelMemoryBudget? budget = null,
        IModelLifecycleObserver? lifecycle = null)
    {
        ArgumentNullException.ThrowIfNull(schedulerOptions);
        ArgumentNullException.ThrowIfNull(loggers);
        _factories = [.. factories];
        _workerServices = new WorkerServices(
            schedulerOptions.Value, time, loggers, observer ?? NullSchedulerObserver.Instance, policies ?? new ClientPolicyTable(defaultPolicy: schedulerOptions.Value.DefaultClient));
        _health = health;
        _time = time;
        _logger = loggers.CreateLogger<ModelHost>();
        _ids = ids ?? new ConfiguredModelIds();
        _budget = budget ?? new UnlimitedMemoryBudget();
        _lifecycle = lifecycle ?? NullModelLifecycleObserver.Instance;
    }

    /// <summary>Every configured model, ordered by id.</summary>
    public IReadOnlyList<ModelEntry> Models => _ordered;

    /// <summary>The folders <see cref="Discover"/> read (the folder watch watches them).</summary>
    public IReadOnlyList<string> Directories => _directories;

    /// <summary>Finds a model entry by id.</summary>
    public ModelEntry? Get(string modelId) => _models.GetValueOrDefault(modelId);

    /// <inheritdoc />
    public ModelAvailability? Find(string modelId) => Get(modelId)?.Availability();

    /// <summary>Reads the manifests of <paramref name="directories"/>; every valid one loading at start is marked loading, on-demand ones available, invalid ones failed.</summary>
    public void Discover(IReadOnlyList<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        _directories = [.. directories];
        var catalog = ModelCatalog.Load(directories, _logger);
        var entries = new Dictionary<string, ModelEntry>(StringComparer.Ordinal);
        foreach (var result in catalog.Results)
        {
            if (!entries.ContainsKey(result.ModelId))
            {
                entries[result.ModelId] = NewEntry(result, onStart: ModelState.Loading);
            }
        }

        Publish(entries.Values);
        var searched = string.Join(", ", directories);
        LogDiscovered(_logger, _ordered.Count, searched);
        PublishHealth();
    }

    /// <summary>Verifies and loads every discovered model that loads at start, one at a time (loading is memory-bound, not CPU-bound).</summary>
    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in _ordered)
        {
            if (entry.Manifest is { } manifest && entry.State.State == ModelState.Loading)
            {
                await entry.Gate.WaitAsync(cancellationToken);
                try
                {
                    if (entry.State.State == ModelState.Loading)
                    {
                        // Still to load: an administrator or a rescan may have loaded it while this loop waited for the gate.
                        await LoadOneAsync(entry, manifest, cancellationToken);
                    }
                }
                finally
                {
                    entry.Gate.Release();
                }

                PublishHealth();
            }
        }

        _startingUp = false;
        PublishHealth();
        if (_ordered.Count == 0)
        {
            LogNoModels(_logger);
        }
    }

    /// <summary>
    /// Announces shutdown without refusing anything yet: health NOT_SERVING, so load balancers
    /// take the box out of their pool while calls already routed to it are still served.
    /// </summary>
    public void LeavePool()
    {
        _leftPool = true;
        _health.ShuttingDown(_ordered);
    }

    /// <summary>First phase of shutdown: health NOT_SERVING and new requests refused with Unavailable.</summary>
    public void BeginDrain()
    {
        _leftPool = true;
        _draining = true;
        _health.ShuttingDown(_ordered);
        foreach (var entry in _ordered)
        {
            entry.State.Worker?.StopAccepting();
        }
    }

    /// <summary>Stops admitting, drains every worker within the drain timeout and releases the engines.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _draining = true;
        _health.ShuttingDown(_ordered);
        await _shutdown.CancelAsync();
        var workers = _ordered.Select(e => e.State.Worker).OfType<IModelWorker>().ToList();
        await Task.WhenAll(workers.Select(w => w.StopAsync(cancellationToken)));
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }

        Task[] monitors;
        lock (_monitors)
        {
            monitors = [.. _monitors];
        }

        // Swaps and unloads under way finish their own drains (bounded by their timeouts).
        await Task.WhenAll(monitors);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    /// <summary>A new entry for a manifest just read: failed when invalid, <paramref name="onStart"/> when it loads at start, else available.</summary>
    private ModelEntry NewEntry(ManifestLoadResult result, ModelState onStart)
    {
        if (result.Manifest is null)
        {
            LogInvalidManifest(_logger, result.ManifestPath, result.FailureReason ?? "invalid");
        }

        var initial = result.Manifest switch
        {
            null => new ModelRuntimeState(ModelState.Failed, $"invalid manifest: {result.FailureReason}", CallerReason: $"its manifest is invalid; {DetailsForIt}"),
            { Load: ModelLoadPolicy.OnDemand } => new ModelRuntimeState(ModelState.Available),
            _ => new ModelRuntimeState(onStart),
        };
        return new ModelEntry(result.ModelId, result.Manifest, result.ManifestPath, initial);
    }

    /// <summary>Replaces the set of models (readers see the old or the new set, never a mix).</summary>
    private void Publish(IEnumerable<ModelEntry> entries)
    {
        lock (_setLock)
        {
            var list = entries.ToList();
            _models = list.ToFrozenDictionary(e => e.Id, StringComparer.Ordinal);
            _ordered = [.. list.OrderBy(e => e.Id, StringComparer.Ordinal)];
            _ids.Publish(_models.Keys);
        }
    }

    /// <summary>Publishes every model's health unless the box is leaving the pool.</summary>
    private void PublishHealth()
    {
        if (!_leftPool)
        {
            _health.Publish(_ordered, _startingUp);
        }
    }

    /// <summary>A worker whose loop crashed marks its model failed, so calls get Unavailable instead of queueing forever.</summary>
    private async Task MonitorAsync(ModelEntry entry, IModelWorker worker)
    {
        await worker.Completion;
        if (worker.Crashed && ReferenceEquals(entry.State.Worker, worker))
        {
            Fail(entry, "its worker loop crashed (see the log); restart the service");
            PublishHealth();
            await worker.DisposeAsync();
        }
    }

    /// <summary>Watches a started worker for a crash.</summary>
    private void Monitor(ModelEntry entry, IModelWorker worker)
    {
        lock (_monitors)
        {
            _monitors.RemoveAll(t => t.IsCompleted);
            _monitors.Add(MonitorAsync(entry, worker));
        }
    }

    /// <summary>Marks the model failed: <paramref name="reason"/> for IT (log, GetModel, status), <paramref name="callerReason"/> for calling systems when the reason holds paths, hashes or exception text.</summary>
    private void Fail(ModelEntry entry, string reason, string? callerReason = null, bool budgetRefused = false)
    {
        entry.Set(new ModelRuntimeState(ModelState.Failed, reason, CallerReason: callerReason, BudgetRefused: budgetRefused));
        LogFailed(_logger, entry.Id, reason);
    }

    /// <summary>Where a calling system is sent for the details it is not told.</summary>
    private const string DetailsForIt = "IT sees the details with GetModel, appliancectl status and the appliance log";
}
