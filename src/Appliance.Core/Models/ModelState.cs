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
}
