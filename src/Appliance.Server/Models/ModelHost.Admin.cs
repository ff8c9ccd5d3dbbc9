using Appliance.Catalog.Manifests;
using Appliance.Core.Errors;
using Appliance.Core.Models;
using Appliance.Scheduling;

namespace Appliance.Server.Models;

/// <summary>
/// Life-cycle operations while the server runs: load, unload, version swap (ModelAdmin) and the
/// on-demand load of a call. Each runs under the model's gate as a task of its own, so a caller
/// that stops waiting (a cancelled admin call, a call's deadline) never leaves a half-done load
/// or unload behind; shutdown cancels them.
/// </summary>
public sealed partial class ModelHost
{
    private readonly CancellationTokenSource _shutdown = new();

    /// <summary>Loads a model that is not loaded (re-reading its manifest first); returns once it is ready, at once if it already is.</summary>
    /// <exception cref="ModelNotFoundException">No model has this id.</exception>
    /// <exception cref="ModelLifecycleException">Its manifest is invalid, the load failed, or the memory budget refused it.</exception>
    public Task<ModelLoadResult> LoadAsync(string modelId, CancellationToken cancellationToken)
    {
        var entry = Get(modelId) ?? throw new ModelNotFoundException(modelId);
        return Gated(entry, async token =>
        {
            if (entry.State is { State: ModelState.Ready })
            {
                return new ModelLoadResult(entry, TimeSpan.Zero);
            }

            var manifest = Reread(entry);
            if (!await LoadOneAsync(entry, manifest, token))
            {
                throw new ModelLifecycleException(modelId, entry.State.FailureReason ?? "the load failed", entry.State.BudgetRefused);
            }

            return new ModelLoadResult(entry, entry.State.LoadDuration ?? TimeSpan.Zero);
        }).WaitAsync(cancellationToken);
    }

