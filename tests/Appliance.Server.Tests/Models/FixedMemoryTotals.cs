using Appliance.Catalog.Memory;
using Appliance.Server.Models.Memory;

namespace Appliance.Server.Tests.Models;

/// <summary>A box of known memory: the host's <paramref name="host"/> bytes, no GPU.</summary>
internal sealed class FixedMemoryTotals(long host) : IDeviceMemoryTotals
{
    public bool HasGpu => false;

    public long? Total(MemoryDevice device) => device.IsHost ? host : null;
}
