namespace Appliance.Core.Models;

/// <summary>When a model loads (the manifest's <c>load</c> key).</summary>
public enum ModelLoadPolicy
{
    /// <summary><c>on_start</c>: with the server (the default: what every model did before the key existed).</summary>
    OnStart,

    /// <summary><c>on_demand</c>: listed AVAILABLE; loads on the first request that names it, or on an admin LoadModel.</summary>
    OnDemand,
}
