namespace Appliance.Catalog.Memory;

/// <summary>
/// How much memory a model is expected to take once loaded, per device, worked out from its files
/// and manifest alone (<see cref="ModelMemoryEstimator"/>). Devices with nothing on them are left out.
/// </summary>
/// <param name="ModelId">The manifest's id.</param>
/// <param name="Devices">One entry per device that holds something, host first, then GPUs by index.</param>
/// <param name="Basis">What the figures rest on, for the operator (e.g. "GGUF tensors, 2048 KV cells f16, 24/24 layers on gpu0").</param>
public sealed record ModelMemoryEstimate(string ModelId, IReadOnlyList<DeviceMemoryEstimate> Devices, string Basis)
{
    /// <summary>Every device together.</summary>
    public long TotalBytes => Devices.Sum(d => d.TotalBytes);

    /// <summary>The bytes on <paramref name="device"/> (0 when nothing is there).</summary>
    public long On(MemoryDevice device) => Devices.FirstOrDefault(d => d.Device == device)?.TotalBytes ?? 0;

    /// <summary>"host 312.4 MiB (weights ..., KV ..., compute ...); gpu0 ...".</summary>
    public string Describe() => Devices.Count == 0 ? "nothing" : string.Join("; ", Devices.Select(d => d.Describe()));
}
