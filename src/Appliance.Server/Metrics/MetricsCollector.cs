using Appliance.Core.Models;
using Appliance.Scheduling;
using Appliance.Server.Audit;
using Appliance.Server.Metrics.Gpu;
using Appliance.Server.Models;
using Appliance.Server.Models.Memory;
using Appliance.Server.Security;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Appliance.Server.Metrics;

/// <summary>
/// Gauges read at scrape time rather than pushed: model states, queue depths, KV usage and the
/// GPUs and the audit chain head. Registered as the registry's before-collect callback, so a scrape always sees now.
/// Also publishes build info, the .NET process metrics and the runtime's thread-pool and GC state.
/// </summary>
internal sealed class MetricsCollector
{
    private static readonly ModelState[] States = [ModelState.Available, ModelState.Loading, ModelState.Ready, ModelState.Draining, ModelState.Failed];

    private readonly ApplianceMetrics _metrics;
    private readonly ModelHost _models;
    private readonly IGpuMonitor _gpus;
    private readonly int _waitingLimit;
    private readonly int _waitingInputsLimit;
    private readonly RuntimeMetrics _runtime;
    private readonly AuditLog _audit;
    private readonly ClientDirectory _clients;
    private readonly Tasks.TaskLibrary _tasks;
    private readonly CertificateExpiry _certificates;
    private readonly TimeProvider _time;
    private readonly MemoryMetrics _memory;

    // Model ids with state series (locked: two scrapes may collect at once).
    private readonly HashSet<string> _shown = new(StringComparer.Ordinal);

    public MetricsCollector(
        ApplianceMetrics metrics, ModelHost models, IGpuMonitor gpus, IOptions<SchedulerOptions> scheduler, AuditLog audit, ClientDirectory clients,
        Tasks.TaskLibrary tasks, CertificateExpiry certificates, TimeProvider time, MemoryMetrics memory)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(scheduler);
        _metrics = metrics;
        _models = models;
        _gpus = gpus;
        _audit = audit;
        _waitingLimit = scheduler.Value.MaxWaitingRequests;
        _waitingInputsLimit = scheduler.Value.MaxWaitingInputs;
        _clients = clients;
        _tasks = tasks;
        _certificates = certificates;
        _time = time;
        _memory = memory;

        var build = BuildInfo.FromAssembly(typeof(MetricsCollector).Assembly);
        metrics.BuildInfo.WithLabels(build.Version, build.Commit).Set(1);
        DotNetStats.Register(metrics.Registry);
        _runtime = new RuntimeMetrics(metrics.Registry);
        metrics.Registry.AddBeforeCollectCallback(Collect);
    }

    /// <summary>Updates every scrape-time gauge; public for tests that read the registry directly.</summary>
    public void Collect()
    {
        foreach (var entry in _models.Models)
        {
            var state = entry.State;
            foreach (var candidate in States)
            {
                _metrics.ModelState.WithLabels(entry.Id, StateLabel(candidate)).Set(state.State == candidate ? 1 : 0);
            }

            if (state.LoadDuration is { } load)
            {
                _metrics.ModelLoadDuration.WithLabels(entry.Id).Set(load.TotalSeconds);
            }

            var batched = entry.Manifest is { Kind: not ModelKind.TextGeneration };
            _metrics.Running.WithLabels(entry.Id).Set(state.RunningCount);
            _metrics.Waiting.WithLabels(entry.Id).Set(state.WaitingCount);
            _metrics.WaitingLimit.WithLabels(entry.Id).Set(batched ? _waitingInputsLimit : _waitingLimit);
            _metrics.KvCacheUsage.WithLabels(entry.Id).Set(state.Worker?.KvCacheUsage ?? 0);

            // Counters that dashboards rate() exist from the start, at 0.
            _metrics.Preemptions.WithLabels(entry.Id);
            _metrics.PromptTokensCached.WithLabels(entry.Id);
            PrometheusModelLifecycleObserver.Touch(_metrics, entry.Id);
        }

        ForgetRemovedModels();

        _metrics.ConfigInForce.WithLabels("clients").Set(_clients.InForce ? 1 : 0);
        _metrics.ConfigInForce.WithLabels("tasks").Set(_tasks.InForce ? 1 : 0);
        foreach (var template in _tasks.Current.All)
        {
            // The task counters exist from the start, at 0, for every variant in force (dashboards rate() them).
            Tasks.TaskMetrics.Touch(_metrics, template);
        }

        var now = _time.GetUtcNow();
        foreach (var (certificate, notAfter) in _certificates.Read())
        {
            _metrics.CertificateExpiry.WithLabels(certificate).Set(Math.Floor((notAfter - now).TotalSeconds));
        }

        _memory.Collect(_metrics);
        CollectGpus();
        _metrics.AuditHeadSequence.Set(_audit.Head.Sequence);
        _runtime.Collect();
    }

    private void CollectGpus()
    {
        var reading = _gpus.Read();
        _metrics.GpuUp.Set(reading.Available ? 1 : 0);
        foreach (var gpu in reading.Devices)
        {
            var index = gpu.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _metrics.GpuInfo.WithLabels(index, gpu.Name).Set(1);
            _metrics.GpuMemoryUsed.WithLabels(index).Set(gpu.MemoryUsedBytes);
            _metrics.GpuMemoryTotal.WithLabels(index).Set(gpu.MemoryTotalBytes);
            _metrics.GpuUtilization.WithLabels(index).Set(gpu.Utilization);
            _metrics.GpuTemperature.WithLabels(index).Set(gpu.TemperatureCelsius);
        }
    }

    /// <summary>A model whose manifest was removed leaves its state series (its counters stay: they are history).</summary>
    private void ForgetRemovedModels()
    {
        lock (_shown)
        {
            ForgetRemovedModelsLocked();
        }
    }

    private void ForgetRemovedModelsLocked()
    {
        var gone = _shown.Where(id => _models.Get(id) is null).ToList();
        foreach (var id in gone)
        {
            foreach (var state in States)
            {
                _metrics.ModelState.RemoveLabelled(id, StateLabel(state));
            }

            _shown.Remove(id);
        }

        _shown.UnionWith(_models.Models.Select(m => m.Id));
    }

    private static string StateLabel(ModelState state) => state switch
    {
        ModelState.Available => "available",
        ModelState.Loading => "loading",
        ModelState.Ready => "ready",
        ModelState.Draining => "draining",
        _ => "failed",
    };
}