    /// <summary>Unloads a model: new calls refused, waiting ones refused, running ones finish within <paramref name="drainTimeout"/> (the scheduler's drain timeout when null; then they fail Unavailable); the model stays listed, available.</summary>
    /// <exception cref="ModelNotFoundException">No model has this id.</exception>
    public Task<UnloadOutcome> UnloadAsync(string modelId, TimeSpan? drainTimeout, CancellationToken cancellationToken)
    {
        var entry = Get(modelId) ?? throw new ModelNotFoundException(modelId);
        var timeout = drainTimeout ?? _workerServices.Options.DrainTimeout;
        return Gated(entry, token => UnloadCoreAsync(entry, timeout, refuseWaiting: true, "admin", token)).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Swaps the model to the version its manifest names now: beside the old one when the budget
    /// holds both (new calls switch at once, running ones finish on the old version), else drains
    /// the old one first. A model that is not loaded just loads.
    /// </summary>
    /// <exception cref="ModelNotFoundException">No model has this id.</exception>
    /// <exception cref="ModelLifecycleException">The new version could not load (the old one keeps serving when it loaded beside it).</exception>
    public Task<ModelReloadResult> ReloadAsync(string modelId, CancellationToken cancellationToken)
    {
        var entry = Get(modelId) ?? throw new ModelNotFoundException(modelId);
        return Gated(entry, token => ReloadCoreAsync(entry, Reread(entry), token)).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Before a call's lookup: records the call for idle eviction and, for a model that loads on
    /// demand (or was evicted) and is not loaded, loads it, waiting at most as long as the call
    /// may (<paramref name="cancellationToken"/>: its deadline). Anything else is left to the
    /// lookup, which refuses with the model's state.
    /// </summary>
    public async Task EnsureLoadedAsync(string? modelId, bool urgent, CancellationToken cancellationToken)
    {
        if (modelId is null || Get(modelId) is not { Manifest: { } manifest } entry)
        {
            return;
        }

        entry.Touch(_time.GetTimestamp(), urgent);
        var loadsOnDemand = manifest.Load == ModelLoadPolicy.OnDemand || manifest.Evictable;
        if (!loadsOnDemand || _draining || entry.State.State is not (ModelState.Available or ModelState.Draining))
        {
            return;
        }

        Task pending;
        lock (entry)
        {
            pending = entry.PendingLoad is { IsCompleted: false } shared ? shared : entry.PendingLoad = Gated(entry, token => LoadOnDemandAsync(entry, token));
        }

        await pending.WaitAsync(cancellationToken);
    }

    private async Task<bool> LoadOnDemandAsync(ModelEntry entry, CancellationToken cancellationToken)
    {
        if (entry.State.State != ModelState.Available || entry.Manifest is not { } manifest)
        {
            return false; // loaded (or failed) while this call waited for the gate
        }

        LogLoadingOnDemand(_logger, entry.Id);
        if (!await LoadOneAsync(entry, manifest, cancellationToken) && entry.State.BudgetRefused)
        {
            // Not a fault of the model: it stays available and loads once memory is free.
            var refusal = entry.State.FailureReason;
            entry.Set(new ModelRuntimeState(ModelState.Available, refusal, CallerReason: $"it does not fit in the memory budget beside the models loaded now; retry later; {DetailsForIt}", BudgetRefused: true));
            PublishHealth();
        }

        return true;
    }

    private async Task<ModelReloadResult> ReloadCoreAsync(ModelEntry entry, ModelManifest manifest, CancellationToken cancellationToken)
    {
        var state = entry.State;
        if (state is not { State: ModelState.Ready, Worker: { } oldWorker, Serving: { } old })
        {
            var loaded = await LoadOneAsync(entry, manifest, cancellationToken);
            _lifecycle.OnReload(entry.Id, loaded ? "beside" : "failed");
            return loaded
                ? new ModelReloadResult(entry, null, false, null, TimeSpan.Zero, entry.State.LoadDuration ?? TimeSpan.Zero)
                : throw new ModelLifecycleException(entry.Id, entry.State.FailureReason ?? "the load failed", entry.State.BudgetRefused);
        }

        if (old.Sha256 == manifest.Sha256 && old.FilePath == manifest.FilePath)
        {
            // Already on this version (an edit that named no new weights, or a second reload).
            return new ModelReloadResult(entry, old.Sha256, false, null, TimeSpan.Zero, TimeSpan.Zero);
        }

        List<ModelManifest> resident = [.. ResidentManifests(except: entry), old];
        var fits = _budget.Check(manifest, resident);
        if (!fits.Fits)
        {
            return await ReloadDrainingFirstAsync(entry, manifest, oldWorker, old, fits.Refusal ?? "both versions do not fit in the memory budget", cancellationToken);
        }

        LogSwapping(_logger, entry.Id, old.Sha256, manifest.Sha256);
        var attempt = await LoadWorkerAsync(manifest, resident, progress: null, cancellationToken);
        if (attempt.Created is not { } created)
        {
            // The old version never stopped serving.
            _lifecycle.OnReload(entry.Id, "failed");
            LogSwapFailed(_logger, entry.Id, attempt.Reason!);
            throw new ModelLifecycleException(entry.Id, $"the new version did not load, the old one keeps serving: {attempt.Reason}", attempt.Refused);
        }

        entry.Retiring = old;
        Serve(entry, manifest, created, attempt.Duration); // the switch: new calls go to the new worker from here
        try
        {
            // Calls already on the old version (running or waiting) finish there.
            await oldWorker.UnloadAsync(_workerServices.Options.DrainTimeout, refuseWaiting: false, cancellationToken);
            await oldWorker.DisposeAsync();
        }
        finally
        {
            entry.Retiring = null;
        }

        _lifecycle.OnUnload(entry.Id, "reload");
        _lifecycle.OnReload(entry.Id, "beside");
        LogSwapped(_logger, entry.Id, manifest.Sha256, attempt.Duration.TotalSeconds);
        return new ModelReloadResult(entry, old.Sha256, false, null, TimeSpan.Zero, attempt.Duration);
    }

    private async Task<ModelReloadResult> ReloadDrainingFirstAsync(
        ModelEntry entry, ModelManifest manifest, IModelWorker oldWorker, ModelManifest old, string refusal, CancellationToken cancellationToken)
    {
        LogSwapDrainingFirst(_logger, entry.Id, refusal);
        var gapStarted = _time.GetTimestamp();
        entry.Set(entry.State with { State = ModelState.Draining });
        PublishHealth();
        await oldWorker.UnloadAsync(_workerServices.Options.DrainTimeout, refuseWaiting: false, cancellationToken);
        await oldWorker.DisposeAsync();
        _lifecycle.OnUnload(entry.Id, "reload");
        var loaded = await LoadOneAsync(entry, manifest, cancellationToken);
        var gap = _time.GetElapsedTime(gapStarted);
        _lifecycle.OnReload(entry.Id, loaded ? "drained_first" : "failed");
        return loaded
            ? new ModelReloadResult(entry, old.Sha256, true, refusal, gap, entry.State.LoadDuration ?? TimeSpan.Zero)
            : throw new ModelLifecycleException(entry.Id, $"the old version was drained (the budget holds one version only) and the new one did not load: {entry.State.FailureReason}", entry.State.BudgetRefused);
    }

    /// <summary>Drains and frees the model's worker; the entry becomes available (or stays as it is when nothing is loaded).</summary>
    private async Task<UnloadOutcome> UnloadCoreAsync(ModelEntry entry, TimeSpan drainTimeout, bool refuseWaiting, string reason, CancellationToken cancellationToken)
    {
        var state = entry.State;
        if (state.Worker is not { } worker)
        {
            if (state.State == ModelState.Failed && entry.Manifest is not null)
            {
                entry.Set(new ModelRuntimeState(ModelState.Available));
                PublishHealth();
            }

            return new UnloadOutcome(0, 0);
        }

        LogUnloading(_logger, entry.Id, reason, drainTimeout.TotalSeconds);
        entry.Set(state with { State = ModelState.Draining });
        PublishHealth();
        var outcome = await worker.UnloadAsync(drainTimeout, refuseWaiting, cancellationToken);
        await worker.DisposeAsync();
        entry.Set(new ModelRuntimeState(ModelState.Available));
        PublishHealth();
        _lifecycle.OnUnload(entry.Id, reason);
        LogUnloaded(_logger, entry.Id, outcome.WaitingRefused, outcome.RunningFailed);
        return outcome;
    }

    /// <summary>
    /// Runs <paramref name="operation"/> under the entry's gate as a task the host owns (shutdown
    /// cancels it and waits for it), whoever waits for it and for however long.
    /// </summary>
    private Task<T> Gated<T>(ModelEntry entry, Func<CancellationToken, Task<T>> operation)
    {
        if (_draining)
        {
            throw new ModelUnavailableException(entry.Id, "the appliance is shutting down", ErrorReasons.Draining);
        }

        var token = _shutdown.Token;
        var task = Task.Run(async () =>
        {
            await entry.Gate.WaitAsync(token);
            try
            {
                return await operation(token);
            }
            finally
            {
                entry.Gate.Release();
            }
        }, token);
        lock (_monitors)
        {
            _monitors.RemoveAll(t => t.IsCompleted);
            _monitors.Add(task.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
        }

        return task;
    }

    /// <summary>Reads the entry's manifest file again (an edit since the last read is what gets loaded).</summary>
    private static ModelManifest Reread(ModelEntry entry)
    {
        var result = ManifestLoader.LoadFile(entry.ManifestPath);
        if (result.Manifest is not { } manifest)
        {
            throw new ModelLifecycleException(entry.Id, $"its manifest {entry.ManifestPath} is invalid: {result.FailureReason}", refusedByBudget: false);
        }

        if (manifest.Id != entry.Id)
        {
            throw new ModelLifecycleException(entry.Id, $"its manifest {entry.ManifestPath} now names the model '{manifest.Id}'; the folder watch adds it as a new model", refusedByBudget: false);
        }

        entry.SetManifest(manifest);
        return manifest;
    }

    private static bool IsBudgetRefusal(ModelEntry entry) => entry.State.CallerReason?.StartsWith("it does not fit in the memory budget", StringComparison.Ordinal) == true;
}
