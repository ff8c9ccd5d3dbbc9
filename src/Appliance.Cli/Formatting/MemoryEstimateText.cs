using Appliance.Catalog.Memory;
using Appliance.Core.Models;

namespace Appliance.Cli.Formatting;

/// <summary>
/// A model's memory estimate as <c>models add</c> and <c>models verify</c> print it: one line per
/// device with its parts, then what the figures rest on. GPU offload is taken as the manifest asks
/// (on a box without a GPU the server keeps every layer on the host instead).
/// </summary>
internal static class MemoryEstimateText
{
    /// <summary>The lines, or one line saying why there is no estimate.</summary>
    public static IReadOnlyList<string> Lines(ModelManifest manifest)
    {
        ModelMemoryEstimate estimate;
        try
        {
            estimate = ModelMemoryEstimator.Estimate(manifest);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return [$"no estimate: {e.Message}"];
        }

        return [.. estimate.Devices.Select(d => d.Describe()), $"total {MemoryText.Bytes(estimate.TotalBytes)}: {estimate.Basis}"];
    }
}
