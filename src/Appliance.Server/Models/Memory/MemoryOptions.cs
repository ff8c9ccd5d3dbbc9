using Appliance.Catalog.Memory;

namespace Appliance.Server.Models.Memory;

/// <summary>
/// Memory budgets per device (configuration section <c>Appliance:Memory</c>): what the models'
/// estimates (<see cref="ModelMemoryEstimator"/>) may add up to on the host and on each GPU. Each
/// value is bytes ("24GiB", "512 MiB", "8000000000") or a percentage of the device's memory
/// ("80%": host from /proc/meminfo MemTotal, GPU from NVML). A device without a value has no budget.
/// No value at all: no budget anywhere, every load goes ahead (the engines' own allocation is the limit).
/// </summary>
public sealed class MemoryOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Appliance:Memory";

    /// <summary>Most GPUs a budget can be given for (Gpu0 to Gpu7).</summary>
    public const int MaxGpus = 8;

    /// <summary>The host's RAM.</summary>
    public string? Host { get; set; }

    /// <summary>GPU 0.</summary>
    public string? Gpu0 { get; set; }

    /// <summary>GPU 1.</summary>
    public string? Gpu1 { get; set; }

    /// <summary>GPU 2.</summary>
    public string? Gpu2 { get; set; }

    /// <summary>GPU 3.</summary>
    public string? Gpu3 { get; set; }

    /// <summary>GPU 4.</summary>
    public string? Gpu4 { get; set; }

    /// <summary>GPU 5.</summary>
    public string? Gpu5 { get; set; }

    /// <summary>GPU 6.</summary>
    public string? Gpu6 { get; set; }

    /// <summary>GPU 7.</summary>
    public string? Gpu7 { get; set; }

    /// <summary>
    /// Held back from every budget for what no estimate covers (the server itself, the operating
    /// system, CUDA's context, estimate error): bytes or a percentage of each device's memory.
    /// Models may use a device's budget less the reserve.
    /// </summary>
    public string? Reserve { get; set; }

    /// <summary>Every device given a budget, with its configured text, host first.</summary>
    public IReadOnlyList<(MemoryDevice Device, string Value)> Budgets()
    {
        var gpus = new[] { Gpu0, Gpu1, Gpu2, Gpu3, Gpu4, Gpu5, Gpu6, Gpu7 };
        var budgets = new List<(MemoryDevice, string)>();
        if (!string.IsNullOrWhiteSpace(Host))
        {
            budgets.Add((MemoryDevice.Host, Host));
        }

        for (var i = 0; i < gpus.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(gpus[i]))
            {
                budgets.Add((MemoryDevice.Gpu(i), gpus[i]!));
            }
        }

        return budgets;
    }
}
