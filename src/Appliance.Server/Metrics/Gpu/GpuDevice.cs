namespace Appliance.Server.Metrics.Gpu;

/// <summary>One GPU's state.</summary>
/// <param name="Index">NVML device index.</param>
/// <param name="Name">Product name, e.g. "NVIDIA H100 80GB HBM3".</param>
/// <param name="MemoryUsedBytes">Device memory in use.</param>
/// <param name="MemoryTotalBytes">Device memory installed.</param>
/// <param name="Utilization">Share of the last sample period a kernel ran, 0..1.</param>
/// <param name="TemperatureCelsius">Core temperature.</param>
public sealed record GpuDevice(int Index, string Name, ulong MemoryUsedBytes, ulong MemoryTotalBytes, double Utilization, double TemperatureCelsius);
