using Appliance.Catalog.Gguf;
using Appliance.Catalog.Manifests;
using Appliance.Core.Models;
using Appliance.Engines.Onnx.MiniLm;
using Appliance.Testing.Onnx;
using Microsoft.Extensions.Logging;

namespace Appliance.Server.Tests.Inference;

/// <summary>
/// The real server with the real default embedding model (all-MiniLM-L6-v2 extracted from the
/// NuGet package, real ONNX Runtime), a GGUF embedding model (synthetic tiny llama, real
/// llama.cpp), a text-generation model on the same GGUF, and a small ONNX tensor model the
/// tests encode (Y = X·W + B, M = N + 10). Every log line at Trace, to prove no text or tensor content is logged.
/// </summary>
public sealed class InferenceServerFixture : ApplianceServerFixture
{
    public const string MiniLm = MiniLmModel.Id;
    public const string GgufEmbedding = "tiny-embed";
    public const string TextModel = "tiny";
    public const string Tensor = "affine";
    public const int MaxTensorElements = 1000;
    public const string CudaModel = "affine-cuda";
    public const string CudaFallbackModel = "affine-cuda-fallback";

    public InferenceServerFixture()
    {
        MinimumLogLevel = LogLevel.Trace;
        Settings["Appliance:Models:EmbeddingModel"] = "true";
        Settings["Appliance:Models:CacheDirectory"] = CacheDirectory;
        Settings["Appliance:Scheduler:MaxTensorElements"] = MaxTensorElements.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Shared across runs: MiniLM is extracted once (its files are checked by sha256 each start).</summary>
    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "appliance-test-cache");

    protected override async Task StageModelsAsync(CancellationToken cancellationToken)
    {
        var gguf = Path.Combine(ModelsDirectory, "tiny.f32.gguf");
        SyntheticModel.WriteFile(gguf, new SyntheticModelOptions { WeightType = GgmlType.F32, Seed = 3 }, cancellationToken);
        var ggufSha = await Sha256Hex.OfFileAsync(gguf, cancellationToken);
        StageManifest(TestManifests.GgufEmbedding(GgufEmbedding, gguf) with { Sha256 = ggufSha, ContextLength = 64, MaxBatchSize = 8 });
        StageManifest(TestManifests.TextGeneration(TextModel, gguf) with { Sha256 = ggufSha, ContextLength = 256, MaxSequences = 2, BatchTokens = 64 });

        var onnx = TinyOnnxModel.Write(ModelsDirectory, "affine.onnx", TinyOnnxModel.Affine());
        var tensor = TestManifests.Tensor(Tensor, onnx) with { Sha256 = await Sha256Hex.OfFileAsync(onnx, cancellationToken), IntraOpThreads = 1 };
        StageManifest(tensor with { MaxBatchSize = 8, MaxQueueDelay = TimeSpan.FromMilliseconds(5) });

        // CUDA asked for on this GPU-less machine: without fallback the model fails saying why; with it, it serves on the CPU.
        StageManifest(tensor with { Id = CudaModel, ExecutionProvider = ExecutionProvider.Cuda, DeviceId = 0, CpuFallback = false }, serving: false);
        StageManifest(tensor with { Id = CudaFallbackModel, ExecutionProvider = ExecutionProvider.Cuda, DeviceId = 0, CpuFallback = true });
        AwaitServing(MiniLm);
    }
}

[CollectionDefinition(Name)]
public sealed class InferenceServerCollection : ICollectionFixture<InferenceServerFixture>
{
    public const string Name = "inference server";
}
