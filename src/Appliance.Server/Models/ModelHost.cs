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
/// sha256, load error) is marked failed with the reason while the others keep serving.
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
    private FrozenDictionary<string, ModelEntry> _models = FrozenDictionary<string, ModelEntry>.Empty;
    private IReadOnlyList<ModelEntry> _ordered = [];
    private readonly List<Task> _monitors = [];
    private int _stopped;
    private volatile bool _draining;

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
    public ModelHost(
        IOptions<SchedulerOptions> schedulerOptions,
        IEnumerable<ModelWorkerFactory> factories,
        HealthReporter health,
        TimeProvider time,
        ILoggerFactory loggers,
        ISchedulerObserver? observer = null,
        ConfiguredModelIds? ids = null,
        IClientPolicies? policies = null,
        IModelMemoryBudget? budget = null)
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
    }

    /// <summary>Every configured model, ordered by id.</summary>
    public IReadOnlyList<ModelEntry> Models => _ordered;

    /// <summary>Finds a model entry by id.</summary>
    public ModelEntry? Get(string modelId) => _models.GetValueOrDefault(modelId);

    /// <inheritdoc />
    public ModelAvailability? Find(string modelId) => Get(modelId)?.Availability();

    /// <summary>Reads the manifests of <paramref name="directories"/>; every valid one starts loading, every invalid one is failed.</summary>
    public void Discover(IReadOnlyList<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var catalog = ModelCatalog.Load(directories, _logger);
        var entries = new Dictionary<string, ModelEntry>(StringComparer.Ordinal);
        foreach (var result in catalog.Results)
        {
            if (entries.ContainsKey(result.ModelId))
            {
                continue;
            }

            var initial = result.Manifest is null
                ? new ModelRuntimeState(ModelState.Failed, $"invalid manifest: {result.FailureReason}", CallerReason: $"its manifest is invalid; {DetailsForIt}")
                : new ModelRuntimeState(ModelState.Loading);
            if (result.Manifest is null)
            {
                LogInvalidManifest(_logger, result.ManifestPath, result.FailureReason ?? "invalid");
            }

            entries[result.ModelId] = new ModelEntry(result.ModelId, result.Manifest, result.ManifestPath, initial);
        }

        _models = entries.ToFrozenDictionary(StringComparer.Ordinal);
        _ordered = [.. entries.Values.OrderBy(e => e.Id, StringComparer.Ordinal)];
        _ids.Publish(entries.Keys);
        var searched = string.Join(", ", directories);
        LogDiscovered(_logger, _ordered.Count, searched);
        _health.Publish(_ordered);
    }

    /// <summary>Verifies and loads every discovered model, one at a time (loading is memory-bound, not CPU-bound).</summary>
    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in _ordered)
        {
            if (entry.Manifest is { } manifest && entry.State.State == ModelState.Loading)
            {
                await LoadOneAsync(entry, manifest, cancellationToken);
                if (!_leftPool)
                {
                    _health.Publish(_ordered);
                }
            }
        }

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

        _health.ShuttingDown(_ordered);
        var workers = _ordered.Select(e => e.State.Worker).OfType<IModelWorker>().ToList();
        await Task.WhenAll(workers.Select(w => w.StopAsync(cancellationToken)));
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }

        await Task.WhenAll(_monitors);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    /// <summary>A worker whose loop crashed marks its model failed, so calls get Unavailable instead of queueing forever.</summary>
    private async Task MonitorAsync(ModelEntry entry, IModelWorker worker)
    {
        await worker.Completion;
        if (worker.Crashed)
        {
            Fail(entry, "its worker loop crashed (see the log); restart the service");
            if (!_leftPool)
            {
                _health.Publish(_ordered);
            }

            await worker.DisposeAsync();
        }
    }

    /// <summary>Marks the model failed: <paramref name="reason"/> for IT (log, GetModel, status), <paramref name="callerReason"/> for calling systems when the reason holds paths, hashes or exception text.</summary>
    private void Fail(ModelEntry entry, string reason, string? callerReason = null)
    {
        entry.Set(new ModelRuntimeState(ModelState.Failed, reason, CallerReason: callerReason));
        LogFailed(_logger, entry.Id, reason);
    }

    /// <summary>Where a calling system is sent for the details it is not told.</summary>
    private const string DetailsForIt = "IT sees the details with GetModel, appliancectl status and the appliance log";

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Discovered {Count} model manifest(s) in {Directories}")]
    private static partial void LogDiscovered(ILogger logger, int count, string directories);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Invalid model manifest {ManifestPath}: {Errors}")]
    private static partial void LogInvalidManifest(ILogger logger, string manifestPath, string errors);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Model {ModelId}: verifying sha256 of {FilePath}")]
    private static partial void LogVerifying(ILogger logger, string modelId, string filePath);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Model {ModelId} is ready ({Seconds:F1} s to verify and load)")]
    private static partial void LogReady(ILogger logger, string modelId, double seconds);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Model {ModelId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string modelId, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "Model {ModelId}: engine load threw")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string modelId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "No model manifests found: the server runs but can serve nothing. Stage a model (see models/README.md) or enable Appliance:Models:DemoModel.")]
    private static partial void LogNoModels(ILogger logger);
}
