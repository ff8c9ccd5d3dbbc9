using Appliance.Server.Metrics.Gpu;

namespace Appliance.Server.Tests.Metrics;

/// <summary>One pretend GPU: CI has no NVIDIA driver, yet the dashboard's GPU panels must be proven to show data.</summary>
public sealed class FakeGpuMonitor : IGpuMonitor
{
    public const ulong Total = 80UL * 1024 * 1024 * 1024;
    public const ulong Used = 30UL * 1024 * 1024 * 1024;

    public GpuReading Read() => new(true, [new GpuDevice(0, "Test GPU 80GB", Used, Total, 0.42, 61)]);
}
