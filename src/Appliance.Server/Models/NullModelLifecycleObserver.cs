namespace Appliance.Server.Models;

/// <summary>Reports nothing (tests, and hosts built without metrics).</summary>
public sealed class NullModelLifecycleObserver : IModelLifecycleObserver
{
    /// <summary>The one instance.</summary>
    public static NullModelLifecycleObserver Instance { get; } = new();

    /// <inheritdoc />
    public void OnLoad(string modelId, string outcome)
    {
    }

    /// <inheritdoc />
    public void OnUnload(string modelId, string reason)
    {
    }

    /// <inheritdoc />
    public void OnReload(string modelId, string outcome)
    {
    }
}
