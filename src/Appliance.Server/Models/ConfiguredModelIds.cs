using System.Collections.Frozen;

namespace Appliance.Server.Models;

/// <summary>
/// The ids of the models configured on the box (every manifest found at start-up, failed ones
/// included), published by <see cref="ModelHost.Discover"/>. Metrics use it to keep the
/// <c>model</c> label a closed set without depending on the host itself.
/// </summary>
public sealed class ConfiguredModelIds
{
    private volatile FrozenSet<string> _ids = FrozenSet<string>.Empty;

    /// <summary>True for a configured model id.</summary>
    public bool Contains(string modelId) => _ids.Contains(modelId);

    /// <summary>Replaces the set (start-up discovery).</summary>
    public void Publish(IEnumerable<string> ids) => _ids = ids.ToFrozenSet(StringComparer.Ordinal);
}
