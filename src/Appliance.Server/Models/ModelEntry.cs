using Appliance.Core.Models;
using Appliance.Scheduling;

namespace Appliance.Server.Models;

/// <summary>
/// One configured model at run time. The manifest is null when the manifest file itself is
/// invalid (the model is listed as failed under the id the file gives, else its file name); it
/// changes when the file does (folder watch, admin load or reload). State changes are published
/// as one immutable snapshot, so readers never see a torn state. Life-cycle operations on one
/// model (load, unload, reload, eviction) run one at a time under <see cref="Gate"/>.
/// </summary>
public sealed class ModelEntry
{
    private volatile ModelRuntimeState _state;
    private volatile ModelManifest? _manifest;
    private long _lastCall;
    private long _lastUrgentCall;

    internal ModelEntry(string id, ModelManifest? manifest, string manifestPath, ModelRuntimeState initial)
    {
        Id = id;
        _manifest = manifest;
        ManifestPath = manifestPath;
        _state = initial;
    }

    /// <summary>Model id.</summary>
    public string Id { get; }

    /// <summary>Validated manifest as last read from its file, or null if that file is invalid.</summary>
    public ModelManifest? Manifest => _manifest;

    /// <summary>The manifest file.</summary>
    public string ManifestPath { get; }

    /// <summary>Current state.</summary>
    public ModelRuntimeState State => _state;

    /// <summary>The sha256 of the version new calls run on: the loaded one, else the configured one.</summary>
    public string? ServingSha256 => _state.Serving?.Sha256 ?? _manifest?.Sha256;

    /// <summary>Serialises the life-cycle operations on this model.</summary>
    internal SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>A previous version still draining after a swap (it holds memory until it is unloaded).</summary>
    internal ModelManifest? Retiring { get; set; }

    /// <summary>The on-demand load under way, which every call that waits for it shares (guarded by locking the entry).</summary>
    internal Task? PendingLoad { get; set; }

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last call that named the model; 0 for none.</summary>
    internal long LastCall => Interlocked.Read(ref _lastCall);

    /// <summary>Timestamp of the last urgent call that named the model; 0 for none.</summary>
    internal long LastUrgentCall => Interlocked.Read(ref _lastUrgentCall);

    internal void Set(ModelRuntimeState state) => _state = state;

    internal void SetManifest(ModelManifest? manifest) => _manifest = manifest;

    /// <summary>Records a call for idle eviction (urgent ones protect the model longer).</summary>
    internal void Touch(long now, bool urgent)
    {
        Interlocked.Exchange(ref _lastCall, now);
        if (urgent)
        {
            Interlocked.Exchange(ref _lastUrgentCall, now);
        }
    }

    internal ModelAvailability Availability()
    {
        var s = _state;
        return new ModelAvailability(s.State, s.ReasonForCallers, s.Worker, Manifest?.Kind ?? ModelKind.TextGeneration);
    }
}
