using Appliance.Catalog.Memory;

namespace Appliance.Server.Models.Memory;

/// <summary>One device's budget, resolved against its memory.</summary>
/// <param name="Device">Host or a GPU.</param>
/// <param name="Bytes">What the models' estimates may add up to: the configured amount less the reserve.</param>
/// <param name="Configured">The configured text ("80%", "24GiB"), for messages.</param>
/// <param name="ReserveBytes">The reserve taken off.</param>
public sealed record DeviceBudget(MemoryDevice Device, long Bytes, string Configured, long ReserveBytes)
{
    /// <summary>"8.0 GiB (Appliance:Memory:Gpu0 \"80%\" less the reserve 1.0 GiB)".</summary>
    public string Describe() => ReserveBytes == 0
        ? $"{MemoryText.Bytes(Bytes)} ({MemoryOptions.SectionName}:{Device.ConfigKey} \"{Configured}\")"
        : $"{MemoryText.Bytes(Bytes)} ({MemoryOptions.SectionName}:{Device.ConfigKey} \"{Configured}\" less the reserve {MemoryText.Bytes(ReserveBytes)})";
}
