namespace Appliance.Server.Metrics.Gpu;

/// <summary>Reads the box's GPUs at scrape time (NVML on the box; a fake in tests).</summary>
public interface IGpuMonitor
{
    /// <summary>The GPUs now, or <see cref="GpuReading.Unavailable"/> where no driver answers. Never throws.</summary>
    GpuReading Read();
}
