using Appliance.Core.Models;

namespace Appliance.Catalog.Manifests;

/// <summary>
/// The outcome of reading one manifest file: either a valid <see cref="Manifest"/> or the
/// complete list of <see cref="Errors"/> (never both).
/// </summary>
/// <param name="ManifestPath">Absolute path of the manifest file.</param>
/// <param name="ModelId">The <c>id</c> from the file when it is valid, else the file name without extension.</param>
/// <param name="Manifest">The validated manifest; null when <see cref="Errors"/> is not empty.</param>
/// <param name="Errors">Every problem found in the file; empty when the manifest is valid.</param>
public sealed record ManifestLoadResult(
    string ManifestPath,
    string ModelId,
    ModelManifest? Manifest,
    IReadOnlyList<ManifestError> Errors)
{
    /// <summary>True when the file produced a manifest.</summary>
    public bool IsValid => Manifest is not null;

    /// <summary>All errors on one line separated by "; " (for a model status), or null when valid.</summary>
    public string? FailureReason => Errors.Count == 0 ? null : string.Join("; ", Errors);
}
