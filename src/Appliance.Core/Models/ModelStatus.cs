namespace Appliance.Core.Models;

/// <summary>A model's manifest and where it is in its life cycle.</summary>
/// <param name="Manifest">The validated manifest.</param>
/// <param name="State">Loading, ready or failed.</param>
/// <param name="FailureReason">Operator-facing reason when <paramref name="State"/> is failed; never user content.</param>
public sealed record ModelStatus(ModelManifest Manifest, ModelState State, string? FailureReason = null);
