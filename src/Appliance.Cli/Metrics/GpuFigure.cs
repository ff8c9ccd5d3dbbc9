namespace Appliance.Cli.Metrics;

/// <summary>One GPU: its NVML index and name, device memory in bytes and utilisation (0..1; NaN when unsupported).</summary>
internal sealed record GpuFigure(string Index, string Name, double MemoryUsedBytes, double MemoryTotalBytes, double Utilization);
