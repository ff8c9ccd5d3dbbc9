using Appliance.Catalog.Manifests;
using Appliance.Core.Models;

namespace Appliance.Server.Models;

/// <summary>
/// The model folders read again while serving (<see cref="ModelFolderWatch"/> calls it after a
/// quiet period): a new manifest becomes a model (available, or loading when it says
/// <c>load: on_start</c>), a removed one is drained and unloaded and leaves the list, one that
/// names a new file or sha256 is swapped (<see cref="ReloadAsync"/>) when loaded, else simply
/// read. Each change runs under its model's gate; this returns once every change is done.
/// </summary>
public sealed partial class ModelHost
{
    /// <summary>Applies what changed in the model folders since the last read.</summary>
    public async Task RescanAsync(CancellationToken cancellationToken)
    {
        if (_draining)
        {
            return;
        }

        var found = new Dictionary<string, ManifestLoadResult>(StringComparer.Ordinal);
        foreach (var result in ModelCatalog.Load(_directories).Results)
        {
            found.TryAdd(result.ModelId, result);
        }

        var changes = new List<Task>();
        var current = _models;
        var added = found.Values.Where(r => !current.ContainsKey(r.ModelId)).Select(r => NewEntry(r, onStart: ModelState.Loading)).ToList();
        if (added.Count > 0)
        {
            Publish([.. _ordered, .. added]);
            foreach (var entry in added)
            {
                LogManifestAdded(_logger, entry.Id, entry.ManifestPath);
                if (entry.State.State == ModelState.Loading && entry.Manifest is { } manifest)
                {
                    changes.Add(Gated(entry, token => LoadOneAsync(entry, manifest, token)));
                }
            }

            PublishHealth();
        }

        foreach (var entry in current.Values)
        {
            if (!found.TryGetValue(entry.Id, out var result) || result.ManifestPath != entry.ManifestPath)
            {
                changes.Add(Gated(entry, token => RemoveAsync(entry, token)));
            }
            else if (Changed(entry.Manifest, result.Manifest))
            {
                changes.Add(Gated(entry, token => ApplyEditAsync(entry, result, token)));
            }
        }

        await Task.WhenAll(changes).WaitAsync(cancellationToken);
    }

    /// <summary>Whether the file says something else now (other weights, other settings, valid or invalid).</summary>
    private static bool Changed(ModelManifest? before, ModelManifest? now) => before != now;

    private async Task<bool> RemoveAsync(ModelEntry entry, CancellationToken cancellationToken)
    {
        LogManifestRemoved(_logger, entry.Id, entry.ManifestPath);
        await UnloadCoreAsync(entry, _workerServices.Options.DrainTimeout, refuseWaiting: false, "removed", cancellationToken);
        Publish(_ordered.Where(e => e != entry));
        _health.Forget(entry.Id);
        PublishHealth();
        return true;
    }

    private async Task<bool> ApplyEditAsync(ModelEntry entry, ManifestLoadResult result, CancellationToken cancellationToken)
    {
        if (result.Manifest is not { } manifest)
        {
            // A broken edit: whatever is loaded keeps serving; the next good edit is applied.
            LogManifestEditRefused(_logger, entry.Id, result.FailureReason ?? "invalid");
            if (entry.State.Worker is null)
            {
                entry.SetManifest(null);
                Fail(entry, $"invalid manifest: {result.FailureReason}", $"its manifest is invalid; {DetailsForIt}");
                PublishHealth();
            }

            return false;
        }

        var loaded = entry.State is { State: ModelState.Ready, Serving: { } serving } && (serving.Sha256 != manifest.Sha256 || serving.FilePath != manifest.FilePath);
        entry.SetManifest(manifest);
        LogManifestChanged(_logger, entry.Id, loaded);
        if (loaded)
        {
            try
            {
                await ReloadCoreAsync(entry, manifest, cancellationToken);
            }
            catch (Core.Errors.ModelLifecycleException)
            {
                // Logged and counted by the swap; the state says what serves now.
            }

            return true;
        }

        if (entry.State.Worker is null)
        {
            // Not loaded: the edit applies to the next load; a manifest that loads at start loads now.
            var start = manifest.Load == ModelLoadPolicy.OnStart && entry.State.State == ModelState.Failed;
            entry.Set(new ModelRuntimeState(ModelState.Available));
            if (start)
            {
                await LoadOneAsync(entry, manifest, cancellationToken);
            }

            PublishHealth();
        }

        return true;
    }

    [LoggerMessage(EventId = 1017, Level = LogLevel.Information, Message = "Model {ModelId}: new manifest {ManifestPath}")]
    private static partial void LogManifestAdded(ILogger logger, string modelId, string manifestPath);

    [LoggerMessage(EventId = 1018, Level = LogLevel.Information, Message = "Model {ModelId}: manifest {ManifestPath} removed; draining and unloading the model")]
    private static partial void LogManifestRemoved(ILogger logger, string modelId, string manifestPath);

    [LoggerMessage(EventId = 1019, Level = LogLevel.Information, Message = "Model {ModelId}: manifest changed (swapping the loaded version: {Swap})")]
    private static partial void LogManifestChanged(ILogger logger, string modelId, bool swap);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Error, Message = "Model {ModelId}: the edited manifest is invalid and was not applied (what is loaded keeps serving): {Errors}")]
    private static partial void LogManifestEditRefused(ILogger logger, string modelId, string errors);
}
