using Appliance.Core.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Engines.Onnx.Tests;

/// <summary>Manifests and loaders for tests (no JSON: the records directly).</summary>
internal static class TestManifests
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static ModelManifest Tensor(string path, ExecutionProvider provider = ExecutionProvider.Cpu, bool cpuFallback = false) => new()
    {
        Id = Path.GetFileNameWithoutExtension(path),
        Kind = ModelKind.Tensor,
        Format = ModelFormat.Onnx,
        FilePath = path,
        Sha256 = new string('0', 64),
        ContextLength = 0,
        ExecutionProvider = provider,
        CpuFallback = cpuFallback,
        IntraOpThreads = 1,
        ManifestPath = Path.ChangeExtension(path, ".json"),
    };

    public static OnnxTensorEngineLoader TensorLoader() =>
        new(new OnnxSessionFactory(NullLogger<OnnxSessionFactory>.Instance), NullLogger<OnnxTensorEngineLoader>.Instance);

    public static OnnxEmbeddingEngineLoader EmbeddingLoader() =>
        new(new OnnxSessionFactory(NullLogger<OnnxSessionFactory>.Instance), NullLogger<OnnxEmbeddingEngineLoader>.Instance);

    public static string TemporaryDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)]);
        Directory.CreateDirectory(path);
        return path;
    }
}
