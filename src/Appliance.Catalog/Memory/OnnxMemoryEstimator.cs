using Appliance.Core.Models;

namespace Appliance.Catalog.Memory;

/// <summary>
/// An ONNX model's memory: its weights are the model file plus its external data files, loaded
/// whole onto the provider's device; on top, an allowance per provider, because ONNX Runtime
/// reports no buffer sizes to calibrate against (its arena grows with the batches it runs):
/// <list type="bullet">
/// <item>CPU: weights on the host, plus a quarter of them (pre-packed copies, the arena) and 64 MiB.</item>
/// <item>CUDA: weights on the manifest's device_id GPU plus a quarter of them and 512 MiB (the CUDA
/// context, cuBLAS and cuDNN workspaces); on the host 256 MiB for the CUDA runtime's own buffers
/// and a copy of the weights while the session is created.</item>
/// </list>
/// Not measured on a GPU yet (none lent): the CUDA figures are a documented allowance, not a calibration.
/// </summary>
internal static class OnnxMemoryEstimator
{
    private const long MiB = 1L << 20;
    private const long CpuBase = 64 * MiB;
    private const long CudaGpuBase = 512 * MiB;
    private const long CudaHostBase = 256 * MiB;

    public static ModelMemoryEstimate Estimate(ModelManifest manifest, long weightBytes, int externalFiles)
    {
        var arena = weightBytes / 4;
        var files = externalFiles == 0 ? "the model file" : $"the model file and {externalFiles} external data file(s)";
        if (manifest.ExecutionProvider == ExecutionProvider.Cuda)
        {
            var gpu = MemoryDevice.Gpu(manifest.DeviceId);
            return new ModelMemoryEstimate(
                manifest.Id,
                [new DeviceMemoryEstimate(MemoryDevice.Host, 0, 0, CudaHostBase + weightBytes), new DeviceMemoryEstimate(gpu, weightBytes, 0, CudaGpuBase + arena)],
                $"ONNX: {files} on {gpu.Name} (CUDA), allowance 512 MiB + 25% of the weights there and 256 MiB + the weights on the host");
        }

        return new ModelMemoryEstimate(
            manifest.Id,
            [new DeviceMemoryEstimate(MemoryDevice.Host, weightBytes, 0, CpuBase + arena)],
            $"ONNX: {files} on the host (CPU), allowance 64 MiB + 25% of the weights");
    }
}
