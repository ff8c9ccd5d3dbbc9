using Appliance.Core.Models;

namespace Appliance.Catalog.Manifests;

/// <summary>What <see cref="ManifestParser"/> made of one file.</summary>
/// <param name="Manifest">The manifest when there were no errors.</param>
/// <param name="Id">The file's id when that key alone was valid (used for duplicate checks and naming).</param>
/// <param name="Errors">Every problem found.</param>
internal sealed record ParsedManifest(ModelManifest? Manifest, string? Id, IReadOnlyList<ManifestError> Errors);
