namespace Appliance.Core.Models;

/// <summary>Life cycle of a configured model.</summary>
public enum ModelState
{
    /// <summary>Integrity check or engine load in progress.</summary>
    Loading,

    /// <summary>Loaded and accepting requests.</summary>
    Ready,

    /// <summary>Could not be verified or loaded; <see cref="ModelStatus.FailureReason"/> says why.</summary>
    Failed,

    /// <summary>Configured (its manifest is valid) but not loaded: loads on an admin LoadModel, or on the first request when its manifest says <c>load: on_demand</c>.</summary>
    Available,

    /// <summary>Being unloaded: new requests are refused, running ones finish (or fail Unavailable at the drain timeout).</summary>
    Draining,
}
