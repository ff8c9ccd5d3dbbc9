namespace Appliance.Catalog.Memory;

/// <summary>What one model is expected to hold on one device, in bytes, by purpose.</summary>
/// <param name="Device">Host or a GPU.</param>
/// <param name="WeightsBytes">Model weights placed on this device.</param>
/// <param name="KvBytes">KV cache of the layers on this device (0 for ONNX models).</param>
/// <param name="ComputeBytes">Compute and output buffers (llama.cpp) or the provider's allowance (ONNX Runtime).</param>
public sealed record DeviceMemoryEstimate(MemoryDevice Device, long WeightsBytes, long KvBytes, long ComputeBytes)
{
    /// <summary>Weights, KV cache and compute together.</summary>
    public long TotalBytes => WeightsBytes + KvBytes + ComputeBytes;

    /// <summary>"host 312.4 MiB (weights 249.0 MiB, KV 48.0 MiB, compute 15.4 MiB)".</summary>
    public string Describe() =>
        $"{Device.Name} {MemoryText.Bytes(TotalBytes)} (weights {MemoryText.Bytes(WeightsBytes)}, KV {MemoryText.Bytes(KvBytes)}, compute {MemoryText.Bytes(ComputeBytes)})";
}
