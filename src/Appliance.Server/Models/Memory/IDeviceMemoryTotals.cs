using Appliance.Catalog.Memory;

namespace Appliance.Server.Models.Memory;

/// <summary>How much memory each device has (the host's MemTotal, each GPU's from NVML); a fake in tests.</summary>
public interface IDeviceMemoryTotals
{
    /// <summary>The device's memory in bytes, or null when it cannot be read (no such GPU, no driver).</summary>
    long? Total(MemoryDevice device);

    /// <summary>True when at least one GPU answers: llama.cpp offloads gpu_layers only then.</summary>
    bool HasGpu { get; }
}
