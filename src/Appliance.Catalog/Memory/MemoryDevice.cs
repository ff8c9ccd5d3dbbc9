using System.Globalization;

namespace Appliance.Catalog.Memory;

/// <summary>
/// Where a model's memory lives: the host's RAM or one GPU (by its index, as llama.cpp, ONNX
/// Runtime and NVML number them). <c>default</c> is the host. <see cref="Name"/> is the metric
/// label and the status text ("host", "gpu0"); <see cref="ConfigKey"/> the key under
/// <c>Appliance:Memory</c> ("Host", "Gpu0").
/// </summary>
public readonly record struct MemoryDevice
{
    // 0 = host, n = GPU n-1: so that default(MemoryDevice) is the host.
    private readonly int _gpuPlusOne;

    private MemoryDevice(int gpuPlusOne) => _gpuPlusOne = gpuPlusOne;

    /// <summary>The host's RAM.</summary>
    public static MemoryDevice Host => default;

    /// <summary>True for the host's RAM.</summary>
    public bool IsHost => _gpuPlusOne == 0;

    /// <summary>The GPU's index; null for the host.</summary>
    public int? GpuIndex => IsHost ? null : _gpuPlusOne - 1;

    /// <summary>"host", "gpu0", "gpu1"...</summary>
    public string Name => IsHost ? "host" : "gpu" + (_gpuPlusOne - 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>"Host", "Gpu0", "Gpu1"... (the configuration key).</summary>
    public string ConfigKey => IsHost ? "Host" : "Gpu" + (_gpuPlusOne - 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>GPU <paramref name="index"/>.</summary>
    public static MemoryDevice Gpu(int index) =>
        index is >= 0 and < 1024 ? new MemoryDevice(index + 1) : throw new ArgumentOutOfRangeException(nameof(index), index, "a GPU index is 0 to 1023");

    /// <summary>Reads "host"/"Host" or "gpuN"/"GpuN" (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? text, out MemoryDevice device)
    {
        device = Host;
        if (string.Equals(text, "host", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text is { Length: > 3 } && text.StartsWith("gpu", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < 1024)
        {
            device = Gpu(index);
            return true;
        }

        return false;
    }

    /// <summary>Sort key: the host first, then GPUs by index.</summary>
    public int Order => _gpuPlusOne;

    /// <inheritdoc />
    public override string ToString() => Name;
}
