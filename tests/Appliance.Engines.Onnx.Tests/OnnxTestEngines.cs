using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Engines.Onnx.Tests;

/// <summary>The engine's loaders with test logging, and tensor manifests (the kit's <see cref="TestManifests"/>) for a model file.</summary>
internal static class OnnxTestEngines
{
    /// <summary>A tensor manifest for <paramref name="path"/> (its file name as id, one intra-op thread).</summary>
    public static ModelManifest Tensor(string path, ExecutionProvider provider = ExecutionProvider.Cpu, bool cpuFallback = false) =>
        TestManifests.Tensor(Path.GetFileNameWithoutExtension(path), path) with { ExecutionProvider = provider, CpuFallback = cpuFallback, IntraOpThreads = 1 };

    public static OnnxTensorEngineLoader TensorLoader() =>
        new(new OnnxSessionFactory(NullLogger<OnnxSessionFactory>.Instance), NullLogger<OnnxTensorEngineLoader>.Instance);

    public static OnnxEmbeddingEngineLoader EmbeddingLoader() =>
        new(new OnnxSessionFactory(NullLogger<OnnxSessionFactory>.Instance), NullLogger<OnnxEmbeddingEngineLoader>.Instance);
}
