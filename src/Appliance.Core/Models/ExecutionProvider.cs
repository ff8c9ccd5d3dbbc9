namespace Appliance.Core.Models;

/// <summary>Where an ONNX model runs (manifest <c>execution_provider</c>).</summary>
public enum ExecutionProvider
{
    /// <summary>ONNX Runtime's CPU provider.</summary>
    Cpu,

    /// <summary>The CUDA provider on GPU <see cref="ModelManifest.DeviceId"/>.</summary>
    Cuda,
}
