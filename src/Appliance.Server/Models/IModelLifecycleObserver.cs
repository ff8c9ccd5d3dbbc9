namespace Appliance.Server.Models;

/// <summary>
/// What the model host reports of each model's life cycle (the metrics port: load, unload and
/// reload counters). Labels are closed sets: model ids the host knows, and the outcome words below.
/// </summary>
public interface IModelLifecycleObserver
{
    /// <summary>A load ended: <c>ready</c>, <c>failed</c> or <c>refused</c> (the memory budget said no).</summary>
    void OnLoad(string modelId, string outcome);

    /// <summary>A model was unloaded: <c>admin</c>, <c>removed</c> (its manifest went), <c>evicted</c> (idle) or <c>reload</c> (the old version after a swap).</summary>
    void OnUnload(string modelId, string reason);

    /// <summary>A version swap ended: <c>beside</c>, <c>drained_first</c> or <c>failed</c>.</summary>
    void OnReload(string modelId, string outcome);
}
