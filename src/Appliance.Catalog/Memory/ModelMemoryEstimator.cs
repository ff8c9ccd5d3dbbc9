using Appliance.Catalog.Gguf;
using Appliance.Catalog.Onnx;
using Appliance.Core.Models;

namespace Appliance.Catalog.Memory;

/// <summary>
/// How much memory a model will take once loaded, per device, from its manifest and the headers of
/// its files (never the weights): GGUF through <see cref="GgufMemoryEstimator"/>, ONNX through
/// <see cref="OnnxMemoryEstimator"/>. Used before a load (the server's memory budget), when staging
/// (<c>appliancectl models add</c>, <c>models verify</c>) and shown by GetModel and the status screen.
/// </summary>
public static class ModelMemoryEstimator
{
    /// <summary>
    /// The estimate for <paramref name="manifest"/>. <paramref name="gpuOffload"/> false places
    /// everything on the host, as llama.cpp does when no GPU is there (gpu_layers then has no
    /// effect). Throws <see cref="IOException"/> or <see cref="InvalidDataException"/> when the
    /// file cannot be read.
    /// </summary>
    public static ModelMemoryEstimate Estimate(ModelManifest manifest, bool gpuOffload = true)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Format == ModelFormat.Gguf)
        {
            return GgufMemoryEstimator.Estimate(manifest, GgufReader.ReadFile(manifest.FilePath), gpuOffload);
        }

        var info = OnnxModelReader.ReadFile(manifest.FilePath);
        var folder = Path.GetDirectoryName(manifest.FilePath) ?? ".";
        var bytes = new FileInfo(manifest.FilePath).Length;
        foreach (var external in info.ExternalDataFiles.Distinct(StringComparer.Ordinal))
        {
            var path = Path.Combine(folder, external);
            bytes += File.Exists(path) ? new FileInfo(path).Length : 0;
        }

        return OnnxMemoryEstimator.Estimate(manifest, bytes, info.ExternalDataFiles.Count);
    }

    /// <summary>The estimate for a GGUF file already read (tests, staging).</summary>
    public static ModelMemoryEstimate Estimate(ModelManifest manifest, GgufFile file, bool gpuOffload = true)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(file);
        return GgufMemoryEstimator.Estimate(manifest, file, gpuOffload);
    }
}
