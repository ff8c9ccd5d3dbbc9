using System.Globalization;
using Appliance.Catalog.Memory;
using Appliance.Server.Metrics.Gpu;

namespace Appliance.Server.Models.Memory;

/// <summary>
/// The box's memory: the host's from <c>/proc/meminfo</c> (MemTotal), or the cgroup's limit
/// (<c>/sys/fs/cgroup/memory.max</c>, cgroup v2, as a container sees its own) when that is lower:
/// in a container MemTotal is the node's; each GPU's from the NVML monitor the GPU
/// metrics already use. Read once per question; cheap enough (a small file, one
/// NVML call) for the rare times a budget is resolved.
/// </summary>
internal sealed class DeviceMemoryTotals(IGpuMonitor gpus) : IDeviceMemoryTotals
{
    private const string MemInfo = "/proc/meminfo";

    public bool HasGpu => gpus.Read() is { Available: true, Devices.Count: > 0 };

    public long? Total(MemoryDevice device)
    {
        if (device.GpuIndex is { } index)
        {
            var reading = gpus.Read();
            return reading.Available && reading.Devices.FirstOrDefault(d => d.Index == index) is { } gpu ? (long)gpu.MemoryTotalBytes : null;
        }

        return CgroupLimit() is { } limit && HostTotal() is { } total ? Math.Min(limit, total) : HostTotal();
    }

    /// <summary>cgroup v2's memory.max in bytes, or null where there is none or it says "max".</summary>
    private static long? CgroupLimit()
    {
        const string MemoryMax = "/sys/fs/cgroup/memory.max";
        return File.Exists(MemoryMax)
            && long.TryParse(File.ReadAllText(MemoryMax).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
            ? bytes
            : null;
    }

    /// <summary>MemTotal from /proc/meminfo ("MemTotal:       131891796 kB"), or null off Linux.</summary>
    private static long? HostTotal()
    {
        if (!File.Exists(MemInfo))
        {
            return null;
        }

        foreach (var line in File.ReadLines(MemInfo))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                var parts = line["MemTotal:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib * 1024 : null;
            }
        }

        return null;
    }
}
