using Appliance.Core.Models;
using Appliance.Scheduling;

namespace Appliance.Server.Models;

/// <summary>
/// One configured model at run time. The manifest is null when the manifest file itself is
/// invalid (the model is listed as failed under the id the file gives, else its file name).
/// State changes are published as one immutable snapshot, so readers never see a torn state.
/// </summary>
public sealed class ModelEntry
{
    private volatile ModelRuntimeState _state;

    internal ModelEntry(string id, ModelManifest? manifest, string manifestPath, ModelRuntimeState initial)
    {
        Id = id;
        Manifest = manifest;
        ManifestPath = manifestPath;
        _state = initial;
    }

    /// <summary>Model id.</summary>
    public string Id { get; }

    /// <summary>Validated manifest, or null if the manifest file is invalid.</summary>
    public ModelManifest? Manifest { get; }

    /// <summary>The manifest file.</summary>
    public string ManifestPath { get; }

    /// <summary>Current state.</summary>
    public ModelRuntimeState State => _state;

    internal void Set(ModelRuntimeState state) => _state = state;

    internal ModelAvailability Availability()
    {
        var s = _state;
        return new ModelAvailability(s.State, s.ReasonForCallers, s.Worker, Manifest?.Kind ?? ModelKind.TextGeneration);
    }
}
