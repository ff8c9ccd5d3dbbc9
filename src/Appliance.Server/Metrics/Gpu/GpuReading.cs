namespace Appliance.Server.Metrics.Gpu;

/// <summary>One reading of every GPU.</summary>
/// <param name="Available">False where there is no NVIDIA driver or it did not answer.</param>
/// <param name="Devices">The GPUs, by index.</param>
public sealed record GpuReading(bool Available, IReadOnlyList<GpuDevice> Devices)
{
    /// <summary>No driver (a CPU-only box): <c>appliance_gpu_metrics_up 0</c>.</summary>
    public static GpuReading Unavailable { get; } = new(false, []);
}
